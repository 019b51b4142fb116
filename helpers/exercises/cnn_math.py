"""04_cnn_math.ipynb（用 NumPy 手写 CNN 的数学）的练习检查器。"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np

from helpers import layers
from helpers.exercises import CheckResult, failed, not_answered, passed
from helpers.gradcheck import numerical_gradient, relative_error


def _call_quietly(function: Callable, *args):
    """调用学习者的函数，不让它的 NumPy 溢出警告写到 stderr。"""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return function(*args)


def check_same_padding(same_padding: Callable[[int, int, int], tuple[int, int]] | None) -> CheckResult:
    """检查练习 1：``same_padding(input_size, kernel_size, stride)`` 是否返回 TensorFlow SAME 的 (前, 后) 填充。"""
    if same_padding is None:
        return not_answered("请补全函数 same_padding_answer，再把它传给检查器。")
    if not callable(same_padding):
        return failed(f"检查器需要一个函数，收到的是 {type(same_padding).__name__}。")
    cases = [(1, 3, 2), (2, 3, 2), (3, 3, 2), (4, 3, 2), (28, 3, 1), (28, 5, 2), (5, 1, 2), (7, 4, 3), (13, 2, 2)]
    for case in cases:
        expected = layers.same_padding(*case)
        call = f"same_padding_answer{case}"
        try:
            answer = same_padding(*case)
        except Exception as error:  # 学习者的代码可能抛出任何异常，把它转述给学习者
            return failed(f"调用 {call} 时出错：{error!r}")
        if answer is None:
            return not_answered("same_padding_answer 还没有返回值：请返回 (前填充, 后填充) 两个整数。")
        try:
            answer = tuple(int(value) for value in answer)
        except (TypeError, ValueError):
            return failed(f"{call} 返回了 {answer!r}，应返回两个整数组成的元组。")
        if answer == expected:
            continue
        if answer == expected[::-1]:
            return failed(f"{call} 返回 {answer}，应为 {expected}。", "总填充为奇数时，TensorFlow 把多出的一行（列）填在后面，即底部和右侧。")
        if answer == (case[1] // 2, case[1] // 2):
            return failed(
                f"{call} 返回 {answer}，应为 {expected}。",
                "SAME 的填充量不总是 kernel_size // 2：它取决于输入长度和步幅。先算输出长度 ceil(input_size / stride)。",
            )
        return failed(
            f"{call} 返回 {answer}，应为 {expected}。",
            "总填充 = max((输出长度 − 1) × stride + kernel_size − input_size, 0)，前面填一半（向下取整），后面填剩下的。",
        )
    return passed("九组参数都对了，例如 4×4 输入、3×3 核、步幅 2 时填充是 (0, 1)。")


def check_log_softmax(log_softmax: Callable[[np.ndarray], np.ndarray] | None) -> CheckResult:
    """检查练习 2：``log_softmax(logits)`` 对极端输入是否也给出有限且正确的结果。"""
    if log_softmax is None:
        return not_answered("请补全函数 log_softmax_answer，再把它传给检查器。")
    if not callable(log_softmax):
        return failed(f"检查器需要一个函数，收到的是 {type(log_softmax).__name__}。")
    rng = np.random.default_rng(0)
    cases = [
        ("普通输入", rng.normal(size=(4, 5))),
        ("[1000, 1000, 1000]", np.array([[1000.0, 1000.0, 1000.0]])),
        ("[0, −1000]", np.array([[0.0, -1000.0]])),
        ("[−1000, −1001, −1002]", np.array([[-1000.0, -1001.0, -1002.0]])),
    ]
    for description, logits in cases:
        expected = layers.log_softmax(logits)
        try:
            answer = _call_quietly(log_softmax, logits.copy())
        except Exception as error:  # 学习者的代码可能抛出任何异常，把它转述给学习者
            return failed(f"输入 {description} 时出错：{error!r}")
        if answer is None:
            return not_answered("log_softmax_answer 还没有返回值：请返回形状 (N, K) 的数组。")
        answer = np.asarray(answer, dtype=np.float64)
        if answer.shape != expected.shape:
            return failed(f"输入 {description}（形状 {logits.shape}）时结果的形状是 {answer.shape}，应与输入相同。", "对每一行（axis=1）求和时加上 keepdims=True。")
        if not np.all(np.isfinite(answer)):
            return failed(
                f"输入 {description} 时结果含 NaN 或无穷大：{np.round(answer, 4).tolist()}。",
                "先减去每行的最大值，再用 z − log Σ exp(z) 计算，不要先算 softmax 再取对数。",
            )
        if not np.allclose(answer, expected, rtol=1e-6, atol=1e-6):
            return failed(
                f"输入 {description} 时你的结果是 {np.round(answer, 4).tolist()}，应为 {np.round(expected, 4).tolist()}。",
                "log-softmax(z) = (z − m) − log Σ exp(z − m)，m 是每行的最大值；exp(log-softmax) 的每行之和应为 1。",
            )
    return passed("四组输入都对了，[1000, 1000, 1000] 和 [0, −1000] 也没有出现 NaN 或 −∞。")


def check_dense_backward(dense_backward: Callable | None) -> CheckResult:
    """检查练习 3：``dense_backward(dout, x, weights)`` 是否返回正确的 (dx, dweights, dbias)。"""
    if dense_backward is None:
        return not_answered("请补全函数 dense_backward_answer，再把它传给检查器。")
    if not callable(dense_backward):
        return failed(f"检查器需要一个函数，收到的是 {type(dense_backward).__name__}。")
    rng = np.random.default_rng(0)
    x, weights, bias = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    dout = rng.normal(size=(4, 2))

    def loss() -> float:
        return float(np.sum((x @ weights + bias) * dout))

    expected = {
        "dx": numerical_gradient(loss, x),
        "dweights": numerical_gradient(loss, weights),
        "dbias": numerical_gradient(loss, bias),
    }
    try:
        answer = dense_backward(dout.copy(), x.copy(), weights.copy())
    except Exception as error:  # 学习者的代码可能抛出任何异常，把它转述给学习者
        return failed(f"dense_backward_answer 出错：{error!r}", "形状：x (N, D)，weights (D, M)，dout (N, M)。")
    if answer is None:
        return not_answered("dense_backward_answer 还没有返回值：请返回 (dx, dweights, dbias)。")
    if not isinstance(answer, (tuple, list)) or len(answer) != 3:
        return failed("请返回三个数组组成的元组 (dx, dweights, dbias)。")
    hints = {
        "dx": "dx = dout @ weights.T，形状与 x 相同。",
        "dweights": "dweights = x.T @ dout，形状与 weights 相同 (D, M)。",
        "dbias": "偏置加到了每个样本上，所以 dbias 是 dout 沿批量维度的和（不是平均）：dout.sum(axis=0)。",
    }
    for (name, want), got in zip(expected.items(), answer):
        got = np.asarray(got, dtype=np.float64)
        if got.shape != want.shape:
            return failed(f"{name} 的形状是 {got.shape}，应为 {want.shape}。", hints[name])
        if relative_error(got, want) > 1e-6:
            return failed(f"{name} 与数值梯度不一致（相对误差 {relative_error(got, want):.1e}）。", hints[name])
    return passed("三个梯度都与 float64 的数值梯度一致。")


def _expected_layer_shapes() -> list[tuple[int, ...]]:
    size = layers.conv_output_size(32, 5, 2, "SAME")
    pooled = layers.conv_output_size(size, 3, 2, "VALID")
    return [(1, size, size, 8), (1, pooled, pooled, 8), (1, pooled, pooled, 4)]


def check_layer_shapes(shapes: list[tuple[int, ...]] | None) -> CheckResult:
    """检查练习 4：三层（5×5 SAME 步幅 2 卷积、3×3 VALID 步幅 2 池化、1×1 卷积）的输出形状。"""
    if shapes is None:
        return not_answered("请把三个形状写成元组的列表，例如 [(1, 10, 10, 3), ...]。")
    expected = _expected_layer_shapes()
    try:
        answer = [tuple(int(size) for size in shape) for shape in shapes]
    except (TypeError, ValueError):
        return failed(f"答案应是元组的列表，收到的是 {shapes!r}。", "格式如 [(1, 10, 10, 3), (1, 4, 4, 3), (1, 4, 4, 2)]：每层一个 NHWC 元组。")
    if len(answer) != len(expected):
        return failed(f"应写出 {len(expected)} 层的形状，你写了 {len(answer)} 个。")
    hints = [
        "SAME 填充时输出长度是 ceil(32 / 2)，通道数等于滤波器个数。",
        f"VALID 池化的输出长度是 floor((n − 3) / 2) + 1，n 是上一层的 {expected[0][1]}；池化不改变通道数。",
        "1×1 卷积不改变高和宽，只把通道数变成滤波器个数。",
    ]
    for index, (got, want) in enumerate(zip(answer, expected)):
        if got != want:
            return failed(f"第 {index + 1} 层的输出形状 {got} 不对。", hints[index])
    return passed(f"三层的形状依次是 {expected}：1×1 卷积只改变通道数。")

