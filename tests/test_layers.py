"""The hand-written NumPy layers agree with TensorFlow, with numerical gradients, and reject bad input."""

from __future__ import annotations

import math
import warnings

import keras
import numpy as np
import pytest
import tensorflow as tf

from helpers import layers
from helpers.gradcheck import numerical_gradient, relative_error

FLOAT32_TOLERANCE = {"rtol": 1e-5, "atol": 1e-5}
GRADCHECK_TOLERANCE = 1e-6

# (batch, height, width, in channels, kernel (KH, KW), out channels, stride, padding)
CONV_CASES = [
    (2, 7, 7, 3, (3, 3), 4, 1, "VALID"),
    (2, 8, 8, 3, (3, 3), 5, 2, "SAME"),
    (1, 9, 6, 2, (5, 5), 3, 2, "SAME"),
    (3, 6, 7, 4, (1, 1), 2, 1, "VALID"),
    (2, 7, 9, 2, (2, 3), 3, (2, 1), "SAME"),
    (2, 10, 10, 1, (3, 3), 4, 3, "VALID"),
]
CONV_IDS = [f"{case[1]}x{case[2]}x{case[3]}-k{case[4][0]}x{case[4][1]}-s{case[6]}-{case[7]}" for case in CONV_CASES]

# (batch, height, width, channels, pool size, stride, padding)
POOL_CASES = [
    (2, 8, 8, 3, 2, None, "VALID"),
    (2, 13, 13, 4, 2, None, "VALID"),
    (2, 7, 7, 3, 3, 2, "SAME"),
    (1, 9, 6, 2, (2, 3), (2, 2), "SAME"),
]
POOL_IDS = [f"{case[1]}x{case[2]}-p{case[4]}-s{case[5]}-{case[6]}" for case in POOL_CASES]


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def tf_conv(x, kernel, stride, padding):
    strides = [1, *layers._pair("stride", stride), 1]
    return tf.nn.conv2d(x, kernel, strides=strides, padding=padding)


def tf_pool(x, pool_size, stride, padding):
    pool = layers._pair("pool_size", pool_size)
    strides = pool if stride is None else layers._pair("stride", stride)
    return tf.nn.max_pool2d(x, ksize=[1, *pool, 1], strides=[1, *strides, 1], padding=padding)


def tf_gradients(function, inputs, upstream):
    """Return TensorFlow's output and its vector-Jacobian products with ``upstream`` for each input."""
    variables = [tf.Variable(value) for value in inputs]
    with tf.GradientTape() as tape:
        output = function(*variables)
    gradients = tape.gradient(output, variables, output_gradients=tf.constant(upstream))
    return output.numpy(), [gradient.numpy() for gradient in gradients]


# ---------------------------------------------------------------------------
# Cases from public bug reports
# ---------------------------------------------------------------------------


def test_softmax_of_large_equal_logits_is_uniform():
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        probs = layers.softmax(np.array([[1000.0, 1000.0, 1000.0]]))
    np.testing.assert_allclose(probs, [[1 / 3, 1 / 3, 1 / 3]])


def test_log_softmax_keeps_large_gaps_finite():
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        log_probs = layers.log_softmax(np.array([[0.0, -1000.0]]))
    np.testing.assert_allclose(log_probs, [[0.0, -1000.0]])


def test_naive_softmax_really_fails_on_these_inputs():
    with np.errstate(all="ignore"):
        naive = np.exp([1000.0, 1000.0, 1000.0]) / np.exp([1000.0, 1000.0, 1000.0]).sum()
        naive_log = np.log(np.exp([0.0, -1000.0]) / np.exp([0.0, -1000.0]).sum())
    assert np.isnan(naive).all()
    assert np.isneginf(naive_log[1])


def test_convolution_does_not_flip_kernel():
    x = np.arange(10, dtype=np.float32).reshape(1, 5, 2, 1)
    kernel = np.array([[1.0], [2.0]], dtype=np.float32).reshape(2, 1, 1, 1)
    expected = [[4, 7], [10, 13], [16, 19], [22, 25]]
    out, _ = layers.conv2d_forward(x, kernel, padding="VALID")
    np.testing.assert_array_equal(out[0, :, :, 0], expected)
    np.testing.assert_array_equal(layers.conv2d_naive(x, kernel)[0, :, :, 0], expected)
    np.testing.assert_array_equal(tf_conv(x, kernel, 1, "VALID").numpy()[0, :, :, 0], expected)


@pytest.mark.parametrize(
    ("size", "expected"),
    [(1, [[4]]), (2, [[8]]), (3, [[24, 20], [12, 8]]), (4, [[36, 21], [15, 8]])],
)
def test_same_padding_stride_two_cases(size, expected):
    x = np.ones((1, size, size, 1), dtype=np.float32)
    kernel = np.arange(9, dtype=np.float32).reshape(3, 3, 1, 1)
    out, _ = layers.conv2d_forward(x, kernel, stride=2, padding="SAME")
    np.testing.assert_array_equal(out[0, :, :, 0], expected)
    np.testing.assert_array_equal(layers.conv2d_naive(x, kernel, stride=2, padding="SAME")[0, :, :, 0], expected)
    np.testing.assert_array_equal(tf_conv(x, kernel, 2, "SAME").numpy()[0, :, :, 0], expected)


def test_same_padding_rule_matches_tensorflow_sizes():
    assert layers.same_padding(2, 3, 2) == (0, 1)
    assert layers.same_padding(3, 3, 2) == (1, 1)
    assert layers.same_padding(4, 3, 2) == (0, 1)
    assert layers.same_padding(28, 3, 1) == (1, 1)
    assert layers.same_padding(5, 1, 2) == (0, 0)


@pytest.mark.parametrize(("size", "kernel", "stride", "padding", "expected"), [
    (28, 3, 1, "VALID", 26), (13, 3, 1, "valid", 11), (13, 2, 2, "VALID", 6),
    (28, 3, 1, "SAME", 28), (7, 3, 2, "SAME", 4), (1, 3, 2, "SAME", 1),
])
def test_conv_output_size(size, kernel, stride, padding, expected):
    assert layers.conv_output_size(size, kernel, stride, padding) == expected


def test_sparse_crossentropy_of_zero_logits_is_log_three():
    loss = layers.sparse_categorical_crossentropy(np.array([0, 1, 2, 1]), np.zeros((4, 3)), from_logits=True)
    assert loss == pytest.approx(math.log(3), abs=1e-6)
    assert loss == pytest.approx(1.098612, abs=1e-6)


def test_sparse_crossentropy_rejects_one_hot_labels():
    one_hot = np.eye(3)[[0, 1, 2, 1]]
    with pytest.raises(ValueError, match="categorical_crossentropy"):
        layers.sparse_categorical_crossentropy(one_hot, np.zeros((4, 3)), from_logits=True)


def test_categorical_crossentropy_rejects_integer_labels():
    with pytest.raises(ValueError, match="sparse_categorical_crossentropy"):
        layers.categorical_crossentropy(np.array([0, 1, 2, 1]), np.zeros((4, 3)), from_logits=True)


def test_loss_rejects_probabilities_given_as_logits():
    probs = layers.softmax(np.random.default_rng(0).normal(size=(4, 3)))
    with pytest.raises(ValueError, match="from_logits=False"):
        layers.sparse_categorical_crossentropy(np.array([0, 1, 2, 1]), probs, from_logits=True)
    with pytest.raises(ValueError, match="from_logits=False"):
        layers.categorical_crossentropy(np.eye(3)[[0, 1, 2, 1]], probs, from_logits=True)


def test_loss_rejects_logits_given_as_probabilities():
    logits = np.random.default_rng(0).normal(size=(4, 3))
    with pytest.raises(ValueError, match="from_logits=True"):
        layers.sparse_categorical_crossentropy(np.array([0, 1, 2, 1]), logits, from_logits=False)
    with pytest.raises(ValueError, match="from_logits=True"):
        layers.categorical_crossentropy(np.eye(3)[[0, 1, 2, 1]], logits, from_logits=False)


def test_loss_requires_explicit_from_logits():
    with pytest.raises(TypeError):
        layers.sparse_categorical_crossentropy(np.array([0, 1]), np.zeros((2, 3)))  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="from_logits"):
        layers.sparse_categorical_crossentropy(np.array([0, 1]), np.zeros((2, 3)), from_logits="yes")


# ---------------------------------------------------------------------------
# Forward and backward against TensorFlow (float32)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CONV_CASES, ids=CONV_IDS)
def test_conv2d_matches_tensorflow(case, rng):
    batch, height, width, c_in, (kh, kw), c_out, stride, padding = case
    x = rng.normal(size=(batch, height, width, c_in)).astype(np.float32)
    kernel = rng.normal(size=(kh, kw, c_in, c_out)).astype(np.float32)
    bias = rng.normal(size=c_out).astype(np.float32)
    out, cache = layers.conv2d_forward(x, kernel, bias, stride=stride, padding=padding)
    upstream = rng.normal(size=out.shape).astype(np.float32)
    tf_out, (tf_dx, tf_dkernel, tf_dbias) = tf_gradients(
        lambda x_, k_, b_: tf_conv(x_, k_, stride, padding) + b_, [x, kernel, bias], upstream
    )
    dx, dkernel, dbias = layers.conv2d_backward(upstream, cache)
    assert out.dtype == dx.dtype == dkernel.dtype == dbias.dtype == np.float32
    np.testing.assert_allclose(out, tf_out, **FLOAT32_TOLERANCE)
    np.testing.assert_allclose(dx, tf_dx, **FLOAT32_TOLERANCE)
    np.testing.assert_allclose(dkernel, tf_dkernel, rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(dbias, tf_dbias, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("case", CONV_CASES, ids=CONV_IDS)
def test_conv2d_naive_matches_vectorised(case, rng):
    batch, height, width, c_in, (kh, kw), c_out, stride, padding = case
    x = rng.normal(size=(batch, height, width, c_in))
    kernel = rng.normal(size=(kh, kw, c_in, c_out))
    out, _ = layers.conv2d_forward(x, kernel, stride=stride, padding=padding)
    np.testing.assert_allclose(layers.conv2d_naive(x, kernel, stride=stride, padding=padding), out, rtol=1e-12, atol=1e-12)


def test_conv2d_backward_can_skip_input_gradient(rng):
    x = rng.normal(size=(2, 6, 6, 1)).astype(np.float32)
    kernel = rng.normal(size=(3, 3, 1, 2)).astype(np.float32)
    out, cache = layers.conv2d_forward(x, kernel)
    full = layers.conv2d_backward(np.ones_like(out), cache)
    dx, dkernel, dbias = layers.conv2d_backward(np.ones_like(out), cache, compute_dx=False)
    assert dx is None
    np.testing.assert_array_equal(dkernel, full[1])
    np.testing.assert_array_equal(dbias, full[2])


@pytest.mark.parametrize("case", POOL_CASES, ids=POOL_IDS)
def test_max_pool_matches_tensorflow(case, rng):
    batch, height, width, channels, pool_size, stride, padding = case
    x = rng.normal(size=(batch, height, width, channels)).astype(np.float32)
    out, cache = layers.max_pool_forward(x, pool_size, stride, padding)
    upstream = rng.normal(size=out.shape).astype(np.float32)
    tf_out, (tf_dx,) = tf_gradients(lambda x_: tf_pool(x_, pool_size, stride, padding), [x], upstream)
    np.testing.assert_array_equal(out, tf_out)
    np.testing.assert_allclose(layers.max_pool_backward(upstream, cache), tf_dx, **FLOAT32_TOLERANCE)


def test_relu_matches_tensorflow(rng):
    x = rng.normal(size=(3, 5, 4, 2)).astype(np.float32)
    out, cache = layers.relu_forward(x)
    upstream = rng.normal(size=x.shape).astype(np.float32)
    tf_out, (tf_dx,) = tf_gradients(tf.nn.relu, [x], upstream)
    np.testing.assert_array_equal(out, tf_out)
    np.testing.assert_array_equal(layers.relu_backward(upstream, cache), tf_dx)


def test_dense_matches_tensorflow(rng):
    x = rng.normal(size=(6, 12)).astype(np.float32)
    weights = rng.normal(size=(12, 5)).astype(np.float32)
    bias = rng.normal(size=5).astype(np.float32)
    out, cache = layers.dense_forward(x, weights, bias)
    upstream = rng.normal(size=out.shape).astype(np.float32)
    tf_out, tf_grads = tf_gradients(lambda x_, w_, b_: tf.matmul(x_, w_) + b_, [x, weights, bias], upstream)
    np.testing.assert_allclose(out, tf_out, **FLOAT32_TOLERANCE)
    for mine, theirs in zip(layers.dense_backward(upstream, cache), tf_grads):
        np.testing.assert_allclose(mine, theirs, **FLOAT32_TOLERANCE)


@pytest.mark.parametrize("scale", [1.0, 50.0])
def test_softmax_and_log_softmax_match_tensorflow(scale, rng):
    logits = (scale * rng.normal(size=(5, 7))).astype(np.float32)
    upstream = rng.normal(size=logits.shape).astype(np.float32)
    tf_probs, (tf_dsoftmax,) = tf_gradients(tf.nn.softmax, [logits], upstream)
    tf_log_probs, (tf_dlog,) = tf_gradients(tf.nn.log_softmax, [logits], upstream)
    probs, log_probs = layers.softmax(logits), layers.log_softmax(logits)
    np.testing.assert_allclose(probs, tf_probs, **FLOAT32_TOLERANCE)
    np.testing.assert_allclose(log_probs, tf_log_probs, rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(layers.softmax_backward(upstream, probs), tf_dsoftmax, **FLOAT32_TOLERANCE)
    np.testing.assert_allclose(layers.log_softmax_backward(upstream, log_probs), tf_dlog, **FLOAT32_TOLERANCE)


def test_sparse_crossentropy_matches_keras(rng):
    logits = (3 * rng.normal(size=(8, 10))).astype(np.float32)
    labels = rng.integers(0, 10, size=8)
    keras_loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    variable = tf.Variable(logits)
    with tf.GradientTape() as tape:
        expected = keras_loss(labels, variable)
    expected_grad = tape.gradient(expected, variable).numpy()
    loss = layers.sparse_categorical_crossentropy(labels, logits, from_logits=True)
    np.testing.assert_allclose(loss, float(expected), rtol=1e-5)
    np.testing.assert_allclose(layers.sparse_categorical_crossentropy_backward(labels, logits), expected_grad, **FLOAT32_TOLERANCE)
    probs = layers.softmax(logits)
    from_probs = keras.losses.SparseCategoricalCrossentropy(from_logits=False)(labels, probs)
    np.testing.assert_allclose(layers.sparse_categorical_crossentropy(labels, probs, from_logits=False), float(from_probs), rtol=1e-5)


def test_categorical_crossentropy_matches_keras(rng):
    logits = (3 * rng.normal(size=(8, 10))).astype(np.float32)
    one_hot = np.eye(10, dtype=np.float32)[rng.integers(0, 10, size=8)]
    keras_loss = keras.losses.CategoricalCrossentropy(from_logits=True)
    variable = tf.Variable(logits)
    with tf.GradientTape() as tape:
        expected = keras_loss(one_hot, variable)
    expected_grad = tape.gradient(expected, variable).numpy()
    np.testing.assert_allclose(layers.categorical_crossentropy(one_hot, logits, from_logits=True), float(expected), rtol=1e-5)
    np.testing.assert_allclose(layers.categorical_crossentropy_backward(one_hot, logits), expected_grad, **FLOAT32_TOLERANCE)


# ---------------------------------------------------------------------------
# Backward against float64 numerical gradients
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CONV_CASES, ids=CONV_IDS)
def test_conv2d_gradients_match_numerical(case, rng):
    batch, height, width, c_in, (kh, kw), c_out, stride, padding = case
    x = rng.normal(size=(batch, height, width, c_in))
    kernel = rng.normal(size=(kh, kw, c_in, c_out))
    bias = rng.normal(size=c_out)
    out, cache = layers.conv2d_forward(x, kernel, bias, stride=stride, padding=padding)
    upstream = rng.normal(size=out.shape)
    dx, dkernel, dbias = layers.conv2d_backward(upstream, cache)

    def forward():
        # L = sum(output * upstream), so dL/doutput = upstream.
        return float(np.sum(layers.conv2d_forward(x, kernel, bias, stride=stride, padding=padding)[0] * upstream))

    assert relative_error(dx, numerical_gradient(forward, x)) <= GRADCHECK_TOLERANCE
    assert relative_error(dkernel, numerical_gradient(forward, kernel)) <= GRADCHECK_TOLERANCE
    assert relative_error(dbias, numerical_gradient(forward, bias)) <= GRADCHECK_TOLERANCE


@pytest.mark.parametrize("case", POOL_CASES, ids=POOL_IDS)
def test_max_pool_gradient_matches_numerical(case, rng):
    batch, height, width, channels, pool_size, stride, padding = case
    # A permutation keeps every value distinct, so no window has a tie within eps.
    x = rng.permutation(batch * height * width * channels).reshape(batch, height, width, channels) / 10.0
    out, cache = layers.max_pool_forward(x, pool_size, stride, padding)
    upstream = rng.normal(size=out.shape)
    dx = layers.max_pool_backward(upstream, cache)
    numeric = numerical_gradient(lambda: float(np.sum(layers.max_pool_forward(x, pool_size, stride, padding)[0] * upstream)), x)
    assert relative_error(dx, numeric) <= GRADCHECK_TOLERANCE


def test_relu_gradient_matches_numerical(rng):
    x = rng.normal(size=(2, 4, 4, 3))
    x[np.abs(x) < 1e-3] = 0.5  # keep every value away from the kink at 0
    upstream = rng.normal(size=x.shape)
    dx = layers.relu_backward(upstream, layers.relu_forward(x)[1])
    numeric = numerical_gradient(lambda: float(np.sum(layers.relu_forward(x)[0] * upstream)), x)
    assert relative_error(dx, numeric) <= GRADCHECK_TOLERANCE


def test_dense_gradients_match_numerical(rng):
    x, weights, bias = rng.normal(size=(4, 6)), rng.normal(size=(6, 3)), rng.normal(size=3)
    upstream = rng.normal(size=(4, 3))
    grads = layers.dense_backward(upstream, layers.dense_forward(x, weights, bias)[1])

    def forward():
        return float(np.sum(layers.dense_forward(x, weights, bias)[0] * upstream))

    for analytic, array in zip(grads, (x, weights, bias)):
        assert relative_error(analytic, numerical_gradient(forward, array)) <= GRADCHECK_TOLERANCE


def test_softmax_gradients_match_numerical(rng):
    logits = rng.normal(size=(3, 5))
    upstream = rng.normal(size=(3, 5))
    dsoftmax = layers.softmax_backward(upstream, layers.softmax(logits))
    dlog = layers.log_softmax_backward(upstream, layers.log_softmax(logits))
    assert relative_error(dsoftmax, numerical_gradient(lambda: float(np.sum(layers.softmax(logits) * upstream)), logits)) <= GRADCHECK_TOLERANCE
    assert relative_error(dlog, numerical_gradient(lambda: float(np.sum(layers.log_softmax(logits) * upstream)), logits)) <= GRADCHECK_TOLERANCE


def test_crossentropy_gradients_match_numerical(rng):
    logits = rng.normal(size=(4, 5))
    labels = np.array([0, 3, 4, 1])
    one_hot = np.eye(5)[labels]
    sparse = layers.sparse_categorical_crossentropy_backward(labels, logits)
    dense = layers.categorical_crossentropy_backward(one_hot, logits)
    numeric = numerical_gradient(lambda: layers.sparse_categorical_crossentropy(labels, logits, from_logits=True), logits)
    assert relative_error(sparse, numeric) <= GRADCHECK_TOLERANCE
    assert relative_error(dense, numeric) <= GRADCHECK_TOLERANCE


def test_numerical_gradient_of_known_function():
    x = np.array([1.0, -2.0, 3.0])
    np.testing.assert_allclose(numerical_gradient(lambda: float(np.sum(x**3)), x), 3 * x**2, rtol=1e-8)
    np.testing.assert_array_equal(x, [1.0, -2.0, 3.0])


def test_relative_error_of_equal_and_zero_gradients():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert relative_error(np.array([1.0]), np.array([-1.0])) == 1.0


# ---------------------------------------------------------------------------
# Input validation: every error names the value and the fix
# ---------------------------------------------------------------------------


def test_integer_input_raises_type_error():
    with pytest.raises(TypeError, match=r"uint8.*astype\(np.float32\)"):
        layers.conv2d_forward(np.zeros((1, 5, 5, 1), dtype=np.uint8), np.zeros((3, 3, 1, 1), dtype=np.float32))


def test_list_input_raises_type_error():
    with pytest.raises(TypeError, match="np.asarray"):
        layers.relu_forward([[1.0, -1.0]])


def test_nchw_input_names_the_transpose():
    x = np.zeros((2, 1, 28, 28), dtype=np.float32)
    kernel = np.zeros((3, 3, 1, 8), dtype=np.float32)
    with pytest.raises(ValueError, match=r"NCHW.*np.transpose\(x, \(0, 2, 3, 1\)\)"):
        layers.conv2d_forward(x, kernel)


def test_channel_mismatch_names_both_counts():
    with pytest.raises(ValueError, match=r"最后一维（通道）是 3.*需要 4 个输入通道"):
        layers.conv2d_forward(np.zeros((1, 5, 5, 3), dtype=np.float32), np.zeros((3, 3, 4, 2), dtype=np.float32))


def test_missing_batch_dimension_is_explained():
    with pytest.raises(ValueError, match=r"4 维.*\(28, 28, 1\).*np.newaxis"):
        layers.max_pool_forward(np.zeros((28, 28, 1), dtype=np.float32))


def test_nan_input_names_position():
    x = np.zeros((1, 4, 4, 1), dtype=np.float32)
    x[0, 2, 1, 0] = np.nan
    with pytest.raises(ValueError, match=r"1 个 NaN.*\(0, 2, 1, 0\)"):
        layers.max_pool_forward(x)
    with pytest.raises(ValueError, match="NaN"):
        layers.softmax(np.array([[0.0, np.inf]]))


def test_mixed_dtypes_raise_type_error():
    with pytest.raises(TypeError, match="float32.*float64"):
        layers.conv2d_forward(np.zeros((1, 5, 5, 1), dtype=np.float32), np.zeros((3, 3, 1, 1)))


@pytest.mark.parametrize("padding", ["same_", "full", 1])
def test_unknown_padding_is_rejected(padding):
    with pytest.raises(ValueError, match="'VALID' 或 'SAME'"):
        layers.conv2d_forward(np.zeros((1, 5, 5, 1)), np.zeros((3, 3, 1, 1)), padding=padding)


@pytest.mark.parametrize("stride", [0, -1, (1, 2, 3), 1.5, True])
def test_invalid_stride_is_rejected(stride):
    with pytest.raises(ValueError, match="stride"):
        layers.conv2d_forward(np.zeros((1, 5, 5, 1)), np.zeros((3, 3, 1, 1)), stride=stride)


def test_input_smaller_than_kernel_is_rejected():
    with pytest.raises(ValueError, match="SAME"):
        layers.conv2d_forward(np.zeros((1, 2, 2, 1)), np.zeros((3, 3, 1, 1)))


def test_conv_bias_length_is_checked():
    with pytest.raises(ValueError, match="bias 的长度是 3"):
        layers.conv2d_forward(np.zeros((1, 5, 5, 1)), np.zeros((3, 3, 1, 2)), np.zeros(3))


def test_dense_shape_mismatch_is_explained():
    with pytest.raises(ValueError, match=r"长 800.*需要长度 576"):
        layers.dense_forward(np.zeros((2, 800)), np.zeros((576, 10)), np.zeros(10))
    with pytest.raises(ValueError, match=r"reshape\(len\(x\), -1\)"):
        layers.dense_forward(np.zeros((2, 5, 5, 32)), np.zeros((800, 10)), np.zeros(10))


def test_backward_rejects_wrong_upstream_shape(rng):
    out, cache = layers.conv2d_forward(rng.normal(size=(1, 5, 5, 1)), rng.normal(size=(3, 3, 1, 2)))
    with pytest.raises(ValueError, match="dout 的形状"):
        layers.conv2d_backward(np.zeros((1, 3, 3, 3)), cache)
    pooled, pool_cache = layers.max_pool_forward(rng.normal(size=(1, 4, 4, 1)))
    with pytest.raises(ValueError, match="dout 的形状"):
        layers.max_pool_backward(np.zeros((1, 4, 4, 1)), pool_cache)


def test_labels_out_of_range_are_rejected():
    with pytest.raises(ValueError, match=r"0 … 2"):
        layers.sparse_categorical_crossentropy(np.array([0, 3]), np.zeros((2, 3)), from_logits=True)


def test_float_labels_are_rejected():
    with pytest.raises(TypeError, match="整数"):
        layers.sparse_categorical_crossentropy(np.array([0.0, 1.0]), np.zeros((2, 3)), from_logits=True)


def test_gradcheck_rejects_float32():
    with pytest.raises(TypeError, match="float64"):
        numerical_gradient(lambda: 0.0, np.zeros(3, dtype=np.float32))
