#!/usr/bin/python3
"""Training benchmarks of qat-mlir against PyTorch on the training example model.

    bench/train_bench.py time [--steps 20] [--warmup 3] [--w-bits 4 --a-bits 4] [--schedule tr]
                              [--optimizer sgd] [--threads T] [--build build]
    bench/train_bench.py accuracy [--epochs 3] [--seeds 0,1,2] [--rows ROW,...] [--torch]
                                  [--jobs 2] [--build build] [--work-dir DIR]

time: the compiled training step (qat-train --save-step; called through the
C ABI, as qat-train calls it) against the same step in PyTorch eager
(bench/torch_qat.py's recipe: forward with LSQ quantizers, cross-entropy,
autograd backward, optimizer update, TR bookkeeping), batch 128, on
--threads threads each (default 1: the compiled step's instance and
torch.set_num_threads), both on the same Fashion-MNIST batches in the same
run. Prints the mean and median step time of each and the ratio.

accuracy: trains each row with qat-train for --epochs on Fashion-MNIST and
prints a markdown table of the final test accuracy (mean and spread over the
seeds; 2-bit rows use every seed, the others the first), and with --torch
the same rows with bench/torch_qat.py beside them (slow: PyTorch eager takes
several times longer per step). Rows: float-sgd, w4a4-lr-sgd, w4a4-tr-sgd,
w2a2-lr-sgd, w2a2-tr-sgd, w4a4-lr-adam, w4a4-tr-adam, w2a2-lr-adam,
w2a2-tr-adam. The CPU is named in every table.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "test", "lib"))

from machine import cpu_name  # bench/machine.py, beside this script

ROWS = ["float-sgd", "w4a4-lr-sgd", "w4a4-tr-sgd", "w2a2-lr-sgd", "w2a2-tr-sgd",
        "w4a4-lr-adam", "w4a4-tr-adam", "w2a2-lr-adam", "w2a2-tr-adam"]


def parse_row(row):
    """'w4a4-tr-sgd' -> (w_bits, a_bits, schedule, optimizer); float: bits None."""
    m = re.fullmatch(r"(float|w(\d)a(\d)-(lr|tr))-(sgd|adam)", row)
    if not m:
        sys.exit("train_bench: unknown row '%s' (rows: %s)" % (row, ", ".join(ROWS)))
    if m.group(1) == "float":
        return None, None, "float", m.group(5)
    return int(m.group(2)), int(m.group(3)), m.group(4), m.group(5)


def qat_train_args(build, row, seed):
    w, a, schedule, optimizer = parse_row(row)
    args = [os.path.join(build, "bin", "qat-train"), os.path.join(ROOT, "examples", "fmnist_cnn.onnx"),
            "--data", "fashion-mnist", "--optimizer", optimizer, "--seed", str(seed),
            "--threads", "1"]
    if schedule == "float":
        return args + ["--float"]
    return args + ["--w-bits", str(w), "--a-bits", str(a), "--schedule", schedule]


def last_accuracy(text):
    m = re.findall(r"^test accuracy: ([0-9.]+)$", text, re.M)
    return float(m[-1]) if m else None


def run_time(args):
    import torch
    import fmnist_model
    import torch_qat
    from gradcheck import Library
    torch.set_num_threads(args.threads)
    if args.schedule == "float":
        row = "float-%s" % args.optimizer
    else:
        row = "w%da%d-%s-%s" % (args.w_bits, args.a_bits, args.schedule, args.optimizer)
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(qat_train_args(args.build, row, 0) + ["--steps", "1", "--save-step", work],
                       check=True, stdout=subprocess.DEVNULL)
        lib = Library(os.path.join(work, "libtrain.so"), threads=args.threads)
        _, ins, _ = lib.functions["train_step"]
        state = {n: np.load(os.path.join(work, "init", n + ".npy"))
                 for n, _, _ in ins if n not in ("input", "labels")}
        trx, try_, _, _ = fmnist_model.load_fmnist()
        batches = [(np.ascontiguousarray(trx[i * 128:(i + 1) * 128], dtype=np.float32),
                    np.ascontiguousarray(try_[i * 128:(i + 1) * 128], dtype=np.int64))
                   for i in range(args.warmup + args.steps)]

        # Parameters and state are updated in their buffers, as qat-train does.
        ours = []
        for k, (x, y) in enumerate(batches):
            inputs = [x if n == "input" else y if n == "labels" else state[n] for n, _, _ in ins]
            t0 = time.perf_counter()
            lib.call("train_step", inputs, in_place=True)
            if k >= args.warmup:
                ours.append(time.perf_counter() - t0)

        net = fmnist_model.build_model(0)
        model = torch_qat.QATNet(net, args.w_bits, args.a_bits, args.schedule != "float").train()
        opt = torch_qat.BaseOptimizer(args.optimizer, momentum=0.9,
                                      weight_decay=5e-4 if args.optimizer == "sgd" else 0.0)
        layers = model.quantized_layers()
        talr = {}
        if args.schedule == "tr":
            for name, w, quant in layers:
                quant.scale.requires_grad_(False)
                talr[w] = name
        T = args.warmup + args.steps
        trs = torch_qat.TRScheduler(layers, args.w_bits, T, 5e-3, 0.99, 0.05,
                                    talr=args.schedule == "tr")
        params = [p for p in model.parameters() if p.requires_grad]
        theirs = []
        for k, (x, y) in enumerate(batches):
            xb, yb = torch.from_numpy(x), torch.from_numpy(y)
            t0 = time.perf_counter()
            torch_qat.recipe_step(model, params, opt, trs if layers else None, talr, xb, yb, k,
                                  0.05)
            if k >= args.warmup:
                theirs.append(time.perf_counter() - t0)

    def ms(v):
        return "%.1f / %.1f" % (1000 * statistics.mean(v), 1000 * statistics.median(v))
    print("Training step of the example CNN, %s, batch 128, %d thread%s, %d steps after %d warm-up"
          " (%s)" % (row, args.threads, "" if args.threads == 1 else "s", args.steps, args.warmup,
                     cpu_name()))
    print()
    print("| step | mean / median ms |")
    print("|---|---:|")
    print("| qat-mlir compiled train_step | %s |" % ms(ours))
    print("| PyTorch %s eager (bench/torch_qat.py recipe) | %s |" % (torch.__version__, ms(theirs)))
    print()
    print("ratio (qat-mlir / PyTorch, medians): %.2fx" % (statistics.median(ours) / statistics.median(theirs)))
    return 0


def run_accuracy(args):
    rows = args.rows.split(",") if args.rows else ROWS
    seeds = [int(s) for s in args.seeds.split(",")]
    for row in rows:
        parse_row(row)
    jobs = []
    for row in rows:
        for seed in (seeds if row.startswith("w2") else seeds[:1]):
            jobs.append(("qat-mlir", row, seed))
            if args.torch:
                jobs.append(("PyTorch", row, seed))
    os.makedirs(args.work_dir, exist_ok=True)

    def run(job):
        tool, row, seed = job
        w, a, schedule, optimizer = parse_row(row)
        log = os.path.join(args.work_dir, "%s-%s-s%d.log" % (tool, row, seed))
        if tool == "qat-mlir":
            cmd = qat_train_args(args.build, row, seed) + [
                "--epochs", str(args.epochs), "--log", log.replace(".log", ".jsonl")]
        else:
            cmd = [sys.executable, os.path.join(HERE, "torch_qat.py"), "--schedule", schedule,
                   "--optimizer", optimizer, "--epochs", str(args.epochs), "--seed", str(seed)]
            if w is not None:
                cmd += ["--w-bits", str(w), "--a-bits", str(a)]
        with open(log, "w") as f:
            status = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT).returncode
        with open(log) as f:
            acc = last_accuracy(f.read())
        if status != 0 or acc is None:
            print("train_bench: %s failed (%s)" % (" ".join(cmd), log), file=sys.stderr)
        return job, acc

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(run, jobs))
    table = {}
    for (tool, row, _), acc in results:
        table.setdefault((tool, row), []).append(acc)
    tools = ["qat-mlir"] + (["PyTorch"] if args.torch else [])

    def cell(values):
        values = [v for v in values if v is not None]
        if not values:
            return "failed"
        if len(values) == 1:
            return "%.2f" % (100 * values[0])
        return "%.2f ± %.2f (%d seeds)" % (100 * statistics.mean(values),
                                             100 * statistics.pstdev(values), len(values))
    print("Fashion-MNIST test accuracy (%%) after %d epochs, batch 128, the training example "
          "model (%s)" % (args.epochs, cpu_name()))
    print()
    print("| row | " + " | ".join(tools) + " |")
    print("|---|" + "---:|" * len(tools))
    for row in rows:
        print("| %s | %s |" % (row, " | ".join(cell(table.get((t, row), [])) for t in tools)))
    return 0 if all(acc is not None for _, acc in results) else 1


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="mode", required=True)
    t = sub.add_parser("time")
    t.add_argument("--steps", type=int, default=20)
    t.add_argument("--warmup", type=int, default=3)
    t.add_argument("--w-bits", type=int, default=4)
    t.add_argument("--a-bits", type=int, default=4)
    t.add_argument("--schedule", choices=["tr", "lr", "float"], default="tr")
    t.add_argument("--optimizer", choices=["sgd", "adam"], default="sgd")
    t.add_argument("--threads", type=int, default=1)
    t.add_argument("--build", default=os.path.join(ROOT, "build"))
    a = sub.add_parser("accuracy")
    a.add_argument("--epochs", type=int, default=3)
    a.add_argument("--seeds", default="0,1,2")
    a.add_argument("--rows")
    a.add_argument("--torch", action="store_true")
    a.add_argument("--jobs", type=int, default=2)
    a.add_argument("--build", default=os.path.join(ROOT, "build"))
    a.add_argument("--work-dir", default=os.path.join(ROOT, "build", "train-bench"))
    args = p.parse_args()
    return run_time(args) if args.mode == "time" else run_accuracy(args)


if __name__ == "__main__":
    sys.exit(main())
