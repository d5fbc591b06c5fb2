#!/usr/bin/python3
"""qonnx_trunc.py OUT_DIR: a QONNX model of five Trunc nodes on one input -
version 1 (x, scale, zeropt, in_bits, out_bits) with FLOOR, CEIL and ROUND,
version 2 (x, scale, zeropt, in_bits, out_scale, out_bits) signed FLOOR and
unsigned narrow ROUND - and their expected outputs, computed in numpy
float32 with qonnx's reference definition of each version. The input is
accumulator-like (integers times the scale, so every truncation step has
exact ties) plus random values."""
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

out = sys.argv[1]
os.makedirs(os.path.join(out, "expected"), exist_ok=True)
rng = np.random.default_rng(5)
f = np.float32
s, z = f(0.125), f(2.0)
x = np.concatenate([np.arange(-300, 300, 3, dtype=np.float32) * s,
                    rng.normal(0, 20, 56).astype(np.float32)]).reshape(1, 256)
rounders = {"FLOOR": np.floor, "CEIL": np.ceil, "ROUND": np.round}


def trunc_v1(v, scale, zp, in_bits, out_bits, mode):
    y = np.round(v / scale + zp)
    y = y / f(2.0 ** (in_bits - out_bits))
    y = rounders[mode](y)
    return ((y - zp) * scale).astype(np.float32)


def trunc_v2(v, scale, zp, in_bits, out_scale, out_bits, signed, narrow, mode):
    y = np.round(v / scale + zp)
    t = f(2.0 ** np.round(np.log2(out_scale / scale)))
    y = y / t
    lo = -(2 ** (out_bits - 1)) + narrow if signed else 0
    hi = 2 ** (out_bits - 1) - 1 if signed else 2 ** out_bits - 1 - narrow
    y = np.where(y > hi, f(hi), y)
    y = np.where(y < lo, f(lo), y)
    y = rounders[mode](y)
    return ((y - zp / t) * out_scale).astype(np.float32)


Q = "qonnx.custom_op.general"
inits = [numpy_helper.from_array(np.array(v, np.float32), n) for n, v in (
    ("s", s), ("z", z), ("in_bits", 12), ("out_bits", 8), ("out_scale", 2.0), ("out_bits4", 4))]
nodes, outputs, expected = [], [], []
for mode in ("FLOOR", "CEIL", "ROUND"):
    name = "v1_" + mode.lower()
    nodes.append(helper.make_node("Trunc", ["x", "s", "z", "in_bits", "out_bits"], [name],
                                  domain=Q, rounding_mode=mode))
    outputs.append(name)
    expected.append(trunc_v1(x, s, z, 12, 8, mode))
nodes.append(helper.make_node("Trunc", ["x", "s", "z", "in_bits", "out_scale", "out_bits4"],
                              ["v2_floor"], domain=Q, rounding_mode="FLOOR", signed=1))
outputs.append("v2_floor")
expected.append(trunc_v2(x, s, z, 12, f(2.0), 4, 1, 0, "FLOOR"))
nodes.append(helper.make_node("Trunc", ["x", "s", "z", "in_bits", "out_scale", "out_bits4"],
                              ["v2_unsigned"], domain=Q, rounding_mode="round", signed=0,
                              narrow=1))
outputs.append("v2_unsigned")
expected.append(trunc_v2(x, s, z, 12, f(2.0), 4, 0, 1, "ROUND"))
vi = lambda n: helper.make_tensor_value_info(n, onnx.TensorProto.FLOAT, [1, 256])
model = helper.make_model(
    helper.make_graph(nodes, "trunc", [vi("x")], [vi(o) for o in outputs], inits),
    opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid(Q, 2)])
onnx.save(model, os.path.join(out, "model.onnx"))
np.save(os.path.join(out, "input_0.npy"), x)
for i, e in enumerate(expected):
    np.save(os.path.join(out, "expected", "output_%d.npy" % i), e)
