#!/usr/bin/python3
"""Exports the models of the end-to-end tests and benchmarks, with one input each.

    make-e2e-models.py OUT_DIR [--model NAME ...]

For every model NAME it writes OUT_DIR/NAME/model.onnx and one seeded random
input, OUT_DIR/NAME/input_0.npy (and the same tensor as input_0.pb, an ONNX
TensorProto). Opset 13, static shapes, graph input 'input', output 'output'.

Models:
  small_cnn       (conv-bn-relu-maxpool) x 2 + linear, 1x1x28x28 -> 1x10
  resnet18        torchvision, weights=None, 1x3x224x224 -> 1x1000
  mobilenet_v2    torchvision, weights=None, 1x3x224x224 -> 1x1000
  matmul_MxKxN    Y[M,N] = A[M,K] x B[K,N], A the input, B an initializer:
                  matmul_1024x1024x1024, matmul_3136x576x64, matmul_64x3136x64

torch.manual_seed(0) before building each PyTorch model, exported in eval
mode. The batch norms get a random affine part (weight U(1, 3), bias U(-1, 1))
and the running statistics of one random batch, so that activations stay of
order 1 through the network (with identity batch norms mobilenet_v2's output
is ~1e-9) and some ReLU6 inputs exceed 6. Inputs and MatMul weights come from
numpy.random.default_rng with a fixed seed per model.
"""
import argparse
import io
import os
import sys
import warnings

import numpy as np

OPSET = 13
TORCH_MODELS = ("small_cnn", "resnet18", "mobilenet_v2")
MATMUL_SHAPES = ((1024, 1024, 1024), (3136, 576, 64), (64, 3136, 64))
MATMUL_MODELS = tuple("matmul_%dx%dx%d" % s for s in MATMUL_SHAPES)
MODELS = TORCH_MODELS + MATMUL_MODELS


def seed_of(name):
    # A stable per-model seed (Python's hash() is salted per process).
    return sum((i + 1) * ord(c) for i, c in enumerate(name))


def small_cnn(torch):
    nn = torch.nn

    class SmallCNN(nn.Module):
        def __init__(self):
            super().__init__()
            self.features = nn.Sequential(
                nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(8, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2))
            self.classifier = nn.Linear(16 * 7 * 7, 10)

        def forward(self, x):
            return self.classifier(torch.flatten(self.features(x), 1))

    return SmallCNN(), (1, 1, 28, 28)


def calibrate_batch_norms(torch, model, shape):
    """Gives every batch norm a random affine part and the running statistics
    of a random batch. With weights=None they would be identities, and the
    activations of mobilenet_v2 would shrink layer after layer (its outputs
    would be ~1e-9 and no ReLU6 would ever clip); now every layer sees values
    of order 1, some above 6."""
    bns = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    with torch.no_grad():
        for m in bns:
            m.reset_running_stats()
            m.momentum = None  # cumulative average: the statistics of the one batch
            m.weight.uniform_(1.0, 3.0)
            m.bias.uniform_(-1.0, 1.0)
        model.train()
        model(torch.randn((8,) + tuple(shape[1:])))
    model.eval()


def export_torch(torch, torchvision, name, out):
    torch.manual_seed(0)
    if name == "small_cnn":
        model, shape = small_cnn(torch)
    else:
        model, shape = getattr(torchvision.models, name)(weights=None), (1, 3, 224, 224)
    calibrate_batch_norms(torch, model, shape)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        buf = io.BytesIO()
        torch.onnx.export(model, torch.zeros(shape), buf, opset_version=OPSET,
                          input_names=["input"], output_names=["output"],
                          do_constant_folding=True)
    with open(os.path.join(out, "model.onnx"), "wb") as f:
        f.write(buf.getvalue())
    return shape


def export_matmul(onnx, name, out):
    from onnx import TensorProto, helper, numpy_helper
    m, k, n = (int(d) for d in name.split("_")[1].split("x"))
    rng = np.random.default_rng(seed_of(name) + 1)
    b = (rng.standard_normal((k, n)) / np.sqrt(k)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["input", "B"], ["output"], name="matmul")],
        name,
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [m, k])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [m, n])],
        initializer=[numpy_helper.from_array(b, "B")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="make-e2e-models")
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, "model.onnx"))
    return (m, k)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out_dir")
    p.add_argument("--model", action="append", choices=MODELS,
                   help="model to export (repeatable; default: all)")
    args = p.parse_args()
    models = args.model or list(MODELS)

    import onnx
    from onnx import numpy_helper
    torch = torchvision = None
    if any(m in TORCH_MODELS for m in models):
        import torch
        import torchvision
        torch.set_num_threads(1)
    for name in models:
        out = os.path.join(args.out_dir, name)
        os.makedirs(out, exist_ok=True)
        if name in TORCH_MODELS:
            shape = export_torch(torch, torchvision, name, out)
        else:
            shape = export_matmul(onnx, name, out)
        x = np.random.default_rng(seed_of(name)).standard_normal(shape).astype(np.float32)
        np.save(os.path.join(out, "input_0.npy"), x)
        with open(os.path.join(out, "input_0.pb"), "wb") as f:
            f.write(numpy_helper.from_array(x, "input").SerializeToString())
        print("%s: %s/model.onnx, input %s" % (name, out, "x".join(map(str, shape))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
