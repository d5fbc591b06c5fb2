#!/usr/bin/python3
"""Mutation fuzzer for `qat-translate --import-onnx` (no sanitizer build needed).

Builds a few small valid ONNX models, derives mutants from them with a fixed
seed, and runs qat-translate on each:
  * byte mutants: bit flips, random bytes, inserted / deleted / duplicated
    byte runs, truncation;
  * field mutants (protobuf-aware, so most of them still parse): dims,
    attribute values, op types, node inputs, element types, opset,
    initializer sizes.
A run fails when qat-translate exits with a status other than 0 or 1 (crash,
abort, timeout), when an error is not exactly one line on stderr, when a
success prints anything on stderr, or when stderr mentions a sanitizer, an
assertion, a stack dump, 'LLVM ERROR' or an internal error. Failing mutants
are saved to --artifacts (as <n>.onnx with <n>.txt describing the failure).

    fuzz-import.py [--binary build/bin/qat-translate] [--count 300] [--seed 1]
                   [--jobs 2] [--timeout 20] [--artifacts DIR]

Prints one summary line; exit status 1 if any mutant failed.
"""
import argparse
import concurrent.futures as cf
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

F = TensorProto.FLOAT
BAD_WORDS = ("Sanitizer", "runtime error:", "Assertion", "Stack dump", "LLVM ERROR", "internal error",
             "PLEASE submit a bug report", "Segmentation fault", "terminate called")


def _model(nodes, inputs, outputs, inits, opset=13):
    g = helper.make_graph(nodes, "fuzz", inputs, outputs, initializer=inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 7
    return m


def _t(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def _vi(name, shape, elem=F):
    return helper.make_tensor_value_info(name, elem, shape)


def seed_models():
    """Small valid models covering many converters."""
    r = np.random.default_rng(0)
    f32 = lambda *s: r.standard_normal(s).astype(np.float32)
    i64 = lambda v: np.array(v, np.int64)
    models = {}
    # CNN: Conv, BatchNormalization, Relu, MaxPool, AveragePool, Flatten, Gemm, Softmax.
    models["cnn"] = _model(
        [helper.make_node("Conv", ["x", "w", "b"], ["c"], pads=[1, 1, 1, 1], strides=[1, 1]),
         helper.make_node("BatchNormalization", ["c", "s", "bb", "m", "v"], ["n"], epsilon=1e-5),
         helper.make_node("Relu", ["n"], ["r"]),
         helper.make_node("MaxPool", ["r"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
         helper.make_node("AveragePool", ["p"], ["a"], kernel_shape=[2, 2], pads=[0, 0, 1, 1]),
         helper.make_node("Flatten", ["a"], ["f"], axis=1),
         helper.make_node("Gemm", ["f", "gw", "gb"], ["g"], transB=1),
         helper.make_node("Softmax", ["g"], ["y"], axis=-1)],
        [_vi("x", [1, 2, 8, 8])], [_vi("y", [1, 5])],
        [_t("w", f32(4, 2, 3, 3)), _t("b", f32(4)), _t("s", f32(4)), _t("bb", f32(4)),
         _t("m", f32(4)), _t("v", np.abs(f32(4)) + 1), _t("gw", f32(5, 64)), _t("gb", f32(5))])
    # Shape ops with constant shape inputs.
    models["shape"] = _model(
        [helper.make_node("Reshape", ["x", "shp"], ["a"]),
         helper.make_node("Transpose", ["a"], ["t"], perm=[0, 2, 1]),
         helper.make_node("Slice", ["t", "st", "en", "ax", "sp"], ["s"]),
         helper.make_node("Concat", ["s", "s"], ["c"], axis=1),
         helper.make_node("Gather", ["c", "idx"], ["g"], axis=2),
         helper.make_node("Unsqueeze", ["g", "uax"], ["u"]),
         helper.make_node("Squeeze", ["u", "uax"], ["q"]),
         helper.make_node("Split", ["q", "spl"], ["y0", "y1"], axis=1),
         helper.make_node("Pad", ["y0", "pads"], ["y"], mode="constant")],
        [_vi("x", [2, 12])], [_vi("y", [2, 4, 4]), _vi("y1", [2, 2, 2])],
        [_t("shp", i64([2, 3, 4])), _t("st", i64([0])), _t("en", i64([3])), _t("ax", i64([1])),
         _t("sp", i64([1])), _t("idx", i64([0, 2])), _t("uax", i64([0])),
         _t("spl", i64([4, 2])), _t("pads", i64([0, 0, 1, 0, 0, 1]))])
    # Shape subgraph folded to constants: Shape -> Gather -> Unsqueeze -> Concat -> Reshape.
    models["shapefold"] = _model(
        [helper.make_node("Shape", ["x"], ["sh"]),
         helper.make_node("Gather", ["sh", "zero"], ["n"], axis=0),
         helper.make_node("Unsqueeze", ["n", "uax"], ["nu"]),
         helper.make_node("Concat", ["nu", "minus1"], ["ns"], axis=0),
         helper.make_node("Reshape", ["x", "ns"], ["r"]),
         helper.make_node("MatMul", ["r", "mw"], ["mm"]),
         helper.make_node("Add", ["mm", "mb"], ["ad"]),
         helper.make_node("LayerNormalization", ["ad", "lg", "lb"], ["y"], axis=-1)],
        [_vi("x", [3, 2, 4])], [_vi("y", [3, 6])],
        [_t("zero", np.array(0, np.int64)), _t("uax", i64([0])), _t("minus1", i64([-1])),
         _t("mw", f32(8, 6)), _t("mb", f32(6)), _t("lg", f32(6)), _t("lb", f32(6))],
        opset=17)
    # Quantization: QuantizeLinear / DequantizeLinear per tensor and per axis.
    models["quant"] = _model(
        [helper.make_node("QuantizeLinear", ["x", "sc", "zp"], ["q"]),
         helper.make_node("DequantizeLinear", ["q", "sc", "zp"], ["d"]),
         helper.make_node("DequantizeLinear", ["wq", "wsc", "wzp"], ["w"], axis=1),
         helper.make_node("MatMul", ["d", "w"], ["mm"]),
         helper.make_node("Clip", ["mm", "lo", "hi"], ["c"]),
         helper.make_node("ReduceMean", ["c"], ["y"], axes=[1], keepdims=1)],
        [_vi("x", [2, 4])], [_vi("y", [2, 1])],
        [_t("sc", np.array(0.1, np.float32)), _t("zp", np.array(3, np.uint8)),
         _t("wq", r.integers(-8, 8, (4, 3)).astype(np.int8)),
         _t("wsc", np.array([0.1, 0.2, 0.3], np.float32)), _t("wzp", np.zeros(3, np.int8)),
         _t("lo", np.array(0, np.float32)), _t("hi", np.array(6, np.float32))])
    # Elementwise chain with Constant / ConstantOfShape / Cast / Where-free ops.
    models["elementwise"] = _model(
        [helper.make_node("Constant", [], ["k"], value=_t("kv", f32(1, 3))),
         helper.make_node("ConstantOfShape", ["cs"], ["ones"],
                          value=_t("one", np.ones(1, np.float32))),
         helper.make_node("Mul", ["x", "k"], ["m"]),
         helper.make_node("Sub", ["m", "ones"], ["s"]),
         helper.make_node("Sigmoid", ["s"], ["sg"]),
         helper.make_node("Pow", ["sg", "two"], ["pw"]),
         helper.make_node("LeakyRelu", ["pw"], ["lr"], alpha=0.2),
         helper.make_node("HardSigmoid", ["lr"], ["hs"]),
         helper.make_node("Cast", ["hs"], ["y"], to=TensorProto.DOUBLE)],
        [_vi("x", [2, 3])], [_vi("y", [2, 3], TensorProto.DOUBLE)],
        [_t("cs", i64([2, 3])), _t("two", np.array(2, np.float32))])
    for name, m in models.items():
        onnx.checker.check_model(m)
    return models


# --- byte mutations -------------------------------------------------------
def mutate_bytes(data, rnd):
    data = bytearray(data)
    kind = rnd.choice(["flip", "set", "insert", "delete", "dup", "truncate", "multi"])
    if kind == "truncate":
        return bytes(data[:rnd.randrange(len(data))]), "truncate"
    steps = rnd.randint(2, 8) if kind == "multi" else 1
    for _ in range(steps):
        k = rnd.choice(["flip", "set", "insert", "delete", "dup"]) if kind == "multi" else kind
        if not data:
            break
        i = rnd.randrange(len(data))
        if k == "flip":
            data[i] ^= 1 << rnd.randrange(8)
        elif k == "set":
            data[i] = rnd.choice([0, 1, 0x7F, 0x80, 0xFF, rnd.randrange(256)])
        elif k == "insert":
            data[i:i] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 8)))
        elif k == "delete":
            del data[i:i + rnd.randint(1, 8)]
        elif k == "dup":
            n = rnd.randint(1, 32)
            data[i:i] = data[i:i + n]
    return bytes(data), kind


# --- protobuf-aware mutations ---------------------------------------------
INTERESTING = [-(1 << 63), -(1 << 62), -(1 << 31), -3, -2, -1, 0, 1, 2, 3, 7, 64, 1 << 31,
               1 << 40, 1 << 62, (1 << 63) - 1]
OP_TYPES = ["Relu", "Conv", "Gemm", "MatMul", "Reshape", "Slice", "Gather", "Concat",
            "Split", "Pad", "Transpose", "Squeeze", "Unsqueeze", "MaxPool", "Softmax",
            "BatchNormalization", "QuantizeLinear", "DequantizeLinear", "Flatten",
            "LayerNormalization", "ReduceMean", "ConstantOfShape", "Shape", "Cast",
            "Clip", "Add", "Pow", "Constant", "GlobalAveragePool", "Einsum"]


def mutate_fields(model, rnd):
    m = onnx.ModelProto()
    m.CopyFrom(model)
    g = m.graph
    kind = rnd.choice(["dim", "attr", "op", "input", "elem", "opset", "init", "drop", "init_dims"])
    if kind == "dim":
        vis = list(g.input) + list(g.output)
        vi = rnd.choice(vis)
        dims = vi.type.tensor_type.shape.dim
        if dims and rnd.random() < 0.8:
            d = rnd.choice(dims)
            if rnd.random() < 0.3:
                d.dim_param = "N"
            else:
                d.dim_value = rnd.choice(INTERESTING)
        else:
            vi.type.tensor_type.shape.dim.add().dim_value = rnd.choice([0, 1, 5])
    elif kind == "attr":
        attrs = [a for n in g.node for a in n.attribute]
        if attrs:
            a = rnd.choice(attrs)
            if a.type == onnx.AttributeProto.INT:
                a.i = rnd.choice(INTERESTING)
            elif a.type == onnx.AttributeProto.INTS and a.ints:
                a.ints[rnd.randrange(len(a.ints))] = rnd.choice(INTERESTING)
                if rnd.random() < 0.3:
                    a.ints.append(rnd.choice(INTERESTING))
            elif a.type == onnx.AttributeProto.FLOAT:
                a.f = rnd.choice([float("nan"), float("inf"), -1.0, 0.0, 1e30])
            elif a.type == onnx.AttributeProto.TENSOR:
                a.t.dims.append(rnd.choice([0, 2, 1 << 33]))
            else:
                a.type = rnd.choice([onnx.AttributeProto.FLOAT, onnx.AttributeProto.STRING])
    elif kind == "op":
        rnd.choice(g.node).op_type = rnd.choice(OP_TYPES)
    elif kind == "input":
        n = rnd.choice(g.node)
        names = [i.name for i in g.input] + [t.name for t in g.initializer] + \
                [o for x in g.node for o in x.output]
        if n.input and rnd.random() < 0.4:
            del n.input[rnd.randrange(len(n.input))]
        elif n.input and rnd.random() < 0.5:
            n.input[rnd.randrange(len(n.input))] = rnd.choice(names + [""])
        else:
            n.input.append(rnd.choice(names))
    elif kind == "elem":
        vi = rnd.choice(list(g.input) + list(g.output))
        vi.type.tensor_type.elem_type = rnd.choice(range(0, 20))
    elif kind == "opset":
        m.opset_import[0].version = rnd.choice([1, 6, 7, 9, 10, 11, 12, 14, 17, 18, 21, 22])
    elif kind == "init":
        t = rnd.choice(g.initializer)
        if rnd.random() < 0.5:
            t.data_type = rnd.choice(range(0, 20))
        else:
            t.raw_data = t.raw_data[:rnd.randrange(len(t.raw_data) + 1)]
    elif kind == "init_dims":
        t = rnd.choice(g.initializer)
        if t.dims and rnd.random() < 0.7:
            t.dims[rnd.randrange(len(t.dims))] = rnd.choice(INTERESTING)
        else:
            t.dims.append(rnd.choice([1, 2]))
    elif kind == "drop":
        what = rnd.choice(["node", "init", "output"])
        seq = {"node": g.node, "init": g.initializer, "output": g.output}[what]
        if len(seq):
            del seq[rnd.randrange(len(seq))]
    return m.SerializeToString(), "field-" + kind


# --- running ----------------------------------------------------------------
def check(binary, path, timeout):
    """Returns (status, problem or None, stderr, seconds)."""
    start = time.monotonic()
    status, problem, err = _check(binary, path, timeout)
    return status, problem, err, time.monotonic() - start


def _check(binary, path, timeout):
    try:
        p = subprocess.run([binary, "--import-onnx", path, "-o", os.devnull],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "timeout after %gs" % timeout, ""
    err = p.stderr.decode("utf-8", "replace")
    lines = err.count("\n") + (1 if err and not err.endswith("\n") else 0)
    if p.returncode not in (0, 1):
        return p.returncode, "exit status %d" % p.returncode, err
    for w in BAD_WORDS:
        if w in err:
            return p.returncode, "stderr mentions '%s'" % w, err
    if p.returncode == 1 and lines != 1:
        return p.returncode, "error has %d lines on stderr" % lines, err
    if p.returncode == 0 and lines != 0:
        return p.returncode, "success with %d lines on stderr" % lines, err
    return p.returncode, None, err


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--binary", default=os.path.join(root, "build", "bin", "qat-translate"))
    ap.add_argument("--count", type=int, default=300, help="number of mutants")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per mutant")
    ap.add_argument("--field-share", type=float, default=0.4,
                    help="fraction of protobuf-aware mutants (the rest are byte mutants)")
    ap.add_argument("--artifacts", help="directory for failing mutants")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    binary = shutil.which(args.binary) or args.binary
    if not os.access(binary, os.X_OK):
        print("fuzz-import: cannot run %s" % binary, file=sys.stderr)
        return 2

    rnd = random.Random(args.seed)
    models = seed_models()
    names = sorted(models)
    work = tempfile.mkdtemp(prefix="fuzz-import-")
    jobs = []
    # The seeds themselves first: they must import.
    for name in names:
        path = os.path.join(work, "seed-%s.onnx" % name)
        with open(path, "wb") as f:
            f.write(models[name].SerializeToString())
        jobs.append(("seed-" + name, "seed", path))
    for i in range(args.count):
        name = names[i % len(names)]
        if rnd.random() < args.field_share:
            data, kind = mutate_fields(models[name], rnd)
        else:
            data, kind = mutate_bytes(models[name].SerializeToString(), rnd)
        path = os.path.join(work, "%04d-%s.onnx" % (i, name))
        with open(path, "wb") as f:
            f.write(data)
        jobs.append(("%04d-%s" % (i, name), kind, path))

    failures, ok, rejected, times = [], 0, 0, []
    start = time.monotonic()
    with cf.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = pool.map(lambda j: (j, check(binary, j[2], args.timeout)), jobs)
        for (label, kind, path), (status, problem, err, secs) in results:
            times.append((secs, label, kind))
            if kind == "seed" and status != 0 and problem is None:
                problem = "seed model does not import: " + err.strip()
            if problem:
                failures.append((label, kind, path, problem, err))
                print("FAIL %s (%s): %s\n  %s" % (label, kind, problem,
                                                  err.strip().replace("\n", "\n  ")[:2000]))
            elif status == 0:
                ok += 1
            else:
                rejected += 1
            if args.verbose:
                print("%s %s %.2fs: %s" % (label, kind, secs,
                                           problem or err.strip() or "imported"))

    if args.artifacts and failures:
        os.makedirs(args.artifacts, exist_ok=True)
        for label, kind, path, problem, err in failures:
            shutil.copy(path, os.path.join(args.artifacts, label + ".onnx"))
            with open(os.path.join(args.artifacts, label + ".txt"), "w") as f:
                f.write("%s (%s): %s\n%s" % (label, kind, problem, err))
    shutil.rmtree(work, ignore_errors=True)
    if args.verbose:
        for secs, label, kind in sorted(times, reverse=True)[:5]:
            print("slowest: %s (%s) %.2fs" % (label, kind, secs))
    print("fuzz-import: %d runs (%d seeds + %d mutants, seed %d): %d imported, "
          "%d rejected cleanly, %d failures (%.0fs)" % (
              len(jobs), len(names), args.count, args.seed, ok, rejected, len(failures),
              time.monotonic() - start))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
