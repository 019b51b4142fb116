"""Set up the course environment and run it: JupyterLab, the test suite, or notebook re-execution.

Usage (from the repository root, with Python 3.11):
    python course.py lab [jupyter-lab options]     open the course in JupyterLab
    python course.py test [pytest options]         run the whole test suite
    python course.py run [--profile full|quick] [notebooks ...]
                                                   re-execute notebooks with papermill

Each command first creates the virtual environment .venv/ and installs requirements.txt into it
when .venv/ is missing or requirements.txt has changed since the last install. Only pip talks to
the network, and only during that install; the course itself never downloads anything.
Messages are in Chinese because the course's learners read Chinese.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV_DIR = ROOT / ".venv"
REQUIREMENTS = ROOT / "requirements.txt"
INSTALL_STAMP = VENV_DIR / ".requirements.sha256"
REQUIRED_PYTHON = (3, 11)


def venv_python() -> Path:
    """Return the path of the virtual environment's Python interpreter."""
    if os.name == "nt":
        return VENV_DIR / "Scripts" / "python.exe"
    return VENV_DIR / "bin" / "python"


def requirements_digest() -> str:
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()


def ensure_environment() -> Path:
    """Create .venv and install requirements.txt when needed; return the venv's Python."""
    if sys.version_info[:2] != REQUIRED_PYTHON:
        sys.exit(
            f"本课程需要 Python {REQUIRED_PYTHON[0]}.{REQUIRED_PYTHON[1]}，当前是 "
            f"{sys.version.split()[0]}（{sys.executable}）。请用 python3.11 运行 course.py。"
        )
    python = venv_python()
    if python.exists() and INSTALL_STAMP.exists() and INSTALL_STAMP.read_text().strip() == requirements_digest():
        return python

    if not python.exists():
        print(f"正在创建虚拟环境 {VENV_DIR.relative_to(ROOT)}/ ……", flush=True)
        venv.EnvBuilder(with_pip=True, clear=VENV_DIR.exists()).create(VENV_DIR)
    print("正在安装 requirements.txt 中的依赖（第一次需要几分钟）……", flush=True)
    install = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-r", str(REQUIREMENTS)]
    if subprocess.run(install, cwd=ROOT).returncode != 0:
        sys.exit("依赖安装失败，请查看上面 pip 的输出；修好后重新运行同一条命令即可继续。")
    INSTALL_STAMP.write_text(requirements_digest() + "\n")
    return python


def run_in_environment(python: Path, arguments: list[str]) -> int:
    """Run the venv's Python with the given arguments from the repository root; return its exit code."""
    try:
        return subprocess.run([str(python), *arguments], cwd=ROOT).returncode
    except KeyboardInterrupt:
        return 130


def command_lab(python: Path, extra: list[str]) -> int:
    arguments = ["-m", "jupyter", "lab", "--notebook-dir", str(ROOT)]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in extra:
        # Jupyter refuses to start as root without this flag; containers and CI machines often run as root.
        print("当前以 root 身份运行，已为 JupyterLab 加上 --allow-root。", flush=True)
        arguments.append("--allow-root")
    return run_in_environment(python, [*arguments, *extra])


def command_test(python: Path, extra: list[str]) -> int:
    return run_in_environment(python, ["-m", "pytest", *extra])


def command_run(python: Path, extra: list[str]) -> int:
    return run_in_environment(python, ["-m", "helpers.execution", *extra])


COMMANDS = {"lab": command_lab, "test": command_test, "run": command_run}


def main() -> int:
    parser = argparse.ArgumentParser(
        description="准备课程环境，并打开 JupyterLab、运行测试或重新执行笔记本。",
        usage="python course.py {lab,test,run} [该命令的其他参数]",
    )
    parser.add_argument("command", choices=sorted(COMMANDS), help="lab：打开 JupyterLab；test：运行全部测试；run：重新执行笔记本")
    arguments, extra = parser.parse_known_args()
    python = ensure_environment()
    return COMMANDS[arguments.command](python, extra)


if __name__ == "__main__":
    sys.exit(main())
