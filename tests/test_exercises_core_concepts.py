"""The checkers of 02_core_concepts.ipynb accept the reference solutions and reject typical mistakes."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import solutions.core_concepts as solution
from helpers.exercises import core_concepts as checks
from checker_asserts import assert_rejected

CHECKERS = [
    checks.check_leaky_relu_grad,
    checks.check_mlp_param_count,
    checks.check_softmax,
    checks.check_cross_entropy_grad,
]


@pytest.mark.parametrize(
    ("checker", "answer"),
    [
        (checks.check_leaky_relu_grad, solution.leaky_relu_grad),
        (checks.check_mlp_param_count, solution.mlp_param_count),
        (checks.check_softmax, solution.stable_softmax),
        (checks.check_cross_entropy_grad, solution.my_cross_entropy_grad),
    ],
)
def test_checker_accepts_reference_solution(checker, answer):
    result = checker(answer)
    assert result.passed, str(result)


@pytest.mark.parametrize("checker", CHECKERS)
def test_checker_reports_unanswered(checker):
    result = checker(None)
    assert not result.passed
    assert not result.answered


@pytest.mark.parametrize("checker", CHECKERS)
def test_stub_returning_none_is_unanswered(checker):
    result = checker(lambda *arguments: None)
    assert not result.answered


@pytest.mark.parametrize("checker", CHECKERS)
def test_answer_that_raises_is_reported(checker):
    assert_rejected(checker(lambda *arguments: 1 / 0), "ZeroDivisionError")


def test_relu_grad_for_leaky_relu_is_rejected():
    relu_grad = lambda z, alpha: (z > 0).astype(float)  # noqa: E731
    assert_rejected(checks.check_leaky_relu_grad(relu_grad), "ReLU 的导数")


def test_leaky_relu_value_instead_of_grad_is_rejected():
    value = lambda z, alpha: np.where(z > 0, z, alpha * z)  # noqa: E731
    assert_rejected(checks.check_leaky_relu_grad(value), "函数值")


def test_param_count_without_biases_is_rejected():
    weights_only = lambda sizes: sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))  # noqa: E731
    assert_rejected(checks.check_mlp_param_count(weights_only), "偏置")


def test_naive_softmax_overflow_is_rejected_without_warnings():
    naive = lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)  # noqa: E731
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a notebook cell must not write RuntimeWarnings to stderr
        result = checks.check_softmax(naive)
    assert_rejected(result, "溢出")


def test_column_softmax_is_rejected():
    by_column = lambda z: np.exp(z - z.max(axis=0)) / np.exp(z - z.max(axis=0)).sum(axis=0)  # noqa: E731
    assert_rejected(checks.check_softmax(by_column), "每一行")


def test_gradient_without_batch_mean_is_rejected():
    summed = lambda logits, labels: solution.my_cross_entropy_grad(logits, labels) * len(labels)  # noqa: E731
    assert_rejected(checks.check_cross_entropy_grad(summed), "除以批量大小")


def test_gradient_with_wrong_sign_is_rejected():
    flipped = lambda logits, labels: -solution.my_cross_entropy_grad(logits, labels)  # noqa: E731
    assert_rejected(checks.check_cross_entropy_grad(flipped), "符号反了")
