"""The chapter 3 exercise checkers accept the reference solutions and reject typical mistakes."""

from __future__ import annotations

import pytest

import solutions.data_pipeline as solution
from helpers.exercises import data_pipeline as checks
from checker_asserts import assert_rejected


@pytest.mark.parametrize(
    ("checker", "answer"),
    [
        (checks.check_pipeline_order, solution.pipeline_order),
        (checks.check_welford_update, solution.welford_update),
        (checks.check_shards_for_worker, solution.shards_for_worker),
        (checks.check_global_batch_size, solution.global_batch_size),
    ],
)
def test_checker_accepts_reference_solution(checker, answer):
    result = checker(answer)
    assert result.passed, str(result)


@pytest.mark.parametrize(
    "checker",
    [checks.check_pipeline_order, checks.check_welford_update, checks.check_shards_for_worker, checks.check_global_batch_size],
)
def test_checker_reports_unanswered(checker):
    result = checker(None)
    assert not result.passed
    assert not result.answered


def test_unfinished_functions_count_as_unanswered():
    assert not checks.check_welford_update(lambda count, mean, m2, value: None).answered
    assert not checks.check_shards_for_worker(lambda paths, workers, index: None).answered


def test_cache_after_augment_is_rejected():
    order = ["interleave", "decode", "shuffle", "batch", "augment", "cache", "prefetch"]
    assert_rejected(checks.check_pipeline_order(order), "cache")


def test_shuffle_after_batch_is_rejected():
    order = ["interleave", "decode", "cache", "batch", "shuffle", "augment", "prefetch"]
    assert_rejected(checks.check_pipeline_order(order), "批")


def test_prefetch_not_last_is_rejected():
    order = ["interleave", "decode", "cache", "shuffle", "batch", "prefetch", "augment"]
    assert_rejected(checks.check_pipeline_order(order), "prefetch")


def test_missing_step_is_rejected():
    assert_rejected(checks.check_pipeline_order(solution.pipeline_order[:-1]), "prefetch")


def test_welford_with_old_mean_twice_is_rejected():
    def wrong(count, mean, m2, value):
        count += 1
        delta = value - mean
        return count, mean + delta / count, m2 + delta * delta

    assert_rejected(checks.check_welford_update(wrong), "旧均值")


def test_welford_that_raises_is_reported():
    assert_rejected(checks.check_welford_update(lambda count, mean, m2, value: 1 / 0), "ZeroDivisionError")


def test_contiguous_unbalanced_shards_are_rejected():
    def first_half(paths, num_workers, worker_index):
        size = len(paths) // num_workers
        return paths[worker_index * size : (worker_index + 1) * size]

    assert_rejected(checks.check_shards_for_worker(first_half), "没有分给")


def test_overlapping_shards_are_rejected():
    assert_rejected(checks.check_shards_for_worker(lambda paths, workers, index: paths), "不止一个进程")


def test_per_gpu_batch_is_rejected():
    assert_rejected(checks.check_global_batch_size(32), "副本数")


def test_global_batch_with_machines_only_is_rejected():
    assert_rejected(checks.check_global_batch_size(64), "8")
