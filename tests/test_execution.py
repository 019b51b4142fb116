"""Tests for helpers.execution: profiles, the source fingerprint and output cleaning."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers import execution
from helpers.execution import METADATA_KEY, clean_executed_notebook, helper_files_used, profile_parameters, source_fingerprint

NOTEBOOK = execution.NOTEBOOKS_DIR / "05_cnn_tensorflow.ipynb"


def make_notebook(*sources: str) -> nbformat.NotebookNode:
    return new_notebook(cells=[new_markdown_cell("# 标题"), *(new_code_cell(source) for source in sources)])


def test_full_profile_injects_nothing():
    assert profile_parameters("full", NOTEBOOK) == {}


def test_quick_profile_names_itself():
    parameters = profile_parameters("quick", NOTEBOOK)
    assert parameters["profile"] == "quick"
    assert parameters["epochs"] == 1


def test_unknown_profile_is_rejected():
    with pytest.raises(ValueError, match="未知的配置 'fast'"):
        profile_parameters("fast", NOTEBOOK)


def test_helper_files_follow_imports():
    files = {path.relative_to(execution.ROOT).as_posix() for path in helper_files_used(["from helpers import models"])}
    # helpers.models imports helpers.data; every package __init__ on the way counts too.
    assert files == {"helpers/__init__.py", "helpers/models.py", "helpers/data.py"}


def test_helper_files_of_exercise_modules():
    files = {path.relative_to(execution.ROOT).as_posix() for path in helper_files_used(["import helpers.exercises.cnn_tensorflow"])}
    assert "helpers/exercises/__init__.py" in files
    assert "helpers/exercises/cnn_tensorflow.py" in files


def test_fingerprint_ignores_markdown_and_outputs():
    first = make_notebook("x = 1")
    second = make_notebook("x = 1")
    second.cells[0].source = "# 另一个标题"
    second.cells[1].outputs = [new_output("stream", name="stdout", text="1\n")]
    assert source_fingerprint(first) == source_fingerprint(second)


def test_fingerprint_changes_with_code():
    assert source_fingerprint(make_notebook("x = 1")) != source_fingerprint(make_notebook("x = 2"))


def test_fingerprint_ignores_injected_parameters():
    plain = make_notebook("x = 1")
    injected = make_notebook("x = 1", "epochs = 1")
    injected.cells[2].metadata["tags"] = [execution.INJECTED_TAG]
    assert source_fingerprint(plain) == source_fingerprint(injected)


def test_fingerprint_changes_with_imported_helper(monkeypatch, tmp_path):
    notebook = make_notebook("from helpers import results")
    before = source_fingerprint(notebook)
    fake_root = tmp_path / "repo"
    (fake_root / "helpers").mkdir(parents=True)
    (fake_root / "helpers" / "__init__.py").write_text("")
    (fake_root / "helpers" / "results.py").write_text("VALUE = 2\n")
    monkeypatch.setattr(execution, "ROOT", fake_root)
    assert source_fingerprint(notebook) != before


def test_clean_removes_timestamps_and_stamps_profile():
    notebook = make_notebook("x = 1")
    notebook.metadata["papermill"] = {"start_time": "2026-01-01T00:00:00", "input_path": "/home/someone/x.ipynb"}
    notebook.cells[1].metadata["papermill"] = {"duration": 0.1}
    notebook.cells[1].metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00"}
    notebook.cells[0].metadata["tags"] = []
    clean_executed_notebook(notebook, "full")
    assert "papermill" not in notebook.metadata
    assert "papermill" not in notebook.cells[1].metadata
    assert "execution" not in notebook.cells[1].metadata
    assert "tags" not in notebook.cells[0].metadata
    assert notebook.metadata[METADATA_KEY] == {"profile": "full", "source_fingerprint": source_fingerprint(notebook)}
