#!/usr/bin/python3
"""qat-train's training step in one process and in K processes over MPI.

    bench/train_replicas.py [--processes 2] [--steps 50] [--rounds 3]
                            [--work-dir build/train_replicas]

The example CNN (examples/fmnist_cnn.onnx) on Fashion-MNIST, W4A4 with TR
scheduling, global batch 128, as `qat-train --log` times it (the whole loop:
gathering the batch, the step, in K processes the loss/accuracy reduction):
milliseconds per step from step 10 to the last, the median of --rounds
interleaved rounds. Configurations: one process on one thread (the
baseline), one process on K threads, and `mpirun -n K` processes of one
thread each (each steps on 128/K samples; the step averages the gradients
with MPI_Allreduce). The CPU is named in the table.
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--work-dir", default=os.path.join(ROOT, "build", "train_replicas"))
    args = ap.parse_args()
    if args.steps <= 10:
        sys.exit("train_replicas: --steps must be > 10")
    os.makedirs(args.work_dir, exist_ok=True)
    k = args.processes
    train = [os.path.join(ROOT, "build", "bin", "qat-train"),
             os.path.join(ROOT, "examples", "fmnist_cnn.onnx"), "--data", "fashion-mnist",
             "--w-bits", "4", "--a-bits", "4", "--schedule", "tr", "--batch", "128",
             "--steps", str(args.steps)]
    configs = [("1 process, 1 thread", train + ["--threads", "1"]),
               ("1 process, %d threads" % k, train + ["--threads", str(k)]),
               ("%d processes (mpirun), 1 thread each" % k,
                ["mpirun", "-n", str(k), "--oversubscribe"] + train + ["--threads", "1"])]
    times = {name: [] for name, _ in configs}
    for r in range(args.rounds):
        for i, (name, cmd) in enumerate(configs):
            times[name].append(ms_per_step(cmd, os.path.join(args.work_dir, "%d.jsonl" % i),
                                           args.steps))
    base = statistics.median(times[configs[0][0]])
    print("qat-train step, example CNN W4A4 TR, global batch 128 (%s; median of %d rounds, "
          "steps 10-%d)\n" % (cpu_name(), args.rounds, args.steps))
    print("| configuration | ms/step | speed-up | rounds |")
    print("|---|---|---|---|")
    for name, _ in configs:
        t = statistics.median(times[name])
        print("| %s | %.1f | %.2fx | %s |" % (name, t, base / t,
                                                " / ".join("%.1f" % v for v in times[name])))


if __name__ == "__main__":
    main()
