"""04_cnn_math.ipynb 练习的参考答案。先自己做，再来对照。"""

import numpy as np


# 练习 1
def same_padding_answer(input_size: int, kernel_size: int, stride: int) -> tuple[int, int]:
    """TensorFlow SAME 填充在一个维度上的 (前, 后) 填充量；奇数的总填充把多出的一份放在后面。"""
    output_size = -(-input_size // stride)  # 向上取整
    total = max((output_size - 1) * stride + kernel_size - input_size, 0)
    return total // 2, total - total // 2


# 练习 2
def log_softmax_answer(logits: np.ndarray) -> np.ndarray:
    """数值稳定的 log-softmax：先减去每行最大值，再减去 log Σ exp。"""
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


# 练习 3
def dense_backward_answer(dout: np.ndarray, x: np.ndarray, weights: np.ndarray):
    """out = x @ weights + bias 的反向传播，返回 (dx, dweights, dbias)。"""
    return dout @ weights.T, x.T @ dout, dout.sum(axis=0)


# 练习 4：SAME、步幅 2 → ceil(32 / 2) = 16；3×3 VALID 步幅 2 池化 → floor((16 − 3) / 2) + 1 = 7；
# 1×1 卷积不改变高和宽。
conv_shapes_answer = [(1, 16, 16, 8), (1, 7, 7, 8), (1, 7, 7, 4)]
