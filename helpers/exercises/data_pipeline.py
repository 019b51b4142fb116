"""03_data_pipeline.ipynb（大规模图像数据的流水线）的练习检查器。"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from helpers.exercises import CheckResult, failed, not_answered, passed

PIPELINE_STEPS = ("interleave", "decode", "cache", "shuffle", "batch", "augment", "prefetch")
"""本章训练流水线的步骤顺序（增强对整批进行）。"""


def check_pipeline_order(order: Sequence[str] | None) -> CheckResult:
    """检查练习 1：训练用 tf.data 流水线的步骤顺序。"""
    if order is None:
        return not_answered("请把七个步骤写成字符串列表，例如 [\"interleave\", ...]。")
    if isinstance(order, str) or not isinstance(order, Sequence):
        return failed(f"答案应是字符串列表，收到的是 {type(order).__name__}。")
    answer = [str(step).strip().lower() for step in order]
    if sorted(answer) != sorted(PIPELINE_STEPS):
        missing = sorted(set(PIPELINE_STEPS) - set(answer))
        extra = sorted(set(answer) - set(PIPELINE_STEPS))
        return failed(f"步骤应恰好是 {sorted(PIPELINE_STEPS)} 各一次；缺少 {missing}，多出 {extra}。")
    position = {step: index for index, step in enumerate(answer)}
    if position["augment"] < position["cache"]:
        return failed("augment 放在了 cache 之前。", "cache 会把之前的结果原样记下，之后每一轮的增强都和第一轮相同。")
    if position["decode"] > position["cache"]:
        return failed("decode 放在了 cache 之后。", "把解码后的图像缓存起来，第二轮起就不必再解码。")
    if position["shuffle"] < position["cache"]:
        return failed("shuffle 放在了 cache 之前。", "缓存之前的顺序被原样记下，之后每一轮的顺序都一样。")
    if position["shuffle"] > position["batch"]:
        return failed("shuffle 放在了 batch 之后。", "分批之后再打乱，只会打乱批的顺序，同一批里的样本总是一起出现。")
    if position["augment"] < position["batch"]:
        return failed("augment 放在了 batch 之前。", "本章对整批做向量化的增强，所以它在 batch 之后。")
    if answer[-1] != "prefetch":
        return failed("prefetch 不在最后。", "预取应是最后一步，让整条流水线和模型训练重叠进行。")
    if answer[0] != "interleave":
        return failed("interleave 不在最前。", "交错读取分片是流水线的源头：先读出记录，才能解码。")
    return passed("顺序正确：" + " → ".join(answer) + "。")


def check_welford_update(welford_update: Callable[[int, float, float, float], tuple] | None) -> CheckResult:
    """检查练习 2：``welford_update(count, mean, m2, value)`` 逐个值更新均值和离差平方和。"""
    if welford_update is None:
        return not_answered("请补全函数 welford_update，再把它传给检查器。")
    if not callable(welford_update):
        return failed(f"检查器需要一个函数，收到的是 {type(welford_update).__name__}。")
    values = np.array([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0, 1e8 + 1.0, 1e8 + 3.0])
    count, mean, m2 = 0, 0.0, 0.0
    for value in values:
        try:
            updated = welford_update(count, mean, m2, float(value))
        except Exception as error:  # 学习者的代码可能抛出任何异常，把它转述给学习者
            return failed(f"调用 welford_update({count}, {mean}, {m2}, {value}) 时出错：{error!r}")
        if updated is None:
            return not_answered("welford_update 还没有返回值：请返回 (count, mean, m2)。")
        try:
            count, mean, m2 = updated
        except (TypeError, ValueError):
            return failed(f"返回值应是三个数 (count, mean, m2)，收到的是 {updated!r}。")
    expected_mean, expected_m2 = values.mean(), np.sum((values - values.mean()) ** 2)
    if count != len(values):
        return failed(f"处理完 {len(values)} 个数后 count 是 {count}。", "每来一个数，count 加 1。")
    if not np.isclose(mean, expected_mean, rtol=1e-12):
        return failed(f"均值是 {mean}，应为 {expected_mean}。", "新均值 = 旧均值 + (value - 旧均值) / 新 count。")
    if not np.isclose(m2, expected_m2, rtol=1e-9):
        return failed(
            f"m2 是 {m2}，应为 {expected_m2}。",
            "m2 增加 (value - 旧均值) × (value - 新均值)；注意两个差一个用旧均值、一个用新均值。",
        )
    return passed(f"10 个数的均值 {expected_mean:.1f}、方差 {expected_m2 / len(values):.4g} 都对，连很大的数也没有损失精度。")


def check_shards_for_worker(shards_for_worker: Callable[[list, int, int], list] | None) -> CheckResult:
    """检查练习 3：``shards_for_worker(paths, num_workers, worker_index)`` 是否把分片不重不漏、均衡地分给各进程。"""
    if shards_for_worker is None:
        return not_answered("请补全函数 shards_for_worker，再把它传给检查器。")
    for num_shards, num_workers in [(16, 2), (16, 3), (10, 4), (3, 3)]:
        paths = [f"train-{index:05d}-of-{num_shards:05d}.tfrecord" for index in range(num_shards)]
        assigned = []
        for worker_index in range(num_workers):
            try:
                answer = shards_for_worker(list(paths), num_workers, worker_index)
            except Exception as error:  # 学习者的代码可能抛出任何异常，把它转述给学习者
                return failed(f"shards_for_worker({num_shards} 个分片, {num_workers}, {worker_index}) 出错：{error!r}")
            if answer is None:
                return not_answered("shards_for_worker 还没有返回值：请返回一个分片列表。")
            assigned.append(list(answer))
        counts = Counter(path for part in assigned for path in part)
        case = f"{num_shards} 个分片分给 {num_workers} 个进程时"
        if any(count > 1 for count in counts.values()):
            return failed(f"{case}，有分片被分给了不止一个进程。", "每个分片只能属于一个进程，否则它的样本会被重复训练。")
        if set(counts) != set(paths):
            return failed(f"{case}，有 {len(set(paths) - set(counts))} 个分片没有分给任何进程。", "所有进程合起来要覆盖全部分片。")
        sizes = [len(part) for part in assigned]
        if max(sizes) - min(sizes) > 1:
            return failed(f"{case}，各进程分到 {sizes} 个分片，不够均衡。", "试试 paths[worker_index::num_workers]。")
    return passed("分片不重不漏，各进程的份数最多相差 1。")


def check_global_batch_size(global_batch_size: int | None) -> CheckResult:
    """检查练习 4：2 台机器 × 4 块 GPU、每块 GPU 32 张图时的全局批量。"""
    if global_batch_size is None:
        return not_answered("请写出一个整数。")
    if isinstance(global_batch_size, bool) or not isinstance(global_batch_size, (int, np.integer)):
        return failed(f"答案应是整数，收到的是 {global_batch_size!r}。")
    if global_batch_size == 256:
        return passed("全局批量 = 32 × 2 × 4 = 256；每一步 8 个副本各处理 32 张。")
    if global_batch_size == 32:
        return failed("32 是每块 GPU 的批量。", "全局批量是所有副本合计的样本数，副本数 = 机器数 × 每台的 GPU 数。")
    if global_batch_size in (64, 128):
        return failed(f"{global_batch_size} 只算了机器数或每台的 GPU 数之一。", "副本数 = 机器数 × 每台的 GPU 数 = 8。")
    return failed(f"{global_batch_size} 不对。", "全局批量 = 每个副本的批量 × 副本总数。")
