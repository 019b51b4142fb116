"""Run a notebook's quick profile once, so that the same execution serves two purposes.

papermill's prepare-only mode injects the quick parameters into a copy that keeps the committed
outputs. nbval then executes that copy in a fresh kernel, offline (this folder's sitecustomize is
on the kernel's PYTHONPATH), and compares every cell not tagged ``nbval-ignore-output`` with the
committed output. The nbval_capture plugin saves what each cell printed, so the tests can read
the recorded results and look for stderr output without executing the notebook again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import papermill

from helpers.execution import NOTEBOOKS_DIR, profile_parameters
from helpers.results import read_recorded_results

SUPPORT_DIR = Path(__file__).resolve().parent
CELL_TIMEOUT_SECONDS = 900


@dataclass
class NbvalRun:
    """The outcome of one nbval run: its exit code, pytest's report and each cell's outputs."""

    returncode: int
    report: str
    cells: list[dict]

    @property
    def results(self) -> dict[str, object]:
        return read_recorded_results(self.cells)

    def stderr_outputs(self) -> list[tuple[int, str]]:
        """Return (cell index, text) for every stderr stream any cell wrote."""
        return [
            (cell["cell_index"], output.get("text", ""))
            for cell in self.cells
            for output in cell["outputs"]
            if output.get("output_type") == "stream" and output.get("name") == "stderr"
        ]


def run_quick_with_nbval(notebook: Path, work_dir: Path) -> NbvalRun:
    """Prepare ``notebook`` with the quick profile in ``work_dir`` and run it under nbval."""
    prepared = work_dir / notebook.name
    papermill.execute_notebook(
        str(notebook),
        str(prepared),
        parameters=profile_parameters("quick", notebook),
        prepare_only=True,
        progress_bar=False,
        cwd=str(NOTEBOOKS_DIR),
    )
    return run_nbval(prepared, work_dir)


def run_nbval(prepared: Path, work_dir: Path) -> NbvalRun:
    """Run nbval on ``prepared`` in a fresh, offline kernel whose working directory is ``work_dir``."""
    capture_path = work_dir / "captured_outputs.json"
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SUPPORT_DIR), os.environ.get("PYTHONPATH")])),
        "NBVAL_CAPTURE_PATH": str(capture_path),
    }
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "nbval_capture",
        "--nbval",
        "--nbval-current-env",
        f"--nbval-cell-timeout={CELL_TIMEOUT_SECONDS}",
        "-p",
        "no:cacheprovider",
        "--rootdir",
        str(work_dir),
        "-q",
        str(prepared),
    ]
    completed = subprocess.run(command, cwd=work_dir, env=environment, capture_output=True, text=True)
    cells = json.loads(capture_path.read_text(encoding="utf-8")) if capture_path.exists() else []
    return NbvalRun(completed.returncode, completed.stdout[-20000:] + completed.stderr[-5000:], cells)
