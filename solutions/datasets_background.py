"""01_large_image_datasets.ipynb 练习的参考答案。先自己做，再来对照。"""

import numpy as np


# 练习 1
def dataset_bytes(num_images, height, width, channels, dtype):
    """整个数据集占的字节数：每张图 高 × 宽 × 通道数 个数，每个数占 dtype 的字节数。"""
    return num_images * height * width * channels * np.dtype(dtype).itemsize


# 练习 2
def pixel_mean_std(images):
    """先把 uint8 像素缩放到 [0, 1]，再对全部像素求均值和标准差。"""
    pixels = images.astype(np.float64) / 255.0
    return pixels.mean(), pixels.std()


# 练习 3
def nearest_neighbours(query, database, k):
    """按欧氏距离从近到远，返回 database 中离 query 最近的 k 行的下标。"""
    distances = np.linalg.norm(database - query, axis=1)
    return np.argsort(distances)[:k]
