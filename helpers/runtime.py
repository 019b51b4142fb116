"""笔记本的运行环境：导入 TensorFlow、固定随机种子、打开算子确定性、设置绘图风格。

每个笔记本的“环境准备”一节都调用 ``setup_notebook(seed)``，之后同一份代码两次运行
记录下的数字完全相同。
"""

from __future__ import annotations

import atexit
import contextlib
import os
import platform
import random
import re
import sys
import tempfile
import threading
from collections.abc import Iterator

# 只隐藏 TensorFlow C++ 层的 INFO 日志；WARNING 和 ERROR 照常显示。必须在导入 TensorFlow 之前设置。
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")

# TensorFlow 2.21 在日志系统初始化之前就向文件描述符 2 写几行 INFO 日志，
# TF_CPP_MIN_LOG_LEVEL 管不到它们；在只有 CPU 的机器上还会多一行找不到 CUDA 驱动的 ERROR。
# 打开算子确定性后，Keras 用 NumPy 数组训练或预测时，tf.data 把并行 map 改写成串行 map，
# TensorFlow 2.21 会为改写后多出的 use_unbounded_threadpool 属性记一行 ERROR（该属性随即被忽略，
# 不影响结果）。MirroredStrategy 把数据集分发到两个以上设备时，TensorFlow 2.21 还会警告一次
# GeneratorDatasetOp 无法优化，这是分发机制内部的数据集，与课程代码无关。
# 这些行与课程内容无关，又会作为 stderr 留在笔记本输出里，所以只过滤掉它们。
_KNOWN_NOISE_LINES = re.compile(
    r"All log messages before absl::InitializeLog\(\) is called"
    r"|oneDNN custom operations are on"
    r"|Could not find cuda drivers on your machine"
    r"|failed call to cuInit"
    r"|This TensorFlow binary is optimized to use available CPU instructions"
    r"|To enable the following instructions: .* rebuild TensorFlow"
    r"|NodeDef mentions attribute use_unbounded_threadpool which is not in the op definition"
    r"|Input of GeneratorDatasetOp::Dataset will not be optimized"
)


def _is_noise(line: str) -> bool:
    return not line.strip() or bool(_KNOWN_NOISE_LINES.search(line))


@contextlib.contextmanager
def _filter_native_stderr() -> Iterator[None]:
    """在代码块运行期间截获写到文件描述符 2 的内容，块结束后只转发不属于已知无关日志的行。"""
    sys.stderr.flush()
    saved_fd = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as captured:
        os.dup2(captured.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved_fd, 2)
            os.close(saved_fd)
            captured.seek(0)
            text = captured.read().decode("utf-8", errors="replace")
            kept = [line for line in text.splitlines() if not _is_noise(line)]
            if kept:
                print("\n".join(kept), file=sys.stderr)


_native_stderr_filter: threading.Thread | None = None
_FLUSH_MARKER = b"--dl-image-course: native stderr flush--\n"


def _start_native_stderr_filter() -> None:
    """让文件描述符 2 改经一个管道，由后台线程逐行转发，只丢掉已知的无关日志行。

    只在 Jupyter 内核里调用：那里 TensorFlow 的 C++ 日志会出现在单元格的 stderr 输出中。
    每个单元格运行结束时，先等后台线程把已写入的行转发完，这些行才会算在这个单元格的输出里。
    NOTE: 等待最多 2 秒；超时时剩下的行可能显示在下一个单元格里。
    """
    global _native_stderr_filter
    if _native_stderr_filter is not None:
        return
    sys.stderr.flush()
    read_fd, write_fd = os.pipe()
    original_fd = os.dup(2)
    os.dup2(write_fd, 2)
    os.close(write_fd)
    flushed = threading.Event()

    def forward() -> None:
        with os.fdopen(read_fd, "rb") as pipe:
            for raw_line in pipe:
                if raw_line == _FLUSH_MARKER:
                    flushed.set()
                elif not _is_noise(raw_line.decode("utf-8", errors="replace")):
                    os.write(original_fd, raw_line)

    def wait_until_forwarded(*_arguments: object) -> None:
        flushed.clear()
        os.write(2, _FLUSH_MARKER)
        flushed.wait(timeout=2)

    _native_stderr_filter = threading.Thread(target=forward, name="native-stderr-filter", daemon=True)
    _native_stderr_filter.start()

    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.events.register("post_run_cell", wait_until_forwarded)

    def restore() -> None:
        # 进程退出前恢复文件描述符 2，让管道关闭，后台线程把剩下的行转发完。
        sys.stderr.flush()
        os.dup2(original_fd, 2)
        _native_stderr_filter.join(timeout=2)

    atexit.register(restore)


with _filter_native_stderr():
    import tensorflow as tf

    tf.config.list_physical_devices()  # 触发设备探测，让它的启动日志也落在过滤范围内

import keras  # noqa: E402  （必须在上面的 TensorFlow 导入之后）
import matplotlib  # noqa: E402
import numpy as np  # noqa: E402

from helpers.plotting import set_plot_style  # noqa: E402

DEFAULT_SEED = 42


def seed_everything(seed: int = DEFAULT_SEED) -> None:
    """固定 Python、NumPy、TensorFlow 和 Keras 的随机种子，并打开 TensorFlow 的算子确定性。

    NOTE: 算子确定性（``tf.config.experimental.enable_op_determinism``）让同一台机器、
    同一版本的两次运行得到逐位相同的结果；换了 CPU 指令集或库版本，末几位仍可能不同。
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed 应为整数，收到的是 {type(seed).__name__} 类型的 {seed!r}。")
    random.seed(seed)
    np.random.seed(seed)
    keras.utils.set_random_seed(seed)  # 同时设置 Python、NumPy 和 TensorFlow 的全局种子
    tf.config.experimental.enable_op_determinism()


def library_versions() -> dict[str, str]:
    """返回课程依赖的主要库的版本号，键为库名。"""
    import sklearn

    return {
        "Python": platform.python_version(),
        "TensorFlow": tf.__version__,
        "Keras": keras.__version__,
        "NumPy": np.__version__,
        "matplotlib": matplotlib.__version__,
        "scikit-learn": sklearn.__version__,
    }


def setup_notebook(seed: int = DEFAULT_SEED) -> None:
    """为一个笔记本准备环境：固定随机种子、打开算子确定性、设置中文绘图风格，并打印库版本。

    在 Jupyter 内核里，还会过滤掉 TensorFlow 写到 stderr 的几行已知无关日志（见 ``_KNOWN_NOISE_LINES``）。
    """
    if "ipykernel" in sys.modules:
        _start_native_stderr_filter()
    seed_everything(seed)
    set_plot_style()
    versions = "，".join(f"{name} {version}" for name, version in library_versions().items())
    print(f"随机种子 {seed}，算子确定性已开启。{versions}")
