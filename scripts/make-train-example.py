#!/usr/bin/python3
"""Builds the "training example model" of qat-mlir and exports it to ONNX.

    scripts/make-train-example.py [-o examples/fmnist_cnn.onnx] [--seed 0]
                                  [--state-dict PATH]

The model (bench/fmnist_model.py), default PyTorch init after
torch.manual_seed(seed):

    conv1 Conv(1->32, 3x3, pad 1) - bn1 BatchNormalization - relu1 - pool1 MaxPool 2x2
    conv2 Conv(32->64, 3x3, pad 1) - bn2 BatchNormalization - relu2 - pool2 MaxPool 2x2
    flatten (3136) - fc1 Gemm(3136->256) - relu3 - fc2 Gemm(256->10)

ONNX: opset 17, exported in eval mode with training=TrainingMode.PRESERVE and
do_constant_folding=False, so the BatchNormalization nodes stay (with their
scale/B/mean/var initializers: bn1.weight, bn1.bias, bn1.running_mean,
bn1.running_var, ...). Input 'input' [N, 1, 28, 28] float32, output 'logits'
[N, 10], N a symbolic dimension named 'batch'. torch.onnx names the nodes
after their module scope ('/conv1/Conv', '/bn1/BatchNormalization', ...);
this script renames every node to its module name: conv1, bn1, relu1, pool1,
conv2, bn2, relu2, pool2, flatten, fc1, relu3, fc2. Initializers keep the
PyTorch state_dict names (conv1.weight, conv1.bias, ..., fc2.bias).

--state-dict PATH also saves the PyTorch state_dict (torch.save), which
bench/torch_qat.py --init-state-dict can start from.
"""
import argparse
import io
import os
import sys
import warnings

import onnx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))

import torch  # noqa: E402

import fmnist_model  # noqa: E402

EXPECTED_NODES = ["conv1", "bn1", "relu1", "pool1", "conv2", "bn2", "relu2", "pool2",
                  "flatten", "fc1", "relu3", "fc2"]


STATE_DICT_ORDER = [k for k in fmnist_model.FmnistCNN().state_dict()
                    if not k.endswith("num_batches_tracked")]


def undo_initializer_dedup(model):
    """torch.onnx deduplicates initializers with equal values: at init
    bn.running_var equals bn.weight (ones) and bn.running_mean equals bn.bias
    (zeros), so it exports 'Identity(bn1.weight) -> bn1.running_var'. Give
    every such output its own initializer again and drop the Identity nodes."""
    inits = {t.name: t for t in model.graph.initializer}
    keep = []
    for node in model.graph.node:
        if node.op_type == "Identity" and node.input[0] in inits:
            copy = onnx.TensorProto()
            copy.CopyFrom(inits[node.input[0]])
            copy.name = node.output[0]
            model.graph.initializer.append(copy)
        else:
            keep.append(node)
    del model.graph.node[:]
    model.graph.node.extend(keep)
    # Initializers in state_dict order.
    order = {name: i for i, name in enumerate(STATE_DICT_ORDER)}
    inits = sorted(model.graph.initializer, key=lambda t: order.get(t.name, len(order)))
    del model.graph.initializer[:]
    model.graph.initializer.extend(inits)


def rename_nodes(model):
    """'/conv1/Conv' -> 'conv1' etc.: the module scope of each node."""
    seen = set()
    for node in model.graph.node:
        parts = [p for p in node.name.split("/") if p]
        if len(parts) != 2 or parts[0] in seen:
            raise RuntimeError("unexpected node name %r (op %s); torch.onnx naming changed?"
                               % (node.name, node.op_type))
        node.name = parts[0]
        seen.add(parts[0])
    names = [n.name for n in model.graph.node]
    if names != EXPECTED_NODES:
        raise RuntimeError("unexpected nodes %s" % names)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--output", default=os.path.join(ROOT, "examples", "fmnist_cnn.onnx"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--state-dict", help="also save the PyTorch state_dict here")
    args = ap.parse_args()

    torch.set_num_threads(1)
    model = fmnist_model.build_model(args.seed).eval()
    if args.state_dict:
        os.makedirs(os.path.dirname(os.path.abspath(args.state_dict)), exist_ok=True)
        torch.save(model.state_dict(), args.state_dict)

    buf = io.BytesIO()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, torch.zeros(2, 1, 28, 28), buf, opset_version=17,
                          training=torch.onnx.TrainingMode.PRESERVE,
                          do_constant_folding=False, input_names=["input"],
                          output_names=["logits"],
                          dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    exported = onnx.load_from_string(buf.getvalue())
    undo_initializer_dedup(exported)
    rename_nodes(exported)
    exported.producer_name = "qat-mlir scripts/make-train-example.py"
    exported.doc_string = ("Fashion-MNIST training example CNN, default PyTorch init "
                           "(torch.manual_seed(%d)); see scripts/make-train-example.py"
                           % args.seed)
    onnx.checker.check_model(exported, full_check=True)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    onnx.save(exported, args.output)
    print("wrote %s (%d bytes): %s" % (args.output, os.path.getsize(args.output),
                                       ", ".join("%s(%s)" % (n.name, n.op_type)
                                                 for n in exported.graph.node)))
    if args.state_dict:
        print("wrote %s" % args.state_dict)
    return 0


if __name__ == "__main__":
    sys.exit(main())
