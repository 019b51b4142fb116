"""大规模图像数据的输入流水线（input pipeline）：导出、清洗、流式统计和 tf.data。

第 3 章（03_data_pipeline.ipynb）逐步讲解这些函数，后续章节直接调用：

- 把图像导出成按类别分文件夹的 PNG 目录树（ImageNet 的布局）和 TFRecord 分片（shard）；
- 找出内容完全相同的重复图像、损坏或格式不对的文件；
- 一次流式遍历算出像素的均值和标准差；
- 从分片构建 tf.data 流水线：交错读取、并行解码、按轮次变化而又可复现的数据增强、缓存、
  打乱、分批和预取。

图像一律是 NHWC 布局的灰度图：单张 (28, 28, 1)，一批 (N, 28, 28, 1)，原始像素为 uint8。
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import tensorflow as tf
from PIL import Image, UnidentifiedImageError

from helpers.data import CLASS_NAMES, IMAGE_SIZE

AUTOTUNE = tf.data.AUTOTUNE

EXPORT_MARKER = ".dl_image_course_export.json"
"""导出函数在它创建的目录里放的标记文件，记录写过哪些文件；没有它的非空目录一律拒绝写入。"""

CLASS_FOLDER_NAMES = tuple(
    f"{label}_{re.sub(r'[^a-z0-9]+', '_', name.lower()).strip('_')}" for label, name in enumerate(CLASS_NAMES)
)
"""PNG 目录树里各类别的文件夹名，如 ``0_t_shirt_top``、``9_ankle_boot``；按字典序排列正好是标签 0…9。"""

TFRECORD_FEATURES = {
    "image": tf.io.FixedLenFeature([], tf.string),
    "label": tf.io.FixedLenFeature([], tf.int64),
    "index": tf.io.FixedLenFeature([], tf.int64),
}
"""TFRecord 里每条 ``tf.train.Example`` 的字段：PNG 编码的图像、标签、它在原数组里的下标。"""


# ---------------------------------------------------------------------------
# 导出：目录保护
# ---------------------------------------------------------------------------


def prepare_export_dir(directory: str | Path) -> Path:
    """准备一个导出目录：不存在就创建；是本模块以前导出的，就删掉上次写的文件；否则拒绝。

    只删除标记文件 ``EXPORT_MARKER`` 里列出的、位于 ``directory`` 之内的文件，从不碰目录外的东西。

    异常：
        ValueError：``directory`` 是文件，或是一个不是本模块创建的非空目录，
            或上次导出之后有人往里面放了别的文件。
    """
    directory = Path(directory)
    marker = directory / EXPORT_MARKER
    if directory.exists() and not directory.is_dir():
        raise ValueError(f"导出位置 {directory} 是一个文件而不是目录；请换一个目录名。")
    if directory.is_dir() and any(directory.iterdir()):
        if not marker.is_file():
            raise ValueError(
                f"目录 {directory} 不是空的，也不是本课程的导出函数创建的（里面没有 {EXPORT_MARKER}）。"
                "为了不覆盖你的文件，拒绝写入；请换一个目录，或确认里面的文件不再需要后自己清空它。"
            )
        _remove_previous_export(directory, marker)
    directory.mkdir(parents=True, exist_ok=True)
    _write_marker(directory, [])
    return directory


def _remove_previous_export(directory: Path, marker: Path) -> None:
    root = directory.resolve()
    written = json.loads(marker.read_text(encoding="utf-8")).get("files", [])
    for relative in written:
        path = (directory / relative).resolve()
        if path.is_relative_to(root) and path.is_file():
            path.unlink()
    marker.unlink()
    # 从最深的子目录开始删除已经空了的目录；仍有文件的目录留下。
    for folder in sorted((p for p in directory.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    leftovers = sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*"))
    if leftovers:
        raise ValueError(
            f"目录 {directory} 里有不是上次导出写的文件（例如 {leftovers[:3]}），拒绝覆盖；"
            "请把它们移走，或换一个目录。"
        )


def _write_marker(directory: Path, files: Sequence[Path]) -> None:
    relative = sorted(path.relative_to(directory).as_posix() for path in files)
    (directory / EXPORT_MARKER).write_text(json.dumps({"files": relative}, ensure_ascii=False), encoding="utf-8")


def _check_images_and_labels(images: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    images = np.asarray(images)
    labels = np.asarray(labels)
    if images.dtype != np.uint8 or images.ndim not in (3, 4) or images.shape[1:3] != (IMAGE_SIZE, IMAGE_SIZE):
        raise ValueError(f"images 应为 uint8 数组，形状 (N, 28, 28) 或 (N, 28, 28, 1)，收到的是 {images.dtype} {images.shape}。")
    if images.ndim == 4:
        if images.shape[3] != 1:
            raise ValueError(f"images 应为单通道灰度图，收到的形状是 {images.shape}。")
        images = images[..., 0]
    if labels.shape != (len(images),):
        raise ValueError(f"labels 的形状应为 ({len(images)},)，收到的是 {labels.shape}。")
    return images, labels


def encode_png(image: np.ndarray) -> bytes:
    """把一张 uint8 灰度图（形状 (28, 28) 或 (28, 28, 1)）编码成 PNG 字节串（8 位灰度，模式 L）。"""
    pixels = np.asarray(image, dtype=np.uint8).reshape(IMAGE_SIZE, IMAGE_SIZE)
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode="L").save(buffer, format="PNG")
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# 导出：PNG 目录树和 TFRecord 分片
# ---------------------------------------------------------------------------


def export_image_folder(directory: str | Path, splits: Mapping[str, tuple[np.ndarray, np.ndarray]]) -> dict[str, list[Path]]:
    """把每个划分写成按类别分文件夹的 PNG 目录树：``directory/<划分>/<类别文件夹>/<下标>.png``。

    参数：
        directory：导出目录；必须不存在、为空，或是本函数以前导出的（见 ``prepare_export_dir``）。
        splits：划分名 → ``(images, labels)``；images 为 uint8，形状 (N, 28, 28) 或 (N, 28, 28, 1)，
            labels 为 0…9 的整数，形状 (N,)。文件名里的下标是样本在 images 里的位置。

    返回：
        划分名 → 写出的 PNG 路径列表（与 images 的顺序一致）。
    """
    directory = prepare_export_dir(directory)
    written: dict[str, list[Path]] = {}
    try:
        for split, (images, labels) in splits.items():
            images, labels = _check_images_and_labels(images, labels)
            for folder in CLASS_FOLDER_NAMES:
                (directory / split / folder).mkdir(parents=True, exist_ok=True)
            paths = []
            for index, (image, label) in enumerate(zip(images, labels)):
                path = directory / split / CLASS_FOLDER_NAMES[int(label)] / f"{index:05d}.png"
                path.write_bytes(encode_png(image))
                paths.append(path)
            written[split] = paths
    finally:
        _write_marker(directory, [path for paths in written.values() for path in paths])
    return written


def _example(png: bytes, label: int, index: int) -> bytes:
    feature = {
        "image": tf.train.Feature(bytes_list=tf.train.BytesList(value=[png])),
        "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[label])),
        "index": tf.train.Feature(int64_list=tf.train.Int64List(value=[index])),
    }
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()


def shard_file_name(split: str, shard: int, num_shards: int) -> str:
    """分片的文件名，如 ``train-00003-of-00016.tfrecord``（与 TFDS、ImageNet 脚本的命名习惯一致）。"""
    return f"{split}-{shard:05d}-of-{num_shards:05d}.tfrecord"


def write_tfrecord_shards(
    directory: str | Path,
    splits: Mapping[str, tuple[np.ndarray, np.ndarray]],
    *,
    num_shards: int = 16,
) -> dict[str, list[Path]]:
    """把每个划分写成 ``num_shards`` 个 TFRecord 分片，每条记录是一个 PNG 编码的样本。

    第 k 个分片存放第 k 段连续的样本（``np.array_split`` 的切法），各分片样本数最多相差 1。

    参数：
        directory：导出目录，规则同 ``export_image_folder``。
        splits：划分名 → ``(images, labels)``，形状和 dtype 同 ``export_image_folder``。
        num_shards：每个划分的分片数，不能多于该划分的样本数。

    返回：
        划分名 → 分片路径列表，按分片编号排序。
    """
    if isinstance(num_shards, bool) or not isinstance(num_shards, int) or num_shards < 1:
        raise ValueError(f"num_shards 应为正整数，收到的是 {num_shards!r}。")
    checked = {split: _check_images_and_labels(*arrays) for split, arrays in splits.items()}
    for split, (images, _) in checked.items():
        if len(images) < num_shards:
            raise ValueError(f"划分 {split!r} 只有 {len(images)} 个样本，少于 num_shards={num_shards}，会产生空分片。")
    directory = prepare_export_dir(directory)
    written: dict[str, list[Path]] = {}
    try:
        for split, (images, labels) in checked.items():
            paths = []
            for shard, indices in enumerate(np.array_split(np.arange(len(images)), num_shards)):
                path = directory / shard_file_name(split, shard, num_shards)
                paths.append(path)
                with tf.io.TFRecordWriter(str(path)) as writer:
                    for index in indices:
                        writer.write(_example(encode_png(images[index]), int(labels[index]), int(index)))
            written[split] = paths
    finally:
        _write_marker(directory, [path for paths in written.values() for path in paths])
    return written


def count_records(paths: Sequence[str | Path]) -> int:
    """数出这些 TFRecord 文件里一共有多少条记录（只读字节，不解析、不解码）。"""
    dataset = tf.data.TFRecordDataset([str(path) for path in paths])
    return int(dataset.reduce(np.int64(0), lambda count, _: count + 1))


def list_shards(directory: str | Path, split: str) -> list[Path]:
    """按分片编号返回 ``directory`` 里划分 ``split`` 的全部分片；一个也没有时报错。"""
    paths = sorted(Path(directory).glob(f"{split}-*-of-*.tfrecord"))
    if not paths:
        raise FileNotFoundError(f"在 {directory} 里找不到划分 {split!r} 的分片（{split}-*-of-*.tfrecord）；请先运行 write_tfrecord_shards。")
    return paths


# ---------------------------------------------------------------------------
# 解码与预处理：训练和推理共用
# ---------------------------------------------------------------------------


def parse_example(serialized: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    """解析一条 TFRecord 记录，返回 ``(PNG 字节串, 标签)``：tf.string 标量和 tf.int64 标量。"""
    features = tf.io.parse_single_example(serialized, TFRECORD_FEATURES)
    return features["image"], features["label"]


def decode_image(png: tf.Tensor) -> tf.Tensor:
    """把一张 PNG 的字节串解码成 uint8 张量，形状 (28, 28, 1)。

    NOTE: ``channels=1`` 会把彩色 PNG 静默地转成灰度；要发现颜色模式不对的文件，先用
    ``scan_image_folder`` 检查。
    """
    image = tf.io.decode_png(png, channels=1)
    return tf.ensure_shape(image, (IMAGE_SIZE, IMAGE_SIZE, 1))


def standardize(image: tf.Tensor, mean: float, std: float) -> tf.Tensor:
    """把 uint8 像素（0…255）标准化为 float32：``(像素 - mean) / std``，形状不变。"""
    return (tf.cast(image, tf.float32) - mean) / std


def read_tfrecord_shards(paths: Sequence[str | Path]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """按顺序读出分片里的全部样本，返回 ``(images, labels, indices)``。

    images 为 uint8，形状 (N, 28, 28)；labels 和 indices 为 int64，形状 (N,)。用于核对往返结果。
    """
    dataset = tf.data.TFRecordDataset([str(path) for path in paths]).map(
        lambda record: tf.io.parse_single_example(record, TFRECORD_FEATURES)
    )
    images, labels, indices = [], [], []
    for features in dataset.as_numpy_iterator():
        images.append(tf.io.decode_png(features["image"], channels=1).numpy()[..., 0])
        labels.append(features["label"])
        indices.append(features["index"])
    return np.stack(images), np.array(labels, dtype=np.int64), np.array(indices, dtype=np.int64)


# ---------------------------------------------------------------------------
# 清洗：重复图像和坏文件
# ---------------------------------------------------------------------------


def content_hashes(images: np.ndarray) -> list[str]:
    """返回每张图像素内容的 SHA-256（十六进制），用来找逐像素完全相同的图。

    参数：
        images：uint8 数组，形状 (N, 28, 28) 或 (N, 28, 28, 1)。
    """
    images = np.ascontiguousarray(images, dtype=np.uint8)
    return [hashlib.sha256(image.tobytes()).hexdigest() for image in images]


@dataclass(frozen=True)
class FileProblem:
    """一个不能用的图像文件：路径和中文原因。"""

    path: Path
    reason: str


def check_image_file(path: str | Path, *, mode: str = "L", size: tuple[int, int] = (IMAGE_SIZE, IMAGE_SIZE)) -> str | None:
    """检查一个图像文件能否按预期读入；能就返回 None，否则返回中文原因。

    依次检查：空文件、无法识别或已损坏（完整解码一遍）、颜色模式不是 ``mode``、尺寸不是 ``size``（宽, 高）。
    """
    path = Path(path)
    if path.stat().st_size == 0:
        return "空文件（0 字节）"
    try:
        with Image.open(path) as image:
            image.load()  # 完整解码，截断的文件在这里才会出错
            actual_mode, actual_size = image.mode, image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        return f"无法解码，文件已损坏或不是图像（{type(error).__name__}）"
    if actual_mode != mode:
        return f"颜色模式是 {actual_mode}，应为 {mode}（8 位灰度）"
    if actual_size != size:
        return f"尺寸是 {actual_size[0]}×{actual_size[1]}，应为 {size[0]}×{size[1]}"
    return None


def scan_image_folder(directory: str | Path) -> tuple[list[tuple[Path, int]], list[FileProblem]]:
    """扫描按类别分文件夹的目录树，把能用的 PNG 和有问题的文件分开。

    类别由子文件夹决定：按文件夹名排序后的位置就是标签（与 ``CLASS_FOLDER_NAMES`` 一致）。

    返回：
        good：``(路径, 标签)`` 列表，按路径排序。
        problems：``FileProblem`` 列表，每个有问题的文件一项。
    """
    directory = Path(directory)
    class_folders = sorted(p for p in directory.iterdir() if p.is_dir())
    if not class_folders:
        raise FileNotFoundError(f"{directory} 里没有类别子文件夹；目录树应为 <目录>/<类别>/<文件>.png。")
    good: list[tuple[Path, int]] = []
    problems: list[FileProblem] = []
    for label, folder in enumerate(class_folders):
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            reason = check_image_file(path)
            if reason is None:
                good.append((path, label))
            else:
                problems.append(FileProblem(path, reason))
    return good, problems


def image_folder_dataset(directory: str | Path) -> tuple[tf.data.Dataset, list[FileProblem]]:
    """从 PNG 目录树构建 tf.data 数据集，先剔除并报告坏文件，再解码全部好文件。

    返回：
        dataset：元素为 ``(image, label)``：uint8 (28, 28, 1) 和 int64 标量，顺序同 ``scan_image_folder``。
        problems：被剔除的文件及原因。
    """
    good, problems = scan_image_folder(directory)
    paths = [str(path) for path, _ in good]
    labels = np.array([label for _, label in good], dtype=np.int64)
    dataset = tf.data.Dataset.from_tensor_slices((paths, labels)).map(
        lambda path, label: (decode_image(tf.io.read_file(path)), label),
        num_parallel_calls=AUTOTUNE,
        deterministic=True,
    )
    return dataset, problems


# ---------------------------------------------------------------------------
# 流式统计：均值和标准差
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Moments:
    """一组数的计数、均值和离差平方和 M2（float64）；方差 = M2 / count。"""

    count: int
    mean: float
    m2: float

    @property
    def std(self) -> float:
        """总体标准差（ddof=0，与 ``np.std`` 的默认值相同）。"""
        return float(np.sqrt(self.m2 / self.count)) if self.count else float("nan")


def moments_of(values: np.ndarray) -> Moments:
    """算出一批数（任意形状）的 ``Moments``，计算在 float64 里进行。"""
    values = np.asarray(values, dtype=np.float64).ravel()
    if values.size == 0:
        return Moments(0, 0.0, 0.0)
    mean = float(values.mean())
    return Moments(int(values.size), mean, float(np.sum((values - mean) ** 2)))


def merge_moments(a: Moments, b: Moments) -> Moments:
    """合并两组数的 ``Moments``（Chan 等人 1979 年的并行公式），结果等于把两组数放在一起计算。"""
    count = a.count + b.count
    if count == 0:
        return Moments(0, 0.0, 0.0)
    delta = b.mean - a.mean
    mean = a.mean + delta * b.count / count
    m2 = a.m2 + b.m2 + delta * delta * a.count * b.count / count
    return Moments(count, mean, m2)


def streaming_moments(batches: Iterable[np.ndarray]) -> Moments:
    """遍历一次数据，逐批合并出全部像素的 ``Moments``；内存里同一时间只有一批。

    参数：
        batches：可迭代对象，每项是一批像素，任意形状、任意数值 dtype（如 uint8 (N, 28, 28, 1)）。
    """
    total = Moments(0, 0.0, 0.0)
    for batch in batches:
        total = merge_moments(total, moments_of(np.asarray(batch)))
    return total


# ---------------------------------------------------------------------------
# 数据增强和 tf.data 流水线
# ---------------------------------------------------------------------------


def augment_batch(images: tf.Tensor, seed: tf.Tensor) -> tf.Tensor:
    """对一批图做可复现的随机增强：每张图各自以 1/2 的概率左右翻转，再各自平移 -2…2 像素（移出的部分补 0）。

    所有操作都对整批向量化进行，没有逐张图的 Python 或 tf.data 开销。

    参数：
        images：uint8 或 float32，形状 (B, 28, 28, 1)（NHWC），背景像素为 0。
        seed：形状 (2,) 的整数张量；同一个 seed 总是得到同样的结果（无状态随机操作）。

    返回：
        与 images 形状、dtype 相同的张量。
    """
    flip_seed, shift_seed = tf.unstack(tf.random.experimental.stateless_split(tf.cast(seed, tf.int64), num=2))
    batch_size = tf.shape(images)[0]
    padded_size = IMAGE_SIZE + 4
    # 四周各补 2 像素成 32×32，再按每张图自己的偏移量 (top, left) ∈ {0…4}² 取回 28×28 的窗口。
    # 翻转和平移合成一次 gather：输出的第 (i, j) 个像素取自补边后图像的第 (row_i, column_j) 个像素，
    # 翻转的图把列号镜像成 31 - column_j。
    padded = tf.pad(images, [[0, 0], [2, 2], [2, 2], [0, 0]])
    offsets = tf.random.stateless_uniform([batch_size, 2], seed=shift_seed, minval=0, maxval=5, dtype=tf.int32)
    flip = tf.random.stateless_uniform([batch_size, 1], seed=flip_seed) < 0.5
    rows = offsets[:, 0:1] + tf.range(IMAGE_SIZE)[tf.newaxis]
    columns = offsets[:, 1:2] + tf.range(IMAGE_SIZE)[tf.newaxis]
    columns = tf.where(flip, padded_size - 1 - columns, columns)
    image_start = tf.range(batch_size)[:, tf.newaxis, tf.newaxis] * (padded_size * padded_size)
    flat_index = image_start + rows[:, :, tf.newaxis] * padded_size + columns[:, tf.newaxis, :]
    shifted = tf.gather(tf.reshape(padded, [-1]), flat_index)
    return tf.reshape(shifted, [batch_size, IMAGE_SIZE, IMAGE_SIZE, 1])


def epoch_varying_seeds(seed: int) -> tf.data.Dataset:
    """返回一个无限的数据集，每个元素是形状 (2,) 的 int64 种子，供无状态随机操作使用。

    每次重新遍历（每个轮次）得到一串新的种子，而同一个 ``seed`` 的两次运行得到同样的种子序列。
    """
    return tf.data.Dataset.random(seed=seed, rerandomize_each_iteration=True).batch(2, drop_remainder=True)


def naive_dataset(paths: Sequence[str | Path], *, mean: float, std: float, batch_size: int) -> tf.data.Dataset:
    """朴素的 tf.data 流水线：顺序读文件、逐条串行解码、不打乱、不增强、不预取，作对照用。

    元素为 ``(images, labels)``：float32 (B, 28, 28, 1) 和 int64 (B,)。
    """
    dataset = tf.data.TFRecordDataset([str(path) for path in paths]).map(parse_example)
    dataset = dataset.map(lambda png, label: (standardize(decode_image(png), mean, std), label))
    return dataset.batch(batch_size)


def make_dataset(
    paths: Sequence[str | Path],
    *,
    mean: float,
    std: float,
    batch_size: int,
    training: bool,
    seed: int = 42,
    shuffle_buffer: int = 10_000,
    cache: bool = True,
    repeat: int | None = 1,
) -> tf.data.Dataset:
    """从 TFRecord 分片构建调优过的 tf.data 流水线。

    顺序：交错（interleave）读取分片（仅训练） → 并行解码 → 缓存（cache，在随机操作之前） → 重复 ``repeat`` 次
    → 打乱（shuffle，仅训练） → 分批 → 整批做无状态随机增强（仅训练，每轮不同） → 标准化
    → 预取（prefetch）。分批之后的操作对整批向量化进行，省去逐张图的开销。

    参数：
        paths：分片路径；训练时每轮先打乱分片的顺序。
        mean, std：训练集像素（0…255）的均值和标准差，用于 ``standardize``。
        batch_size：每批的样本数；分布式训练时是全局批量（所有副本合计）。
        training：True 时打乱并增强，False 时保持文件中的顺序、不做增强。
        seed：打乱和增强的种子；同一个 seed 的两次运行得到完全相同的数据序列。
        shuffle_buffer：打乱缓冲区的大小（样本数），越接近数据集大小打乱得越彻底。
        cache：是否把解码后的 uint8 图像缓存在内存里（60,000 张约 47 MB）。
        repeat：把数据重复几遍，None 表示无限重复；数据远大于内存时应设 ``cache=False``。

    返回：
        元素为 ``(images, labels)`` 的数据集：float32 (B, 28, 28, 1) 和 int64 (B,)。
    """
    files = tf.data.Dataset.from_tensor_slices([str(path) for path in paths])
    if training:
        files = files.shuffle(len(paths), seed=seed, reshuffle_each_iteration=True)
    # 训练时同时打开 4 个分片轮流读；评估时逐个分片读，保持文件中的顺序。
    dataset = files.interleave(
        tf.data.TFRecordDataset,
        cycle_length=min(4, len(paths)) if training else 1,
        num_parallel_calls=AUTOTUNE,
        deterministic=True,
    )
    dataset = dataset.map(_decode_record, num_parallel_calls=AUTOTUNE, deterministic=True)
    if repeat is not None:
        # interleave 之后 tf.data 不知道一共有多少条记录；告诉它，Keras 就知道每轮有几批。
        dataset = dataset.apply(tf.data.experimental.assert_cardinality(count_records(paths)))
    if cache:
        dataset = dataset.cache()
    if repeat is None:
        dataset = dataset.repeat()
    elif repeat > 1:
        dataset = dataset.repeat(repeat)
    if training:
        dataset = dataset.shuffle(shuffle_buffer, seed=seed, reshuffle_each_iteration=True)
    dataset = dataset.batch(batch_size)
    if training:
        dataset = tf.data.Dataset.zip((dataset, epoch_varying_seeds(seed))).map(
            lambda batch, batch_seed: (augment_batch(batch[0], batch_seed), batch[1]),
            num_parallel_calls=AUTOTUNE,
            deterministic=True,
        )
    dataset = dataset.map(
        lambda images, labels: (standardize(images, mean, std), labels), num_parallel_calls=AUTOTUNE, deterministic=True
    )
    return dataset.prefetch(AUTOTUNE)


def _decode_record(record: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    png, label = parse_example(record)
    return decode_image(png), label


def python_generator_batches(
    files: Sequence[tuple[str | Path, int]],
    *,
    mean: float,
    std: float,
    batch_size: int,
    seed: int = 42,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """用纯 Python 逐个读 PNG 文件，做与 ``make_dataset`` 相同的增强和标准化，再组成批次，作对照用。

    参数：
        files：``(路径, 标签)`` 列表，例如 ``scan_image_folder`` 的第一个返回值。

    产出：
        ``(images, labels)``：float32 (B, 28, 28, 1) 和 int64 (B,)。
    """
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(files))
    for start in range(0, len(order), batch_size):
        images, labels = [], []
        for position in order[start : start + batch_size]:
            path, label = files[position]
            with Image.open(path) as image:
                pixels = np.asarray(image, dtype=np.uint8)
            if rng.random() < 0.5:
                pixels = pixels[:, ::-1]
            padded = np.pad(pixels, 2)
            top, left = rng.integers(0, 5, size=2)
            images.append(padded[top : top + IMAGE_SIZE, left : left + IMAGE_SIZE])
            labels.append(label)
        batch = (np.stack(images).astype(np.float32)[..., np.newaxis] - mean) / std
        yield batch, np.array(labels, dtype=np.int64)


def measure_throughput(batches: Iterable, *, max_images: int, warmup_batches: int = 1) -> tuple[float, int]:
    """遍历 ``batches`` 直到看过至少 ``max_images`` 张图，返回 ``(每秒图像数, 计入的图像数)``。

    前 ``warmup_batches`` 批不计时（第一批里有构建图、打开文件等一次性开销）。
    每批的第一项须是图像张量或数组，第 0 维是批量大小。
    """
    iterator = iter(batches)
    for _ in range(warmup_batches):
        next(iterator)
    seen = 0
    start = time.perf_counter()
    for batch in iterator:
        seen += int(batch[0].shape[0])
        if seen >= max_images:
            break
    elapsed = time.perf_counter() - start
    return seen / elapsed, seen
