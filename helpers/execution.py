"""用 papermill 按某个配置（profile）重新执行笔记本，并整理输出以便提交。

配置定义在 ``notebooks/profiles.json``：``full`` 就是各笔记本 ``parameters`` 单元格里的默认值，
学习者运行的和仓库里提交的输出都来自它；``quick`` 给出各笔记本需要覆盖的参数，测试用它来
加快速度。命令行用法（在仓库根目录）::

    python course.py run                              # 用 full 配置执行全部笔记本，原地写回
    python course.py run --profile quick notebooks/05_cnn_tensorflow.ipynb   # 写到 build/quick/

执行完后删去 papermill 和 nbclient 写入的时间戳，并在笔记本元数据里记下配置名和源代码指纹
（``source_fingerprint``），测试据此确认提交的输出来自当前代码和 full 配置。
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = ROOT / "notebooks"
PROFILES_FILE = NOTEBOOKS_DIR / "profiles.json"
HELPERS_DIR = ROOT / "helpers"
METADATA_KEY = "dl_image_course"
INJECTED_TAG = "injected-parameters"


def load_profiles() -> dict[str, dict[str, dict[str, object]]]:
    """读取 ``notebooks/profiles.json``：配置名 → 笔记本文件名 → 要覆盖的参数。"""
    profiles = json.loads(PROFILES_FILE.read_text(encoding="utf-8"))
    if "full" not in profiles or "quick" not in profiles:
        raise ValueError(f"{PROFILES_FILE} 应至少定义 'full' 和 'quick' 两个配置，现有 {sorted(profiles)}。")
    return profiles


def profile_parameters(profile: str, notebook: Path) -> dict[str, object]:
    """返回用 ``profile`` 执行 ``notebook`` 时要注入的参数；full 配置不注入任何参数。"""
    profiles = load_profiles()
    if profile not in profiles:
        raise ValueError(f"未知的配置 {profile!r}，可选的有 {sorted(profiles)}。")
    if profile == "full":
        return {}
    return {**profiles[profile].get(notebook.name, {}), "profile": profile}


def list_notebooks() -> list[Path]:
    """按章节编号顺序列出 ``notebooks/`` 下的全部笔记本。"""
    return sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


def _imported_helper_modules(source: str) -> set[str]:
    """从一段 Python 源码里找出它导入的 helpers 模块名（如 ``helpers.data``）。"""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()  # 含 IPython 魔法命令的单元格：本课程的笔记本不用它们导入 helpers
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names if alias.name.split(".")[0] == "helpers")
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "helpers":
            modules.add(node.module)
            # ``from helpers import data`` 导入的是子模块 helpers.data
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def _module_file(module: str) -> Path | None:
    relative = Path(*module.split("."))
    for candidate in (ROOT / relative.with_suffix(".py"), ROOT / relative / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def helper_files_used(sources: list[str]) -> list[Path]:
    """返回这些源码直接或间接导入的 helpers 文件（含各级 ``__init__.py``），按路径排序。"""
    pending = set().union(*(_imported_helper_modules(source) for source in sources)) if sources else set()
    seen: set[str] = set()
    files: set[Path] = set()
    while pending:
        module = pending.pop()
        if module in seen:
            continue
        seen.add(module)
        parts = module.split(".")
        for depth in range(1, len(parts) + 1):
            package_init = _module_file(".".join(parts[:depth]))
            if package_init is not None and package_init not in files:
                files.add(package_init)
                pending |= _imported_helper_modules(package_init.read_text(encoding="utf-8"))
    return sorted(files)


def source_fingerprint(notebook: nbformat.NotebookNode) -> str:
    """计算笔记本代码单元格和它用到的 helpers 源文件的 SHA-256，注入的参数单元格不计入。"""
    sources = [
        cell.source
        for cell in notebook.cells
        if cell.cell_type == "code" and INJECTED_TAG not in cell.metadata.get("tags", [])
    ]
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.encode("utf-8") + b"\0")
    for path in helper_files_used(sources):
        digest.update(path.relative_to(ROOT).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def clean_executed_notebook(notebook: nbformat.NotebookNode, profile: str) -> None:
    """删去执行时写入的时间戳和绝对路径，并记下配置名和源代码指纹。"""
    notebook.metadata.pop("papermill", None)
    for cell in notebook.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.metadata.get("tags") == []:
            del cell.metadata["tags"]  # papermill 给每个单元格加上的空标签列表
    notebook.metadata[METADATA_KEY] = {"profile": profile, "source_fingerprint": source_fingerprint(notebook)}


def execute_notebook(notebook: Path, profile: str, output: Path) -> Path:
    """用 papermill 在 ``notebooks/`` 目录下执行 ``notebook``，整理后写到 ``output``。"""
    import papermill

    parameters = profile_parameters(profile, notebook)
    with tempfile.TemporaryDirectory() as scratch:
        executed = Path(scratch) / notebook.name
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters=parameters,
            cwd=str(NOTEBOOKS_DIR),
            kernel_name="python3",
            progress_bar=False,
        )
        result = nbformat.read(executed, as_version=4)
    clean_executed_notebook(result, profile)
    output.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(result, output)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python course.py run", description="用 papermill 按指定配置重新执行笔记本。")
    parser.add_argument("notebooks", nargs="*", type=Path, help="要执行的笔记本，默认是 notebooks/ 下的全部")
    parser.add_argument("--profile", default="full", help="配置名：full（默认，原地写回）或 quick（写到 --output-dir）")
    parser.add_argument("--output-dir", type=Path, help="执行结果写到哪个目录；full 配置默认原地写回，其他配置默认 build/<配置名>/")
    arguments = parser.parse_args(argv)

    notebooks = [path.resolve() for path in arguments.notebooks] or list_notebooks()
    for notebook in notebooks:
        if not notebook.is_file():
            parser.error(f"找不到笔记本 {notebook}。")
    for notebook in notebooks:
        if arguments.output_dir is not None:
            output = arguments.output_dir / notebook.name
        elif arguments.profile == "full":
            output = notebook
        else:
            output = ROOT / "build" / arguments.profile / notebook.name
        print(f"正在用 {arguments.profile} 配置执行 {notebook.name} ……", flush=True)
        written = execute_notebook(notebook, arguments.profile, output)
        print(f"已写入 {written.relative_to(ROOT) if written.is_relative_to(ROOT) else written}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
