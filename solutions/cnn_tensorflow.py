"""05_cnn_tensorflow.ipynb 练习的参考答案。先自己做，再来对照。"""

import numpy as np

from helpers.data import CLASS_NAMES_ZH


# 练习 1
def conv2d_param_count(kernel_size: int, in_channels: int, filters: int) -> int:
    """卷积层的参数量：每个滤波器有 k×k×输入通道数 个权重和 1 个偏置。"""
    return (kernel_size * kernel_size * in_channels + 1) * filters


# 练习 2：padding="same" 时，步幅 1 的 3×3 卷积不改变高和宽，2×2 池化把高和宽减半。
same_padding_shapes = [
    (28, 28, 32),
    (14, 14, 32),
    (14, 14, 64),
    (7, 7, 64),
    (7, 7, 64),
    (7 * 7 * 64,),
]


# 练习 3
def top_k_classes(probs: np.ndarray, k: int) -> list[str]:
    """按概率从大到小返回前 k 个类别的中文名。"""
    order = np.argsort(probs)[::-1][:k]  # argsort 从小到大，反过来取前 k 个
    return [CLASS_NAMES_ZH[index] for index in order]


# 练习 4
def per_class_accuracy(confusion: np.ndarray) -> np.ndarray:
    """每个类别的准确率：对角线（预测正确的个数）除以该行之和（该类的样本数）。"""
    return np.diag(confusion) / confusion.sum(axis=1)
