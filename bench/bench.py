#!/usr/bin/python3
"""Single-thread latency of qat-mlir against onnxruntime.

    bench/bench.py [--work-dir DIR] [--repeat N] [--warmup K] [--rounds R] [--model NAME ...]
                   [--isa LEVEL] [--output table.md]

For small_cnn, resnet18, mobilenet_v2 and three GEMM shapes (the models of
scripts/make-e2e-models.py) it exports the model and one input, compiles it
with qat-compile, times it with `qat-run --repeat N` and with
`node bench/ort-run.js --repeat N --threads 1` on the same input, checks
that both compute the same output (exit status 1 when any output differs by
more than 1e-4 relative, or a runtime fails), and prints a markdown table:

    model | MACs | qat-mlir median ms | onnxruntime median ms | qat GMAC/s | ort GMAC/s | ratio (qat/ort time)

With --rounds R, every model is timed R times by both runtimes, the rounds
interleaved (model by model, qat-mlir then onnxruntime, then the next
round), and each column is the median of the rounds' medians: on the
shared machine a slow minute then falls on both sides instead of on one
(a single round read resnet18 at 1.11x and at 1.32x within the hour).

MACs are counted on the ONNX graph after onnx.shape_inference: Conv
(output elements x Cin/group x kernel size), Gemm and MatMul (output
elements x K). Models and libraries are kept in the work directory
(default build/bench) and are rebuilt only when older than their sources
(the model, qat-compile and the runtime kernels' archive).
Needs Debian's python3 (onnx, numpy, torch), node and bench/node_modules
(scripts/install-deps).
"""
import argparse
import os
import platform
import re
import subprocess
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = ("small_cnn", "resnet18", "mobilenet_v2",
          "matmul_1024x1024x1024", "matmul_3136x576x64", "matmul_64x3136x64")
LATENCY = re.compile(r"latency: min ([0-9.eE+-]+) ms, median ([0-9.eE+-]+) ms over (\d+) runs")


def count_macs(path):
    import onnx
    from onnx import shape_inference
    model = shape_inference.infer_shapes(onnx.load(path))
    g = model.graph
    shapes = {}
    for vi in list(g.input) + list(g.value_info) + list(g.output):
        t = vi.type.tensor_type
        if t.HasField("shape"):
            dims = [d.dim_value if d.HasField("dim_value") else None for d in t.shape.dim]
            shapes[vi.name] = dims
    for init in g.initializer:
        shapes[init.name] = list(init.dims)

    def shape(name):
        s = shapes.get(name)
        if s is None or any(d is None for d in s):
            raise SystemExit("bench: %s: no static shape for '%s' after shape inference" % (path, name))
        return s

    macs = 0
    for node in g.node:
        if node.op_type == "Conv":
            w, y = shape(node.input[1]), shape(node.output[0])
            macs += int(np.prod(y)) * int(np.prod(w[1:]))
        elif node.op_type == "Gemm":
            a, y = shape(node.input[0]), shape(node.output[0])
            trans_a = next((at.i for at in node.attribute if at.name == "transA"), 0)
            k = a[0] if trans_a else a[1]
            macs += int(np.prod(y)) * k
        elif node.op_type == "MatMul":
            a, y = shape(node.input[0]), shape(node.output[0])
            macs += int(np.prod(y)) * a[-1]
        elif node.op_type in ("ConvTranspose", "ConvInteger", "MatMulInteger", "QLinearConv",
                              "QLinearMatMul", "Einsum"):
            raise SystemExit("bench: %s: MACs of %s are not counted" % (path, node.op_type))
    return macs


def run(cmd, what, env=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if p.returncode != 0:
        err = (p.stderr.strip() or p.stdout.strip()).splitlines()
        raise RuntimeError("%s failed (exit %d): %s" % (what, p.returncode, err[-1] if err else ""))
    return p.stdout


def latency(out, what):
    m = LATENCY.search(out)
    if not m:
        raise RuntimeError("%s printed no 'latency:' line" % what)
    return float(m.group(1)), float(m.group(2))


def newer(target, *sources):
    if not os.path.exists(target):
        return False
    t = os.path.getmtime(target)
    return all(t >= os.path.getmtime(s) for s in sources if os.path.exists(s))


def human(n):
    for unit, scale in (("G", 1e9), ("M", 1e6), ("K", 1e3)):
        if n >= scale:
            return "%.2f%s" % (n / scale, unit)
    return str(n)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work-dir", default=os.path.join(ROOT, "build", "bench"))
    p.add_argument("--bin-dir", default=os.path.join(ROOT, "build", "bin"),
                   help="where qat-compile and qat-run are")
    p.add_argument("--repeat", type=int, default=20, help="timed runs per model and runtime")
    p.add_argument("--warmup", type=int, default=2,
                   help="untimed runs before the timed ones (after the run that writes outputs)")
    p.add_argument("--rounds", type=int, default=1,
                   help="interleaved timing rounds; each column is the median of their medians")
    p.add_argument("--model", action="append", choices=MODELS, help="default: all")
    p.add_argument("--output", help="also write the table to this file")
    p.add_argument("--ort-run", default=os.path.join(ROOT, "bench", "ort-run.js"),
                   help="the onnxruntime runner (a .js file runs under node, anything else "
                   "is executed; the tests substitute one that disagrees)")
    p.add_argument("--isa", help="force the kernels' ISA level (QAT_ISA: generic, avx2, avx512, "
                   "avx512-vnni); default: the host's best")
    args = p.parse_args()
    models = args.model or list(MODELS)
    qat_compile = os.path.join(args.bin_dir, "qat-compile")
    # The runtime kernels are linked into each library: a rebuilt archive
    # makes the libraries stale too.
    kernels = os.path.join(args.bin_dir, os.pardir, "lib", "libqatkernels.a")
    qat_run = os.path.join(args.bin_dir, "qat-run")
    ort_run = args.ort_run
    for tool in (qat_compile, qat_run):
        if not os.access(tool, os.X_OK):
            sys.exit("bench: %s not found (build first: scripts/build)" % tool)
    if not os.path.isdir(os.path.join(ROOT, "bench", "node_modules", "onnxruntime-node")):
        sys.exit("bench: bench/node_modules/onnxruntime-node missing (run scripts/install-deps)")

    exporter = os.path.join(ROOT, "scripts", "make-e2e-models.py")
    stale = [m for m in models
             if not newer(os.path.join(args.work_dir, m, "input_0.npy"), exporter)]
    if stale:
        print("exporting %s" % ", ".join(stale), file=sys.stderr)
        run([sys.executable, exporter, args.work_dir] + sum((["--model", m] for m in stale), []),
            "make-e2e-models.py")

    notes, disagree = [], []
    env = dict(os.environ)
    if args.isa:
        env["QAT_ISA"] = args.isa
    isa = args.isa or subprocess.run([qat_run, "--list-isa"], capture_output=True,
                                     text=True).stdout.split()[0]
    ort_cmd = ["node", ort_run] if ort_run.endswith(".js") else [ort_run]
    timed = {}  # name -> (macs, [qat medians], [ort medians])
    by_name = {}  # name -> its table row
    for name in models:
        d = os.path.join(args.work_dir, name)
        onnx_path, x = os.path.join(d, "model.onnx"), os.path.join(d, "input_0.npy")
        lib = os.path.join(d, "libmodel.so")
        macs = count_macs(onnx_path)
        try:
            if not newer(lib, onnx_path, qat_compile, kernels):
                print("compiling %s" % name, file=sys.stderr)
                run([qat_compile, onnx_path, "-o", lib], "qat-compile %s" % name)
            timed[name] = (macs, [], [])
        except RuntimeError as e:
            notes.append("%s: %s" % (name, e))
            by_name[name] = "| %s | %s | error | error | | | |" % (name, human(macs))
    for r in range(args.rounds):
        for name in list(timed):
            d = os.path.join(args.work_dir, name)
            onnx_path, x = os.path.join(d, "model.onnx"), os.path.join(d, "input_0.npy")
            print("timing %s (round %d)" % (name, r + 1), file=sys.stderr)
            try:
                qat = latency(run([qat_run, os.path.join(d, "libmodel.so"), "--input", x,
                                   "--output-dir", os.path.join(d, "qat"), "--warmup",
                                   str(args.warmup), "--repeat", str(args.repeat),
                                   "--threads", "1"], "qat-run %s" % name, env), "qat-run")
                ort = latency(run(ort_cmd + [onnx_path, "--input", x, "--output-dir",
                                   os.path.join(d, "ort"), "--warmup", str(args.warmup),
                                   "--repeat", str(args.repeat),
                                   "--threads", "1"], "ort-run %s" % name), "ort-run")
            except RuntimeError as e:
                notes.append("%s: %s" % (name, e))
                by_name[name] = "| %s | %s | error | error | | | |" % (name, human(timed[name][0]))
                del timed[name]
                continue
            timed[name][1].append(qat[1])
            timed[name][2].append(ort[1])
    for name in models:
        if name not in timed:
            continue
        d = os.path.join(args.work_dir, name)
        cmp = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "compare-outputs.py"),
                              os.path.join(d, "qat"), os.path.join(d, "ort"), "--max-rel", "1e-4"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        summary = cmp.stdout.strip().splitlines()[-1] if cmp.stdout.strip() else "no output"
        notes.append("%s: %s" % (name, summary))
        if cmp.returncode != 0:
            disagree.append(name)
        macs, qs, os_ = timed[name]
        q, o = float(np.median(qs)), float(np.median(os_))
        by_name[name] = "| %s | %s | %.3f | %.3f | %.2f | %.2f | %.2f |" % (
            name, human(macs), q, o, macs / q / 1e6, macs / o / 1e6, q / o)
    rows = [by_name[name] for name in models if name in by_name]

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    rounds = "" if args.rounds == 1 else \
        " (the median of %d interleaved rounds' medians)" % args.rounds
    lines = ["One thread; median of %d timed runs after %d untimed ones%s; %s; qat-mlir "
             "kernels at ISA level %s." % (args.repeat, args.warmup + 1, rounds, cpu, isa), "",
             "| model | MACs | qat-mlir median ms | onnxruntime median ms | qat GMAC/s | ort GMAC/s "
             "| ratio (qat/ort time) |",
             "|---|---:|---:|---:|---:|---:|---:|"] + rows + [""] + \
            ["Output check (qat vs onnxruntime, max relative error):"] + ["- " + n for n in notes]
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    if disagree:
        print("bench: outputs disagree with onnxruntime: %s" % ", ".join(disagree), file=sys.stderr)
    return 1 if disagree or any(r.endswith("| | | |") for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
