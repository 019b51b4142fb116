"""pytest plugin for the nbval run of a notebook: save what every cell printed.

nbval compares each cell's fresh outputs with the committed ones but does not keep them. This
plugin writes them, in nbformat's output format, to the JSON file named by the environment
variable NBVAL_CAPTURE_PATH, so that the outer test can read recorded results and look for
stderr output in the same single execution.

It also starts nbval's kernel without PYTEST_CURRENT_TEST in its environment. ipykernel 7 stops
capturing file-descriptor output when that variable is set, and that output is where TensorFlow's
C++ code writes its warnings, the very lines the stderr test looks for.
"""

from __future__ import annotations

import json
import os

import nbval.kernel

_captured: list[dict] = []
_start_new_kernel = nbval.kernel.start_new_kernel


def _start_kernel_with_fd_capture(*arguments, **keywords):
    environment = dict(os.environ)
    environment.pop("PYTEST_CURRENT_TEST", None)
    return _start_new_kernel(*arguments, env=environment, **keywords)


nbval.kernel.start_new_kernel = _start_kernel_with_fd_capture


def pytest_runtest_makereport(item, call):
    if call.when == "call" and hasattr(item, "test_outputs"):
        _captured.append(
            {
                "cell_index": item.cell_num,
                "tags": list(item.cell.metadata.get("tags", [])),
                "outputs": [dict(output) for output in item.test_outputs],
            }
        )


def pytest_sessionfinish(session, exitstatus):
    path = os.environ.get("NBVAL_CAPTURE_PATH")
    if path:
        with open(path, "w", encoding="utf-8") as stream:
            json.dump(_captured, stream, ensure_ascii=False, default=str)
