#!/usr/bin/python3
"""Per-layer times of one model, qat-mlir beside onnxruntime.

    bench/profile.py model.onnx --input x.npy [--mode fp32|int] [--bits B]
                     [--ort-model other.onnx] [--repeat N] [--top K] [--json out.json]
                     [--threads T] [--rounds R]

Compiles the model with `qat-compile --profile` (--mode int: W`B`A`B`
integer code, quantizers inserted and calibrated by qat-compile's defaults
unless the model is a calibrated .mlir), runs `qat-run --profile-json`, and
runs onnxruntime (on as many threads, its session profiling) on the same input:
the ONNX model itself, or --ort-model (e.g. bench/ort_qdq.py's fused int8
model for an integer comparison). onnxruntime's node names lose their
fusion suffixes (`/conv1/Conv_token_8` is `/conv1/Conv`), and the nodes its
NCHWc layout pass renamed after their outputs (`.../Relu_output_0_nchwc`)
take the name of the ONNX node that produced that output (through a fused
activation: the convolution's); its time per node is the median over the
timed runs. Prints the layers slowest first (qat-mlir's
time, onnxruntime's, the ratio, MACs, GMAC/s) and the nodes only onnxruntime
has (its QuantizeLinear / DequantizeLinear around fused integer nodes).
One thread unless --threads (both sides: qat-run --threads, onnxruntime's
intra-op threads; each layer's wall time on the calling thread), one
machine: name the CPU with the numbers. --rounds R runs both sides R
times in turn and keeps each layer's minimum over the rounds, on each
side: this shared machine's speed moves by 30-50% from one minute to the
next, and one round of each, one after the other, can land in different
phases.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

from machine import cpu_name  # bench/machine.py, beside this script

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, what):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        err = (p.stderr.strip() or p.stdout.strip()).splitlines()
        sys.exit("profile: %s failed: %s" % (what, err[-1] if err else "exit %d" % p.returncode))
    return p.stdout


def ort_node_times(profile_path, runs):
    """{node name: median ms over the last `runs` runs} from onnxruntime's
    profile (each node's *_kernel_time event once per run)."""
    events = [e for e in json.load(open(profile_path))
              if e.get("cat") == "Node" and e.get("name", "").endswith("_kernel_time")]
    per_node = {}
    for e in events:
        name = re.sub(r"(_token_\d+)?_kernel_time$", "", e["name"])
        per_node.setdefault(name, []).append((e["dur"] / 1000.0, e["args"].get("op_name", "")))
    return {n: (statistics.median(d for d, _ in v[-runs:]), v[-1][1])
            for n, v in per_node.items()}


def rename_layout_nodes(theirs, ort_model, ours):
    """onnxruntime's NCHWc layout pass names the nodes it rewrites after their
    output tensor (`/b.2/Relu_output_0_nchwc` for a Conv fused with its
    ReLU). Each such node gets the name of the ONNX node qat-mlir reports
    for that output: through an activation or Add it fused, the convolution
    or product before it; else the tensor's producer, or the nearest one
    before it that qat-mlir has a layer for. Times that land on one name
    add."""
    import onnx
    graph = onnx.load(ort_model, load_external_data=False).graph
    producer = {out: node for node in graph.node for out in node.output}
    contractions = ("Conv", "Gemm", "MatMul", "ConvTranspose")

    # Ops onnxruntime fuses into the convolution or product before them.
    fused = ("Relu", "Clip", "Sigmoid", "HardSigmoid", "HardSwish", "LeakyRelu", "Add", "Sum")

    def layer_for(tensor):
        node = producer.get(tensor)
        for _ in range(4):
            if node is None:
                return None
            if node.op_type in fused:
                for i in node.input:
                    p = producer.get(i)
                    if p is not None and p.name in ours and p.op_type in contractions:
                        return p.name
            if node.name in ours:
                return node.name
            node = producer.get(node.input[0]) if node.input else None
        return None

    renamed = {}
    for name, (ms, op) in theirs.items():
        target = name
        if name not in ours and name.endswith("_nchwc"):
            target = layer_for(name[:-len("_nchwc")]) or name
        prev_ms, prev_op = renamed.get(target, (0.0, op))
        renamed[target] = (prev_ms + ms, prev_op)
    return renamed


def profile_round(args, lib, ort_model, threads, work, qat_json):
    """One run of each side: qat-run's layers (its JSON) and onnxruntime's
    {node: (ms, op)} under its own node names."""
    run([os.path.join(args.bin_dir, "qat-run"), lib, "--input", args.input, "--output-dir",
         os.path.join(work, "qat"), "--warmup", str(args.warmup), "--repeat", str(args.repeat),
         "--threads", threads, "--profile-json", qat_json], "qat-run")
    ours = json.load(open(qat_json))

    out = run(["node", os.path.join(ROOT, "bench", "ort-run.js"), ort_model, "--input",
               args.input, "--output-dir", os.path.join(work, "ort"), "--warmup",
               str(args.warmup), "--repeat", str(args.repeat), "--threads", threads,
               "--profile", os.path.join(work, "ort")], "ort-run")
    m = re.search(r"^profile: (.*)$", out, re.M)
    if not m:
        sys.exit("profile: ort-run printed no profile file")
    return ours, ort_node_times(m.group(1), args.repeat)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", help="the ONNX model (or a calibrated fake-quant .mlir with --mode int)")
    p.add_argument("--input", required=True, help="the input tensor (.npy or .pb)")
    p.add_argument("--mode", choices=("fp32", "int"), default="fp32")
    p.add_argument("--bits", type=int, default=8, help="--mode int: weight and activation bits")
    p.add_argument("--ort-model", help="the model onnxruntime runs (default: the model)")
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--top", type=int, default=25, help="rows to print (0: all)")
    p.add_argument("--json", help="also write the joined table here")
    p.add_argument("--bin-dir", default=os.path.join(ROOT, "build", "bin"))
    p.add_argument("--threads", type=int, default=1, help="threads of both runtimes")
    p.add_argument("--rounds", type=int, default=1,
                   help="alternating rounds of both sides; each layer's minimum is kept")
    args = p.parse_args()
    if args.rounds < 1:
        p.error("--rounds must be 1 or more")
    threads = str(args.threads)
    ort_model = args.ort_model or args.model
    if not ort_model.endswith(".onnx"):
        sys.exit("profile: onnxruntime needs an .onnx model (--ort-model)")

    work = tempfile.mkdtemp(prefix="qat-profile-")
    lib = os.path.join(work, "model.so")
    compile_cmd = [os.path.join(args.bin_dir, "qat-compile"), args.model, "--profile", "-o", lib]
    if args.mode == "int":
        compile_cmd += ["--mode=int"]
        if args.model.endswith(".onnx"):
            compile_cmd += ["--w-bits", str(args.bits), "--a-bits", str(args.bits)]
    run(compile_cmd, "qat-compile")
    qat_json = os.path.join(work, "qat.json")
    ours, theirs = None, None
    for _ in range(args.rounds):
        layers, nodes = profile_round(args, lib, ort_model, threads, work, qat_json)
        if ours is None:
            ours, theirs = layers, nodes
            continue
        by_name = {layer["name"]: layer for layer in layers["layers"]}
        for layer in ours["layers"]:
            other = by_name.get(layer["name"])
            if other and other["ms"] < layer["ms"]:
                layer.update(ms=other["ms"], gmacs=other["gmacs"])
        for name, (ms, op) in nodes.items():
            if name not in theirs or ms < theirs[name][0]:
                theirs[name] = (ms, op)
    ours["layers"].sort(key=lambda layer: -layer["ms"])
    # Each node's minimum, then renamed once (the rename reads the model).
    theirs = rename_layout_nodes(theirs, ort_model, {layer["name"] for layer in ours["layers"]})

    rows = []
    for layer in ours["layers"]:
        ort_ms, _ = theirs.pop(layer["name"], (None, ""))
        rows.append(dict(layer, ort_ms=ort_ms))
    qat_total = sum(r["ms"] for r in rows)
    ort_total = sum(r["ort_ms"] for r in rows if r["ort_ms"] is not None) + \
        sum(ms for ms, _ in theirs.values())

    print("%s, %s: %s (qat-mlir --mode=%s%s) vs onnxruntime on %s" % (
        cpu_name(), "one thread" if args.threads == 1 else "%d threads" % args.threads,
        os.path.basename(args.model), args.mode,
        " W%dA%d" % (args.bits, args.bits) if args.mode == "int" else "",
        os.path.basename(ort_model)))
    print("| layer (ONNX node) | op | qat ms | ort ms | qat/ort | MMAC | qat GMAC/s |")
    print("|---|---|---:|---:|---:|---:|---:|")
    shown = rows if not args.top else rows[:args.top]
    for r in shown:
        ort = "%.4f" % r["ort_ms"] if r["ort_ms"] is not None else "-"
        ratio = "%.2f" % (r["ms"] / r["ort_ms"]) if r["ort_ms"] else "-"
        gmacs = "%.1f" % r["gmacs"] if r["macs"] else "-"
        print("| %s | %s | %.4f | %s | %s | %.2f | %s |" % (
            r["name"], r["op"], r["ms"], ort, ratio, r["macs"] / 1e6, gmacs))
    if args.top and len(rows) > args.top:
        rest = rows[args.top:]
        print("| (%d more layers) | | %.4f | | | | |" % (len(rest), sum(r["ms"] for r in rest)))
    for name, (ms, op) in sorted(theirs.items(), key=lambda kv: -kv[1][0]):
        if ms >= 0.001:
            print("| %s (onnxruntime only) | %s | - | %.4f | - | | |" % (name, op, ms))
    print("| total | | %.3f | %.3f | %.2f | | |" % (qat_total, ort_total,
                                                    qat_total / ort_total if ort_total else 0))
    if args.json:
        json.dump({"cpu": cpu_name(), "layers": rows,
                   "ort_only": {n: ms for n, (ms, _) in theirs.items()}},
                  open(args.json, "w"), indent=2)


if __name__ == "__main__":
    main()
