"""读取随课程仓库附带的 Fashion-MNIST 数据集（IDX 格式），并在使用前校验文件。

数据文件位于仓库的 ``data/fashion-mnist/``，来源、许可证和校验值见 ``data/README.md``。
本模块从不联网下载：文件缺失或损坏时给出中文错误，说明是哪个文件、怎样恢复。
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "fashion-mnist"
"""随仓库附带的 Fashion-MNIST 文件所在的目录。"""

SAMPLES_DIR = DATA_DIR.parent / "samples"
"""几张模拟商品照片的 PNG（白底、彩色、112×112），用来演示对新图片做预测。"""

IMAGE_SIZE = 28
NUM_CLASSES = 10

CLASS_NAMES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
"""类别的英文名，顺序与标签 0…9 一致（Zalando 原始定义）。"""

CLASS_NAMES_ZH = (
    "T恤/上衣",
    "裤子",
    "套头衫",
    "连衣裙",
    "外套",
    "凉鞋",
    "衬衫",
    "运动鞋",
    "包",
    "短靴",
)
"""类别的中文名，顺序与标签 0…9 一致。"""

IMAGES_MAGIC = 2051  # IDX 头：0x00000803，无符号字节，3 个维度
LABELS_MAGIC = 2049  # IDX 头：0x00000801，无符号字节，1 个维度

_RESTORE_HINT = (
    "恢复方法：在仓库根目录运行 `git checkout -- data/fashion-mnist/` 取回原始文件，"
    "或重新克隆仓库；文件来源与校验值见 data/README.md。"
)


@dataclass(frozen=True)
class _IdxFile:
    """一个 IDX 文件的期望内容：文件名、魔数、样本数和解压后内容的 SHA-256。"""

    name: str
    magic: int
    count: int
    sha256: str


# 校验的是解压后的 IDX 内容而不是 .gz 文件本身：同一份数据被不同工具重新压缩后，
# .gz 的字节（文件头里的时间戳、文件名）会变，但解压后的内容不变。
_SPLITS = {
    "train": (
        _IdxFile(
            "train-images-idx3-ubyte.gz",
            IMAGES_MAGIC,
            60_000,
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        ),
        _IdxFile(
            "train-labels-idx1-ubyte.gz",
            LABELS_MAGIC,
            60_000,
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        ),
    ),
    "test": (
        _IdxFile(
            "t10k-images-idx3-ubyte.gz",
            IMAGES_MAGIC,
            10_000,
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        ),
        _IdxFile(
            "t10k-labels-idx1-ubyte.gz",
            LABELS_MAGIC,
            10_000,
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
        ),
    ),
}


class DatasetFileError(ValueError):
    """数据文件存在，但内容不完整、被修改或格式不对。"""


def _read_payload(path: Path) -> bytes:
    """读出 IDX 文件的全部字节；以 .gz 结尾的文件先解压。"""
    if not path.is_file():
        raise FileNotFoundError(f"找不到数据文件 {path}。{_RESTORE_HINT}")
    if path.suffix != ".gz":
        return path.read_bytes()
    try:
        with gzip.open(path, "rb") as stream:
            return stream.read()
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise DatasetFileError(
            f"数据文件 {path} 解压失败（{error}）：文件不完整或已损坏。{_RESTORE_HINT}"
        ) from error


def _parse_idx(path: Path, payload: bytes, expected: _IdxFile) -> np.ndarray:
    """校验 IDX 头、长度和 SHA-256，返回 uint8 数组（图像 N×28×28，标签 N）。"""
    header_dims = 3 if expected.magic == IMAGES_MAGIC else 1
    header_size = 4 * (1 + header_dims)
    if len(payload) < header_size:
        raise DatasetFileError(
            f"数据文件 {path} 只有 {len(payload)} 字节，连 IDX 文件头都不完整。{_RESTORE_HINT}"
        )

    header = np.frombuffer(payload, dtype=">u4", count=1 + header_dims)
    magic, dims = int(header[0]), tuple(int(d) for d in header[1:])
    if magic != expected.magic:
        raise DatasetFileError(
            f"数据文件 {path} 的魔数是 {magic}，应为 {expected.magic}："
            f"这不是本课程需要的 IDX 文件。{_RESTORE_HINT}"
        )

    expected_dims = (expected.count, IMAGE_SIZE, IMAGE_SIZE)[:header_dims]
    if dims != expected_dims:
        raise DatasetFileError(
            f"数据文件 {path} 的维度是 {dims}，应为 {expected_dims}。{_RESTORE_HINT}"
        )

    expected_length = header_size + int(np.prod(dims))
    if len(payload) != expected_length:
        raise DatasetFileError(
            f"数据文件 {path} 解压后有 {len(payload)} 字节，应为 {expected_length} 字节："
            f"文件被截断或多出了内容。{_RESTORE_HINT}"
        )

    digest = hashlib.sha256(payload).hexdigest()
    if digest != expected.sha256:
        raise DatasetFileError(
            f"数据文件 {path} 的 SHA-256 是 {digest}，应为 {expected.sha256}："
            f"内容被修改过。{_RESTORE_HINT}"
        )

    return np.frombuffer(payload, dtype=np.uint8, offset=header_size).reshape(dims)


def load_fashion_mnist(
    split: str = "train",
    *,
    limit: int | None = None,
    data_dir: str | Path | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """读取并校验 Fashion-MNIST 的一个划分，返回 ``(images, labels)``。

    参数：
        split：``"train"``（60,000 张）或 ``"test"``（10,000 张）。
        limit：只返回前 ``limit`` 个样本，用于快速试跑；``None`` 表示全部。
            校验总是针对完整文件进行。
        data_dir：存放四个 IDX 文件的目录，默认为仓库的 ``data/fashion-mnist/``。
            文件可以是 ``.gz`` 压缩的，也可以是解压后去掉 ``.gz`` 后缀的同名文件。

    返回：
        images：uint8 数组，形状 (N, 28, 28)，像素取值 0…255，背景为 0，物体越亮值越大。
        labels：uint8 数组，形状 (N,)，取值 0…9，含义见 ``CLASS_NAMES_ZH``。
        两个数组都可写，互不共享内存。

    异常：
        FileNotFoundError：文件不存在。
        DatasetFileError（ValueError 的子类）：文件不完整、被修改或格式不对。
        ValueError / TypeError：``split`` 或 ``limit`` 的取值不对。
    """
    if split not in _SPLITS:
        raise ValueError(f"split 应为 'train' 或 'test'，收到的是 {split!r}。")
    if limit is not None:
        if isinstance(limit, bool) or not isinstance(limit, (int, np.integer)):
            raise TypeError(f"limit 应为正整数或 None，收到的是 {type(limit).__name__} 类型的 {limit!r}。")
        if limit <= 0:
            raise ValueError(f"limit 应为正整数或 None，收到的是 {limit}。")

    directory = Path(data_dir) if data_dir is not None else DATA_DIR
    arrays = []
    for expected in _SPLITS[split]:
        path = directory / expected.name
        if not path.exists() and (directory / path.stem).exists():
            path = directory / path.stem  # 已解压、去掉了 .gz 后缀的同名文件
        arrays.append(_parse_idx(path, _read_payload(path), expected))
    images, labels = arrays

    count = expected.count if limit is None else min(limit, expected.count)
    return images[:count].copy(), labels[:count].copy()
