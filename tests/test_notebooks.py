"""Execute every notebook with the quick profile and check the committed full-profile outputs.

Each notebook runs once per test session (see support/notebook_runs.py): nbval compares its
deterministic cells with the committed outputs, and the same execution provides the recorded
results and the stderr check.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from helpers.execution import INJECTED_TAG, METADATA_KEY, list_notebooks, source_fingerprint
from helpers.results import read_recorded_results

NOTEBOOKS = list_notebooks()
NOTEBOOK_IDS = [path.name for path in NOTEBOOKS]

# Floors for the results each notebook records. The quick floors sit far above what an
# untrained or broken model reaches (0.10 for ten balanced classes) and below what one quick
# epoch gives. The full floors are the claims the notebooks make in their prose.
EXPECTED_RESULTS = {
    "01_large_image_datasets.ipynb": {
        "quick": {
            "profile": "quick",
            "train_class_counts": [6_000] * 10,
            "nearest_mean_test_accuracy": (">=", 0.60),
            "retrieval_precision_at_5": (">=", 0.70),
        },
        "full": {
            "profile": "full",
            "train_class_counts": [6_000] * 10,
            "pixel_mean": 0.2860,
            "pixel_std": 0.3530,
            "nearest_mean_test_accuracy": (">=", 0.67),
            "retrieval_precision_at_5": (">=", 0.81),
            "pca_explained_variance": (">=", 0.855),
            "imagenet_uint8_gb": 192.85,
            "imagenet_float32_gb": 771.41,
        },
    },
    "02_core_concepts.ipynb": {
        "quick": {
            "profile": "quick",
            "mlp_param_count": 101_770,
            "grad_check_relative_errors": [("each<=", 1e-7)],
            "mlp_test_accuracy": (">=", 0.75),
            "keras_test_accuracy": (">=", 0.75),
        },
        "full": {
            "profile": "full",
            "mlp_param_count": 101_770,
            "grad_check_relative_errors": [("each<=", 1e-7)],
            "mlp_best_val_loss_epoch": 10,
            "mlp_test_accuracy": (">=", 0.84),
            "keras_test_accuracy": (">=", 0.84),
            "test_accuracy_both": [("each>=", 0.84), ("spread<", 0.03)],
        },
    },
    "03_data_pipeline.ipynb": {
        "quick": {
            "profile": "quick",
            "exact_duplicates": 0,
            "val_accuracy": (">=", 0.50),
            "test_accuracy": (">=", 0.50),
            "multi_worker_val_accuracy": (">=", 0.40),
        },
        "full": {
            "profile": "full",
            "exact_duplicates": 0,
            "label_issue_fraction": (">=", 0.01),
            "selected_model": "参考 CNN",
            "cnn_gain_over_logistic_regression": (">=", 0.04),
            "tuned_speedup_over_generator": (">=", 10.0),
            "val_accuracy": (">=", 0.89),
            "test_accuracy": (">=", 0.89),
            "multi_worker_val_accuracy": (">=", 0.80),
        },
    },
    "04_cnn_math.ipynb": {
        "quick": {
            "profile": "quick",
            "param_count": 56_714,
            "gradient_check_relative_errors": [("each<=", 1e-6)],
            "network_gradient_relative_errors": [("each<=", 1e-6)],
            "tf_relative_differences": [("each<=", 1e-5)],
            "test_accuracy": (">=", 0.65),
            "keras_prediction_agreement": 1.0,
        },
        "full": {
            "profile": "full",
            "param_count": 56_714,
            "gradient_check_relative_errors": [("each<=", 1e-6)],
            "network_gradient_relative_errors": [("each<=", 1e-6)],
            "tf_relative_differences": [("each<=", 1e-5)],
            "val_accuracy": (">=", 0.88),
            "test_accuracy": (">=", 0.88),
            "training_within_five_minutes": True,
            "keras_prediction_agreement": 1.0,
        },
    },
    "05_cnn_tensorflow.ipynb": {
        "quick": {
            "profile": "quick",
            "total_params": 93_322,
            "test_accuracy": (">=", 0.70),
            "val_accuracy_by_seed": [("each>=", 0.60)],
        },
        "full": {
            "profile": "full",
            "total_params": 93_322,
            "test_accuracy": (">=", 0.90),
            "val_accuracy": (">=", 0.89),
            "val_accuracy_by_seed": [("each>=", 0.89), ("each<=", 0.91), ("spread<", 0.01)],
            "lowest_four_classes": ["T恤/上衣", "外套", "套头衫", "衬衫"],
            "sample_prediction": "短靴",
        },
    },
}

# Things that must never appear in committed outputs: absolute paths from the machine that ran
# the notebook, memory addresses, and Keras' per-batch progress bars.
FORBIDDEN_OUTPUT_PATTERNS = {
    "absolute path": re.compile(r"(/root/|/home/|/tmp/|/work/|/Users/|[A-Z]:\\\\)"),
    "memory address": re.compile(r" at 0x[0-9a-f]{6,}"),
    # Keras draws "844/844 ━━━━━━━━━━ 12s 14ms/step" and redraws it with carriage returns.
    "per-batch progress bar": re.compile(r"\d+/\d+ \S*━━━|\r\d+/\d+"),
}


COMPARISONS = {
    ">=": lambda value, bound: value >= bound,
    "each>=": lambda values, bound: len(values) > 0 and min(values) >= bound,
    "each<=": lambda values, bound: len(values) > 0 and max(values) <= bound,
    "spread<": lambda values, bound: max(values) - min(values) < bound,
}


def check_results(results: dict, expected: dict) -> list[str]:
    """Compare recorded results with expectations: a value, an (operator, bound) pair or a list of pairs."""
    problems = []
    for name, expectation in expected.items():
        if name not in results:
            problems.append(f"{name} was not recorded")
            continue
        value = results[name]
        conditions = expectation if isinstance(expectation, list) and isinstance(expectation[0], tuple) else [expectation]
        for condition in conditions:
            if isinstance(condition, tuple):
                operator, bound = condition
                if not COMPARISONS[operator](value, bound):
                    problems.append(f"{name} = {value}, expected {operator} {bound}")
            elif value != condition:
                problems.append(f"{name} = {value!r}, expected {condition!r}")
    return problems


def output_text(output: dict) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    if output.get("output_type") == "error":
        return "\n".join(output.get("traceback", []))
    return str(output.get("data", {}).get("text/plain", ""))


def test_every_notebook_has_expectations():
    assert NOTEBOOKS, "no notebooks found in notebooks/"
    for notebook in NOTEBOOKS:
        assert notebook.name in EXPECTED_RESULTS, f"add the recorded results of {notebook.name} to EXPECTED_RESULTS"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_notebook_structure(notebook):
    content = nbformat.read(notebook, as_version=4)
    tags = [cell.metadata.get("tags", []) for cell in content.cells]
    assert sum("parameters" in cell_tags for cell_tags in tags) == 1, "exactly one cell must be tagged 'parameters'"
    assert not any(INJECTED_TAG in cell_tags for cell_tags in tags), "committed notebooks must not contain injected parameters"
    assert content.cells[0].cell_type == "markdown"
    assert content.cells[0].source.startswith("# "), "the first cell must be the H1 title"
    headings = [cell.source.splitlines()[0] for cell in content.cells if cell.cell_type == "markdown" and cell.source]
    assert "## 小结" in headings
    assert "## 练习" in headings


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_quick_run_matches_committed_outputs(notebook, quick_run):
    run = quick_run(notebook)
    assert run.returncode == 0, f"nbval failed on the quick profile of {notebook.name}:\n{run.report}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_quick_run_writes_no_stderr(notebook, quick_run):
    run = quick_run(notebook)
    assert run.cells, f"nbval captured no cells:\n{run.report}"
    assert run.stderr_outputs() == []


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_quick_run_records_expected_results(notebook, quick_run):
    run = quick_run(notebook)
    assert check_results(run.results, EXPECTED_RESULTS[notebook.name]["quick"]) == []


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_committed_outputs_come_from_full_profile(notebook):
    content = nbformat.read(notebook, as_version=4)
    stamp = content.metadata.get(METADATA_KEY, {})
    assert stamp.get("profile") == "full", "re-execute with: python course.py run " + notebook.name
    assert stamp.get("source_fingerprint") == source_fingerprint(content), (
        f"the code of {notebook.name} or a helpers module it imports changed after its outputs were "
        f"committed; re-execute with: python course.py run notebooks/{notebook.name}"
    )
    assert check_results(read_recorded_results(content.cells), EXPECTED_RESULTS[notebook.name]["full"]) == []


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_committed_outputs_are_clean(notebook):
    content = nbformat.read(notebook, as_version=4)
    code_cells = [cell for cell in content.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code_cells] == list(range(1, len(code_cells) + 1)), (
        "cells must be executed once each, top to bottom"
    )
    for index, cell in enumerate(code_cells):
        for output in cell.outputs:
            assert output.get("output_type") != "error", f"code cell {index} has an error output"
            if output.get("output_type") == "stream":
                assert output.get("name") != "stderr", f"code cell {index} wrote to stderr: {output.get('text', '')[:300]}"
            text = output_text(output)
            for description, pattern in FORBIDDEN_OUTPUT_PATTERNS.items():
                assert not pattern.search(text), f"code cell {index} output contains a {description}: {text[:300]}"
    for cell in content.cells:
        assert "papermill" not in cell.metadata, "papermill timestamps must be stripped"
        assert "execution" not in cell.metadata, "nbclient timestamps must be stripped"
