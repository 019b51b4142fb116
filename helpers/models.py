"""课程里反复用到的模型。

``build_reference_cnn`` 是第 5 章（05_cnn_tensorflow.ipynb）逐层讲解的参考 CNN，
其他章节（流水线、分布式训练、模型选择）直接调用这里的版本。
"""

from __future__ import annotations

import keras
import numpy as np

from helpers.data import IMAGE_SIZE, NUM_CLASSES

REFERENCE_CNN_PARAMS = 93_322
"""参考 CNN 在 28×28×1 输入、10 个类别时的参数总数。"""


def scale_images(images: np.ndarray) -> np.ndarray:
    """把 uint8 灰度图转成模型的输入：float32，取值 [0, 1]，形状 (N, 28, 28, 1)（NHWC）。

    参数：
        images：uint8 数组，形状 (N, 28, 28) 或 (N, 28, 28, 1)，取值 0…255。
    """
    images = np.asarray(images)
    if images.dtype != np.uint8:
        raise TypeError(
            f"images 的 dtype 应为 uint8（0…255 的原始像素），收到的是 {images.dtype}；"
            "如果已经除过 255，就不要再调用 scale_images。"
        )
    if images.ndim == 3:
        images = images[..., np.newaxis]
    if images.ndim != 4 or images.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE, 1):
        raise ValueError(
            f"images 的形状应为 (N, 28, 28) 或 (N, 28, 28, 1)，收到的是 {images.shape}；"
            "单张图请先用 image[None] 加上批量维度。"
        )
    return images.astype(np.float32) / 255.0


def build_reference_cnn(num_classes: int = NUM_CLASSES) -> keras.Model:
    """构建课程的参考 CNN（未编译）：Conv32-Pool-Conv64-Pool-Conv64-Flatten-Dense64-Dense10。

    输入为 (28, 28, 1) 的 float32 图像（NHWC），输出为 ``num_classes`` 个类别的 softmax 概率。
    10 个类别时共 93,322 个参数。
    """
    if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 2:
        raise ValueError(f"num_classes 应为不小于 2 的整数，收到的是 {num_classes!r}。")
    return keras.Sequential(
        [
            keras.Input(shape=(IMAGE_SIZE, IMAGE_SIZE, 1)),
            keras.layers.Conv2D(32, (3, 3), activation="relu"),
            keras.layers.MaxPooling2D((2, 2)),
            keras.layers.Conv2D(64, (3, 3), activation="relu"),
            keras.layers.MaxPooling2D((2, 2)),
            keras.layers.Conv2D(64, (3, 3), activation="relu"),
            keras.layers.Flatten(),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(num_classes, activation="softmax"),
        ],
        name="reference_cnn",
    )


def compile_reference_cnn(model: keras.Model) -> keras.Model:
    """按参考设置编译模型：adam、稀疏分类交叉熵、准确率指标；返回同一个模型。"""
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
