"""Every chapter 4 exercise checker accepts the reference solution and rejects typical mistakes."""

from __future__ import annotations

import numpy as np
import pytest

import solutions.cnn_math as solution
from helpers.exercises import cnn_math as checks
from checker_asserts import assert_rejected


CHECKERS_AND_SOLUTIONS = [
    (checks.check_same_padding, solution.same_padding_answer),
    (checks.check_log_softmax, solution.log_softmax_answer),
    (checks.check_dense_backward, solution.dense_backward_answer),
    (checks.check_layer_shapes, solution.conv_shapes_answer),
]


@pytest.mark.parametrize(("checker", "answer"), CHECKERS_AND_SOLUTIONS)
def test_checker_accepts_reference_solution(checker, answer):
    result = checker(answer)
    assert result.passed, str(result)


@pytest.mark.parametrize("checker", [checker for checker, _ in CHECKERS_AND_SOLUTIONS])
def test_checker_reports_unanswered(checker):
    result = checker(None)
    assert not result.passed
    assert not result.answered


@pytest.mark.parametrize("checker", [checks.check_same_padding, checks.check_log_softmax, checks.check_dense_backward])
def test_function_returning_none_is_unanswered(checker):
    assert not checker(lambda *args: None).answered


def test_extra_padding_at_top_is_rejected():
    def top_first(input_size, kernel_size, stride):
        before, after = solution.same_padding_answer(input_size, kernel_size, stride)
        return after, before

    assert_rejected(checks.check_same_padding(top_first), "底部和右侧")


def test_half_kernel_padding_is_rejected():
    assert_rejected(checks.check_same_padding(lambda n, k, s: (k // 2, k // 2)), "取决于输入长度和步幅")


def test_padding_that_raises_is_reported():
    assert_rejected(checks.check_same_padding(lambda n, k, s: 1 / 0), "ZeroDivisionError")


def test_naive_log_softmax_is_rejected(recwarn):
    naive = lambda logits: np.log(np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True))  # noqa: E731
    assert_rejected(checks.check_log_softmax(naive), "减去每行的最大值")
    assert len(recwarn) == 0


def test_log_softmax_without_keepdims_is_rejected():
    def without_keepdims(logits):
        shifted = logits - logits.max(axis=1)
        return shifted - np.log(np.exp(shifted).sum(axis=1))

    result = checks.check_log_softmax(without_keepdims)
    assert result.answered and not result.passed


def test_dense_backward_with_mean_bias_is_rejected():
    mean_bias = lambda dout, x, w: (dout @ w.T, x.T @ dout, dout.mean(axis=0))  # noqa: E731
    assert_rejected(checks.check_dense_backward(mean_bias), "不是平均")


def test_dense_backward_with_transposed_weights_gradient_is_rejected():
    transposed = lambda dout, x, w: (dout @ w.T, dout.T @ x, dout.sum(axis=0))  # noqa: E731
    assert_rejected(checks.check_dense_backward(transposed), "x.T @ dout")


def test_dense_backward_with_wrong_count_is_rejected():
    assert_rejected(checks.check_dense_backward(lambda dout, x, w: dout @ w.T), "三个数组")


def test_valid_convolution_shapes_are_rejected():
    valid = [(1, 14, 14, 8), (1, 6, 6, 8), (1, 6, 6, 4)]
    assert_rejected(checks.check_layer_shapes(valid), "ceil(32 / 2)")


def test_one_by_one_conv_keeping_channels_is_rejected():
    assert_rejected(checks.check_layer_shapes([(1, 16, 16, 8), (1, 7, 7, 8), (1, 7, 7, 8)]), "1×1 卷积")


def test_results_display_in_chinese():
    assert str(checks.check_same_padding(solution.same_padding_answer)).startswith("✅ 正确")
    assert "提示" in str(checks.check_same_padding(lambda n, k, s: (k // 2, k // 2)))
