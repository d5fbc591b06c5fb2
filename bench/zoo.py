#!/usr/bin/python3
"""A zoo of architectures in float: qat-mlir beside onnxruntime.

    bench/zoo.py [--model NAME ...] [--repeat N] [--rounds R] [--isa avx2] [--threads T]
                 [--output table.md]

Exports each model from torchvision 0.14 (random weights, torch.manual_seed(0),
eval mode, opset 17, static batch), compiles it with `qat-compile` (fp32),
runs it with `qat-run` and with onnxruntime (`bench/ort-run.js`, one thread
or --threads T each, all graph optimizations) on the same random input, checks the outputs agree
(max |qat - ort| <= 1e-4 * max(1, max |ort|)), and prints the median
latencies, their ratio and the geometric mean of the ratios. With --isa
the qat-mlir kernels are forced to that level (QAT_ISA) while onnxruntime
runs as it does on this CPU. Every configuration is timed in --rounds
interleaved rounds (the median of the rounds' medians): the shared machine
drifts within minutes.

What each model brings: squeezenet1_1 fire modules (concatenations of 1x1
and 3x3 branches); shufflenet_v2_x0_5 channel shuffles (reshape +
transpose) and depthwise convolutions; mobilenet_v3_small squeeze-excitation
with HardSwish / HardSigmoid; efficientnet_b0 squeeze-excitation with SiLU
and 5x5 depthwise convolutions; mnasnet0_5 depthwise-separable blocks;
regnet_x_400mf grouped convolutions; googlenet inception concatenations;
alexnet batch-1 fully connected layers (GEMV shapes, 61M weights);
lraspp_mobilenet_v3_large dilated convolutions (a segmentation head);
vit_encoder one ViT-B/16 encoder block (LayerNorm, multi-head attention:
batched MatMul and Softmax, Gelu) on 197 tokens; small_cnn a Fashion-MNIST
CNN at batch 1 (per-call overhead). Batch 8: squeezenet1_1, mobilenet_v3_small,
small_cnn.
"""
import argparse
import io
import math
import os
import re
import statistics
import subprocess
import sys
import warnings

import numpy as np

from machine import cpu_name  # bench/machine.py, beside this script

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LATENCY = re.compile(r"latency: min ([0-9.eE+-]+) ms, median ([0-9.eE+-]+) ms over (\d+) runs")
TV = ("squeezenet1_1", "shufflenet_v2_x0_5", "mobilenet_v3_small", "efficientnet_b0",
      "mnasnet0_5", "regnet_x_400mf", "googlenet", "alexnet")
MODELS = TV + ("lraspp_mobilenet_v3_large", "vit_encoder", "small_cnn",
               "squeezenet1_1_b8", "mobilenet_v3_small_b8", "small_cnn_b8")


def build(torch, name):
    """(module, input shape) of a zoo entry."""
    import torchvision
    base, batch = (name[:-3], 8) if name.endswith("_b8") else (name, 1)
    torch.manual_seed(0)
    if base in TV:
        kwargs = dict(aux_logits=False, init_weights=True) if base == "googlenet" else {}
        return getattr(torchvision.models, base)(weights=None, **kwargs), (batch, 3, 224, 224)
    if base == "lraspp_mobilenet_v3_large":
        seg = torchvision.models.segmentation.lraspp_mobilenet_v3_large(
            weights=None, weights_backbone=None)

        class Out(torch.nn.Module):
            def __init__(self, m):
                super().__init__()
                self.m = m

            def forward(self, x):
                return self.m(x)["out"]
        return Out(seg), (batch, 3, 224, 224)
    if base == "vit_encoder":
        from torchvision.models.vision_transformer import EncoderBlock
        return EncoderBlock(12, 768, 3072, 0.0, 0.0), (batch, 197, 768)
    if base == "small_cnn":
        n = torch.nn
        return n.Sequential(n.Conv2d(1, 16, 3, padding=1), n.BatchNorm2d(16), n.ReLU(),
                            n.MaxPool2d(2), n.Conv2d(16, 32, 3, padding=1), n.BatchNorm2d(32),
                            n.ReLU(), n.MaxPool2d(2), n.Flatten(), n.Linear(32 * 7 * 7, 128),
                            n.ReLU(), n.Linear(128, 10)), (batch, 1, 28, 28)
    raise SystemExit("zoo: unknown model %s" % name)


def export(name, path, x_path):
    import torch
    torch.set_num_threads(1)
    model, shape = build(torch, name)
    model = model.eval()
    torch.manual_seed(1)
    x = torch.randn(*shape)
    # Not under no_grad: in eval mode without gradients PyTorch 1.13 takes
    # multi-head attention's fused fast path, which has no ONNX export.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        buf = io.BytesIO()
        torch.onnx.export(model, x, buf, opset_version=17, input_names=["input"],
                          output_names=["output"], do_constant_folding=True)
    with open(path, "wb") as f:
        f.write(buf.getvalue())
    np.save(x_path, x.numpy())


def run(cmd, env=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if p.returncode:
        err = (p.stderr.strip() or p.stdout.strip()).splitlines()
        raise RuntimeError(err[-1] if err else "exit %d" % p.returncode)
    return p.stdout


def median_ms(out):
    m = LATENCY.search(out)
    if not m:
        raise RuntimeError("no latency line")
    return float(m.group(2))


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", action="append", choices=MODELS, help="default: all")
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--isa", help="force qat-mlir's kernels to this QAT_ISA level (e.g. avx2)")
    p.add_argument("--threads", type=int, default=1,
                   help="threads of both runtimes (qat-run --threads, ort-run.js --threads)")
    p.add_argument("--work-dir", default=os.path.join(ROOT, "build", "zoo"))
    p.add_argument("--bin-dir", default=os.path.join(ROOT, "build", "bin"))
    p.add_argument("--output", help="also write the table here")
    args = p.parse_args()
    models = args.model or list(MODELS)
    os.makedirs(args.work_dir, exist_ok=True)
    env = dict(os.environ)
    if args.isa:
        env["QAT_ISA"] = args.isa

    ready = {}
    for name in models:
        d = os.path.join(args.work_dir, name)
        os.makedirs(d, exist_ok=True)
        onnx_path, x = os.path.join(d, "model.onnx"), os.path.join(d, "x.npy")
        lib = os.path.join(d, "model.so")
        try:
            if not os.path.exists(onnx_path) or not os.path.exists(x):
                export(name, onnx_path, x)
            run([os.path.join(args.bin_dir, "qat-compile"), onnx_path, "-o", lib])
            run([os.path.join(args.bin_dir, "qat-run"), lib, "--input", x, "--output-dir",
                 os.path.join(d, "qat")], env)
            run(["node", os.path.join(ROOT, "bench", "ort-run.js"), onnx_path, "--input", x,
                 "--output-dir", os.path.join(d, "ort"), "--threads", "1"])
            ours = np.load(os.path.join(d, "qat", "output_0.npy"))
            theirs = np.load(os.path.join(d, "ort", "output_0.npy"))
            diff = float(np.max(np.abs(ours.astype(np.float64) - theirs)))
            tol = 1e-4 * max(1.0, float(np.max(np.abs(theirs))))
            ready[name] = dict(lib=lib, x=x, onnx=onnx_path, diff=diff, ok=diff <= tol,
                               qat=[], ort=[])
        except (RuntimeError, OSError) as e:
            ready[name] = dict(error=str(e))
        print("zoo: %s %s" % (name, ready[name].get("error", "ready (max diff %.2g)" %
                                                      ready[name].get("diff", 0))),
              file=sys.stderr)

    for _ in range(args.rounds):
        for name, r in ready.items():
            if "error" in r:
                continue
            r["qat"].append(median_ms(run(
                [os.path.join(args.bin_dir, "qat-run"), r["lib"], "--input", r["x"],
                 "--output-dir", os.path.join(args.work_dir, name, "qat"), "--warmup",
                 str(args.warmup), "--repeat", str(args.repeat), "--threads", str(args.threads)],
                env)))
            r["ort"].append(median_ms(run(
                ["node", os.path.join(ROOT, "bench", "ort-run.js"), r["onnx"], "--input", r["x"],
                 "--warmup", str(args.warmup), "--repeat", str(args.repeat), "--threads",
                 str(args.threads)])))

    lines = ["%s, %s, %d round(s) of %d runs%s; onnxruntime 1.30 in the same run" % (
        cpu_name(), "one thread" if args.threads == 1 else "%d threads each" % args.threads,
        args.rounds, args.repeat,
        ", qat-mlir kernels forced to %s" % args.isa if args.isa else ""),
        "", "| model | qat-mlir ms | onnxruntime ms | qat/ort | max abs diff | agrees |",
        "|---|---:|---:|---:|---:|---|"]
    ratios = []
    for name, r in ready.items():
        if "error" in r:
            lines.append("| %s | error: %s | | | | no |" % (name, r["error"]))
            continue
        q, o = statistics.median(r["qat"]), statistics.median(r["ort"])
        ratios.append(q / o)
        lines.append("| %s | %.3f | %.3f | %.2f | %.2g | %s |" % (
            name, q, o, q / o, r["diff"], "yes" if r["ok"] else "NO"))
    if ratios:
        lines.append("| geometric mean | | | %.2f | | |" % math.exp(
            sum(math.log(v) for v in ratios) / len(ratios)))
    text = "\n".join(lines)
    print(text)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text + "\n")
    failed = [n for n, r in ready.items() if "error" in r or not r["ok"]]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
