"""Time naive loops, the vectorised NumPy convolution (helpers.layers) and tf.nn.conv2d.

Run by hand from the repository root (it is not part of the test suite):

    .venv/bin/python benchmarks/conv_speed.py

The shapes are convolutions of the course's CNNs (batch 64, float32, NHWC, VALID, stride 1).
For each, the script times the forward pass and the backward pass (gradients with respect to the
input and the kernel). It prints the NumPy/TensorFlow time ratios and their medians.
benchmarks/README.md records the results and the machine they came from.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from helpers import layers  # noqa: E402

# (name, input shape NHWC, kernel shape HWIO): both convolutions of the chapter 4 NumPy CNN and
# the two convolutions of the chapter 5 reference CNN that have 32 or 64 input channels.
SHAPES = [
    ("ch4 conv1", (64, 28, 28, 1), (3, 3, 1, 16)),
    ("ch4 conv2", (64, 13, 13, 16), (3, 3, 16, 32)),
    ("ch5 conv2", (64, 13, 13, 32), (3, 3, 32, 64)),
    ("ch5 conv3", (64, 5, 5, 64), (3, 3, 64, 64)),
]
FORWARD_TARGET = 1.5
BACKWARD_TARGET = 3.0


def naive_backward(dout: np.ndarray, x: np.ndarray, kernel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Compute (dx, dkernel) of a VALID, stride-1 convolution with one loop iteration per output element and channel."""
    kh, kw, _, c_out = kernel.shape
    dx = np.zeros_like(x)
    dkernel = np.zeros_like(kernel)
    for n in range(dout.shape[0]):
        for i in range(dout.shape[1]):
            for j in range(dout.shape[2]):
                for f in range(c_out):
                    dx[n, i : i + kh, j : j + kw, :] += dout[n, i, j, f] * kernel[:, :, :, f]
                    dkernel[:, :, :, f] += dout[n, i, j, f] * x[n, i : i + kh, j : j + kw, :]
    return dx, dkernel


def median_seconds(function, repeats: int) -> float:
    """Return the median wall-clock time of ``repeats`` calls, after one warm-up call."""
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_shape(input_shape, kernel_shape, repeats: int, naive_batch: int) -> dict[str, float]:
    """Time the six variants on one shape; naive loops run on ``naive_batch`` images and are scaled to the batch."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=input_shape).astype(np.float32)
    kernel = rng.normal(size=kernel_shape).astype(np.float32)
    out, cache = layers.conv2d_forward(x, kernel)
    dout = rng.normal(size=out.shape).astype(np.float32)

    x_tf, kernel_tf, dout_tf = tf.constant(x), tf.constant(kernel), tf.constant(dout)
    input_sizes = tf.constant(input_shape, dtype=tf.int32)
    filter_sizes = tf.constant(kernel_shape, dtype=tf.int32)

    def tf_forward():
        return tf.nn.conv2d(x_tf, kernel_tf, strides=1, padding="VALID").numpy()

    def tf_backward():
        dx = tf.raw_ops.Conv2DBackpropInput(
            input_sizes=input_sizes, filter=kernel_tf, out_backprop=dout_tf, strides=[1, 1, 1, 1], padding="VALID"
        )
        dkernel = tf.raw_ops.Conv2DBackpropFilter(
            input=x_tf, filter_sizes=filter_sizes, out_backprop=dout_tf, strides=[1, 1, 1, 1], padding="VALID"
        )
        return dx.numpy(), dkernel.numpy()

    # Check that all three compute the same thing before timing them.
    np.testing.assert_allclose(out, tf_forward(), rtol=1e-4, atol=1e-3)
    dx, dkernel, _ = layers.conv2d_backward(dout, cache)
    tf_dx, tf_dkernel = tf_backward()
    np.testing.assert_allclose(dx, tf_dx, rtol=1e-4, atol=1e-3)
    np.testing.assert_allclose(dkernel, tf_dkernel, rtol=1e-4, atol=1e-2)

    scale = input_shape[0] / naive_batch
    x_few, dout_few = x[:naive_batch], dout[:naive_batch]
    return {
        "naive_forward": scale * median_seconds(lambda: layers.conv2d_naive(x_few, kernel), 1),
        "numpy_forward": median_seconds(lambda: layers.conv2d_forward(x, kernel), repeats),
        "tf_forward": median_seconds(tf_forward, repeats),
        "naive_backward": scale * median_seconds(lambda: naive_backward(dout_few, x_few, kernel), 1),
        "numpy_backward": median_seconds(lambda: layers.conv2d_backward(dout, cache), repeats),
        "tf_backward": median_seconds(tf_backward, repeats),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30, help="timed calls per vectorised variant (default 30)")
    parser.add_argument("--naive-batch", type=int, default=4, help="images the naive loops run on (default 4)")
    parser.add_argument("--blas-threads", type=int, default=1, help="OpenBLAS threads for NumPy (default 1, as in chapter 4)")
    arguments = parser.parse_args()

    print(f"Python {platform.python_version()}, NumPy {np.__version__}, TensorFlow {tf.__version__}")
    print(f"CPU: {platform.processor() or platform.machine()}, {os.cpu_count()} logical cores; NumPy BLAS threads: {arguments.blas_threads}")
    print(f"Times are medians in ms (naive loops: {arguments.naive_batch} images, scaled to the batch).\n")
    header = f"{'shape':<11}{'input':>18}{'kernel':>15} | {'naive':>9}{'numpy':>8}{'tf':>8}{'np/tf':>7} | {'naive':>9}{'numpy':>8}{'tf':>8}{'np/tf':>7}"
    print(f"{'':<44} | {'forward':^32} | {'backward':^32}")
    print(header)
    forward_ratios, backward_ratios = [], []
    with threadpool_limits(arguments.blas_threads):
        for name, input_shape, kernel_shape in SHAPES:
            t = {key: 1000 * value for key, value in time_shape(input_shape, kernel_shape, arguments.repeats, arguments.naive_batch).items()}
            forward_ratios.append(t["numpy_forward"] / t["tf_forward"])
            backward_ratios.append(t["numpy_backward"] / t["tf_backward"])
            print(
                f"{name:<11}{str(input_shape):>18}{str(kernel_shape):>15} | "
                f"{t['naive_forward']:>9.0f}{t['numpy_forward']:>8.2f}{t['tf_forward']:>8.2f}{forward_ratios[-1]:>7.2f} | "
                f"{t['naive_backward']:>9.0f}{t['numpy_backward']:>8.2f}{t['tf_backward']:>8.2f}{backward_ratios[-1]:>7.2f}",
                flush=True,
            )
    forward_median, backward_median = statistics.median(forward_ratios), statistics.median(backward_ratios)
    print(f"\nmedian NumPy/TF ratio, forward:  {forward_median:.2f} (target <= {FORWARD_TARGET}: {'met' if forward_median <= FORWARD_TARGET else 'MISSED'})")
    print(f"median NumPy/TF ratio, backward: {backward_median:.2f} (target <= {BACKWARD_TARGET}: {'met' if backward_median <= BACKWARD_TARGET else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
