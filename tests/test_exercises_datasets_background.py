"""The checkers of 01_large_image_datasets.ipynb accept the reference solutions and reject typical mistakes."""

from __future__ import annotations

import numpy as np
import pytest

import solutions.datasets_background as solution
from helpers.exercises import datasets_background as checks
from checker_asserts import assert_rejected


@pytest.mark.parametrize(
    ("checker", "answer"),
    [
        (checks.check_dataset_bytes, solution.dataset_bytes),
        (checks.check_pixel_mean_std, solution.pixel_mean_std),
        (checks.check_nearest_neighbours, solution.nearest_neighbours),
    ],
)
def test_checker_accepts_reference_solution(checker, answer):
    result = checker(answer)
    assert result.passed, str(result)


@pytest.mark.parametrize(
    "checker",
    [checks.check_dataset_bytes, checks.check_pixel_mean_std, checks.check_nearest_neighbours],
)
def test_checker_reports_unanswered(checker):
    result = checker(None)
    assert not result.passed
    assert not result.answered


@pytest.mark.parametrize(
    "checker",
    [checks.check_dataset_bytes, checks.check_pixel_mean_std, checks.check_nearest_neighbours],
)
def test_stub_returning_none_is_unanswered(checker):
    result = checker(lambda *arguments: None)
    assert not result.answered


def test_dataset_bytes_without_channels_is_rejected():
    no_channels = lambda n, h, w, c, dtype: n * h * w * np.dtype(dtype).itemsize  # noqa: E731
    assert_rejected(checks.check_dataset_bytes(no_channels), "通道数")


def test_dataset_bytes_without_itemsize_is_rejected():
    one_byte_each = lambda n, h, w, c, dtype: n * h * w * c  # noqa: E731
    assert_rejected(checks.check_dataset_bytes(one_byte_each), "itemsize")


def test_dataset_bytes_in_gigabytes_is_rejected():
    gigabytes = lambda n, h, w, c, dtype: n * h * w * c * np.dtype(dtype).itemsize / 1e9  # noqa: E731
    assert_rejected(checks.check_dataset_bytes(gigabytes), "字节数本身")


def test_dataset_bytes_that_raises_is_reported():
    assert_rejected(checks.check_dataset_bytes(lambda *arguments: 1 / 0), "ZeroDivisionError")


def test_pixel_statistics_on_raw_scale_are_rejected():
    raw = lambda images: (images.mean(), images.std())  # noqa: E731
    assert_rejected(checks.check_pixel_mean_std(raw), "255")


def test_per_image_statistics_are_rejected():
    per_image = lambda images: ((images / 255).mean(axis=(1, 2)), (images / 255).std(axis=(1, 2)))  # noqa: E731
    assert_rejected(checks.check_pixel_mean_std(per_image), "axis")


def test_farthest_neighbours_are_rejected():
    farthest = lambda q, db, k: np.argsort(np.linalg.norm(db - q, axis=1))[::-1][:k]  # noqa: E731
    assert_rejected(checks.check_nearest_neighbours(farthest), "最远")


def test_dot_product_neighbours_are_rejected():
    by_dot_product = lambda q, db, k: np.argsort(db @ q)[::-1][:k]  # noqa: E731
    assert_rejected(checks.check_nearest_neighbours(by_dot_product), "欧氏距离")


def test_unsorted_neighbours_are_rejected():
    unsorted = lambda q, db, k: np.sort(np.argsort(np.linalg.norm(db - q, axis=1))[:k])  # noqa: E731
    assert_rejected(checks.check_nearest_neighbours(unsorted), "从近到远")
