"""用 NumPy 手写的 CNN 层：卷积、ReLU、最大池化、全连接、softmax 和交叉熵，各带反向传播。

第 4 章（04_cnn_math.ipynb）逐个讲解并推导这些层，再用它们组装、训练一个 CNN；
每个函数的结果都在那里与 TensorFlow 的同名运算逐项比较过。

约定（与 TensorFlow / Keras 相同）：
    图像和特征图是 NHWC 布局的四维数组 (批量 N, 高 H, 宽 W, 通道 C)；
    卷积核是 HWIO 布局 (核高 KH, 核宽 KW, 输入通道 C_in, 输出通道 C_out)；
    全连接层的权重形状是 (输入长度 D, 输出长度 M)；
    卷积是深度学习库定义的互相关（cross-correlation），不翻转卷积核。

``*_forward`` 返回 ``(输出, cache)``，``*_backward`` 接收上游梯度和这个 cache，
返回对各输入的梯度。输入不是浮点数组、形状或通道数不对、含 NaN 时，函数抛出
TypeError 或 ValueError，错误信息说明是哪个值、该怎样改。
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

PADDINGS = ("VALID", "SAME")


# ---------------------------------------------------------------------------
# 输入检查
# ---------------------------------------------------------------------------


def _check_float_array(name: str, array: object, ndim: int | None, layout: str) -> np.ndarray:
    """确认 ``array`` 是 ``ndim`` 维（None 表示任意维数）、不含 NaN 和无穷大的浮点 NumPy 数组，否则抛出中文错误。"""
    if not isinstance(array, np.ndarray):
        raise TypeError(
            f"{name} 应为 NumPy 数组，收到的是 {type(array).__name__}；"
            f"请先用 np.asarray({name}, dtype=np.float32) 转换。"
        )
    if not np.issubdtype(array.dtype, np.floating):
        raise TypeError(
            f"{name} 的 dtype 是 {array.dtype}，应为浮点数（float32 或 float64）；"
            f"请先用 {name}.astype(np.float32) 转换，uint8 像素还要除以 255。"
        )
    if ndim is not None and array.ndim != ndim:
        hint = "单个样本请先用 x[np.newaxis] 加上批量维度。" if array.ndim == ndim - 1 else ""
        raise ValueError(f"{name} 应为 {ndim} 维数组 {layout}，收到的形状是 {array.shape}。{hint}")
    if not np.all(np.isfinite(array)):
        bad = np.argwhere(~np.isfinite(array))
        raise ValueError(
            f"{name} 含有 {len(bad)} 个 NaN 或无穷大，第一个在位置 {tuple(int(i) for i in bad[0])}；"
            "请检查上一层的输出，训练中出现时多半是学习率太大、训练发散了。"
        )
    return array


def _check_same_dtype(**arrays: np.ndarray) -> None:
    """确认几个数组的 dtype 相同（像 TensorFlow 一样，不悄悄转换精度）。"""
    dtypes = {name: array.dtype for name, array in arrays.items()}
    if len(set(dtypes.values())) > 1:
        listed = "，".join(f"{name} 是 {dtype}" for name, dtype in dtypes.items())
        raise TypeError(f"dtype 不一致：{listed}；请用 .astype(...) 把它们转成同一种浮点类型。")


def _pair(name: str, value: object) -> tuple[int, int]:
    """把一个正整数或两个正整数组成的元组变成 (纵向, 横向)。"""
    values = (value, value) if isinstance(value, (int, np.integer)) else value
    if (
        not isinstance(values, (tuple, list))
        or len(values) != 2
        or not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v > 0 for v in values)
    ):
        raise ValueError(f"{name} 应为正整数或两个正整数组成的元组，收到的是 {value!r}。")
    return int(values[0]), int(values[1])


def _normalize_padding(padding: object) -> str:
    if not isinstance(padding, str) or padding.upper() not in PADDINGS:
        raise ValueError(f"padding 应为 'VALID' 或 'SAME'（大小写均可），收到的是 {padding!r}。")
    return padding.upper()


def _check_channels(x: np.ndarray, expected: int, consumer: str) -> None:
    """确认 NHWC 输入 ``x`` 的通道数等于 ``expected``；像 NCHW 时在错误信息里给出转置方法。"""
    if x.shape[-1] == expected:
        return
    hint = ""
    if x.shape[1] == expected:
        hint = "它看起来是 NCHW 布局（通道在第 2 维）；请先用 np.transpose(x, (0, 2, 3, 1)) 转成 NHWC。"
    raise ValueError(
        f"x 的形状是 {x.shape}，最后一维（通道）是 {x.shape[-1]}，而{consumer}需要 {expected} 个输入通道。{hint}"
    )


# ---------------------------------------------------------------------------
# 输出尺寸与填充
# ---------------------------------------------------------------------------


def same_padding(input_size: int, kernel_size: int, stride: int) -> tuple[int, int]:
    """返回 TensorFlow ``padding="SAME"`` 在一个空间维度上的 (前填充, 后填充)。

    输出长度是 ceil(input_size / stride)，总填充 = max((输出长度 − 1) × stride + kernel_size − input_size, 0)。
    总填充为奇数时，多出的一行（列）填在后面，即底部（右侧）。
    """
    for name, value in (("input_size", input_size), ("kernel_size", kernel_size), ("stride", stride)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
            raise ValueError(f"{name} 应为正整数，收到的是 {value!r}。")
    output_size = math.ceil(input_size / stride)
    total = max((output_size - 1) * stride + kernel_size - input_size, 0)
    return total // 2, total - total // 2


def conv_output_size(input_size: int, kernel_size: int, stride: int = 1, padding: str = "VALID") -> int:
    """返回卷积或池化在一个空间维度上的输出长度。

    VALID（不填充）：floor((input_size − kernel_size) / stride) + 1；
    SAME：ceil(input_size / stride)，等价于先按 ``same_padding`` 填充再用 VALID 公式。
    """
    padding = _normalize_padding(padding)
    before, after = same_padding(input_size, kernel_size, stride) if padding == "SAME" else (0, 0)
    if input_size + before + after < kernel_size:
        raise ValueError(
            f"输入长度 {input_size} 比核长度 {kernel_size} 还小，VALID 卷积没有输出；请改用 padding='SAME' 或更小的核。"
        )
    return (input_size + before + after - kernel_size) // stride + 1


def _pad_nhwc(x: np.ndarray, kernel_hw: tuple[int, int], strides: tuple[int, int], padding: str, value: float = 0.0):
    """按 padding 规则在 H、W 两维上填充 ``x``，返回 (填充后的数组, ((上, 下), (左, 右)))。"""
    if padding == "VALID":
        return x, ((0, 0), (0, 0))
    pads = tuple(same_padding(x.shape[axis], kernel_hw[axis - 1], strides[axis - 1]) for axis in (1, 2))
    padded = np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)), constant_values=value)
    return padded, pads


def _window(array: np.ndarray, row: int, col: int, out_hw: tuple[int, int], strides: tuple[int, int]) -> np.ndarray:
    """取出所有窗口里位于 (row, col) 的那个元素，形状 (N, OH, OW, C)；是 ``array`` 的视图。"""
    return array[
        :,
        row : row + strides[0] * (out_hw[0] - 1) + 1 : strides[0],
        col : col + strides[1] * (out_hw[1] - 1) + 1 : strides[1],
        :,
    ]


# ---------------------------------------------------------------------------
# 卷积
# ---------------------------------------------------------------------------


def conv2d_naive(x: np.ndarray, kernel: np.ndarray, stride=1, padding: str = "VALID") -> np.ndarray:
    """用显式循环计算二维卷积（互相关，不翻转核），用来讲解和核对，速度很慢。

    参数：
        x：浮点数组，形状 (N, H, W, C_in)，NHWC。
        kernel：与 x 同 dtype，形状 (KH, KW, C_in, C_out)，HWIO。
        stride：正整数或 (纵向, 横向)。
        padding：'VALID' 或 'SAME'（TensorFlow 的规则，见 ``same_padding``）。

    返回：
        与 x 同 dtype 的数组，形状 (N, OH, OW, C_out)，OH、OW 见 ``conv_output_size``。
    """
    x, kernel, strides, padding = _check_conv_inputs(x, kernel, stride, padding)
    kh, kw, _, c_out = kernel.shape
    padded, _ = _pad_nhwc(x, (kh, kw), strides, padding)
    out_h = (padded.shape[1] - kh) // strides[0] + 1
    out_w = (padded.shape[2] - kw) // strides[1] + 1
    out = np.zeros((x.shape[0], out_h, out_w, c_out), dtype=x.dtype)
    for n in range(x.shape[0]):
        for i in range(out_h):
            for j in range(out_w):
                patch = padded[n, i * strides[0] : i * strides[0] + kh, j * strides[1] : j * strides[1] + kw, :]
                for f in range(c_out):
                    out[n, i, j, f] = np.sum(patch * kernel[:, :, :, f])
    return out


def _check_conv_inputs(x, kernel, stride, padding, bias=None):
    x = _check_float_array("x", x, 4, "(N, H, W, C_in)，NHWC 布局")
    kernel = _check_float_array("kernel", kernel, 4, "(KH, KW, C_in, C_out)，HWIO 布局")
    _check_same_dtype(x=x, kernel=kernel)
    _check_channels(x, kernel.shape[2], f"卷积核（形状 {kernel.shape}）")
    if bias is not None:
        bias = _check_float_array("bias", bias, 1, "(C_out,)")
        _check_same_dtype(x=x, bias=bias)
        if bias.shape[0] != kernel.shape[3]:
            raise ValueError(f"bias 的长度是 {bias.shape[0]}，应等于卷积核的输出通道数 {kernel.shape[3]}。")
    strides = _pair("stride", stride)
    padding = _normalize_padding(padding)
    for axis in (0, 1):
        conv_output_size(x.shape[axis + 1], kernel.shape[axis], strides[axis], padding)  # 输入比核小时抛出 ValueError
    return x, kernel, strides, padding


@dataclass
class Conv2DCache:
    """``conv2d_forward`` 留给反向传播的中间结果。"""

    columns: np.ndarray  # im2col 矩阵 (N·OH·OW, KH·KW·C_in)
    kernel: np.ndarray
    input_shape: tuple[int, ...]
    padded_shape: tuple[int, ...]
    pads: tuple[tuple[int, int], tuple[int, int]]
    strides: tuple[int, int]


def im2col(x: np.ndarray, kernel_hw: tuple[int, int], strides: tuple[int, int], padding: str):
    """把所有卷积窗口展开成矩阵的行（im2col），返回 (矩阵, 输出高宽, 填充, 填充后的形状)。

    矩阵形状 (N·OH·OW, KH·KW·C)，每行的元素顺序是 (kh, kw, c)，与 HWIO 卷积核
    ``kernel.reshape(KH·KW·C_in, C_out)`` 的行顺序一致，所以卷积就是一次矩阵乘法。
    循环只走 KH × KW 次，每次复制所有窗口里的同一个位置。
    """
    kh, kw = kernel_hw
    padded, pads = _pad_nhwc(x, kernel_hw, strides, padding)
    out_hw = ((padded.shape[1] - kh) // strides[0] + 1, (padded.shape[2] - kw) // strides[1] + 1)
    patches = np.empty((x.shape[0], *out_hw, kh, kw, x.shape[3]), dtype=x.dtype)
    for row in range(kh):
        for col in range(kw):
            patches[:, :, :, row, col, :] = _window(padded, row, col, out_hw, strides)
    return patches.reshape(-1, kh * kw * x.shape[3]), out_hw, pads, padded.shape


def col2im(columns: np.ndarray, kernel_hw, strides, out_hw, pads, padded_shape, input_shape) -> np.ndarray:
    """``im2col`` 的伴随运算：把每行的梯度加回它来自的输入位置，再去掉填充。"""
    kh, kw = kernel_hw
    patches = columns.reshape(input_shape[0], *out_hw, kh, kw, input_shape[3])
    padded = np.zeros(padded_shape, dtype=columns.dtype)
    for row in range(kh):
        for col in range(kw):
            _window(padded, row, col, out_hw, strides)[...] += patches[:, :, :, row, col, :]
    (top, _), (left, _) = pads
    return padded[:, top : top + input_shape[1], left : left + input_shape[2], :]


def conv2d_forward(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray | None = None, stride=1, padding="VALID"):
    """用 im2col 和一次矩阵乘法计算二维卷积（互相关，不翻转核），结果与 ``tf.nn.conv2d`` 相同。

    参数：
        x：浮点数组，形状 (N, H, W, C_in)，NHWC。
        kernel：与 x 同 dtype，形状 (KH, KW, C_in, C_out)，HWIO（与 Keras Conv2D 的 kernel 相同）。
        bias：与 x 同 dtype，形状 (C_out,)；None 表示没有偏置。
        stride：正整数或 (纵向, 横向)。
        padding：'VALID' 或 'SAME'（TensorFlow 的规则：奇数的总填充把多出的一行、一列放在底部和右侧）。

    返回：
        out：与 x 同 dtype，形状 (N, OH, OW, C_out)，OH、OW 见 ``conv_output_size``。
        cache：``Conv2DCache``，交给 ``conv2d_backward``。
    """
    x, kernel, strides, padding = _check_conv_inputs(x, kernel, stride, padding, bias)
    kh, kw, c_in, c_out = kernel.shape
    columns, out_hw, pads, padded_shape = im2col(x, (kh, kw), strides, padding)
    out = columns @ kernel.reshape(kh * kw * c_in, c_out)
    if bias is not None:
        out += bias
    cache = Conv2DCache(columns, kernel, x.shape, padded_shape, pads, strides)
    return out.reshape(x.shape[0], *out_hw, c_out), cache


def conv2d_backward(dout: np.ndarray, cache: Conv2DCache, *, compute_dx: bool = True):
    """卷积的反向传播：由 dL/dout 求 (dL/dx, dL/dkernel, dL/dbias)。

    参数：
        dout：浮点数组，形状与 ``conv2d_forward`` 的输出相同 (N, OH, OW, C_out)。
        cache：``conv2d_forward`` 返回的 cache。
        compute_dx：False 时不计算 dx（返回 None），用于网络的第一层，省下约一半时间。

    返回：
        dx：形状 (N, H, W, C_in)；dkernel：形状 (KH, KW, C_in, C_out)；dbias：形状 (C_out,)。
        dtype 都与前向的 x 相同。
    """
    kh, kw, c_in, c_out = cache.kernel.shape
    dout = _check_float_array("dout", dout, 4, "(N, OH, OW, C_out)，NHWC 布局")
    out_hw = ((cache.padded_shape[1] - kh) // cache.strides[0] + 1, (cache.padded_shape[2] - kw) // cache.strides[1] + 1)
    expected = (cache.input_shape[0], *out_hw, c_out)
    if dout.shape != expected:
        raise ValueError(f"dout 的形状是 {dout.shape}，应与前向输出的形状 {expected} 相同。")
    dout_matrix = dout.reshape(-1, c_out)
    dkernel = (cache.columns.T @ dout_matrix).reshape(kh, kw, c_in, c_out)
    dbias = dout_matrix.sum(axis=0)
    if not compute_dx:
        return None, dkernel, dbias
    dcolumns = dout_matrix @ cache.kernel.reshape(-1, c_out).T
    dx = col2im(dcolumns, (kh, kw), cache.strides, out_hw, cache.pads, cache.padded_shape, cache.input_shape)
    return dx, dkernel, dbias


# ---------------------------------------------------------------------------
# ReLU 与最大池化
# ---------------------------------------------------------------------------


def relu_forward(x: np.ndarray):
    """ReLU：max(x, 0)，逐元素计算。x 为任意形状的浮点数组；返回 (同形状同 dtype 的输出, cache)。"""
    x = _check_float_array("x", x, None, "（任意形状）")
    return np.maximum(x, 0), x


def relu_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """ReLU 的反向传播：梯度只流过前向输入大于 0 的位置（x = 0 处的导数取 0，与 TensorFlow 相同）。"""
    dout = _check_float_array("dout", dout, cache.ndim, f"，形状 {cache.shape}")
    if dout.shape != cache.shape:
        raise ValueError(f"dout 的形状是 {dout.shape}，应与前向输入的形状 {cache.shape} 相同。")
    return dout * (cache > 0)


@dataclass
class MaxPoolCache:
    """``max_pool_forward`` 留给反向传播的中间结果。"""

    padded: np.ndarray  # 填充后的输入 (N, H', W', C)；SAME 时填充值为 −∞
    out: np.ndarray  # 前向输出 (N, OH, OW, C)
    input_shape: tuple[int, ...]
    pads: tuple[tuple[int, int], tuple[int, int]]
    pool_hw: tuple[int, int]
    strides: tuple[int, int]


def max_pool_forward(x: np.ndarray, pool_size=2, stride=None, padding: str = "VALID"):
    """最大池化：每个通道各自取窗口内的最大值，结果与 ``tf.nn.max_pool2d`` 相同。

    参数：
        x：浮点数组，形状 (N, H, W, C)，NHWC。
        pool_size：窗口大小，正整数或 (高, 宽)。
        stride：步幅，正整数或 (纵向, 横向)；None 表示等于 pool_size（Keras 的默认值）。
        padding：'VALID' 或 'SAME'；SAME 时填充位置不参与取最大值。

    返回：
        out：与 x 同 dtype，形状 (N, OH, OW, C)；cache：``MaxPoolCache``。
    """
    x = _check_float_array("x", x, 4, "(N, H, W, C)，NHWC 布局")
    pool_hw = _pair("pool_size", pool_size)
    strides = pool_hw if stride is None else _pair("stride", stride)
    padding = _normalize_padding(padding)
    for axis in (0, 1):
        conv_output_size(x.shape[axis + 1], pool_hw[axis], strides[axis], padding)
    padded, pads = _pad_nhwc(x, pool_hw, strides, padding, value=-np.inf)
    out_hw = ((padded.shape[1] - pool_hw[0]) // strides[0] + 1, (padded.shape[2] - pool_hw[1]) // strides[1] + 1)
    # 窗口内 PH × PW 个位置逐个取较大值：每一步处理所有窗口的同一个位置。
    out = _window(padded, 0, 0, out_hw, strides).copy()
    for row in range(pool_hw[0]):
        for col in range(pool_hw[1]):
            np.maximum(out, _window(padded, row, col, out_hw, strides), out=out)
    return out, MaxPoolCache(padded, out, x.shape, pads, pool_hw, strides)


def max_pool_backward(dout: np.ndarray, cache: MaxPoolCache) -> np.ndarray:
    """最大池化的反向传播：每个窗口的梯度全部交给该窗口里的最大值。

    NOTE: 窗口内有几个相同的最大值时，梯度只给按行展开后的第一个。随机浮点输入几乎不会
    出现并列；ReLU 之后的 0 可能并列，但那里 ReLU 的梯度本来就是 0，结果不受影响。

    参数：
        dout：形状 (N, OH, OW, C)，与前向输出相同。
    返回：
        dx：形状 (N, H, W, C)，dtype 与 dout 相同。
    """
    dout = _check_float_array("dout", dout, 4, "(N, OH, OW, C)，NHWC 布局")
    if dout.shape != cache.out.shape:
        raise ValueError(f"dout 的形状是 {dout.shape}，应与前向输出的形状 {cache.out.shape} 相同。")
    out_hw = dout.shape[1:3]
    dpadded = np.zeros(cache.padded.shape, dtype=dout.dtype)
    unassigned = np.ones(cache.out.shape, dtype=bool)  # 还没有找到最大值位置的窗口
    for row in range(cache.pool_hw[0]):
        for col in range(cache.pool_hw[1]):
            selected = (_window(cache.padded, row, col, out_hw, cache.strides) == cache.out) & unassigned
            unassigned &= ~selected
            _window(dpadded, row, col, out_hw, cache.strides)[...] += dout * selected
    (top, _), (left, _) = cache.pads
    return dpadded[:, top : top + cache.input_shape[1], left : left + cache.input_shape[2], :]


# ---------------------------------------------------------------------------
# 全连接层
# ---------------------------------------------------------------------------


def dense_forward(x: np.ndarray, weights: np.ndarray, bias: np.ndarray):
    """全连接层（dense）：x @ weights + bias，与 Keras Dense（不带激活）相同。

    参数：
        x：浮点数组，形状 (N, D)；卷积层的输出要先展平成 x.reshape(N, -1)（与 Keras Flatten 的顺序相同）。
        weights：与 x 同 dtype，形状 (D, M)。
        bias：与 x 同 dtype，形状 (M,)。

    返回：
        out：形状 (N, M)；cache：(x, weights)，交给 ``dense_backward``。
    """
    x = _check_float_array("x", x, 2, "(N, D)；四维特征图请先用 x.reshape(len(x), -1) 展平")
    weights = _check_float_array("weights", weights, 2, "(D, M)")
    bias = _check_float_array("bias", bias, 1, "(M,)")
    _check_same_dtype(x=x, weights=weights, bias=bias)
    if x.shape[1] != weights.shape[0]:
        raise ValueError(
            f"x 的形状是 {x.shape}，每个样本长 {x.shape[1]}，而 weights 的形状是 {weights.shape}，需要长度 {weights.shape[0]}；"
            "如果 x 来自卷积层，检查展平前的形状和 NHWC 布局。"
        )
    if bias.shape[0] != weights.shape[1]:
        raise ValueError(f"bias 的长度是 {bias.shape[0]}，应等于 weights 的列数 {weights.shape[1]}。")
    return x @ weights + bias, (x, weights)


def dense_backward(dout: np.ndarray, cache):
    """全连接层的反向传播：返回 (dx (N, D), dweights (D, M), dbias (M,))，dtype 与前向输入相同。"""
    x, weights = cache
    dout = _check_float_array("dout", dout, 2, "(N, M)")
    if dout.shape != (x.shape[0], weights.shape[1]):
        raise ValueError(f"dout 的形状是 {dout.shape}，应与前向输出的形状 {(x.shape[0], weights.shape[1])} 相同。")
    return dout @ weights.T, x.T @ dout, dout.sum(axis=0)


# ---------------------------------------------------------------------------
# softmax、log-softmax 与交叉熵
# ---------------------------------------------------------------------------


def softmax(logits: np.ndarray) -> np.ndarray:
    """数值稳定的 softmax：先减去每行的最大值再取指数，结果不会上溢。

    参数：
        logits：浮点数组，形状 (N, K)，每行是一个样本的 K 个未归一化分数。
    返回：
        probs：形状 (N, K)，dtype 与 logits 相同，每行之和为 1。
    """
    logits = _check_float_array("logits", logits, 2, "(N, K)")
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """数值稳定的 log-softmax：z − max(z) − log Σ exp(z − max(z))，不会出现 log(0)。

    参数与返回值的形状、dtype 同 ``softmax``。
    """
    logits = _check_float_array("logits", logits, 2, "(N, K)")
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def softmax_backward(dprobs: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """softmax 的反向传播：dz = p ⊙ (dp − Σ dp ⊙ p)，逐行计算。两个参数都是形状 (N, K) 的同 dtype 浮点数组。"""
    dprobs = _check_float_array("dprobs", dprobs, 2, "(N, K)")
    return probs * (dprobs - (dprobs * probs).sum(axis=1, keepdims=True))


def log_softmax_backward(dlog_probs: np.ndarray, log_probs: np.ndarray) -> np.ndarray:
    """log-softmax 的反向传播：dz = dy − softmax(z) · Σ dy，逐行计算。两个参数都是形状 (N, K) 的同 dtype 浮点数组。"""
    dlog_probs = _check_float_array("dlog_probs", dlog_probs, 2, "(N, K)")
    return dlog_probs - np.exp(log_probs) * dlog_probs.sum(axis=1, keepdims=True)


def _looks_like_probs(values: np.ndarray) -> bool:
    """每行都在 [0, 1] 内且和为 1（容差 1e-3）：更像 softmax 的输出而不是 logits。"""
    return bool(np.all(values >= 0) and np.all(values <= 1) and np.allclose(values.sum(axis=1), 1.0, atol=1e-3))


def _check_outputs(outputs: np.ndarray, from_logits: object, loss_name: str) -> np.ndarray:
    if not isinstance(from_logits, bool):
        raise TypeError(f"{loss_name} 的 from_logits 应为 True 或 False，收到的是 {from_logits!r}。")
    outputs = _check_float_array("outputs", outputs, 2, "(N, K)")
    if from_logits and _looks_like_probs(outputs):
        raise ValueError(
            f"{loss_name} 设置了 from_logits=True，但 outputs 的每行都在 [0, 1] 内且和为 1，像是 softmax 之后的概率；"
            "请传入 softmax 之前的 logits，或者改用 from_logits=False。"
        )
    if not from_logits and not _looks_like_probs(outputs):
        raise ValueError(
            f"{loss_name} 设置了 from_logits=False，但 outputs 不是概率（每行应在 [0, 1] 内且和为 1，"
            f"第一行是 {np.round(outputs[0], 4).tolist()}）；如果它是 logits，请改用 from_logits=True。"
        )
    return outputs


def _check_sparse_labels(labels: object, outputs: np.ndarray) -> np.ndarray:
    labels = np.asarray(labels)
    if labels.ndim == 2 and labels.shape == outputs.shape:
        raise ValueError(
            f"labels 的形状是 {labels.shape}，看起来是独热（one-hot）编码；稀疏交叉熵需要整数类别编号，形状 (N,)。"
            "请改用 categorical_crossentropy，或者先用 labels.argmax(axis=1) 转成类别编号。"
        )
    if not np.issubdtype(labels.dtype, np.integer):
        raise TypeError(f"labels 的 dtype 是 {labels.dtype}，应为整数类别编号；请先用 labels.astype(np.int64) 转换。")
    if labels.shape != (outputs.shape[0],):
        raise ValueError(f"labels 的形状是 {labels.shape}，应为 ({outputs.shape[0]},)：每个样本一个类别编号。")
    if labels.size and (labels.min() < 0 or labels.max() >= outputs.shape[1]):
        raise ValueError(
            f"labels 的取值范围是 {labels.min()} … {labels.max()}，应在 0 … {outputs.shape[1] - 1} 之内（共 {outputs.shape[1]} 类）。"
        )
    return labels


def _check_onehot_labels(labels: object, outputs: np.ndarray) -> np.ndarray:
    labels = np.asarray(labels)
    if labels.ndim == 1 and labels.shape[0] == outputs.shape[0]:
        raise ValueError(
            f"labels 的形状是 {labels.shape}，看起来是整数类别编号；categorical_crossentropy 需要独热（one-hot）标签，"
            f"形状 {outputs.shape}。请改用 sparse_categorical_crossentropy，或者用 np.eye(K)[labels] 转成独热编码。"
        )
    if labels.shape != outputs.shape:
        raise ValueError(f"labels 的形状是 {labels.shape}，应与 outputs 的形状 {outputs.shape} 相同。")
    labels = labels.astype(outputs.dtype)
    if not np.all(np.isfinite(labels)) or np.any(labels < 0) or not np.allclose(labels.sum(axis=1), 1.0, atol=1e-3):
        raise ValueError("labels 的每一行应是一个概率分布（非负、和为 1），例如独热编码 np.eye(K)[类别编号]。")
    return labels


def _log_probabilities(outputs: np.ndarray, from_logits: bool) -> np.ndarray:
    """把损失函数的输入换成对数概率：logits 用 ``log_softmax``，概率先截到最小正数再取对数，避免 log(0)。"""
    if from_logits:
        return log_softmax(outputs)
    return np.log(np.clip(outputs, np.finfo(outputs.dtype).tiny, 1.0))


def sparse_categorical_crossentropy(labels, outputs: np.ndarray, *, from_logits: bool) -> float:
    """稀疏分类交叉熵的批量平均值，与 ``keras.losses.SparseCategoricalCrossentropy`` 相同。

    参数：
        labels：整数数组，形状 (N,)，取值 0 … K−1。
        outputs：浮点数组，形状 (N, K)；from_logits=True 时是 logits，False 时是 softmax 概率。
        from_logits：必须写明。Keras 的默认值是 False，写错会悄悄得到错误的损失，所以这里不设默认值。

    返回：
        平均损失（Python float）。从 logits 计算时用 ``log_softmax``，不会出现 log(0)。

    NOTE: 为了捕获“把概率当作 logits 传入”的错误，from_logits=True 而 outputs 每行都在 [0, 1]
    内且和为 1 时会报错；真正的 logits 恰好满足这个条件的情况极少见。
    """
    outputs = _check_outputs(outputs, from_logits, "sparse_categorical_crossentropy")
    labels = _check_sparse_labels(labels, outputs)
    log_probs = _log_probabilities(outputs, from_logits)
    return float(-log_probs[np.arange(len(labels)), labels].mean())


def categorical_crossentropy(labels: np.ndarray, outputs: np.ndarray, *, from_logits: bool) -> float:
    """分类交叉熵的批量平均值，标签是独热编码，与 ``keras.losses.CategoricalCrossentropy`` 相同。

    参数：
        labels：形状 (N, K)，每行是一个概率分布（通常是独热编码）。
        outputs、from_logits：同 ``sparse_categorical_crossentropy``。
    """
    outputs = _check_outputs(outputs, from_logits, "categorical_crossentropy")
    labels = _check_onehot_labels(labels, outputs)
    log_probs = _log_probabilities(outputs, from_logits)
    return float(-(labels * log_probs).sum(axis=1).mean())


def sparse_categorical_crossentropy_backward(labels, logits: np.ndarray) -> np.ndarray:
    """``sparse_categorical_crossentropy(labels, logits, from_logits=True)`` 对 logits 的梯度。

    结果是 (softmax(logits) − 独热标签) / N，形状 (N, K)，dtype 与 logits 相同。
    """
    logits = _check_outputs(logits, True, "sparse_categorical_crossentropy_backward")
    labels = _check_sparse_labels(labels, logits)
    dlogits = softmax(logits)
    dlogits[np.arange(len(labels)), labels] -= 1
    return dlogits / len(labels)


def categorical_crossentropy_backward(labels: np.ndarray, logits: np.ndarray) -> np.ndarray:
    """``categorical_crossentropy(labels, logits, from_logits=True)`` 对 logits 的梯度：(softmax(logits) − labels) / N。"""
    logits = _check_outputs(logits, True, "categorical_crossentropy_backward")
    labels = _check_onehot_labels(labels, logits)
    return (softmax(logits) - labels) / len(labels)
