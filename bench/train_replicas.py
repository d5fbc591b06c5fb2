#!/usr/bin/python3
"""qat-train's training step in one process and in K processes over MPI.

    bench/train_replicas.py [--processes 2] [--steps 50] [--rounds 3] [--no-torch]
                            [--work-dir build/train_replicas]

The example CNN (examples/fmnist_cnn.onnx) on Fashion-MNIST, W4A4 with TR
scheduling, global batch 128, as `qat-train --log` times it (the whole loop:
gathering the batch, the step, in K processes the loss/accuracy reduction):
milliseconds per step from step 10 to the last, the median of --rounds
interleaved rounds. Configurations: one process on one thread (the
baseline), one process on K threads, and `mpirun -n K` processes of one
thread each (each steps on 128/K samples; the step averages the gradients
with MPI_Allreduce). Beside them, unless --no-torch, PyTorch's eager step
of the same recipe (bench/torch_qat.py, as bench/train_bench.py times it)
in one process of one thread and in K DistributedDataParallel processes
(gloo, one thread each, each on 128/K samples; its BatchNorm stays per
process: PyTorch 1.13's SyncBatchNorm needs CUDA), steps 10 to the last
timed on rank 0 around the whole step (forward, backward with DDP's
gradient all-reduce, the update, the TR bookkeeping). The CPU is named in
the table.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

from machine import cpu_name  # bench/machine.py, beside this script

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ms_per_step(cmd, log, steps):
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    p = subprocess.run(cmd + ["--log", log], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, env=env)
    if p.returncode:
        err = (p.stderr.strip() or p.stdout.strip()).splitlines()
        sys.exit("train_replicas: %s failed: %s" % (" ".join(cmd[:3]), err[-1] if err else p.returncode))
    times = {}
    with open(log) as f:
        for line in f:
            r = json.loads(line)
            if r["type"] == "step":
                times[r["step"]] = r["time"]
    return (times[steps] - times[10]) / (steps - 10) * 1000


def torch_steps(rank, k, steps, port, result):
    """PyTorch's step on rank `rank` of `k` (k = 1: no DDP); rank 0 puts
    the median ms of steps 10..steps into `result`."""
    import time
    import torch
    import torch.distributed as dist
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import fmnist_model
    import torch_qat
    torch.set_num_threads(1)
    model = torch_qat.QATNet(fmnist_model.build_model(0), 4, 4, True).train()
    layers = model.quantized_layers()
    talr = {}
    for name, w, quant in layers:
        quant.scale.requires_grad_(False)
        talr[w] = name
    step_model = model
    if k > 1:
        os.environ["MASTER_ADDR"], os.environ["MASTER_PORT"] = "127.0.0.1", str(port)
        dist.init_process_group("gloo", rank=rank, world_size=k)
        step_model = torch.nn.parallel.DistributedDataParallel(model)
    opt = torch_qat.BaseOptimizer("sgd", momentum=0.9, weight_decay=5e-4)
    trs = torch_qat.TRScheduler(layers, 4, steps, 5e-3, 0.99, 0.05, talr=True)
    params = [p for p in model.parameters() if p.requires_grad]
    trx, try_, _, _ = fmnist_model.load_fmnist()
    share = 128 // k
    times = []
    for t in range(steps):
        lo = t * 128 + rank * share
        xb, yb = torch.from_numpy(trx[lo:lo + share]), torch.from_numpy(try_[lo:lo + share])
        t0 = time.perf_counter()
        torch_qat.recipe_step(step_model, params, opt, trs, talr, xb, yb, t, 0.05)
        times.append(time.perf_counter() - t0)
    if k > 1:
        dist.destroy_process_group()
    if rank == 0:
        result.put(statistics.median(times[10:]) * 1000)


def torch_ms(k, steps, port):
    import torch.multiprocessing as mp
    ctx = mp.get_context("spawn")
    result = ctx.Queue()
    procs = [ctx.Process(target=torch_steps, args=(r, k, steps, port, result)) for r in range(k)]
    for p in procs:
        p.start()
    ms = result.get()
    for p in procs:
        p.join()
    return ms


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--work-dir", default=os.path.join(ROOT, "build", "train_replicas"))
    ap.add_argument("--no-torch", action="store_true", help="only qat-mlir's rows")
    args = ap.parse_args()
    if args.steps <= 10:
        sys.exit("train_replicas: --steps must be > 10")
    os.makedirs(args.work_dir, exist_ok=True)
    k = args.processes
    train = [os.path.join(ROOT, "build", "bin", "qat-train"),
             os.path.join(ROOT, "examples", "fmnist_cnn.onnx"), "--data", "fashion-mnist",
             "--w-bits", "4", "--a-bits", "4", "--schedule", "tr", "--batch", "128",
             "--steps", str(args.steps)]
    configs = [("qat-mlir 1 process, 1 thread", train + ["--threads", "1"]),
               ("qat-mlir 1 process, %d threads" % k, train + ["--threads", str(k)]),
               ("qat-mlir %d processes (mpirun), 1 thread each" % k,
                ["mpirun", "-n", str(k), "--oversubscribe"] + train + ["--threads", "1"])]
    torch_rows = [] if args.no_torch else [
        ("PyTorch 1.13 eager, 1 process, 1 thread", 1),
        ("PyTorch 1.13 DDP, %d processes, 1 thread each (BatchNorm per process)" % k, k)]
    times = {name: [] for name, _ in configs + torch_rows}
    for r in range(args.rounds):
        for i, (name, cmd) in enumerate(configs):
            times[name].append(ms_per_step(cmd, os.path.join(args.work_dir, "%d.jsonl" % i),
                                           args.steps))
        for name, n in torch_rows:
            times[name].append(torch_ms(n, args.steps, 29500 + r))
    print("Training step, example CNN W4A4 TR/SGD, global batch 128 (%s; median of %d rounds, "
          "steps 10-%d)\n" % (cpu_name(), args.rounds, args.steps))
    print("| configuration | ms/step | speed-up over its 1 process, 1 thread | rounds |")
    print("|---|---|---|---|")
    for family in ([name for name, _ in configs], [name for name, _ in torch_rows]):
        if not family:
            continue
        base = statistics.median(times[family[0]])
        for name in family:
            t = statistics.median(times[name])
            print("| %s | %.1f | %.2fx | %s |" % (name, t, base / t,
                                                  " / ".join("%.1f" % v for v in times[name])))


if __name__ == "__main__":
    main()
