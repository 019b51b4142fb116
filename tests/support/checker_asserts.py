"""Assertions shared by the exercise-checker tests."""

from __future__ import annotations

from helpers.exercises import CheckResult


def assert_rejected(result: CheckResult, hint_fragment: str) -> None:
    """Assert that a checker rejected an answer and that its message or hint contains ``hint_fragment``."""
    assert result.answered
    assert not result.passed
    assert hint_fragment in result.message + result.hint
