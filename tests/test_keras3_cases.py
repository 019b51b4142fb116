"""Keras 3 behaviours the course relies on and teaches, as reported in public bug trackers."""

from __future__ import annotations

import warnings

import keras
import numpy as np
import pytest

from helpers.models import build_reference_cnn
from helpers.runtime import seed_everything


@pytest.fixture(scope="module")
def model():
    seed_everything(0)
    return build_reference_cnn()


@pytest.fixture(scope="module")
def images():
    return np.random.default_rng(0).random((8, 28, 28, 1), dtype=np.float32)


def test_input_shape_argument_warns():
    with pytest.warns(UserWarning, match="input_shape"):
        keras.Sequential([keras.layers.Conv2D(4, 3, input_shape=(28, 28, 1)), keras.layers.Flatten()])


def test_keras_input_builds_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        keras.Sequential([keras.Input(shape=(28, 28, 1)), keras.layers.Conv2D(4, 3), keras.layers.Flatten()])


def test_save_to_directory_path_fails(model, tmp_path):
    with pytest.raises(ValueError, match=r"\.keras"):
        model.save(tmp_path / "saved_model")


def test_save_to_h5_warns(model, tmp_path, caplog):
    # Keras logs this warning through absl logging rather than the warnings module.
    model.save(tmp_path / "model.h5")
    assert "considered legacy" in caplog.text


def test_keras_file_round_trip_is_identical(model, images, tmp_path):
    path = tmp_path / "model.keras"
    model.save(path)
    reloaded = keras.models.load_model(path)
    np.testing.assert_array_equal(reloaded.predict(images, verbose=0), model.predict(images, verbose=0))


def test_weights_path_needs_weights_h5_suffix(model, tmp_path):
    with pytest.raises(ValueError, match=r"\.weights\.h5"):
        model.save_weights(tmp_path / "model.h5")
    model.save_weights(tmp_path / "model.weights.h5")
    assert (tmp_path / "model.weights.h5").stat().st_size > 0


def test_weights_checkpoint_callback_needs_weights_h5_suffix(tmp_path):
    with pytest.raises(ValueError, match=r"\.weights\.h5"):
        keras.callbacks.ModelCheckpoint(tmp_path / "checkpoint.h5", save_weights_only=True)
    keras.callbacks.ModelCheckpoint(tmp_path / "checkpoint.weights.h5", save_weights_only=True)
