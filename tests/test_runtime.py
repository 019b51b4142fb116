"""The kernel-side filter for TensorFlow's native stderr lines: drops known noise, keeps the rest in the right cell."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from notebook_runs import run_nbval


def test_native_stderr_filter_in_kernel(tmp_path):
    probe = new_notebook(
        cells=[
            new_code_cell("from helpers.runtime import setup_notebook\nsetup_notebook(0)"),
            new_code_cell(
                "import os\n"
                "os.write(2, b'I0000 port.cc:153] oneDNN custom operations are on.\\n')\n"
                "os.write(2, b'W0000 something.cc:1] a real native warning\\n')\n"
                "None"
            ),
            new_code_cell("print('next cell')"),
        ]
    )
    probe.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "probe.ipynb"
    nbformat.write(probe, path)
    run = run_nbval(path, tmp_path)
    assert run.returncode == 0, run.report
    stderr_by_cell = {}
    for cell_index, text in run.stderr_outputs():
        stderr_by_cell[cell_index] = stderr_by_cell.get(cell_index, "") + text
    assert list(stderr_by_cell) == [1], stderr_by_cell
    assert "a real native warning" in stderr_by_cell[1]
    assert "oneDNN" not in stderr_by_cell[1]
