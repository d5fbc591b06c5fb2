"""GroupNormalization and Mish models (opset 18 and 21) with PyTorch
references, for group-norm-mish.test.

    group_norm_mish.py DIR    writes DIR/<case>/model.onnx, DIR/<case>/x.npy
                              and DIR/<case>/ref/output_0.npy, and prints the
                              case names.
    group_norm_mish.py --check DIR LEVEL...
                              compares DIR/<case>/<LEVEL>/output_0.npy
                              (qat-run's) with the references: one line
                              "<LEVEL> <case>: shape ... rel ...: ok" each
                              (FAILED above 1e-5 relative to max|ref|).

References: torch.nn.functional.group_norm (opset 21: per-channel scale and
bias, as PyTorch's GroupNorm; opset 18: the spec's per-group scale and bias
applied to the unscaled group_norm) and torch.nn.functional.mish. The onnx
package here (1.12) knows opsets up to 17, so the models are not checked.
"""
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

MAX_REL = 1e-5


def model(op, x, initializers, opset, **attrs):
    node = helper.make_node(op, ["x"] + list(initializers), ["y"], name=op.lower(), **attrs)
    graph = helper.make_graph(
        [node], op.lower(), [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, x.shape)],
        initializer=[numpy_helper.from_array(a, n) for n, a in initializers.items()])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def cases():
    rng = np.random.default_rng(5)
    x = rng.normal(1.0, 2.0, (2, 6, 5, 4)).astype(np.float32)
    scale, bias = rng.normal(size=6).astype(np.float32), rng.normal(size=6).astype(np.float32)
    ref = F.group_norm(torch.from_numpy(x), 3, torch.from_numpy(scale), torch.from_numpy(bias),
                       eps=1e-3).numpy()
    yield "group_norm_opset21", x, model("GroupNormalization", x, {"scale": scale, "bias": bias},
                                         21, num_groups=3, epsilon=1e-3), ref
    g_scale, g_bias = rng.normal(size=2).astype(np.float32), rng.normal(size=2).astype(np.float32)
    x3 = rng.normal(size=(3, 4, 7)).astype(np.float32)
    plain = F.group_norm(torch.from_numpy(x3), 2).numpy().reshape(3, 2, -1)
    ref = (plain * g_scale[:, None] + g_bias[:, None]).reshape(x3.shape)
    yield "group_norm_opset18_per_group", x3, model(
        "GroupNormalization", x3, {"scale": g_scale, "bias": g_bias}, 18, num_groups=2), ref
    xm = rng.normal(0.0, 4.0, (4, 33)).astype(np.float32)
    xm[0, :3] = [-30.0, 30.0, 0.0]
    yield "mish", xm, model("Mish", xm, {}, 18), F.mish(torch.from_numpy(xm)).numpy()


def main():
    if sys.argv[1] == "--check":
        out_dir, levels = sys.argv[2], sys.argv[3:]
        for level in levels:
            for name, *_ in cases():
                d = os.path.join(out_dir, name)
                got = np.load(os.path.join(d, level, "output_0.npy"))
                ref = np.load(os.path.join(d, "ref", "output_0.npy"))
                rel = float(np.max(np.abs(got - ref)) / max(np.max(np.abs(ref)), 1e-30))
                ok = got.shape == ref.shape and rel <= MAX_REL
                print("%s %s: shape %s rel %.2e: %s" % (level, name, got.shape, rel,
                                                      "ok" if ok else "FAILED"))
        return
    out_dir = sys.argv[1]
    for name, x, m, ref in cases():
        d = os.path.join(out_dir, name)
        os.makedirs(os.path.join(d, "ref"), exist_ok=True)
        onnx.save(m, os.path.join(d, "model.onnx"))
        np.save(os.path.join(d, "x.npy"), x)
        np.save(os.path.join(d, "ref", "output_0.npy"), ref)
        print(name)


if __name__ == "__main__":
    main()
