"""02_core_concepts.ipynb（核心概念：神经元、层、激活函数、手写多层感知机）的练习检查器。"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from helpers.exercises import CheckResult, failed, not_answered, passed


def _call(function: Callable, description: str, *arguments: object) -> tuple[object, CheckResult | None]:
    """调用学习者的函数；出错时返回一个转述异常的 CheckResult，而不是把异常抛出去。"""
    try:
        return function(*arguments), None
    except Exception as error:  # 学习者的代码可能抛出任何异常，把它转述给学习者
        return None, failed(f"调用 {description} 时出错：{error!r}")


def check_leaky_relu_grad(leaky_relu_grad: Callable[[np.ndarray, float], np.ndarray] | None) -> CheckResult:
    """检查练习 1：``leaky_relu_grad(z, alpha)`` 是否返回 Leaky ReLU 对 z 的逐元素导数。"""
    if leaky_relu_grad is None:
        return not_answered("请补全函数 leaky_relu_grad(z, alpha)，再把它传给检查器。")
    z = np.array([-3.0, -0.5, 0.5, 2.0])
    alpha = 0.1
    expected = np.where(z > 0, 1.0, alpha)
    answer, error = _call(leaky_relu_grad, "leaky_relu_grad(z, 0.1)", z.copy(), alpha)
    if error is not None:
        return error
    if answer is None:
        return not_answered("leaky_relu_grad 还没有返回值：请返回与 z 形状相同的数组。")
    answer = np.asarray(answer, dtype=np.float64)
    if answer.shape != z.shape:
        return failed(f"结果的形状是 {answer.shape}，应与 z 相同，即 {z.shape}。", "导数是逐元素的：每个 z 对应一个导数。")
    if np.allclose(answer, np.where(z > 0, 1.0, 0.0)):
        return failed(f"z < 0 处你给出的导数是 0，这是 ReLU 的导数。", "Leaky ReLU 在 z < 0 时是 alpha·z，导数是 alpha。")
    if np.allclose(answer, np.where(z > 0, z, alpha * z)):
        return failed("你返回的是 Leaky ReLU 的函数值，不是导数。", "z > 0 时导数是 1，z < 0 时导数是 alpha。")
    if not np.allclose(answer, expected):
        return failed(f"z = {z.tolist()}、alpha = 0.1 时你的结果是 {answer.tolist()}，应为 {expected.tolist()}。", "z > 0 时导数是 1，z < 0 时导数是 alpha。")
    return passed("z > 0 处导数是 1，z < 0 处是 alpha：负半轴的梯度不再是 0，神经元不会因此“死掉”。")


def _reference_mlp_param_count(layer_sizes: Sequence[int]) -> int:
    return sum((fan_in + 1) * fan_out for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]))


def check_mlp_param_count(mlp_param_count: Callable[[Sequence[int]], int] | None) -> CheckResult:
    """检查练习 2：``mlp_param_count(layer_sizes)`` 是否算对了全连接网络的参数总数。"""
    if mlp_param_count is None:
        return not_answered("请补全函数 mlp_param_count(layer_sizes)，再把它传给检查器。")
    for layer_sizes in ([784, 128, 10], [784, 256, 128, 10], [2, 3]):
        expected = _reference_mlp_param_count(layer_sizes)
        call = f"mlp_param_count({layer_sizes})"
        answer, error = _call(mlp_param_count, call, list(layer_sizes))
        if error is not None:
            return error
        if answer is None:
            return not_answered("mlp_param_count 还没有返回值：请返回一个整数。")
        if answer == expected:
            continue
        weights_only = sum(fan_in * fan_out for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]))
        if answer == weights_only:
            return failed(f"{call} 返回 {answer}，应为 {expected}。", "每个输出神经元除了权重，还有一个偏置（bias）。")
        return failed(f"{call} 返回 {answer!r}，应为 {expected}。", "相邻两层之间有 (输入数 + 1) × 输出数 个参数，把每一对相邻层加起来。")
    return passed("三组都算对了：本章的 784-128-10 网络有 101,770 个参数。")


def _reference_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exps = np.exp(shifted)
    return exps / exps.sum(axis=-1, keepdims=True)


def check_softmax(stable_softmax: Callable[[np.ndarray], np.ndarray] | None) -> CheckResult:
    """检查练习 3：``stable_softmax(logits)`` 是否对形状 (N, C) 的 logits 逐行计算 softmax，且 logits 很大时不溢出。"""
    if stable_softmax is None:
        return not_answered("请补全函数 stable_softmax(logits)，再把它传给检查器。")
    small = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    large = np.array([[1000.0, 1001.0, 1002.0], [-5.0, 0.0, 5.0]])
    for logits, name in ((small, "小的 logits"), (large, "很大的 logits")):
        expected = _reference_softmax(logits)
        with np.errstate(all="ignore"):  # 朴素写法在很大的 logits 上会溢出，这里只看结果，不让警告打断练习
            answer, error = _call(stable_softmax, f"stable_softmax({name})", logits.copy())
        if error is not None:
            return error
        if answer is None:
            return not_answered("stable_softmax 还没有返回值：请返回与 logits 形状相同的概率数组。")
        answer = np.asarray(answer, dtype=np.float64)
        if answer.shape != logits.shape:
            return failed(f"结果的形状是 {answer.shape}，应与 logits 相同，即 {logits.shape}。")
        if not np.all(np.isfinite(answer)):
            return failed(
                f"输入{name} {logits.tolist()} 时结果里有 nan 或 inf。",
                "np.exp(1000) 会溢出。先让每行减去该行的最大值：softmax 的结果不变，指数却不会溢出。",
            )
        if np.allclose(answer, _reference_softmax(logits.T).T):
            return failed("你的结果每一列之和为 1，应是每一行之和为 1。", "求和、求最大值时用 axis=1（或 axis=-1）和 keepdims=True。")
        if not np.allclose(answer, expected):
            return failed(f"输入{name}时你的结果是 {np.round(answer, 4).tolist()}，应为 {np.round(expected, 4).tolist()}。", "softmax(z)_i = exp(z_i) / Σ_j exp(z_j)，逐行计算。")
    return passed("每行之和为 1，logits 到 1000 也不溢出。")


def _reference_cross_entropy_grad(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    probs = _reference_softmax(logits)
    probs[np.arange(len(labels)), labels] -= 1.0
    return probs / len(labels)


def check_cross_entropy_grad(my_cross_entropy_grad: Callable[[np.ndarray, np.ndarray], np.ndarray] | None) -> CheckResult:
    """检查练习 4：``my_cross_entropy_grad(logits, labels)`` 是否返回批量平均交叉熵损失对 logits 的梯度。"""
    if my_cross_entropy_grad is None:
        return not_answered("请补全函数 my_cross_entropy_grad(logits, labels)，再把它传给检查器。")
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [0.0, 0.0, 3.0], [1.0, -1.0, 0.0]])
    labels = np.array([0, 2, 2, 1])
    expected = _reference_cross_entropy_grad(logits, labels)
    answer, error = _call(my_cross_entropy_grad, "my_cross_entropy_grad(logits, labels)", logits.copy(), labels.copy())
    if error is not None:
        return error
    if answer is None:
        return not_answered("my_cross_entropy_grad 还没有返回值：请返回与 logits 形状相同的梯度。")
    answer = np.asarray(answer, dtype=np.float64)
    if answer.shape != logits.shape:
        return failed(f"梯度的形状是 {answer.shape}，应与 logits 相同，即 {logits.shape}。")
    if np.allclose(answer, expected * len(labels)):
        return failed("你的梯度是应有值的 4 倍（批量大小是 4）。", "损失是对批量求平均的，所以梯度也要除以批量大小 N。")
    if np.allclose(answer, -expected):
        return failed("你的梯度符号反了。", "梯度是 (softmax(logits) − one_hot(labels)) / N：正确类别处为负，其余为正。")
    if not np.allclose(answer, expected):
        return failed(f"你的结果是 {np.round(answer, 4).tolist()}，应为 {np.round(expected, 4).tolist()}。", "先算 softmax，再在正确类别处减 1，最后除以 N。")
    return passed("梯度 = (softmax(logits) − one_hot(labels)) / N，每行之和为 0。")
