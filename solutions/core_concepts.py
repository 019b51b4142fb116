"""02_core_concepts.ipynb 练习的参考答案。先自己做，再来对照。"""

import numpy as np


# 练习 1
def leaky_relu_grad(z, alpha):
    """Leaky ReLU 的导数：z > 0 处为 1，其余为 alpha（z = 0 处不可导，这里取左导数 alpha）。"""
    return np.where(z > 0, 1.0, alpha)


# 练习 2
def mlp_param_count(layer_sizes):
    """全连接网络的参数总数：每对相邻层有 (输入数 + 1) × 输出数 个参数，+1 是偏置。"""
    return sum((fan_in + 1) * fan_out for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]))


# 练习 3
def stable_softmax(logits):
    """逐行 softmax；先减去每行最大值，避免 exp 溢出。"""
    shifted = logits - logits.max(axis=1, keepdims=True)
    exps = np.exp(shifted)
    return exps / exps.sum(axis=1, keepdims=True)


# 练习 4
def my_cross_entropy_grad(logits, labels):
    """批量平均交叉熵损失对 logits 的梯度：(softmax(logits) − one_hot(labels)) / N。"""
    grad = stable_softmax(logits)
    grad[np.arange(len(labels)), labels] -= 1.0
    return grad / len(labels)
