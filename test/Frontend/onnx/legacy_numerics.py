# The values of the forms before opset 7 that numpy broadcasting would get
# wrong, compiled and run against numpy computations of the old specs:
#   v6: Add/Sub/Mul/Div/Pow with broadcast = 1 (B at `axis`, or suffix, or one
#       element), PRelu with a per-channel [C] slope, Gemm with broadcast = 1;
#   v7: BatchNormalization with spatial = 0 (statistics per activation).
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-compile %t/v6.onnx -o %t/v6.so
# RUN: qat-run %t/v6.so --input %t/v6/input_0.npy --input %t/v6/input_1.npy \
# RUN:   --input %t/v6/input_2.npy --output-dir %t/v6/qat
# RUN: %python %S/../../../scripts/compare-outputs.py %t/v6/qat %t/v6/ref --max-rel 1e-5 \
# RUN:   | FileCheck %s --check-prefix=V6
# RUN: qat-compile %t/v7_bn.onnx -o %t/v7_bn.so
# RUN: qat-run %t/v7_bn.so --input %t/v7_bn/input_0.npy --output-dir %t/v7_bn/qat
# RUN: %python %S/../../../scripts/compare-outputs.py %t/v7_bn/qat %t/v7_bn/ref --max-rel 1e-5 \
# RUN:   | FileCheck %s --check-prefix=V7BN

import os
import sys

import numpy as np
from onnx_fixture import graph_model, main, node

RNG = np.random.default_rng(7)
X = RNG.uniform(-2, 2, [2, 3, 4, 5]).astype(np.float32)  # A of the binary ops, PRelu's X
S = np.array([0.5, 1.5, 2.0], np.float32)  # along dim 1: B (axis = 1), exponent, slope
A = RNG.uniform(-1, 1, [2, 3]).astype(np.float32)  # Gemm's A
B45 = RNG.uniform(-1, 1, [4, 5]).astype(np.float32)
B2 = np.array([3.0, -0.5], np.float32)
W = RNG.uniform(-1, 1, [4, 3]).astype(np.float32)  # Gemm's B, transB = 1
C4 = np.array([1.0, -2.0, 0.5, 4.0], np.float32)
BN = {n: RNG.uniform(0.5, 2, [3, 2, 2]).astype(np.float32)
      for n in ["scale", "bias", "mean", "var"]}
BN_X = RNG.uniform(-2, 2, [2, 3, 2, 2]).astype(np.float32)


def along(v, axis, rank):
    """v's dims placed at `axis` of a rank-`rank` array (the legacy broadcast)."""
    return v.reshape([1] * axis + list(v.shape) + [1] * (rank - axis - v.ndim))


def v6_reference():
    pos = np.abs(X) + np.float32(0.5)
    return [
        X + along(S, 1, 4),                        # Add, axis = 1
        X - B45,                                   # Sub, suffix
        X * along(B2, 0, 4),                       # Mul, axis = 0
        X / np.float32(4.0),                       # Div, one element [1, 1]
        pos ** along(S, 1, 4),                     # Pow, axis = 1
        np.where(X < 0, along(S, 1, 4) * X, X),    # PRelu, slope per channel
        0.5 * (A @ W.T) + 2.0 * C4,                # Gemm, C [N] broadcast
    ]


# V6: output_0: shape (2, 3, 4, 5) float32 {{.*}} ok
# V6: output_1: shape (2, 3, 4, 5) float32 {{.*}} ok
# V6: output_2: shape (2, 3, 4, 5) float32 {{.*}} ok
# V6: output_3: shape (2, 3, 4, 5) float32 {{.*}} ok
# V6: output_4: shape (2, 3, 4, 5) float32 {{.*}} ok
# V6: output_5: shape (2, 3, 4, 5) float32 {{.*}} ok
# V6: output_6: shape (2, 4) float32 {{.*}} ok
def v6():
    bcast = dict(broadcast=1)
    nodes = [
        node("Add", ["x", "s"], ["add"], axis=1, **bcast),
        node("Sub", ["x", "b45"], ["sub"], **bcast),
        node("Mul", ["x", "b2"], ["mul"], axis=0, **bcast),
        node("Div", ["x", "four"], ["div"], **bcast),
        node("Abs", ["x"], ["abs"]),
        node("Add", ["abs", "half"], ["pos"], name="add_half", **bcast),
        node("Pow", ["pos", "s"], ["pow"], axis=1, **bcast),
        node("PRelu", ["x", "s"], ["prelu"]),
        node("Gemm", ["a", "w", "c"], ["gemm"], alpha=0.5, beta=2.0, transB=1, **bcast),
    ]
    outputs = [(n, "f32", 4) for n in ["add", "sub", "mul", "div", "pow", "prelu"]]
    return graph_model(
        nodes, [("x", "f32", [2, 3, 4, 5]), ("s", "f32", [3]), ("a", "f32", [2, 3])],
        outputs + [("gemm", "f32", 2)],
        {"b45": B45, "b2": B2, "four": np.full([1, 1], 4.0, np.float32),
         "half": np.array(0.5, np.float32), "w": W, "c": C4}, opset=6)


def v7_bn_reference():
    eps = np.float32(1e-5)
    return [(BN_X - BN["mean"]) / np.sqrt(BN["var"] + eps) * BN["scale"] + BN["bias"]]


# V7BN: output_0: shape (2, 3, 2, 2) float32 {{.*}} ok
def v7_bn():
    return graph_model(
        [node("BatchNormalization", ["x", "scale", "bias", "mean", "var"], ["y"], spatial=0)],
        [("x", "f32", [2, 3, 2, 2])], [("y", "f32", 4)], BN, opset=7)


def write(out_dir, name, inputs, outputs):
    for sub, arrays, prefix in [("", inputs, "input"), ("ref", outputs, "output")]:
        d = os.path.join(out_dir, name, sub)
        os.makedirs(d, exist_ok=True)
        for i, v in enumerate(arrays):
            np.save(os.path.join(d, f"{prefix}_{i}.npy"), np.asarray(v, np.float32))


main({f.__name__: f for f in [v6, v7_bn]})
if len(sys.argv) == 2:
    write(sys.argv[1], "v6", [X, S, A], v6_reference())
    write(sys.argv[1], "v7_bn", [BN_X], v7_bn_reference())
