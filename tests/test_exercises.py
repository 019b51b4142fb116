"""Each chapter 5 exercise checker accepts the reference solution and rejects typical mistakes."""

from __future__ import annotations

import numpy as np
import pytest

import solutions.cnn_tensorflow as solution
from helpers.data import CLASS_NAMES_ZH
from helpers.exercises import cnn_tensorflow as checks
from checker_asserts import assert_rejected


def test_result_displays_in_chinese():
    assert str(checks.check_conv2d_param_count(solution.conv2d_param_count)).startswith("✅ 正确")
    assert "提示" in str(checks.check_conv2d_param_count(lambda k, i, f: 0))
    assert "尚未作答" in checks.check_conv2d_param_count(None)._repr_html_()


ALL_CHECKS = [
    (checks.check_conv2d_param_count, solution.conv2d_param_count),
    (checks.check_same_padding_shapes, solution.same_padding_shapes),
    (checks.check_most_confused_pair, solution.most_confused_pair),
    (checks.check_per_class_precision, solution.per_class_precision),
]


@pytest.mark.parametrize(("checker", "answer"), ALL_CHECKS)
def test_checker_accepts_reference_solution(checker, answer):
    result = checker(answer)
    assert result.passed, str(result)


@pytest.mark.parametrize(("checker", "answer"), ALL_CHECKS)
def test_checker_reports_unanswered(checker, answer):
    result = checker(None)
    assert not result.passed
    assert not result.answered


@pytest.mark.parametrize(
    "checker",
    [checks.check_conv2d_param_count, checks.check_most_confused_pair, checks.check_per_class_precision],
)
def test_checker_reports_function_returning_none(checker):
    result = checker(lambda *arguments: None)
    assert not result.answered
    assert "目前返回 None" in result.message


def test_param_count_without_bias_is_rejected():
    assert_rejected(checks.check_conv2d_param_count(lambda k, i, f: k * k * i * f), "偏置")


def test_param_count_without_input_channels_is_rejected():
    assert_rejected(checks.check_conv2d_param_count(lambda k, i, f: (k * k + 1) * f), "输入通道")


def test_param_count_that_raises_is_reported():
    assert_rejected(checks.check_conv2d_param_count(lambda k, i, f: 1 / 0), "ZeroDivisionError")


def test_valid_padding_shapes_are_rejected():
    valid_shapes = [(26, 26, 32), (13, 13, 32), (11, 11, 64), (5, 5, 64), (3, 3, 64), (576,)]
    assert_rejected(checks.check_same_padding_shapes(valid_shapes), "padding='same'")


def test_too_few_shapes_are_rejected():
    assert_rejected(checks.check_same_padding_shapes(solution.same_padding_shapes[:5]), "6 层")


def test_shapes_with_batch_dimension_are_rejected():
    with_batch = [(None, *shape) for shape in solution.same_padding_shapes]
    assert_rejected(checks.check_same_padding_shapes(with_batch), "批量维度")


@pytest.mark.parametrize("answer", ["(28, 28, 32)", ["(28, 28, 32)"] * 6, [(28.0, 28.0, 32.0)] * 6, 3136])
def test_malformed_shapes_are_rejected_without_raising(answer):
    result = checks.check_same_padding_shapes(answer)
    assert result.answered
    assert not result.passed


def test_diagonal_pair_is_rejected():
    largest_cell = lambda confusion: tuple(  # noqa: E731
        CLASS_NAMES_ZH[int(i)] for i in np.unravel_index(confusion.argmax(), confusion.shape)
    )
    assert_rejected(checks.check_most_confused_pair(largest_cell), "对角线")


def test_swapped_pair_is_rejected():
    swapped = lambda confusion: solution.most_confused_pair(confusion)[::-1]  # noqa: E731
    assert_rejected(checks.check_most_confused_pair(swapped), "顺序反了")


def test_pair_of_indices_is_rejected():
    indices = lambda confusion: (2, 1)  # noqa: E731
    assert_rejected(checks.check_most_confused_pair(indices), "CLASS_NAMES_ZH")


@pytest.mark.parametrize("answer", ["套头衫", 7, ("套头衫",)])
def test_malformed_pair_is_rejected_without_raising(answer):
    result = checks.check_most_confused_pair(lambda confusion: answer)
    assert result.answered
    assert not result.passed


def test_row_normalised_precision_is_rejected():
    recall = lambda confusion: np.diag(confusion) / confusion.sum(axis=1)  # noqa: E731
    assert_rejected(checks.check_per_class_precision(recall), "召回率")


def test_overall_accuracy_is_rejected():
    overall = lambda confusion: np.full(len(confusion), np.trace(confusion) / confusion.sum())  # noqa: E731
    assert_rejected(checks.check_per_class_precision(overall), "该列之和")


def test_non_numeric_precision_is_rejected_without_raising():
    result = checks.check_per_class_precision(lambda confusion: ["高", "低"])
    assert result.answered
    assert not result.passed
