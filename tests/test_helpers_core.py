"""Tests for the small helpers modules: results, models, runtime and the exercise result type."""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers.exercises import failed, not_answered, passed
from helpers.models import REFERENCE_CNN_PARAMS, build_reference_cnn, scale_images
from helpers.results import RESULT_MIME_TYPE, RecordedResult, read_recorded_results, record
from helpers.runtime import seed_everything


def test_record_displays_name_and_value(capsys):
    record("test_accuracy", np.float32(0.90625))
    assert capsys.readouterr().out.strip() == "记录结果：test_accuracy = 0.9062"


def test_recorded_result_carries_json():
    bundle = RecordedResult("classes", ["包", "短靴"])._repr_mimebundle_()
    assert bundle[RESULT_MIME_TYPE] == {"name": "classes", "value": ["包", "短靴"]}


@pytest.mark.parametrize(
    ("name", "value", "error", "message"),
    [
        ("test accuracy", 0.9, ValueError, "英文标识符"),
        ("loss", math.nan, ValueError, "不是有限数"),
        ("weights", np.zeros(3), TypeError, "tolist"),
    ],
)
def test_record_rejects_bad_input(name, value, error, message):
    with pytest.raises(error, match=message):
        record(name, value)


def test_read_recorded_results_keeps_last_value():
    cells = [
        {"outputs": [{"data": {RESULT_MIME_TYPE: {"name": "epochs", "value": 1}}}]},
        {"outputs": [{"data": {"text/plain": "1"}}, {"data": {RESULT_MIME_TYPE: {"name": "epochs", "value": 5}}}]},
        {"cell_type": "markdown"},
    ]
    assert read_recorded_results(cells) == {"epochs": 5}


def test_reference_cnn_parameter_count():
    model = build_reference_cnn()
    assert model.count_params() == REFERENCE_CNN_PARAMS
    assert model.output_shape == (None, 10)


def test_reference_cnn_rejects_one_class():
    with pytest.raises(ValueError, match="num_classes"):
        build_reference_cnn(num_classes=1)


def test_scale_images_shape_and_range():
    images = np.array([[[0, 255], [51, 102]]], dtype=np.uint8).repeat(14, axis=1).repeat(14, axis=2)
    scaled = scale_images(images)
    assert scaled.shape == (1, 28, 28, 1)
    assert scaled.dtype == np.float32
    assert scaled.max() == 1.0


def test_scale_images_rejects_float_input():
    with pytest.raises(TypeError, match="已经除过 255"):
        scale_images(np.zeros((2, 28, 28), dtype=np.float32))


def test_scale_images_rejects_nchw():
    with pytest.raises(ValueError, match=r"\(N, 28, 28, 1\)"):
        scale_images(np.zeros((2, 1, 28, 28), dtype=np.uint8))


def test_seed_everything_makes_training_repeatable():
    import keras

    def train_once() -> np.ndarray:
        seed_everything(7)
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
        model.compile(optimizer="adam", loss="mse")
        data = np.random.default_rng(0).normal(size=(64, 4)).astype(np.float32)
        model.fit(data, data[:, :3], epochs=2, batch_size=8, verbose=0)
        return model.get_weights()[0]

    np.testing.assert_array_equal(train_once(), train_once())


def test_seed_everything_rejects_non_integer():
    with pytest.raises(TypeError, match="seed 应为整数"):
        seed_everything(1.5)


def test_check_results_render_in_chinese():
    assert str(passed("好")) == "✅ 正确：好"
    assert str(failed("错", "提示内容")) == "❌ 还不对：错\n提示：提示内容"
    assert str(not_answered("补全函数")) == "⏳ 尚未作答：补全函数"
    assert not not_answered("x")


def test_record_shows_small_numbers_in_scientific_notation(capsys):
    record("max_difference", 5.7e-6)
    record("errors", [1.5e-9, 0.25])
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["记录结果：max_difference = 5.70e-06", "记录结果：errors = [1.50e-09, 0.2500]"]
