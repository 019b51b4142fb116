"""The input pipeline helpers: export, cleaning, streaming statistics and tf.data behaviour.

Three cases come from common bug reports about tf.data: caching after a random augmentation
freezes it, stateful random ops inside map repeat every epoch under a global seed, and
ignore_errors() after batch() drops good images together with the bad one.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import tensorflow as tf
from PIL import Image

from helpers import pipeline
from helpers.data import load_fashion_mnist


@pytest.fixture(scope="module")
def small_split():
    images, labels = load_fashion_mnist("test", limit=40)
    return images, labels


@pytest.fixture(scope="module")
def shards(tmp_path_factory, small_split):
    directory = tmp_path_factory.mktemp("shards") / "tfrecords"
    return pipeline.write_tfrecord_shards(directory, {"train": small_split}, num_shards=4)["train"]


def test_shards_round_trip_exactly(shards, small_split):
    images, labels, indices = pipeline.read_tfrecord_shards(shards)
    np.testing.assert_array_equal(images, small_split[0])
    np.testing.assert_array_equal(labels, small_split[1])
    np.testing.assert_array_equal(indices, np.arange(40))


def test_every_shard_is_used(shards):
    assert [path.name for path in shards] == [pipeline.shard_file_name("train", k, 4) for k in range(4)]
    for path in shards:
        _, _, indices = pipeline.read_tfrecord_shards([path])
        assert len(indices) == 10
    assert pipeline.count_records(shards) == 40


def test_evaluation_dataset_keeps_file_order(shards, small_split):
    dataset = pipeline.make_dataset(shards, mean=0.0, std=1.0, batch_size=16, training=False)
    images = np.concatenate([batch.numpy() for batch, _ in dataset])
    np.testing.assert_array_equal(images[..., 0], small_split[0].astype(np.float32))


def test_training_dataset_has_known_cardinality(shards):
    dataset = pipeline.make_dataset(shards, mean=0.0, std=1.0, batch_size=16, training=True)
    assert int(dataset.cardinality()) == 3


def test_image_folder_layout(tmp_path, small_split):
    written = pipeline.export_image_folder(tmp_path / "png", {"test": small_split})["test"]
    assert len(written) == 40
    label = int(small_split[1][0])
    assert written[0].relative_to(tmp_path / "png").as_posix() == f"test/{pipeline.CLASS_FOLDER_NAMES[label]}/00000.png"
    with Image.open(written[0]) as image:
        assert image.mode == "L"
        np.testing.assert_array_equal(np.asarray(image), small_split[0][0])


def test_export_rejects_foreign_non_empty_folder(tmp_path, small_split):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ValueError, match="拒绝写入"):
        pipeline.export_image_folder(foreign, {"test": small_split})
    with pytest.raises(ValueError, match="拒绝写入"):
        pipeline.write_tfrecord_shards(foreign, {"test": small_split}, num_shards=2)
    assert sorted(path.name for path in foreign.iterdir()) == ["notes.txt"]
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_export_rejects_a_file_as_target(tmp_path, small_split):
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="文件"):
        pipeline.export_image_folder(target, {"test": small_split})


def test_export_overwrites_only_its_own_previous_export(tmp_path, small_split):
    directory = tmp_path / "shards"
    pipeline.write_tfrecord_shards(directory, {"train": small_split}, num_shards=4)
    pipeline.write_tfrecord_shards(directory, {"train": small_split}, num_shards=2)
    names = sorted(path.name for path in directory.iterdir())
    assert names == [pipeline.EXPORT_MARKER, "train-00000-of-00002.tfrecord", "train-00001-of-00002.tfrecord"]
    (directory / "added_by_learner.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="added_by_learner.txt"):
        pipeline.write_tfrecord_shards(directory, {"train": small_split}, num_shards=2)
    assert (directory / "added_by_learner.txt").exists()


def test_export_ignores_marker_paths_outside_folder(tmp_path, small_split):
    outside = tmp_path / "outside.txt"
    outside.write_text("x", encoding="utf-8")
    directory = tmp_path / "export"
    pipeline.export_image_folder(directory, {"test": small_split})
    marker = directory / pipeline.EXPORT_MARKER
    marker.write_text(json.dumps({"files": ["../outside.txt"]}), encoding="utf-8")
    with pytest.raises(ValueError):
        pipeline.export_image_folder(directory, {"test": small_split})
    assert outside.exists()


def test_too_many_shards_are_rejected(tmp_path, small_split):
    with pytest.raises(ValueError, match="num_shards"):
        pipeline.write_tfrecord_shards(tmp_path / "s", {"train": small_split}, num_shards=41)
    assert not (tmp_path / "s").exists()


def test_content_hashes_find_duplicates():
    images = np.zeros((3, 28, 28), dtype=np.uint8)
    images[1, 0, 0] = 1
    hashes = pipeline.content_hashes(images)
    assert hashes[0] == hashes[2]
    assert hashes[0] != hashes[1]


@pytest.fixture
def folder_with_bad_file(tmp_path, small_split):
    """12 valid PNGs in two class folders and one text file named .png."""
    images, labels = small_split
    root = tmp_path / "images"
    for index in range(12):
        folder = root / f"class_{index % 2}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{index:02d}.png").write_bytes(pipeline.encode_png(images[index]))
    (root / "class_0" / "05_text.png").write_text("not an image", encoding="utf-8")
    return root


def test_folder_reports_bad_file_and_loads_all_good(folder_with_bad_file):
    dataset, problems = pipeline.image_folder_dataset(folder_with_bad_file)
    assert [problem.path.name for problem in problems] == ["05_text.png"]
    loaded = list(dataset.batch(5).as_numpy_iterator())
    assert sum(len(images) for images, _ in loaded) == 12
    labels = np.concatenate([labels for _, labels in loaded])
    assert np.bincount(labels).tolist() == [6, 6]


def test_ignore_errors_after_batch_drops_good_images(folder_with_bad_file):
    paths = sorted(str(path) for path in folder_with_bad_file.rglob("*.png"))
    dataset = tf.data.Dataset.from_tensor_slices(paths).map(lambda path: pipeline.decode_image(tf.io.read_file(path)))
    after_batch = sum(len(batch) for batch in dataset.batch(5).ignore_errors().as_numpy_iterator())
    assert after_batch < 12


def test_bad_files_are_classified(tmp_path, small_split):
    folder = tmp_path / "root" / "class_0"
    folder.mkdir(parents=True)
    (folder / "empty.png").write_bytes(b"")
    (folder / "truncated.png").write_bytes(pipeline.encode_png(small_split[0][0])[:60])
    Image.fromarray(np.zeros((28, 28, 3), dtype=np.uint8), mode="RGB").save(folder / "rgb.png")
    Image.fromarray(np.zeros((32, 32), dtype=np.uint8), mode="L").save(folder / "large.png")
    (folder / "good.png").write_bytes(pipeline.encode_png(small_split[0][0]))
    good, problems = pipeline.scan_image_folder(tmp_path / "root")
    reasons = {problem.path.name: problem.reason for problem in problems}
    assert [path.name for path, _ in good] == ["good.png"]
    assert "空文件" in reasons["empty.png"]
    assert "无法解码" in reasons["truncated.png"]
    assert "RGB" in reasons["rgb.png"]
    assert "32×32" in reasons["large.png"]


def test_streaming_moments_match_numpy():
    rng = np.random.default_rng(0)
    data = rng.integers(0, 256, size=(1000, 28, 28), dtype=np.uint8)
    batches = (data[start : start + 97] for start in range(0, len(data), 97))
    stats = pipeline.streaming_moments(batches)
    assert stats.count == data.size
    np.testing.assert_allclose(stats.mean, data.mean(dtype=np.float64), rtol=1e-12)
    np.testing.assert_allclose(stats.std, data.std(dtype=np.float64), rtol=1e-12)


def test_merge_moments_is_stable_for_large_offsets():
    values = 1e9 + np.array([1.0, 2.0, 3.0, 4.0])
    merged = pipeline.merge_moments(pipeline.moments_of(values[:1]), pipeline.moments_of(values[1:]))
    np.testing.assert_allclose(merged.m2 / merged.count, 1.25, rtol=1e-9)


def test_augment_batch_flips_and_shifts_within_two_pixels():
    images = tf.constant(np.arange(4 * 28 * 28).reshape(4, 28, 28, 1) % 251, dtype=tf.uint8)
    augmented = pipeline.augment_batch(images, tf.constant([1, 2])).numpy()
    for original, result in zip(images.numpy()[..., 0], augmented[..., 0]):
        candidates = []
        for flipped in (original, original[:, ::-1]):
            padded = np.pad(flipped, 2)
            candidates += [padded[top : top + 28, left : left + 28] for top in range(5) for left in range(5)]
        assert any(np.array_equal(result, candidate) for candidate in candidates)


def epoch_images(dataset):
    return np.concatenate([images.numpy() for images, _ in dataset])


def test_augmentation_differs_between_epochs(shards):
    dataset = pipeline.make_dataset(shards, mean=0.0, std=1.0, batch_size=8, training=True, seed=3)
    first, second = epoch_images(dataset), epoch_images(dataset)
    assert not np.array_equal(first, second)


def test_cache_placed_before_augmentation(shards):
    # With shuffling taken out, only the augmentation can make two epochs differ.
    dataset = pipeline.make_dataset(shards, mean=0.0, std=1.0, batch_size=8, training=True, seed=3, shuffle_buffer=1)
    first, second = epoch_images(dataset), epoch_images(dataset)
    assert not np.array_equal(np.sort(first, axis=0), np.sort(second, axis=0))


def test_cache_after_augmentation_freezes_it():
    four = tf.data.Dataset.from_tensor_slices(np.arange(4 * 28 * 28, dtype=np.uint8).reshape(4, 28, 28, 1)).batch(4)
    frozen = tf.data.Dataset.zip((four, pipeline.epoch_varying_seeds(0))).map(pipeline.augment_batch).cache()
    first, second = list(frozen.as_numpy_iterator()), list(frozen.as_numpy_iterator())
    assert np.array_equal(first[0], second[0])


def test_stateful_random_in_map_repeats_under_global_seed():
    tf.random.set_seed(7)
    dataset = tf.data.Dataset.range(5).map(lambda _: tf.random.uniform([]))
    assert list(dataset.as_numpy_iterator()) == list(dataset.as_numpy_iterator())


def test_augmentation_reproducible_across_runs(shards):
    tf.random.set_seed(7)

    def two_epochs():
        dataset = pipeline.make_dataset(shards, mean=0.0, std=1.0, batch_size=8, training=True, seed=11)
        return epoch_images(dataset), epoch_images(dataset)

    run_a, run_b = two_epochs(), two_epochs()
    assert not np.array_equal(run_a[0], run_a[1])
    np.testing.assert_array_equal(run_a[0], run_b[0])
    np.testing.assert_array_equal(run_a[1], run_b[1])


def test_different_seeds_give_different_augmentation(shards):
    first = epoch_images(pipeline.make_dataset(shards, mean=0.0, std=1.0, batch_size=8, training=True, seed=1))
    second = epoch_images(pipeline.make_dataset(shards, mean=0.0, std=1.0, batch_size=8, training=True, seed=2))
    assert not np.array_equal(first, second)


def test_streaming_without_cache_repeats_data(shards):
    dataset = pipeline.make_dataset(shards, mean=0.0, std=1.0, batch_size=8, training=True, cache=False, repeat=3)
    assert sum(int(images.shape[0]) for images, _ in dataset) == 120


def test_python_generator_matches_pipeline_shapes(tmp_path, small_split):
    written = pipeline.export_image_folder(tmp_path / "png", {"test": small_split})["test"]
    files = list(zip(written, small_split[1].tolist()))
    batches = list(pipeline.python_generator_batches(files, mean=0.0, std=1.0, batch_size=16))
    assert [images.shape for images, _ in batches] == [(16, 28, 28, 1), (16, 28, 28, 1), (8, 28, 28, 1)]
    assert batches[0][0].dtype == np.float32
    assert sorted(np.concatenate([labels for _, labels in batches]).tolist()) == sorted(small_split[1].tolist())


def test_measure_throughput_counts_images():
    batches = [(np.zeros((10, 1)),)] * 6
    rate, seen = pipeline.measure_throughput(batches, max_images=30)
    assert seen == 30
    assert rate > 0
