"""The course needs no network: the guard really blocks, and Keras' own loader reads the shipped files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import nbformat
import numpy as np
from nbformat.v4 import new_code_cell, new_notebook

from helpers.data import DATA_DIR, load_fashion_mnist
from notebook_runs import SUPPORT_DIR, run_nbval

FILE_NAMES = [
    "train-labels-idx1-ubyte.gz",
    "train-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
]


def run_guarded_python(code: str, **environment: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a new interpreter that has the network guard installed by sitecustomize."""
    env = {**os.environ, "PYTHONPATH": str(SUPPORT_DIR), **environment}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True)


def test_guard_blocks_remote_connections_in_subprocesses():
    completed = run_guarded_python(
        """
        import socket, urllib.request
        for attempt in (lambda: urllib.request.urlopen("http://example.com", timeout=5),
                        lambda: socket.create_connection(("93.184.216.34", 80), timeout=5)):
            try:
                attempt()
            except OSError as error:
                print(error)
        """
    )
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert len(lines) == 2
    assert "tried to resolve 'example.com'" in lines[0]
    assert "93.184.216.34" in lines[1]
    assert "network access is blocked" in lines[1]


def test_guard_allows_loopback():
    completed = run_guarded_python(
        """
        import socket
        server = socket.create_server(("127.0.0.1", 0))
        client = socket.create_connection(server.getsockname(), timeout=5)
        print("connected")
        """
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "connected"


def test_notebook_kernels_run_offline(tmp_path):
    probe = new_notebook(
        cells=[
            new_code_cell(
                "import urllib.request\n"
                "try:\n"
                "    urllib.request.urlopen('https://storage.googleapis.com', timeout=5)\n"
                "except OSError as error:\n"
                "    print(error)"
            )
        ]
    )
    probe.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "probe.ipynb"
    nbformat.write(probe, path)
    run = run_nbval(path, tmp_path)
    assert run.returncode == 0, run.report
    printed = [output.get("text", "") for cell in run.cells for output in cell["outputs"]]
    assert len(printed) == 1
    assert "network access is blocked" in printed[0]


def test_keras_loader_reads_shipped_files_offline(tmp_path):
    cache = tmp_path / "keras_home" / "datasets" / "fashion-mnist"
    cache.mkdir(parents=True)
    for name in FILE_NAMES:
        shutil.copy(DATA_DIR / name, cache / name)
    output = tmp_path / "arrays.npz"
    completed = run_guarded_python(
        f"""
        import numpy as np
        import keras
        (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
        np.savez({str(output)!r}, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
        """,
        KERAS_HOME=str(tmp_path / "keras_home"),
        TF_CPP_MIN_LOG_LEVEL="2",
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    arrays = np.load(output)
    x_train, y_train = load_fashion_mnist("train")
    x_test, y_test = load_fashion_mnist("test")
    np.testing.assert_array_equal(arrays["x_train"], x_train)
    np.testing.assert_array_equal(arrays["y_train"], y_train)
    np.testing.assert_array_equal(arrays["x_test"], x_test)
    np.testing.assert_array_equal(arrays["y_test"], y_test)


def test_keras_loader_without_cached_files_is_blocked(tmp_path):
    completed = run_guarded_python(
        """
        import keras
        keras.datasets.fashion_mnist.load_data()
        """,
        KERAS_HOME=str(tmp_path / "empty_keras_home"),
        TF_CPP_MIN_LOG_LEVEL="2",
    )
    assert completed.returncode != 0
    assert "NetworkBlockedError" in completed.stderr or "network access is blocked" in completed.stderr
