"""Shared fixtures: the network guard for the test process and the quick nbval run of each notebook."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

SUPPORT_DIR = Path(__file__).resolve().parent / "support"
sys.path.insert(0, str(SUPPORT_DIR))

import netguard  # noqa: E402
from notebook_runs import NbvalRun, run_quick_with_nbval  # noqa: E402

netguard.install()

_quick_runs: dict[str, NbvalRun] = {}


@pytest.fixture(scope="session")
def quick_run(tmp_path_factory):
    """Return a function that runs a notebook's quick profile under nbval once per session."""

    def run(notebook: Path) -> NbvalRun:
        if notebook.name not in _quick_runs:
            work_dir = tmp_path_factory.mktemp(notebook.stem)
            _quick_runs[notebook.name] = run_quick_with_nbval(notebook, work_dir)
        return _quick_runs[notebook.name]

    return run
