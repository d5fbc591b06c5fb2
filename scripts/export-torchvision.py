#!/usr/bin/python3
"""Exports torchvision classifiers to ONNX with random weights.

    export-torchvision.py --opset 13 --model resnet18 -o resnet18.onnx
    export-torchvision.py --opset 13 --opset 17 --out-dir DIR   # every model, every opset:
                                                                 # DIR/<model>-op<opset>.onnx

Models: resnet18, mobilenet_v2, squeezenet1_1 (the default set) and, with
--model only, regnet_x_400mf (grouped convolutions), googlenet (inception
concatenations; without its auxiliary classifiers) and shufflenet_v2_x0_5
(channel splits and shuffles), for bench/int_bench.py --model;
each with weights=None, eval mode,
torch.manual_seed(0) before building each model, input 1x3x224x224 named
'input', output 'output'). Importing torch once and exporting every model in
one process keeps the lit test fast.
"""
import argparse
import io
import os
import sys
import warnings

MODELS = ("resnet18", "mobilenet_v2", "squeezenet1_1")
ON_REQUEST = ("regnet_x_400mf", "googlenet", "shufflenet_v2_x0_5")


def export(torch, torchvision, name, opset, path):
    torch.manual_seed(0)
    # googlenet without its training-only auxiliary classifiers and with
    # PyTorch's default initialization: torchvision's own (init_weights,
    # normal(0, 0.01) weights) shrinks the activations ~1e-10-fold by the
    # classifier, whose calibrated input scale then puts its bias beyond
    # int32 accumulators (qat-compile --mode=int rejects the layer).
    kwargs = dict(aux_logits=False, init_weights=False) if name == "googlenet" else {}
    model = getattr(torchvision.models, name)(weights=None, **kwargs).eval()
    x = torch.randn(1, 3, 224, 224)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        buf = io.BytesIO()
        torch.onnx.export(model, x, buf, opset_version=opset,
                          input_names=["input"], output_names=["output"],
                          do_constant_folding=True)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", action="append", choices=MODELS + ON_REQUEST,
                   help="model to export (repeatable; default: the default set)")
    p.add_argument("--opset", action="append", type=int, choices=(13, 17),
                   help="ONNX opset (repeatable; default: 13)")
    p.add_argument("-o", "--output", help="output file (one model, one opset)")
    p.add_argument("--out-dir", help="directory for <model>-op<opset>.onnx")
    args = p.parse_args()
    models = args.model or list(MODELS)
    opsets = args.opset or [13]
    if args.output and (len(models) != 1 or len(opsets) != 1):
        p.error("-o takes exactly one --model and one --opset; use --out-dir otherwise")
    if not args.output and not args.out_dir:
        p.error("give -o FILE or --out-dir DIR")

    import torch
    import torchvision
    torch.set_num_threads(1)
    if args.out_dir:
        os.makedirs(args.out_dir, exist_ok=True)
    for name in models:
        for opset in opsets:
            path = args.output or os.path.join(args.out_dir, "%s-op%d.onnx" % (name, opset))
            export(torch, torchvision, name, opset, path)
            print("exported %s opset %d -> %s" % (name, opset, path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
