"""05_cnn_tensorflow.ipynb（用 TensorFlow 实现参考 CNN）的练习检查器。"""

from __future__ import annotations

from collections.abc import Callable

import keras
import numpy as np

from helpers.data import CLASS_NAMES_ZH, IMAGE_SIZE
from helpers.exercises import CheckResult, failed, not_answered, passed

# 行是真实类别、列是预测类别。各行、各列之和都不相同，所以按行或按列归一化会得到不同的答案；
# 最大的非对角元素 (2, 1) 小于对角线上的元素，只看最大值的答案会选到对角线。
_CONFUSION = np.array(
    [
        [50, 3, 1, 0],
        [4, 40, 2, 6],
        [2, 11, 30, 1],
        [0, 5, 0, 45],
    ]
)
_PAIR_NAMES = CLASS_NAMES_ZH[:4]


def check_conv2d_param_count(conv2d_param_count: Callable[[int, int, int], int] | None) -> CheckResult:
    """检查练习 1：``conv2d_param_count(kernel_size, in_channels, filters)`` 是否算对了卷积层的参数量。"""
    if conv2d_param_count is None:
        return not_answered("请补全函数 conv2d_param_count，再把它传给检查器。")
    if not callable(conv2d_param_count):
        return failed(f"检查器需要一个函数，收到的是 {type(conv2d_param_count).__name__}。")

    cases = [(3, 1, 32), (3, 32, 64), (5, 64, 128), (1, 3, 8)]
    for kernel_size, in_channels, filters in cases:
        expected = (kernel_size * kernel_size * in_channels + 1) * filters
        call = f"conv2d_param_count({kernel_size}, {in_channels}, {filters})"
        try:
            answer = conv2d_param_count(kernel_size, in_channels, filters)
        except Exception as error:  # 学习者的代码可能抛出任何异常，把它转述给学习者
            return failed(f"调用 {call} 时出错：{error!r}")
        if answer is None:
            return not_answered("conv2d_param_count 目前返回 None，请让它返回一个整数。")
        if answer == expected:
            continue
        if answer == kernel_size * kernel_size * in_channels * filters:
            return failed(f"{call} 返回 {answer}，应为 {expected}。", "每个滤波器（filter）除了权重，还有一个偏置（bias）。")
        if answer == (kernel_size * kernel_size + 1) * filters:
            return failed(f"{call} 返回 {answer}，应为 {expected}。", "卷积核要覆盖全部输入通道：核的形状是 k×k×输入通道数。")
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
    """检查练习 2：三个卷积层都改成 ``padding="same"`` 后，前六层（到展平层为止）的输出形状。"""
    if shapes is None:
        return not_answered("请把六个形状写成元组的列表，例如 [(28, 28, 32), ...]。")
    example = "例如 [(28, 28, 32), (14, 14, 32), ...]，展平层写成 (长度,)。"
    if isinstance(shapes, (str, bytes)) or not hasattr(shapes, "__iter__"):
        return failed(f"答案应是元组的列表，收到的是 {shapes!r}。", example)
    answer = []
    for shape in shapes:
        if isinstance(shape, (str, bytes)) or not hasattr(shape, "__iter__"):
            return failed(f"列表里的每一项都应是一个元组，收到了 {shape!r}。", example)
        if any(size is None for size in shape):
            return failed(f"形状 {tuple(shape)} 里有 None。", "这里写的形状不含批量维度，去掉开头的 None。")
        if not all(isinstance(size, (int, np.integer)) and not isinstance(size, bool) for size in shape):
            return failed(f"形状 {tuple(shape)} 里应全是整数。", example)
        answer.append(tuple(int(size) for size in shape))

    expected = _same_padding_shapes()
    if len(answer) != len(expected):
        return failed(f"应写出 {len(expected)} 层（卷积、池化、卷积、池化、卷积、展平）的形状，你写了 {len(answer)} 个。")
    for index, (got, want) in enumerate(zip(answer, expected)):
        if got != want:
            hint = "padding='same' 时步幅为 1 的卷积保持高和宽不变；2×2 池化把高和宽减半（向下取整）。"
            return failed(f"第 {index + 1} 层的输出形状写成了 {got}，应为 {want}。", hint)
    return passed(f"展平后的长度是 {expected[-1][0]}，比原模型的 576 大得多，其后全连接层的参数量也随之增加。")


def _call_with_confusion(function: Callable[[np.ndarray], object], name: str) -> tuple[object, CheckResult | None]:
    """用检查器的混淆矩阵调用学习者的函数；出错或返回 None 时给出对应的结论。"""
    try:
        answer = function(_CONFUSION.copy())
    except Exception as error:  # 学习者的代码可能抛出任何异常，把它转述给学习者
        return None, failed(f"{name} 出错：{error!r}")
    if answer is None:
        return None, not_answered(f"{name} 目前返回 None，请让它返回结果。")
    return answer, None


def check_most_confused_pair(most_confused_pair: Callable[[np.ndarray], tuple[str, str]] | None) -> CheckResult:
    """检查练习 3：``most_confused_pair(confusion)`` 是否返回分错最多的 (真实类别, 预测类别) 中文名。"""
    if most_confused_pair is None:
        return not_answered("请补全函数 most_confused_pair(confusion)，再把它传给检查器。")
    answer, problem = _call_with_confusion(most_confused_pair, "most_confused_pair")
    if problem is not None:
        return problem

    expected = (_PAIR_NAMES[2], _PAIR_NAMES[1])
    if isinstance(answer, str) or not hasattr(answer, "__len__") or len(answer) != 2:
        return failed(f"应返回两个中文类别名组成的元组，例如 ('套头衫', '裤子')，收到的是 {answer!r}。")
    answer = tuple(answer)
    if all(isinstance(item, (int, np.integer)) for item in answer):
        return failed(f"你返回了类别编号 {answer}，应返回中文类别名。", "用 CLASS_NAMES_ZH[编号] 把编号换成名字。")
    if answer == expected:
        return passed(f"在检查用的混淆矩阵里，最常见的错误是把{expected[0]}认成{expected[1]}。")
    if answer == expected[::-1]:
        return failed(f"你返回了 {answer}，顺序反了。", "行是真实类别、列是预测类别：返回 (行对应的类别, 列对应的类别)。")
    if answer[0] == answer[1]:
        return failed(f"你返回了 {answer}，这是对角线上的元素，即分对的数量。", "先把对角线置零，例如 np.fill_diagonal(副本, 0)，再找最大值。")
    return failed(f"你返回了 {answer}，应为 {expected}。", "用 np.unravel_index(矩阵.argmax(), 矩阵.shape) 找到最大的非对角元素的行和列。")


def check_per_class_precision(per_class_precision: Callable[[np.ndarray], np.ndarray] | None) -> CheckResult:
    """检查练习 4：``per_class_precision(confusion)`` 是否从混淆矩阵正确算出每个类别的精确率。"""
    if per_class_precision is None:
        return not_answered("请补全函数 per_class_precision(confusion)，再把它传给检查器。")
    answer, problem = _call_with_confusion(per_class_precision, "per_class_precision")
    if problem is not None:
        return problem

    expected = np.diag(_CONFUSION) / _CONFUSION.sum(axis=0)
    try:
        answer = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return failed(f"结果应是一组数，收到的是 {answer!r}。")
    if answer.shape != expected.shape:
        return failed(f"结果的形状是 {answer.shape}，应为 {expected.shape}：每个类别一个数。")
    if np.allclose(answer, np.diag(_CONFUSION) / _CONFUSION.sum(axis=1)):
        return failed(
            f"你的结果 {np.round(answer, 3).tolist()} 是按行归一化的，那是召回率，也就是上文的每类准确率。",
            "精确率看的是“被预测成这一类的图”：对角线元素 ÷ 该列之和。",
        )
    if not np.allclose(answer, expected):
        return failed(f"你的结果是 {np.round(answer, 3).tolist()}，应为 {np.round(expected, 3).tolist()}。", "对角线元素 ÷ 该列之和。")
    return passed(f"结果 {np.round(expected, 3).tolist()} 正确。")
