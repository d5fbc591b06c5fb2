#!/usr/bin/python3
"""qat-mlir on 1 and on T threads, beside onnxruntime on 1 and T intra-op threads.

    bench/threads.py [--threads 2] [--rounds 3] [--repeat 20] [--no-train]
                     [--work-dir build/threads] [--output table.md]

Models: resnet18 and mobilenet_v2 in float (bench/bench.py's exports,
build/bench/<model>), and resnet18 W8A8 (qat-insert-fake-quant with
per-channel weights and the residual adds' inputs quantized, qat-calibrate
min/max on the input, qat-compile --mode=int, as bench/int_bench.py builds
it; onnxruntime runs the float model there, for scale). Each configuration
is timed in --rounds interleaved rounds (`qat-run --threads N --repeat R`,
`node bench/ort-run.js --threads N`), the median of the rounds' medians;
the qat-mlir outputs on 1 and T threads are compared byte for byte. Then,
unless --no-train, the training step of the example CNN (bench/
train_bench.py time: W4A4 TR/SGD, batch 128) on 1 and T threads beside
PyTorch on 1 and T threads. The CPU is named in the table.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

from machine import cpu_name  # bench/machine.py, beside this script

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LATENCY = re.compile(r"latency: min ([0-9.eE+-]+) ms, median ([0-9.eE+-]+) ms over (\d+) runs")
STEP = re.compile(r"\| (qat-mlir compiled train_step|PyTorch [^|]*) \| ([0-9.]+) / ([0-9.]+) \|")


def run(cmd, env=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if p.returncode:
        err = (p.stderr.strip() or p.stdout.strip()).splitlines()
        sys.exit("threads: %s failed: %s" % (os.path.basename(cmd[1] if cmd[0] == "node" or
                                                               cmd[0] == sys.executable
                                                               else cmd[0]),
                                              err[-1] if err else "exit %d" % p.returncode))
    return p.stdout


def median_ms(out):
    m = LATENCY.search(out)
    if not m:
        sys.exit("threads: no latency line in:\n" + out)
    return float(m.group(2))


def w8a8(bin_dir, onnx_path, x, work):
    """The W8A8 integer library of a float model, quantized as
    bench/int_bench.py quantizes its models (quantized_model)."""
    import shutil
    import types
    from int_bench import quantized_model  # bench/int_bench.py, beside this script
    shutil.copyfile(onnx_path, os.path.join(work, "model.onnx"))
    shutil.copyfile(x, os.path.join(work, "model_x.npy"))
    tools = types.SimpleNamespace(translate=os.path.join(bin_dir, "qat-translate"),
                                  opt=os.path.join(bin_dir, "qat-opt"),
                                  calibrate=os.path.join(bin_dir, "qat-calibrate"))
    lib = os.path.join(work, "libw8a8.so")
    run([os.path.join(bin_dir, "qat-compile"), quantized_model(tools, work, "model", 8),
         "--mode=int", "-o", lib])
    return lib


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, default=2, help="T, beside 1")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--no-train", action="store_true", help="skip the training step")
    p.add_argument("--bench-dir", default=os.path.join(ROOT, "build", "bench"),
                   help="bench/bench.py's work directory (its exported models)")
    p.add_argument("--work-dir", default=os.path.join(ROOT, "build", "threads"))
    p.add_argument("--bin-dir", default=os.path.join(ROOT, "build", "bin"))
    p.add_argument("--output", help="also write the table here")
    args = p.parse_args()
    T = args.threads
    os.makedirs(args.work_dir, exist_ok=True)
    exporter = os.path.join(ROOT, "scripts", "make-e2e-models.py")
    rows = []  # (name, qat lib, onnx, input, work dir)
    for name in ("resnet18", "mobilenet_v2"):
        d = os.path.join(args.bench_dir, name)
        onnx_path, x = os.path.join(d, "model.onnx"), os.path.join(d, "input_0.npy")
        if not os.path.exists(x):
            run([sys.executable, exporter, args.bench_dir, "--model", name])
        work = os.path.join(args.work_dir, name)
        os.makedirs(work, exist_ok=True)
        lib = os.path.join(work, "libmodel.so")
        run([os.path.join(args.bin_dir, "qat-compile"), onnx_path, "-o", lib])
        rows.append((name + " fp32", lib, onnx_path, x, work))
        if name == "resnet18":
            w8 = os.path.join(args.work_dir, "resnet18_w8a8")
            os.makedirs(w8, exist_ok=True)
            rows.append(("resnet18 W8A8", w8a8(args.bin_dir, onnx_path, x, w8), onnx_path, x, w8))

    qat = {(r[0], t): [] for r in rows for t in (1, T)}
    ort = {(r[0], t): [] for r in rows for t in (1, T)}
    qat_run = os.path.join(args.bin_dir, "qat-run")
    for _ in range(args.rounds):
        for name, lib, onnx_path, x, work in rows:
            for t in (1, T):
                qat[name, t].append(median_ms(run(
                    [qat_run, lib, "--input", x, "--output-dir", os.path.join(work, "qat.t%d" % t),
                     "--warmup", str(args.warmup), "--repeat", str(args.repeat),
                     "--threads", str(t)])))
                if name.endswith("fp32") or not ort[name, t]:
                    ort[name, t].append(median_ms(run(
                        ["node", os.path.join(ROOT, "bench", "ort-run.js"), onnx_path, "--input", x,
                         "--warmup", str(args.warmup), "--repeat", str(args.repeat),
                         "--threads", str(t)])))

    def same_bits(work):
        files = sorted(f for f in os.listdir(os.path.join(work, "qat.t1")) if f.endswith(".npy"))
        return all(open(os.path.join(work, "qat.t1", f), "rb").read() ==
                   open(os.path.join(work, "qat.t%d" % T, f), "rb").read() for f in files)

    med = statistics.median
    lines = ["%s; qat-mlir and onnxruntime 1.30 (float model) on 1 and %d threads, %d "
             "interleaved round(s) of %d runs (median of the rounds' medians), ms" % (
                 cpu_name(), T, args.rounds, args.repeat), "",
             "| model | qat 1 thread | qat %d threads | speed-up | same bits | ort 1 thread "
             "| ort %d threads | ort speed-up | qat/ort at %d threads |" % (T, T, T),
             "|---|---:|---:|---:|---|---:|---:|---:|---:|"]
    for name, lib, onnx_path, x, work in rows:
        q1, qt, o1, ot = (med(qat[name, 1]), med(qat[name, T]), med(ort[name, 1]),
                          med(ort[name, T]))
        lines.append("| %s | %.2f | %.2f | %.2fx | %s | %.2f | %.2f | %.2fx | %.2f |" % (
            name, q1, qt, q1 / qt, "yes" if same_bits(work) else "NO", o1, ot, o1 / ot, qt / ot))
    if not args.no_train:
        step = {}
        for t in (1, T):
            out = run([sys.executable, os.path.join(ROOT, "bench", "train_bench.py"), "time",
                       "--threads", str(t)])
            for m in STEP.finditer(out):
                step["qat" if m.group(1).startswith("qat") else "torch", t] = float(m.group(3))
        lines.append("| training step (example CNN, W4A4 TR, batch 128) | %.1f | %.1f | %.2fx | "
                     "(qat-train/threads.test) | PyTorch %.1f | PyTorch %.1f | %.2fx | %.2f |" % (
                         step["qat", 1], step["qat", T], step["qat", 1] / step["qat", T],
                         step["torch", 1], step["torch", T],
                         step["torch", 1] / step["torch", T], step["qat", T] / step["torch", T]))
    text = "\n".join(lines)
    print(text)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text + "\n")
    return 0 if all(same_bits(r[4]) for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
