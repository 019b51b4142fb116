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
def most_confused_pair(confusion: np.ndarray) -> tuple[str, str]:
    """返回分错次数最多的 (真实类别, 预测类别) 的中文名。"""
    errors = confusion.copy()
    np.fill_diagonal(errors, 0)  # 对角线是分对的数量，不算
    true_label, predicted_label = np.unravel_index(errors.argmax(), errors.shape)
    return CLASS_NAMES_ZH[true_label], CLASS_NAMES_ZH[predicted_label]


# 练习 4
def per_class_precision(confusion: np.ndarray) -> np.ndarray:
    """每个类别的精确率：对角线（预测正确的个数）除以该列之和（被预测成该类的个数）。"""
    return np.diag(confusion) / confusion.sum(axis=0)
