"""Tests for helpers.data: the shipped files, their checks, and the errors for damaged copies."""

from __future__ import annotations

import gzip
import hashlib
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from helpers.data import CLASS_NAMES, CLASS_NAMES_ZH, DATA_DIR, DatasetFileError, load_fashion_mnist

FILE_NAMES = [
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
]


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the four shipped files that a test may damage."""
    for name in FILE_NAMES:
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def test_train_split_shapes_and_dtypes():
    images, labels = load_fashion_mnist("train")
    assert images.shape == (60_000, 28, 28)
    assert labels.shape == (60_000,)
    assert images.dtype == np.uint8
    assert labels.dtype == np.uint8


def test_test_split_is_balanced():
    images, labels = load_fashion_mnist("test")
    assert images.shape == (10_000, 28, 28)
    assert np.bincount(labels).tolist() == [1_000] * 10


def test_training_pixel_statistics():
    images, _ = load_fashion_mnist("train")
    pixels = images.astype(np.float64) / 255.0
    assert pixels.mean() == pytest.approx(0.2860, abs=5e-5)
    assert pixels.std() == pytest.approx(0.3530, abs=5e-5)


def test_limit_returns_first_samples():
    images, labels = load_fashion_mnist("test", limit=5)
    full_images, full_labels = load_fashion_mnist("test")
    np.testing.assert_array_equal(images, full_images[:5])
    assert labels.tolist() == [9, 2, 1, 1, 6]


def test_arrays_are_writable_copies():
    first, _ = load_fashion_mnist("test", limit=3)
    first[0, 0, 0] = 77
    second, _ = load_fashion_mnist("test", limit=3)
    assert second[0, 0, 0] != 77


def test_uncompressed_files_load(data_copy):
    for name in FILE_NAMES:
        with gzip.open(data_copy / name) as compressed:
            (data_copy / name.removesuffix(".gz")).write_bytes(compressed.read())
        (data_copy / name).unlink()
    images, labels = load_fashion_mnist("test", data_dir=data_copy)
    assert images.shape == (10_000, 28, 28)


def test_recompressed_files_load(data_copy):
    # Another gzip container (other header, other compression level) with the same content.
    path = data_copy / "t10k-labels-idx1-ubyte.gz"
    content = gzip.decompress(path.read_bytes())
    path.write_bytes(gzip.compress(content, compresslevel=1, mtime=0))
    _, labels = load_fashion_mnist("test", data_dir=data_copy)
    assert len(labels) == 10_000


def test_shipped_file_checksums_match_data_readme():
    readme = (DATA_DIR.parent / "README.md").read_text(encoding="utf-8")
    for name in FILE_NAMES:
        digest = hashlib.sha256((DATA_DIR / name).read_bytes()).hexdigest()
        assert re.search(rf"{re.escape(name)}.*{digest}", readme), f"data/README.md lacks the SHA-256 of {name}"


def test_missing_file(data_copy):
    (data_copy / "t10k-images-idx3-ubyte.gz").unlink()
    with pytest.raises(FileNotFoundError, match="t10k-images-idx3-ubyte.gz.*git checkout"):
        load_fashion_mnist("test", data_dir=data_copy)


def test_truncated_gzip_file(data_copy):
    path = data_copy / "train-labels-idx1-ubyte.gz"
    path.write_bytes(path.read_bytes()[:10_000])
    with pytest.raises(DatasetFileError, match="train-labels-idx1-ubyte.gz.*不完整"):
        load_fashion_mnist("train", data_dir=data_copy)


def test_truncated_payload(data_copy):
    path = data_copy / "t10k-labels-idx1-ubyte.gz"
    path.write_bytes(gzip.compress(gzip.decompress(path.read_bytes())[:-100]))
    with pytest.raises(DatasetFileError, match="9908 字节，应为 10008 字节"):
        load_fashion_mnist("test", data_dir=data_copy)


def test_altered_content_fails_checksum(data_copy):
    path = data_copy / "t10k-labels-idx1-ubyte.gz"
    content = bytearray(gzip.decompress(path.read_bytes()))
    content[-1] = (content[-1] + 1) % 10  # still a valid label, so only the checksum can notice
    path.write_bytes(gzip.compress(bytes(content)))
    with pytest.raises(DatasetFileError, match="SHA-256"):
        load_fashion_mnist("test", data_dir=data_copy)


def test_swapped_files_fail_magic_check(data_copy):
    shutil.copy(data_copy / "t10k-labels-idx1-ubyte.gz", data_copy / "t10k-images-idx3-ubyte.gz")
    with pytest.raises(DatasetFileError, match="魔数是 2049，应为 2051"):
        load_fashion_mnist("test", data_dir=data_copy)


def test_not_a_gzip_file(data_copy):
    (data_copy / "t10k-images-idx3-ubyte.gz").write_text("<html>404 Not Found</html>")
    with pytest.raises(DatasetFileError, match="解压失败"):
        load_fashion_mnist("test", data_dir=data_copy)


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"split": "validation"}, ValueError, "'train' 或 'test'"),
        ({"split": "train", "limit": 0}, ValueError, "正整数"),
        ({"split": "train", "limit": 2.5}, TypeError, "float"),
        ({"split": "train", "limit": True}, TypeError, "bool"),
    ],
)
def test_invalid_arguments(arguments, error, message):
    with pytest.raises(error, match=message):
        load_fashion_mnist(**arguments)


def test_class_names_line_up():
    assert len(CLASS_NAMES) == len(CLASS_NAMES_ZH) == 10
    assert CLASS_NAMES[9] == "Ankle boot"
    assert CLASS_NAMES_ZH[9] == "短靴"
    readme = (DATA_DIR.parent / "README.md").read_text(encoding="utf-8")
    for label, (english, chinese) in enumerate(zip(CLASS_NAMES, CLASS_NAMES_ZH)):
        assert f"| {label} | {english} | {chinese} |" in readme
