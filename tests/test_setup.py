"""The set-up files agree with each other, and the README's two commands work."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from importlib import metadata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LAB_COMMAND = "python3.11 course.py lab"
TEST_COMMAND = "python3.11 course.py test"


def requirement_pins(lines: list[str]) -> dict[str, str]:
    pins = {}
    for line in lines:
        line = line.split("#")[0].strip()
        if not line or line == "-e .":
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([A-Za-z0-9_.\-]+)", line)
        assert match, f"not an exact pin: {line!r}"
        pins[match[1].lower()] = match[2]
    return pins


def test_requirements_are_exact_pins():
    pins = requirement_pins((ROOT / "requirements.txt").read_text().splitlines())
    assert {"tensorflow", "keras", "numpy", "matplotlib", "jupyterlab", "papermill", "nbval", "pytest"} <= set(pins)
    assert pins["tensorflow"].startswith("2.21.")
    assert pins["keras"].startswith("3.")


def test_environment_yml_pins_same_versions():
    requirements = requirement_pins((ROOT / "requirements.txt").read_text().splitlines())
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    dependencies = environment["dependencies"]
    assert "python=3.11" in dependencies
    pip_section = next(item["pip"] for item in dependencies if isinstance(item, dict) and "pip" in item)
    assert requirement_pins(pip_section) == requirements
    assert "-e ." in pip_section


def test_installed_versions_match_pins():
    pins = requirement_pins((ROOT / "requirements.txt").read_text().splitlines())
    installed = {name: metadata.version(name) for name in pins}
    assert installed == pins


def test_readmes_show_both_commands():
    for readme in ("README.md", "README.zh-CN.md"):
        text = (ROOT / readme).read_text(encoding="utf-8")
        assert LAB_COMMAND in text, readme
        assert TEST_COMMAND in text, readme


def test_readmes_list_the_same_notebooks():
    english = (ROOT / "README.md").read_text(encoding="utf-8")
    chinese = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    notebooks = sorted(path.name for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert notebooks
    for name in notebooks:
        assert f"notebooks/{name}" in english
        assert f"notebooks/{name}" in chinese
    assert re.findall(r"\| (\d+\.?\d*) / (\d+\.?\d*) \|", english) == re.findall(r"\| (\d+\.?\d*) / (\d+\.?\d*) \|", chinese)


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text()
    commands = [line for line in script.splitlines() if line.strip() and not line.startswith("#")]
    assert commands[-1] == f"exec {TEST_COMMAND}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_lab_command_serves_the_notebooks(tmp_path):
    port = free_port()
    token = "course-test-token"
    arguments = [
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        "--ServerApp.port_retries=0",
    ]
    environment = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "PYTHONPATH": str(ROOT / "tests" / "support"),  # the server runs offline, like everything else
    }
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "course.py"), "lab", *arguments],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        listing = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/api/contents/notebooks?token={token}"
                with urllib.request.urlopen(url, timeout=5) as response:
                    listing = json.load(response)
                break
            except OSError:
                time.sleep(1)
        if listing is None:
            output = server.stdout.read().decode(errors="replace") if server.poll() is not None else ""
            raise AssertionError(f"JupyterLab did not answer within 120 s:\n{output[-3000:]}")
        served = {item["name"] for item in listing["content"]}
        assert "05_cnn_tensorflow.ipynb" in served
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=10) as response:
            assert response.status == 200
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
