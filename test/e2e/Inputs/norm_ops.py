"""GroupNormalization, LRN, LpNormalization, Mish and ReverseSequence models
with PyTorch / NumPy references, for norm-ops.test.

    norm_ops.py DIR        writes DIR/<case>/model.onnx, DIR/<case>/x.npy
                              and DIR/<case>/ref/output_0.npy, and prints the
                              case names.
    norm_ops.py --check DIR LEVEL...
                              compares DIR/<case>/<LEVEL>/output_0.npy
                              (qat-run's) with the references: one line
                              "<LEVEL> <case>: shape ... rel ...: ok" each
                              (FAILED above 1e-5 relative to max|ref|).

References: torch.nn.functional.group_norm (opset 21: per-channel scale and
bias, as PyTorch's GroupNorm; opset 18: the spec's per-group scale and bias
applied to the unscaled group_norm), torch.nn.functional.mish, and for LRN
ONNX's formula in NumPy (PyTorch's local_response_norm centres an even
window the other way: ONNX sums channels c - floor((size - 1) / 2) ..
c + ceil((size - 1) / 2)). The onnx package here (1.12) knows opsets up to
17, so the opset 18 and 21 models are not checked. LpNormalization (L2 on
a middle axis, L1 on the last) and ReverseSequence (time-major, lengths 5,
0 and 3 from an initializer) against NumPy.
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
    xl = rng.normal(0.0, 3.0, (2, 7, 3, 2)).astype(np.float32)
    yield "lrn_even_size", xl, model("LRN", xl, {}, 13, size=4, alpha=0.3, beta=0.6,
                                     bias=1.5), lrn(xl, 4, 0.3, 0.6, 1.5)
    x3 = rng.normal(size=(1, 5, 6)).astype(np.float32)
    yield "lrn_rank3_defaults", x3, model("LRN", x3, {}, 13, size=3), lrn(x3, 3, 1e-4, 0.75, 1.0)
    xp = rng.normal(size=(3, 4, 5)).astype(np.float32)
    yield "lp_norm_l2_axis1", xp, model("LpNormalization", xp, {}, 13, axis=1), (
        xp / np.sqrt(np.sum(xp.astype(np.float64) ** 2, axis=1, keepdims=True))).astype(np.float32)
    yield "lp_norm_l1_last", xp, model("LpNormalization", xp, {}, 13, p=1), (
        xp / np.sum(np.abs(xp.astype(np.float64)), axis=-1, keepdims=True)).astype(np.float32)
    xr = rng.normal(size=(5, 3, 2)).astype(np.float32)
    lens = np.array([5, 0, 3], np.int64)
    ref = xr.copy()
    for b, n in enumerate(lens):
        ref[:n, b] = xr[:n, b][::-1]
    yield "reverse_sequence_time_major", xr, model("ReverseSequence", xr, {"lens": lens}, 13,
                                                   batch_axis=1, time_axis=0), ref


def lrn(x, size, alpha, beta, bias):
    """ONNX's LRN, in float64."""
    x64, channels = x.astype(np.float64), x.shape[1]
    total = np.zeros_like(x64)
    for c in range(channels):
        lo, hi = max(0, c - (size - 1) // 2), min(channels - 1, c + size // 2)
        total[:, c] = np.sum(x64[:, lo:hi + 1] ** 2, axis=1)
    return (x64 / (bias + alpha / size * total) ** beta).astype(np.float32)


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
