"""数值梯度与相对误差：用中心差分核对手写的反向传播。

第 4 章（04_cnn_math.ipynb）用它逐层检查 ``helpers.layers`` 的反向传播。
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_gradient(f: Callable[[], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """用中心差分 (f(x + eps) − f(x − eps)) / (2·eps) 逐个元素估计标量函数 f 对 x 的梯度。

    参数：
        f：不带参数的函数，读取 x 的当前值并返回一个标量（通常是损失）。
        x：float64 数组，任意形状；计算时逐个元素原地改动，返回前恢复原值。
        eps：差分步长。float64 下截断误差和舍入误差之和在 eps≈1e-6 附近最小。

    返回：
        与 x 同形状的 float64 数组。每个元素要调用两次 f，只适合小数组。
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        dtype = x.dtype if isinstance(x, np.ndarray) else type(x).__name__
        raise TypeError(
            f"x 应为 float64 的 NumPy 数组，收到的是 {dtype}；float32 只有约 7 位有效数字，"
            "差分结果不可信。请先用 x.astype(np.float64) 转换，并让 f 读取转换后的数组。"
        )
    grad = np.zeros_like(x)
    flat_x, flat_grad = x.reshape(-1), grad.reshape(-1)  # 视图：改动 flat_x 就是改动 x
    for index in range(flat_x.size):
        original = flat_x[index]
        flat_x[index] = original + eps
        plus = float(f())
        flat_x[index] = original - eps
        minus = float(f())
        flat_x[index] = original
        flat_grad[index] = (plus - minus) / (2 * eps)
    return grad


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """返回 max|a − n| / max(|a| + |n|) 形式的相对误差，两个梯度都为零时返回 0。

    float64 下正确的反向传播通常在 1e-7 以下；大于 1e-4 几乎一定有错。
    """
    analytic, numeric = np.asarray(analytic, dtype=np.float64), np.asarray(numeric, dtype=np.float64)
    if analytic.shape != numeric.shape:
        raise ValueError(f"两个梯度的形状不同：{analytic.shape} 与 {numeric.shape}。")
    scale = np.max(np.abs(analytic) + np.abs(numeric))
    return 0.0 if scale == 0 else float(np.max(np.abs(analytic - numeric)) / scale)
