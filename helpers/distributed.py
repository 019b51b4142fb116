"""分布式训练：把 CPU 分成几个逻辑设备、同一份训练代码在任意 tf.distribute 策略下运行、启动多个工作进程。

第 3 章（03_data_pipeline.ipynb）用它演示 ``MirroredStrategy``（一台机器上的多个设备）和
``MultiWorkerMirroredStrategy``（多个进程或多台机器）。工作进程只连接 127.0.0.1。

命令行 ``python -m helpers.distributed JOB.json`` 是一个工作进程的入口：它从环境变量
``TF_CONFIG`` 读出集群和自己的编号，按 JOB.json 训练参考 CNN。通常由 ``run_multi_worker_training`` 启动。
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import tensorflow as tf

ROOT = Path(__file__).resolve().parent.parent


def configure_logical_cpus(count: int) -> list[str]:
    """把第一个物理 CPU 分成 ``count`` 个逻辑设备，返回它们的名字（如 ``/device:CPU:1``）。

    必须在 TensorFlow 执行第一个运算之前调用；之后设备已经初始化，TensorFlow 会抛出 RuntimeError。
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError(f"count 应为正整数，收到的是 {count!r}。")
    cpu = tf.config.list_physical_devices("CPU")[0]
    try:
        tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(count)])
    except RuntimeError as error:
        raise RuntimeError(
            "TensorFlow 的设备已经初始化，不能再划分逻辑 CPU；请重启内核，"
            "并在运行任何 TensorFlow 运算之前调用 configure_logical_cpus。"
        ) from error
    return [device.name for device in tf.config.list_logical_devices("CPU")]


def train_reference_cnn(
    strategy: tf.distribute.Strategy,
    train_paths: list[str],
    val_paths: list[str],
    *,
    mean: float,
    std: float,
    global_batch_size: int,
    epochs: int,
    steps_per_epoch: int,
    seed: int,
    worker_index: int = 0,
    num_workers: int = 1,
) -> tuple[object, dict[str, object]]:
    """在 ``strategy`` 下训练参考 CNN，返回 ``(模型, 结果字典)``；单机、多设备、多进程用的是同一份代码。

    用自己写的训练循环（``strategy.run``）而不是 ``model.fit``：在 ``MultiWorkerMirroredStrategy`` 下，
    Keras 3.15 的 ``fit`` 在第一步之前就以 “ValueError: Attempt to convert a value (PerReplica…)” 失败。

    第 ``worker_index`` 个工作进程（共 ``num_workers`` 个）只读 ``train_paths[worker_index::num_workers]``
    这些分片。流水线按全局批量分批，``experimental_distribute_dataset`` 再把每批切成
    ``global_batch_size / 副本数`` 大小的块，依次交给本进程的各个副本（replica），
    所以每一步所有副本合计正好处理一个全局批量。
    训练数据无限重复，``steps_per_epoch`` 决定一轮有几步，各进程的步数因此严格一致。

    结果字典含 ``loss``、``accuracy``（每轮）、``val_accuracy``（训练后在完整验证分片上评估）
    和 ``num_replicas``。
    """
    import keras

    from helpers import models, pipeline

    if len(train_paths) < num_workers:
        raise ValueError(f"只有 {len(train_paths)} 个训练分片，不够分给 {num_workers} 个工作进程。")
    if global_batch_size % strategy.num_replicas_in_sync:
        raise ValueError(
            f"global_batch_size={global_batch_size} 不能被副本数 {strategy.num_replicas_in_sync} 整除。"
        )

    # 每个工作进程只读自己那一份分片（按文件切分），所以关掉 tf.data 的自动分片，免得再切一次。
    dataset = pipeline.make_dataset(
        train_paths[worker_index::num_workers],
        mean=mean,
        std=std,
        batch_size=global_batch_size,
        training=True,
        seed=seed + worker_index,
        cache=False,  # 训练步数可能不到一整轮，只填了一部分的缓存会被作废
        repeat=None,
    )
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.OFF
    dataset = dataset.with_options(options)

    keras.utils.set_random_seed(seed)
    with strategy.scope():
        model = models.build_reference_cnn()
        optimizer = keras.optimizers.Adam()
        optimizer.build(model.trainable_variables)  # 在策略的作用域里建好优化器的状态变量，不留到 tf.function 里
    loss_fn = keras.losses.SparseCategoricalCrossentropy(reduction="none")
    iterator = iter(strategy.experimental_distribute_dataset(dataset))

    def replica_step(images: tf.Tensor, labels: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        with tf.GradientTape() as tape:
            probs = model(images, training=True)
            # 除以全局批量而不是本副本的批量：各副本的梯度相加后正好是整个全局批量的平均梯度。
            loss = tf.nn.compute_average_loss(loss_fn(labels, probs), global_batch_size=global_batch_size)
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))  # 在这里对各副本的梯度做 all-reduce
        correct = tf.reduce_sum(tf.cast(tf.equal(tf.argmax(probs, axis=1), labels), tf.float32))
        return loss, correct

    @tf.function
    def train_step() -> tuple[tf.Tensor, tf.Tensor]:
        loss, correct = strategy.run(replica_step, args=next(iterator))
        sum_op = tf.distribute.ReduceOp.SUM
        return strategy.reduce(sum_op, loss, axis=None), strategy.reduce(sum_op, correct, axis=None)

    history: dict[str, list[float]] = {"loss": [], "accuracy": []}
    for epoch in range(epochs):
        start = time.perf_counter()
        total_loss = total_correct = 0.0
        for _ in range(steps_per_epoch):
            loss, correct = train_step()
            total_loss += float(loss)
            total_correct += float(correct)
        history["loss"].append(total_loss / steps_per_epoch)
        history["accuracy"].append(total_correct / (steps_per_epoch * global_batch_size))
        print(
            f"轮次 {epoch + 1}/{epochs}：{steps_per_epoch} 步，{time.perf_counter() - start:.0f} 秒，"
            f"损失 {history['loss'][-1]:.4f}，训练准确率 {history['accuracy'][-1]:.4f}",
            flush=True,
        )

    # 评估不需要分布式：把权重复制到一个普通模型里，在完整的验证分片上数对了多少张。
    plain = models.build_reference_cnn()
    plain.set_weights(model.get_weights())
    predict = tf.function(lambda images: tf.argmax(plain(images, training=False), axis=1))
    correct = count = 0
    for images, labels in pipeline.make_dataset(val_paths, mean=mean, std=std, batch_size=512, training=False):
        correct += int(tf.reduce_sum(tf.cast(predict(images) == labels, tf.int32)))
        count += int(labels.shape[0])
    val_accuracy = correct / count
    return model, {
        "loss": history["loss"],
        "accuracy": history["accuracy"],
        "val_accuracy": float(val_accuracy),
        "num_replicas": int(strategy.num_replicas_in_sync),
    }


def free_ports(count: int) -> list[int]:
    """让操作系统在 127.0.0.1 上挑 ``count`` 个空闲端口并返回。

    NOTE: 端口在返回时就已释放，另一个程序可能在工作进程启动前抢先占用；那时工作进程会启动失败并报错。
    """
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def run_multi_worker_training(
    output_dir: str | Path,
    *,
    num_workers: int = 2,
    timeout: float = 900.0,
    **job: object,
) -> dict[str, object]:
    """在本机启动 ``num_workers`` 个工作进程，用 ``MultiWorkerMirroredStrategy`` 训练参考 CNN，返回主进程的结果。

    每个进程的 stdout 和 stderr 写到 ``output_dir/worker-<编号>.log``；无论成功、出错还是超时，
    函数返回前都会结束所有还在运行的工作进程。

    参数：
        output_dir：放作业文件、日志、结果 ``result.json`` 和主进程（0 号）保存的权重的目录。
        num_workers：工作进程数。
        timeout：等待全部进程结束的秒数，超时抛出 TimeoutError。
        job：传给 ``train_reference_cnn`` 的关键字参数（路径为字符串，可相对于当前目录）。

    异常：
        RuntimeError：有工作进程以非零状态退出，消息里带着它日志的最后几行。
        TimeoutError：超时。
    """
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    result_path = output_dir / "result.json"
    result_path.unlink(missing_ok=True)
    job_path = output_dir / "job.json"
    job_path.write_text(json.dumps({**job, "output_dir": str(output_dir)}, ensure_ascii=False), encoding="utf-8")

    cluster = {"worker": [f"127.0.0.1:{port}" for port in free_ports(num_workers)]}
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    processes: list[subprocess.Popen] = []
    logs = []
    try:
        for index in range(num_workers):
            environment["TF_CONFIG"] = json.dumps({"cluster": cluster, "task": {"type": "worker", "index": index}})
            log = open(output_dir / f"worker-{index}.log", "wb")  # noqa: SIM115 （在 finally 里关闭）
            logs.append(log)
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "helpers.distributed", str(job_path)],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    env=dict(environment),
                )
            )
        deadline = time.monotonic() + timeout
        while any(process.poll() is None for process in processes):
            failed = [index for index, process in enumerate(processes) if process.returncode not in (None, 0)]
            if failed:
                raise RuntimeError(_failure_message(output_dir, failed[0], processes[failed[0]].returncode))
            if time.monotonic() > deadline:
                raise TimeoutError(f"{num_workers} 个工作进程在 {timeout:.0f} 秒内没有结束；日志在 {output_dir}。")
            time.sleep(0.5)
        for index, process in enumerate(processes):
            if process.returncode != 0:
                raise RuntimeError(_failure_message(output_dir, index, process.returncode))
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in logs:
            log.close()
    return json.loads(result_path.read_text(encoding="utf-8"))


def _failure_message(output_dir: Path, index: int, returncode: int) -> str:
    log_path = output_dir / f"worker-{index}.log"
    tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
    return f"工作进程 {index} 以状态 {returncode} 退出；{log_path} 的最后几行：\n" + "\n".join(tail)


def _worker_main(job_path: str) -> int:
    """一个工作进程：建立 MultiWorkerMirroredStrategy，训练，主进程写结果和权重。"""
    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    output_dir = Path(job.pop("output_dir"))
    tf_config = json.loads(os.environ["TF_CONFIG"])
    task_index = tf_config["task"]["index"]
    num_workers = len(tf_config["cluster"]["worker"])

    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    model, result = train_reference_cnn(strategy, **job, worker_index=task_index, num_workers=num_workers)

    # 每个工作进程都要执行保存（保存时各进程可能要同步），但只有主进程（0 号）写到真正的位置；
    # 其他进程写到临时目录，随后删除，免得几个进程同时写同一个文件。
    is_chief = task_index == 0
    if is_chief:
        model.save_weights(output_dir / "multi_worker_cnn.weights.h5")
        result_path = output_dir / "result.json"
        result_path.write_text(json.dumps({**result, "num_workers": num_workers}), encoding="utf-8")
    else:
        with tempfile.TemporaryDirectory() as scratch:
            model.save_weights(Path(scratch) / "multi_worker_cnn.weights.h5")
    print(f"工作进程 {task_index} 完成：{result}", flush=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("用法：python -m helpers.distributed JOB.json（需要先设置环境变量 TF_CONFIG）")
    sys.exit(_worker_main(sys.argv[1]))
