"""Every exercise checker accepts the reference solution and rejects typical wrong answers."""

from __future__ import annotations

import numpy as np
import pytest

import solutions.cnn_tensorflow as solution
from helpers.data import CLASS_NAMES_ZH
from helpers.exercises import CheckResult
from helpers.exercises import cnn_tensorflow as checks


def assert_rejected(result: CheckResult, hint_fragment: str) -> None:
    assert result.answered
    assert not result.passed
    assert hint_fragment in result.message + result.hint


def test_result_displays_in_chinese():
    assert str(checks.check_conv2d_param_count(solution.conv2d_param_count)).startswith("✅ 正确")
    assert "提示" in str(checks.check_conv2d_param_count(lambda k, i, f: 0))
    assert "尚未作答" in checks.check_conv2d_param_count(None)._repr_html_()


@pytest.mark.parametrize(
    ("checker", "answer"),
    [
        (checks.check_conv2d_param_count, solution.conv2d_param_count),
        (checks.check_same_padding_shapes, solution.same_padding_shapes),
        (checks.check_top_k_classes, solution.top_k_classes),
        (checks.check_per_class_accuracy, solution.per_class_accuracy),
    ],
)
def test_checker_accepts_reference_solution(checker, answer):
    result = checker(answer)
    assert result.passed, str(result)


@pytest.mark.parametrize(
    "checker",
    [
        checks.check_conv2d_param_count,
        checks.check_same_padding_shapes,
        checks.check_top_k_classes,
        checks.check_per_class_accuracy,
    ],
)
def test_checker_reports_unanswered(checker):
    result = checker(None)
    assert not result.passed
    assert not result.answered


def test_param_count_without_bias_is_rejected():
    assert_rejected(checks.check_conv2d_param_count(lambda k, i, f: k * k * i * f), "偏置")


def test_param_count_without_input_channels_is_rejected():
    assert_rejected(checks.check_conv2d_param_count(lambda k, i, f: (k * k + 1) * f), "输入通道数")


def test_param_count_that_raises_is_reported():
    assert_rejected(checks.check_conv2d_param_count(lambda k, i, f: 1 / 0), "ZeroDivisionError")


def test_valid_padding_shapes_are_rejected():
    valid_shapes = [(26, 26, 32), (13, 13, 32), (11, 11, 64), (5, 5, 64), (3, 3, 64), (576,)]
    assert_rejected(checks.check_same_padding_shapes(valid_shapes), "padding='same'")


def test_too_few_shapes_are_rejected():
    assert_rejected(checks.check_same_padding_shapes(solution.same_padding_shapes[:5]), "6 层")


def test_ascending_top_k_is_rejected():
    ascending = lambda probs, k: [CLASS_NAMES_ZH[i] for i in np.argsort(probs)[:k]]  # noqa: E731
    assert_rejected(checks.check_top_k_classes(ascending), "从小到大")


def test_top_k_indices_instead_of_names_are_rejected():
    indices = lambda probs, k: np.argsort(probs)[::-1][:k].tolist()  # noqa: E731
    assert_rejected(checks.check_top_k_classes(indices), "CLASS_NAMES_ZH")


def test_column_normalised_accuracy_is_rejected():
    precision = lambda confusion: np.diag(confusion) / confusion.sum(axis=0)  # noqa: E731
    assert_rejected(checks.check_per_class_accuracy(precision), "精确率")


def test_overall_accuracy_is_rejected():
    overall = lambda confusion: np.full(len(confusion), np.trace(confusion) / confusion.sum())  # noqa: E731
    assert_rejected(checks.check_per_class_accuracy(overall), "该行之和")
