"""Measure input pipeline throughput and memory while streaming, as in chapter 3.

Exports the Fashion-MNIST training set once as a PNG folder tree and as TFRecord shards into a
fresh temporary folder, then measures, in one run:

- images per second for a plain Python generator (PIL + NumPy), the naive tf.data pipeline and
  the tuned one (without cache, and with the in-memory cache filled), all doing the same
  decoding, augmentation and standardisation;
- resident memory (psutil RSS) while the tuned pipeline streams the training set repeated
  ``--stream-repeats`` times without cache.

Run from the repository root: .venv/bin/python benchmarks/pipeline_throughput.py
Targets: tuned tf.data (cache filled) at least 10 times the Python generator; memory growth at
most 150 MB while streaming ten times the training set.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers.runtime import seed_everything  # noqa: E402  (filters TensorFlow's start-up log lines)

import numpy as np  # noqa: E402
import psutil  # noqa: E402
import tensorflow as tf  # noqa: E402

from helpers import pipeline  # noqa: E402
from helpers.data import load_fashion_mnist  # noqa: E402


def measure_rates(png_files, shards, *, mean, std, batch_size, images, seed, repeats):
    """Return the median images/second of each method over ``repeats`` measurements."""
    common = dict(mean=mean, std=std, batch_size=batch_size)
    batches_per_epoch = int(np.ceil(len(png_files) / batch_size))
    methods = {
        "python_generator": lambda: pipeline.python_generator_batches(png_files, seed=seed, **common),
        "naive_tf_data": lambda: pipeline.naive_dataset(shards, **common),
        # Without cache every image is read and decoded again, as in the first epoch of the cached pipeline.
        "tuned_tf_data_no_cache": lambda: pipeline.make_dataset(shards, training=True, cache=False, seed=seed, **common),
    }
    rates = {name: [] for name in [*methods, "tuned_tf_data_cached"]}
    for _ in range(repeats):
        for name, make in methods.items():
            rates[name].append(pipeline.measure_throughput(make(), max_images=images)[0])
        warm = pipeline.make_dataset(shards, training=True, seed=seed, repeat=None, **common)
        rates["tuned_tf_data_cached"].append(
            pipeline.measure_throughput(warm, max_images=images, warmup_batches=batches_per_epoch)[0]
        )
    return {name: float(np.median(values)) for name, values in rates.items()}


def measure_streaming_memory(shards, *, mean, std, batch_size, repeats, seed):
    """Stream the shards ``repeats`` times without cache; return (images, RSS samples in MB)."""
    process = psutil.Process()
    dataset = pipeline.make_dataset(
        shards, mean=mean, std=std, batch_size=batch_size, training=True, cache=False, repeat=repeats, seed=seed
    )
    samples, seen = [], 0
    for step, (images, _) in enumerate(dataset):
        seen += int(images.shape[0])
        if step % 100 == 0:
            samples.append(process.memory_info().rss / 2**20)
    samples.append(process.memory_info().rss / 2**20)
    return seen, samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=20_000, help="images read per throughput measurement")
    parser.add_argument("--repeats", type=int, default=3, help="throughput measurements per method (median reported)")
    parser.add_argument("--stream-repeats", type=int, default=10, help="how many times the training set is streamed")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--num-shards", type=int, default=16)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    arguments = parser.parse_args()

    seed_everything(arguments.seed)
    x_train, y_train = load_fashion_mnist("train")
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        png = pipeline.export_image_folder(Path(scratch) / "png", {"train": (x_train, y_train)})["train"]
        png_seconds = time.perf_counter() - start
        start = time.perf_counter()
        shards = pipeline.write_tfrecord_shards(
            Path(scratch) / "tfrecords", {"train": (x_train, y_train)}, num_shards=arguments.num_shards
        )["train"]
        shard_seconds = time.perf_counter() - start
        mean, std = float(x_train.mean(dtype=np.float64)), float(x_train.std(dtype=np.float64))
        png_files = list(zip(png, y_train.tolist()))

        rates = measure_rates(
            png_files, shards, mean=mean, std=std, batch_size=arguments.batch_size,
            images=arguments.images, seed=arguments.seed, repeats=arguments.repeats,
        )
        streamed, rss = measure_streaming_memory(
            shards, mean=mean, std=std, batch_size=arguments.batch_size,
            repeats=arguments.stream_repeats, seed=arguments.seed,
        )

    warmup = max(1, len(rss) // 10)
    result = {
        "machine": f"{platform.machine()}, {psutil.cpu_count()} logical CPUs, {psutil.virtual_memory().total / 2**30:.0f} GiB RAM",
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "export_seconds": {"png_tree": round(png_seconds, 1), "tfrecord_shards": round(shard_seconds, 1)},
        "images_per_second": {name: round(rate) for name, rate in rates.items()},
        "tuned_cached_over_generator": round(rates["tuned_tf_data_cached"] / rates["python_generator"], 1),
        "tuned_no_cache_over_generator": round(rates["tuned_tf_data_no_cache"] / rates["python_generator"], 1),
        "streamed_images": streamed,
        "rss_mb_start_end_max": [round(rss[warmup], 1), round(rss[-1], 1), round(max(rss[warmup:]), 1)],
        "memory_growth_mb": round(max(rss[warmup:]) - rss[warmup], 1),
    }
    print(json.dumps(result, indent=2))
    if arguments.json:
        arguments.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
