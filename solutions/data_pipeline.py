"""03_data_pipeline.ipynb 练习的参考答案。先自己做，再来对照。"""

# 练习 1：解码后的结果先缓存，随机操作（打乱、增强）都在缓存之后；分批之后对整批增强，最后预取。
pipeline_order = ["interleave", "decode", "cache", "shuffle", "batch", "augment", "prefetch"]


# 练习 2
def welford_update(count: int, mean: float, m2: float, value: float) -> tuple[int, float, float]:
    """把一个新值合并进 (count, mean, m2)，即 Chan 合并公式在 n_b = 1、M2_b = 0 时的特例。"""
    count += 1
    delta = value - mean
    mean += delta / count
    m2 += delta * (value - mean)  # 一个差用旧均值，一个用新均值
    return count, mean, m2


# 练习 3
def shards_for_worker(paths: list, num_workers: int, worker_index: int) -> list:
    """第 worker_index 个进程读第 worker_index、worker_index + num_workers、…… 个分片。"""
    return paths[worker_index::num_workers]


# 练习 4：2 台机器 × 4 块 GPU = 8 个副本，每个副本 32 张。
global_batch_size = 32 * 2 * 4
