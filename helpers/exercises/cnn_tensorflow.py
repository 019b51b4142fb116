"""05_cnn_tensorflow.ipynb（用 TensorFlow 实现参考 CNN）的练习检查器。"""

from __future__ import annotations

from collections.abc import Callable
import keras
import numpy as np

from helpers.data import CLASS_NAMES_ZH, IMAGE_SIZE
from helpers.exercises import CheckResult, failed, not_answered, passed


def _reference_conv2d_param_count(kernel_size: int, in_channels: int, filters: int) -> int:
    return (kernel_size * kernel_size * in_channels + 1) * filters


def check_conv2d_param_count(conv2d_param_count: Callable[[int, int, int], int] | None) -> CheckResult:
    """检查练习 1：``conv2d_param_count(kernel_size, in_channels, filters)`` 是否算对了卷积层的参数量。"""
    if conv2d_param_count is None:
        return not_answered("请补全函数 conv2d_param_count，再把它传给检查器。")
    if not callable(conv2d_param_count):
        return failed(f"检查器需要一个函数，收到的是 {type(conv2d_param_count).__name__}。")

    cases = [(3, 1, 32), (3, 32, 64), (5, 64, 128), (1, 3, 8)]
    for kernel_size, in_channels, filters in cases:
        expected = _reference_conv2d_param_count(kernel_size, in_channels, filters)
        try:
            answer = conv2d_param_count(kernel_size, in_channels, filters)
        except Exception as error:  # 学习者的代码可能抛出任何异常，把它转述给学习者
            return failed(f"调用 conv2d_param_count{(kernel_size, in_channels, filters)} 时出错：{error!r}")
        if answer is None:
            return not_answered("conv2d_param_count 还没有返回值：请返回一个整数。")
        if answer == expected:
            continue
        call = f"conv2d_param_count({kernel_size}, {in_channels}, {filters})"
        if answer == kernel_size * kernel_size * in_channels * filters:
            return failed(f"{call} 返回 {answer}，应为 {expected}。", "每个滤波器（filter）除了权重，还有一个偏置（bias）。")
        if answer == (kernel_size * kernel_size + 1) * filters:
            return failed(f"{call} 返回 {answer}，应为 {expected}。", "每个滤波器的核要覆盖全部输入通道：核的形状是 k×k×输入通道数。")
        return failed(f"{call} 返回 {answer!r}，应为 {expected}。", "参数量 = (核高 × 核宽 × 输入通道数 + 1) × 滤波器个数。")
    return passed("四组参数都算对了，例如第二个卷积层 (3×3×32 + 1) × 64 = 18,496。")


def _same_padding_shapes() -> list[tuple[int, ...]]:
    """用 Keras 实际构建“全部卷积层 padding='same'”的变体，返回各层输出形状（不含批量维度）。"""
    model = keras.Sequential(
        [
            keras.Input(shape=(IMAGE_SIZE, IMAGE_SIZE, 1)),
            keras.layers.Conv2D(32, 3, padding="same"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Conv2D(64, 3, padding="same"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Conv2D(64, 3, padding="same"),
            keras.layers.Flatten(),
        ]
    )
    return [tuple(layer.output.shape[1:]) for layer in model.layers]


def check_same_padding_shapes(shapes: list[tuple[int, ...]] | None) -> CheckResult:
    """检查练习 2：三个卷积层都改成 ``padding="same"`` 后，前六层（到 Flatten 为止）的输出形状。"""
    if shapes is None:
        return not_answered("请把六个形状写成元组列表，例如 [(28, 28, 32), ...]。")
    expected = _same_padding_shapes()
    try:
        answer = [tuple(int(size) for size in shape) for shape in shapes]
    except TypeError:
        return failed(f"答案应是元组的列表，收到的是 {shapes!r}。", "例如 [(28, 28, 32), (14, 14, 32), ...]，Flatten 层写成 (长度,)。")
    if len(answer) != len(expected):
        return failed(f"应写出 {len(expected)} 层（卷积、池化、卷积、池化、卷积、Flatten）的形状，你写了 {len(answer)} 个。")
    for index, (got, want) in enumerate(zip(answer, expected)):
        if got != want:
            hint = "padding='same' 时步幅为 1 的卷积保持高和宽不变；2×2 池化把高和宽减半（向下取整）。"
            return failed(f"第 {index + 1} 层的输出形状写成了 {got}，应为 {want}。", hint)
    return passed(f"Flatten 之后的长度是 {expected[-1][0]}，比原模型的 576 大了许多，Dense 层的参数量也随之增加。")


def check_top_k_classes(top_k_classes: Callable[[np.ndarray, int], list[str]] | None) -> CheckResult:
    """检查练习 3：``top_k_classes(probs, k)`` 是否按概率从大到小返回前 k 个类别的中文名。"""
    if top_k_classes is None:
        return not_answered("请补全函数 top_k_classes(probs, k)，再把它传给检查器。")
    probs = np.array([0.02, 0.01, 0.30, 0.05, 0.40, 0.01, 0.15, 0.02, 0.03, 0.01])
    cases = [(3, ["外套", "套头衫", "衬衫"]), (1, ["外套"])]
    for k, expected in cases:
        try:
            answer = top_k_classes(probs.copy(), k)
        except Exception as error:  # 学习者的代码可能抛出任何异常，把它转述给学习者
            return failed(f"top_k_classes(probs, {k}) 出错：{error!r}")
        if answer is None:
            return not_answered("top_k_classes 还没有返回值：请返回一个中文类别名的列表。")
        answer = list(answer)
        if answer == expected:
            continue
        if answer == expected[::-1] or answer == [CLASS_NAMES_ZH[i] for i in np.argsort(probs)[:k]]:
            return failed(f"k={k} 时你返回了 {answer}，应为 {expected}。", "np.argsort 是从小到大排的，要取最大的 k 个，需要把顺序反过来。")
        if all(isinstance(item, (int, np.integer)) for item in answer):
            return failed(f"k={k} 时你返回了类别编号 {answer}，应返回中文类别名。", "用 CLASS_NAMES_ZH[编号] 把编号换成名字。")
        return failed(f"k={k} 时你返回了 {answer}，应为 {expected}。", "先用 np.argsort(probs)[::-1][:k] 找到概率最大的 k 个编号。")
    return passed("概率最大的三类依次是外套、套头衫、衬衫。")


def _reference_per_class_accuracy(confusion: np.ndarray) -> np.ndarray:
    return np.diag(confusion) / confusion.sum(axis=1)


def check_per_class_accuracy(per_class_accuracy: Callable[[np.ndarray], np.ndarray] | None) -> CheckResult:
    """检查练习 4：``per_class_accuracy(confusion)`` 是否从混淆矩阵正确算出每个类别的准确率（召回率）。"""
    if per_class_accuracy is None:
        return not_answered("请补全函数 per_class_accuracy(confusion)，再把它传给检查器。")
    # 行是真实类别、列是预测类别；各行样本数不同，行列归一化会给出不同答案。
    confusion = np.array([[8, 1, 1], [4, 14, 2], [0, 3, 27]])
    expected = _reference_per_class_accuracy(confusion)
    try:
        answer = per_class_accuracy(confusion.copy())
    except Exception as error:  # 学习者的代码可能抛出任何异常，把它转述给学习者
        return failed(f"per_class_accuracy 出错：{error!r}")
    if answer is None:
        return not_answered("per_class_accuracy 还没有返回值：请返回每个类别的准确率。")
    answer = np.asarray(answer, dtype=np.float64)
    if answer.shape != expected.shape:
        return failed(f"结果的形状是 {answer.shape}，应为 {expected.shape}：每个类别一个数。")
    if np.allclose(answer, np.diag(confusion) / confusion.sum(axis=0)):
        return failed(
            f"你的结果 {np.round(answer, 3).tolist()} 是按列归一化的，那是精确率（precision）。",
            "confusion_matrix 的行是真实类别：某类的准确率 = 对角线元素 / 该行之和。",
        )
    if not np.allclose(answer, expected):
        return failed(f"你的结果是 {np.round(answer, 3).tolist()}，应为 {np.round(expected, 3).tolist()}。", "对角线元素 / 该行之和。")
    return passed(f"结果 {np.round(expected, 3).tolist()} 正确。")
