#!/usr/bin/python3
"""Integer code generation against onnxruntime: GEMMs and quantized models.

    bench/int_bench.py [--work-dir DIR] [--repeat N] [--rounds R] [--part gemm|models]
                       [--model NAME ...] [--output table.md]

GEMMs: an ONNX MatMulInteger (u8 activations as the input, a constant s8
weight) runs in onnxruntime and, imported onto qat.int_matmul, in qat-mlir's
generated kernels; a float MatMul of the same shape in onnxruntime is the
fp32 baseline. u8s4 / u8s2 / u4s4 are the same models with levels in fewer
bits (qat-mlir stores 4-bit weights two per byte and 2-bit ones four per
byte, and its AVX2 kernel needs no nibble split). Outputs are compared
exactly (int32): u8s8 with onnxruntime's, every configuration with NumPy's.
Every qat-mlir figure is given at the host's best kernel level and with
QAT_ISA=avx2.

Models: resnet18, mobilenet_v2 and regnet_x_400mf (grouped convolutions;
torchvision, random weights; --model picks others: squeezenet1_1, googlenet
and shufflenet_v2_x0_5, whose concatenations run on levels) quantized
W8A8 and W4A4 (qat-insert-fake-quant, per-channel weights, the residual
adds' inputs quantized too, as onnxruntime's QDQ models have them, so the
adds run on levels; qat-calibrate minmax on the input), compiled with
qat-compile --mode=int; against
onnxruntime fp32 on the float model and onnxruntime int8 on a QDQ model made
with onnxruntime's own conventions (bench/ort_qdq.py: int8 per-channel
weights, int32 biases, uint8 Q/DQ on every activation, min/max calibrated on
the same input; its graph optimizer fuses the groups into QLinearConv,
QLinearAdd, ...). For reference, onnxruntime also runs the W8A8 model as
qat-translate --export-onnx writes it (Q/DQ where the fake-quant model
quantizes, float biases; onnxruntime fuses only part of it). The weight
bytes are those each runtime keeps for its contractions' weights (qat:
4-bit weights two per byte where the compiler packs them: matrix products
and the convolutions that take the pixel-rows form, weight_counts).

One thread, median of --repeat runs after warm-up, all in the same run; the
models' configurations are timed in --rounds interleaved rounds (median).
"""
import argparse
import os
import platform
import re
import subprocess
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LATENCY = re.compile(r"latency: min ([0-9.eE+-]+) ms, median ([0-9.eE+-]+) ms over (\d+) runs")
GEMMS = [(1024, 1024, 1024), (3136, 576, 64), (64, 3136, 64), (1, 4096, 4096)]


def run(cmd, env=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if p.returncode != 0:
        err = (p.stderr.strip() or p.stdout.strip()).splitlines()
        raise SystemExit("int_bench: %s failed: %s" % (os.path.basename(cmd[0]) if cmd[0] != "node"
                                                      else cmd[1], err[-1] if err else ""))
    return p.stdout


def median_ms(out):
    m = LATENCY.search(out)
    if not m:
        raise SystemExit("int_bench: no latency line in: %s" % out[-200:])
    return float(m.group(2))


class Tools:
    def __init__(self, args):
        b = args.bin_dir
        self.compile, self.run_, self.translate = (os.path.join(b, t) for t in
                                                   ("qat-compile", "qat-run", "qat-translate"))
        self.opt, self.calibrate = os.path.join(b, "qat-opt"), os.path.join(b, "qat-calibrate")
        self.repeat, self.warmup = str(args.repeat), str(args.warmup)
        self.rounds = args.rounds
        self.models = args.model or ["resnet18", "mobilenet_v2", "regnet_x_400mf"]
        self.levels = run([self.run_, "--list-isa"]).split()

    def qat(self, lib, x, out, isa=None):
        env = dict(os.environ)
        if isa:
            env["QAT_ISA"] = isa
        return median_ms(run([self.run_, lib, "--input", x, "--output-dir", out, "--warmup",
                              self.warmup, "--repeat", self.repeat, "--threads", "1"], env))

    def ort(self, model, x, out, graph_opt="all"):
        return median_ms(run(["node", os.path.join(ROOT, "bench", "ort-run.js"), model, "--input", x,
                              "--output-dir", out, "--warmup", self.warmup, "--repeat",
                              self.repeat, "--threads", "1", "--graph-opt", graph_opt]))


def gemm_models(d, m, k, n, a_bits, w_bits):
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    rng = np.random.default_rng(m * 7 + k * 3 + n)
    a = rng.integers(0, 1 << a_bits, (m, k)).astype(np.uint8)
    lo, hi = -(1 << (w_bits - 1)), (1 << (w_bits - 1)) - 1
    w = rng.integers(lo, hi, (k, n), endpoint=True).astype(np.int8)
    tag = "u%ds%d_%dx%dx%d" % (a_bits, w_bits, m, k, n)
    np.save(os.path.join(d, tag + "_a.npy"), a)
    g = helper.make_graph([helper.make_node("MatMulInteger", ["a", "w"], ["y"])], tag,
                          [helper.make_tensor_value_info("a", TensorProto.UINT8, [m, k])],
                          [helper.make_tensor_value_info("y", TensorProto.INT32, [m, n])],
                          [numpy_helper.from_array(w, "w")])
    int_path = os.path.join(d, tag + ".onnx")
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), int_path)
    f32 = "f32_%dx%dx%d" % (m, k, n)
    np.save(os.path.join(d, f32 + "_a.npy"), a.astype(np.float32))
    g = helper.make_graph([helper.make_node("MatMul", ["a", "w"], ["y"])], f32,
                          [helper.make_tensor_value_info("a", TensorProto.FLOAT, [m, k])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [m, n])],
                          [numpy_helper.from_array(w.astype(np.float32), "w")])
    f32_path = os.path.join(d, f32 + ".onnx")
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), f32_path)
    return tag, int_path, f32_path, a.astype(np.int64) @ w.astype(np.int64)


def same(dir_a, dir_b):
    return np.array_equal(np.load(os.path.join(dir_a, "output_0.npy")),
                          np.load(os.path.join(dir_b, "output_0.npy")))


def gemms(t, work):
    d = os.path.join(work, "gemm")
    os.makedirs(d, exist_ok=True)
    head = ["| GEMM M x K x N | onnxruntime fp32 | onnxruntime u8s8 | qat u8s8 | qat u8s4 | qat u8s2 "
            "| qat u4s4 | qat u8s8 avx2 | qat u4s4 avx2 | u8s8 qat/ort |", "|---|" + "---:|" * 9]
    rows, bad = [], []
    for m, k, n in GEMMS:
        macs = m * k * n
        cells, times = {}, {}
        for a_bits, w_bits in ((8, 8), (8, 4), (8, 2), (4, 4)):
            tag, int_path, f32_path, exact = gemm_models(d, m, k, n, a_bits, w_bits)
            a = os.path.join(d, tag + "_a.npy")
            lib = os.path.join(d, "lib" + tag + ".so")
            run([t.compile, int_path, "-o", lib])
            times[tag, None] = t.qat(lib, a, os.path.join(d, tag + ".qat"))
            times[tag, "avx2"] = t.qat(lib, a, os.path.join(d, tag + ".qat.avx2"), "avx2")
            for out in (".qat", ".qat.avx2"):
                if not np.array_equal(np.load(os.path.join(d, tag + out, "output_0.npy")), exact):
                    bad.append(tag + out + " (vs NumPy)")
            if (a_bits, w_bits) == (8, 8):
                times[tag, "ort"] = t.ort(int_path, a, os.path.join(d, tag + ".ort"))
                times["f32"] = t.ort(f32_path, os.path.join(d, "f32_%dx%dx%d_a.npy" % (m, k, n)),
                                     os.path.join(d, tag + ".f32"))
                for out in (".qat", ".qat.avx2"):
                    if not same(os.path.join(d, tag + out), os.path.join(d, tag + ".ort")):
                        bad.append(tag + out)
            cells[(a_bits, w_bits)] = tag
        gm = lambda ms: "%.3f ms (%.0f GMAC/s)" % (ms, macs / ms / 1e6)
        u88, u84, u82, u44 = cells[8, 8], cells[8, 4], cells[8, 2], cells[4, 4]
        rows.append("| %dx%dx%d | %s | %s | %s | %s | %s | %s | %s | %s | %.2f |" % (
            m, k, n, gm(times["f32"]), gm(times[u88, "ort"]), gm(times[u88, None]),
            gm(times[u84, None]), gm(times[u82, None]), gm(times[u44, None]),
            gm(times[u88, "avx2"]),
            gm(times[u44, "avx2"]), times[u88, None] / times[u88, "ort"]))
    return head + rows, bad


def quantized_model(t, d, name, bits):
    """The calibrated fake-quant MLIR of `name` at W`bits`A`bits`."""
    fq = os.path.join(d, "%s_w%da%d.mlir" % (name, bits, bits))
    cal = fq.replace(".mlir", ".cal.mlir")
    mlir = run([t.translate, "--import-onnx", os.path.join(d, name + ".onnx"),
                "--mlir-print-debuginfo"])
    p = subprocess.run([t.opt, "--qat-insert-fake-quant=w-bits=%d a-bits=%d "
                        "quantize-residual-add=true" % (bits, bits),
                        "--mlir-print-debuginfo", "-o", fq], input=mlir, text=True,
                       stderr=subprocess.PIPE)
    if p.returncode:
        raise SystemExit("int_bench: qat-opt: " + p.stderr.strip())
    run([t.calibrate, fq, "--data", os.path.join(d, name + "_x.npy"), "-o", cal])
    return cal


def weight_counts(onnx_path):
    """(weight elements of the contractions, those qat-mlir stores two per
    byte at 4 bits): matrix-product weights, and the convolutions that take
    the pixels as GEMM rows (codegen/IntegerGemm.h kPixelRowsBelow: fewer
    than 256 output pixels, at least 32 filters per group, a window larger
    than 1x1; grouped ones when each group is a GEMM of its own,
    codegen/IntegerToLinalg.cpp kMaxGemmGroups); other convolution weights
    keep one byte per level."""
    import onnx
    model = onnx.shape_inference.infer_shapes(onnx.load(onnx_path))
    g = model.graph
    shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
              for v in list(g.value_info) + list(g.output)}
    dims = {i.name: list(i.dims) for i in g.initializer}
    params = sum(int(np.prod(v)) for v in dims.values() if len(v) >= 2)
    packed = sum(int(np.prod(v)) for v in dims.values() if len(v) == 2)
    for node in g.node:
        if node.op_type != "Conv" or node.input[1] not in dims:
            continue
        w = dims[node.input[1]]
        group = next((a.i for a in node.attribute if a.name == "group"), 1)
        out = shapes.get(node.output[0], [])
        pixels = int(np.prod(out[2:])) * out[0] if len(out) == 4 else 1 << 30
        per_group_gemm = group == 1 or (group <= 64 and w[1] >= 4)
        if per_group_gemm and pixels < 256 and w[0] // group >= 32 and w[2] * w[3] > 1:
            packed += int(np.prod(w))
    return params, packed


def models(t, work):
    import onnx
    d = os.path.join(work, "models")
    os.makedirs(d, exist_ok=True)
    head = ["| model | onnxruntime fp32 | onnxruntime int8 (ort QDQ, fused) "
            "| onnxruntime on qat's QDQ export | qat W8A8 | qat W4A4 "
            "| qat W8A8 avx2 | qat W4A4 avx2 | W8A8 qat/ort int8 | W4A4 qat/ort int8 "
            "| weight MB fp32 / int8 / qat W8 / qat W4 |", "|---|" + "---:|" * 10]
    rows = []
    for name in t.models:
        onnx_path = os.path.join(d, name + ".onnx")
        if not os.path.exists(onnx_path):
            run([sys.executable, os.path.join(ROOT, "scripts", "export-torchvision.py"),
                 "--model", name, "--opset", "13", "-o", onnx_path])
        x = os.path.join(d, name + "_x.npy")
        np.save(x, np.random.default_rng(0).normal(0, 1, (1, 3, 224, 224)).astype(np.float32))
        # Build everything, then time every configuration once per round,
        # the rounds interleaved (the shared machine drifts within minutes):
        # each figure is the median of the rounds' medians.
        ort_qdq = os.path.join(d, name + "_ort_qdq.onnx")
        run([sys.executable, os.path.join(ROOT, "bench", "ort_qdq.py"), onnx_path, x, "-o",
             ort_qdq, "--work-dir", os.path.join(d, name + ".calibration")])
        timers = {"f32": lambda: t.ort(onnx_path, x, os.path.join(d, name + ".f32")),
                  "int8": lambda: t.ort(ort_qdq, x, os.path.join(d, name + ".int8"))}
        for bits in (8, 4):
            cal = quantized_model(t, d, name, bits)
            lib = os.path.join(d, "lib%s_w%d.so" % (name, bits))
            run([t.compile, cal, "--mode=int", "-o", lib])
            out = os.path.join(d, "%s_w%d" % (name, bits))
            timers[bits] = lambda lib=lib, out=out: t.qat(lib, x, out + ".qat")
            timers[bits, "avx2"] = lambda lib=lib, out=out: t.qat(lib, x, out + ".avx2", "avx2")
            if bits == 8:
                qdq = os.path.join(d, name + "_w8a8.onnx")
                run([t.translate, "--export-onnx", cal, "-o", qdq])
                timers["export"] = lambda qdq=qdq: t.ort(qdq, x, os.path.join(d, name + ".export"))
        rounds = {key: [] for key in timers}
        for _ in range(t.rounds):
            for key, timer in timers.items():
                rounds[key].append(timer())
        times = {key: float(np.median(v)) for key, v in rounds.items()}
        params, packed = weight_counts(onnx_path)
        ms = lambda v: "%.2f ms" % v
        rows.append("| %s | %s | %s | %s | %s | %s | %s | %s | %.2f | %.2f "
                    "| %.1f / %.1f / %.1f / %.1f |" % (
            name, ms(times["f32"]), ms(times["int8"]), ms(times["export"]), ms(times[8]),
            ms(times[4]), ms(times[8, "avx2"]), ms(times[4, "avx2"]), times[8] / times["int8"],
            times[4] / times["int8"], params * 4 / 1e6, params / 1e6, params / 1e6,
            (params - packed / 2) / 1e6))
    return head + rows


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work-dir", default=os.path.join(ROOT, "build", "int-bench"))
    p.add_argument("--bin-dir", default=os.path.join(ROOT, "build", "bin"))
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--rounds", type=int, default=3,
                   help="models: interleaved rounds of every configuration (median)")
    p.add_argument("--part", choices=("gemm", "models"), action="append")
    p.add_argument("--model", action="append",
                   choices=("resnet18", "mobilenet_v2", "regnet_x_400mf", "squeezenet1_1",
                            "googlenet", "shufflenet_v2_x0_5"),
                   help="models: the ones to time (default resnet18, mobilenet_v2, "
                        "regnet_x_400mf)")
    p.add_argument("--output")
    args = p.parse_args()
    parts = args.part or ["gemm", "models"]
    t = Tools(args)
    cpu = platform.machine()
    with open("/proc/cpuinfo") as f:
        cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), cpu)
    lines = ["One thread, median of %d runs (models: median of %d interleaved rounds of that); "
             "%s; qat-mlir kernel levels on this CPU: %s (columns without 'avx2' use the first)."
             % (args.repeat, args.rounds, cpu, " ".join(t.levels)), ""]
    bad = []
    if "gemm" in parts:
        rows, bad = gemms(t, args.work_dir)
        lines += rows + [""]
    if "models" in parts:
        lines += models(t, args.work_dir) + [""]
    if bad:
        lines.append("OUTPUTS DIFFER from onnxruntime: " + ", ".join(bad))
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
