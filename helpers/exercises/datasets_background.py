"""01_large_image_datasets.ipynb（大规模图像数据集：规模与任务）的练习检查器。"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from helpers.exercises import CheckResult, failed, not_answered, passed


def _reference_dataset_bytes(num_images: int, height: int, width: int, channels: int, dtype: object) -> int:
    return num_images * height * width * channels * np.dtype(dtype).itemsize


def check_dataset_bytes(dataset_bytes: Callable[..., int] | None) -> CheckResult:
    """检查练习 1：``dataset_bytes(num_images, height, width, channels, dtype)`` 是否算对了整个数据集占的字节数。"""
    if dataset_bytes is None:
        return not_answered("请补全函数 dataset_bytes，再把它传给检查器。")
    if not callable(dataset_bytes):
        return failed(f"检查器需要一个函数，收到的是 {type(dataset_bytes).__name__}。")

    cases = [
        (60_000, 28, 28, 1, np.uint8),
        (50_000, 32, 32, 3, np.uint8),
        (1_281_167, 224, 224, 3, np.float32),
        (10, 2, 3, 4, np.float64),
    ]
    for num_images, height, width, channels, dtype in cases:
        expected = _reference_dataset_bytes(num_images, height, width, channels, dtype)
        call = f"dataset_bytes({num_images}, {height}, {width}, {channels}, np.{np.dtype(dtype).name})"
        try:
            answer = dataset_bytes(num_images, height, width, channels, dtype)
        except Exception as error:  # 学习者的代码可能抛出任何异常，把它转述给学习者
            return failed(f"调用 {call} 时出错：{error!r}")
        if answer is None:
            return not_answered("dataset_bytes 还没有返回值：请返回一个整数（字节数）。")
        if answer == expected:
            continue
        pixels = num_images * height * width
        if answer == pixels * np.dtype(dtype).itemsize:
            return failed(f"{call} 返回 {answer}，应为 {expected}。", "彩色图每个像素有 channels 个数，别忘了乘上通道数。")
        if answer == pixels * channels:
            return failed(
                f"{call} 返回 {answer}，应为 {expected}。",
                "每个数占几个字节取决于 dtype：uint8 占 1 个，float32 占 4 个，可以用 np.dtype(dtype).itemsize 查到。",
            )
        if isinstance(answer, float) and 0 < answer < expected / 1e5:
            return failed(f"{call} 返回 {answer}，应为 {expected}。", "请返回字节数本身，不要换算成 MB 或 GB。")
        return failed(f"{call} 返回 {answer!r}，应为 {expected}。", "字节数 = 图像数 × 高 × 宽 × 通道数 × 每个数的字节数。")
    return passed("四组参数都算对了，例如 ImageNet-1k 的训练集按 224×224×3 的 float32 存储约需 771 GB。")


def check_pixel_mean_std(pixel_mean_std: Callable[[np.ndarray], tuple[float, float]] | None) -> CheckResult:
    """检查练习 2：``pixel_mean_std(images)`` 是否返回缩放到 [0, 1] 后全部像素的均值和标准差。"""
    if pixel_mean_std is None:
        return not_answered("请补全函数 pixel_mean_std(images)，再把它传给检查器。")
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(20, 28, 28), dtype=np.uint8)
    images[:, :, :10] = 0  # 像 Fashion-MNIST 一样留出一片黑色背景
    pixels = images.astype(np.float64) / 255.0
    expected = (pixels.mean(), pixels.std())
    try:
        answer = pixel_mean_std(images.copy())
    except Exception as error:  # 学习者的代码可能抛出任何异常，把它转述给学习者
        return failed(f"pixel_mean_std 出错：{error!r}")
    if answer is None:
        return not_answered("pixel_mean_std 还没有返回值：请返回 (均值, 标准差)。")
    try:
        mean, std = (np.asarray(value, dtype=np.float64) for value in answer)
    except (TypeError, ValueError):
        return failed(f"应返回两个数 (均值, 标准差)，收到的是 {answer!r}。")
    if mean.shape != () or std.shape != ():
        return failed(
            f"均值的形状是 {mean.shape}、标准差的形状是 {std.shape}，应该各是一个数。",
            "对全部像素求均值，不要指定 axis（或者先把数组展平）。",
        )
    if np.allclose([mean, std], [expected[0] * 255, expected[1] * 255], rtol=1e-4):
        return failed(
            f"你的结果 ({float(mean):.2f}, {float(std):.2f}) 是 0…255 尺度上的。",
            "先把像素除以 255.0，缩放到 [0, 1]，再求均值和标准差。",
        )
    if not np.allclose([mean, std], expected, rtol=1e-4):
        return failed(
            f"你的结果是 ({float(mean):.4f}, {float(std):.4f})，应为 ({expected[0]:.4f}, {expected[1]:.4f})。",
            "均值和标准差都针对全部像素计算，用 .mean() 和 .std()。",
        )
    return passed(f"结果 ({expected[0]:.4f}, {expected[1]:.4f}) 正确；对 Fashion-MNIST 训练集，它给出 (0.2860, 0.3530)。")


def _reference_nearest(query: np.ndarray, database: np.ndarray, k: int) -> np.ndarray:
    distances = np.linalg.norm(database - query, axis=1)
    return np.argsort(distances, kind="stable")[:k]


def check_nearest_neighbours(nearest_neighbours: Callable[[np.ndarray, np.ndarray, int], np.ndarray] | None) -> CheckResult:
    """检查练习 3：``nearest_neighbours(query, database, k)`` 是否按欧氏距离从近到远返回 k 个最近邻的下标。"""
    if nearest_neighbours is None:
        return not_answered("请补全函数 nearest_neighbours(query, database, k)，再把它传给检查器。")
    # 这组数据里，点积最大的点（长度最大的 [9, 9]）离查询点并不近，按点积排序会得到不同的答案。
    database = np.array([[9.0, 9.0], [1.0, 1.2], [0.0, 0.0], [1.0, 0.0], [5.0, 5.0], [0.9, 1.0]])
    query = np.array([1.0, 1.0])
    for k in (3, 1):
        expected = _reference_nearest(query, database, k).tolist()
        try:
            answer = nearest_neighbours(query.copy(), database.copy(), k)
        except Exception as error:  # 学习者的代码可能抛出任何异常，把它转述给学习者
            return failed(f"nearest_neighbours(query, database, {k}) 出错：{error!r}")
        if answer is None:
            return not_answered("nearest_neighbours 还没有返回值：请返回一个下标数组。")
        try:
            answer = [int(index) for index in np.asarray(answer).ravel()]
        except (TypeError, ValueError):
            return failed(f"应返回整数下标，收到的是 {answer!r}。")
        if answer == expected:
            continue
        distances = np.linalg.norm(database - query, axis=1)
        if answer == np.argsort(distances)[::-1][:k].tolist():
            return failed(f"k={k} 时你返回了 {answer}，这是最远的 {k} 个点。", "np.argsort 从小到大排序，距离最小的排在最前面，不用反转。")
        if answer == np.argsort(database @ query)[::-1][:k].tolist():
            return failed(
                f"k={k} 时你返回了 {answer}，这是点积最大的 {k} 个点。",
                "点积大不等于距离近：长度大的向量点积也大。请用欧氏距离 np.linalg.norm(database - query, axis=1)。",
            )
        if sorted(answer) == sorted(expected):
            return failed(f"k={k} 时你返回了 {answer}，点选对了，但顺序应从近到远：{expected}。", "np.argpartition 不排序；用 np.argsort 可以得到完整的顺序。")
        return failed(f"k={k} 时你返回了 {answer}，应为 {expected}。", "先算查询点到每一行的欧氏距离，再取最小的 k 个下标。")
    return passed("最近的三个点依次是 [0.9, 1.0]、[1.0, 1.2] 和 [1.0, 0.0]。")
