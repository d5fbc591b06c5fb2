#!/usr/bin/python3
"""qonnx_model.py OUT_DIR: a QONNX model (Quant per tensor, signed 4 bits with
zero point 2, then IntQuant per channel, unsigned 3 bits) and its expected
output computed with QONNX's definition in numpy float32:
q = clip(round(x / s + z), lo, hi), y = (q - z) * s, round half to even.
The input holds exact ties of both quantizers and random values."""
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

out = sys.argv[1]
os.makedirs(os.path.join(out, "expected"), exist_ok=True)
C, W = 4, 64
rng = np.random.default_rng(3)
s1 = np.float32(0.25)
s2 = np.array([0.1, 0.3, 0.05, 0.7], np.float32).reshape(1, C, 1)
x = rng.normal(0, 1.5, (1, C, W)).astype(np.float32)
x[0, :, :16] = ((np.arange(16, dtype=np.float32) - 8 + 0.5) * s1)  # ties of the first quantizer


def qonnx_quant(v, s, z, bits, signed, narrow):
    lo, hi = (-(2 ** (bits - 1)) + narrow, 2 ** (bits - 1) - 1) if signed else (0, 2 ** bits - 1 - narrow)
    q = np.clip(np.round(v / s + z), lo, hi)
    return ((q - z) * s).astype(np.float32)


y1 = qonnx_quant(x, s1, np.float32(2), 4, 1, 0)
y = qonnx_quant(y1 + np.float32(1.0), s2, np.float32(0), 3, 0, 0)
inits = [numpy_helper.from_array(a, n) for n, a in (
    ("s1", np.array(s1)), ("z1", np.array(2, np.float32)), ("b1", np.array(4, np.float32)),
    ("one", np.array(1, np.float32)),
    ("s2", s2), ("z2", np.zeros((1, C, 1), np.float32)), ("b2", np.array(3, np.float32)))]
Q = "qonnx.custom_op.general"
nodes = [helper.make_node("Quant", ["x", "s1", "z1", "b1"], ["y1"], domain=Q, signed=1),
         helper.make_node("Add", ["y1", "one"], ["a"]),
         helper.make_node("IntQuant", ["a", "s2", "z2", "b2"], ["y"], domain=Q, signed=0)]
vi = lambda n: helper.make_tensor_value_info(n, onnx.TensorProto.FLOAT, [1, C, W])
model = helper.make_model(helper.make_graph(nodes, "qonnx", [vi("x")], [vi("y")], inits),
                          opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid(Q, 1)])
onnx.save(model, os.path.join(out, "model.onnx"))
np.save(os.path.join(out, "input_0.npy"), x)
np.save(os.path.join(out, "expected", "output_0.npy"), y)
