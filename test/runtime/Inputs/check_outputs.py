"""Checks qat-run's outputs of the add model: check_outputs.py DIR a_file b_file.

Both formats of both outputs must hold exactly a + b (float32) and 6 (int64),
with the ABI's output names in the .pb files.
"""
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def load(p):
    if p.endswith(".npy"):
        return np.load(p)
    t = onnx.TensorProto()
    with open(p, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


out, a, b = sys.argv[1], load(sys.argv[2]), load(sys.argv[3])
expected = [("sum", a + b), ("count", np.array([6], dtype=np.int64))]
for i, (name, want) in enumerate(expected):
    t = onnx.TensorProto()
    with open(f"{out}/output_{i}.pb", "rb") as f:
        t.ParseFromString(f.read())
    for what, got in (("pb", numpy_helper.to_array(t)), ("npy", np.load(f"{out}/output_{i}.npy"))):
        if got.dtype != want.dtype or got.shape != want.shape or got.tobytes() != want.tobytes():
            sys.exit(f"output_{i}.{what}: got {got.dtype} {got.shape} {got}, want {want.dtype} {want.shape} {want}")
    if t.name != name:
        sys.exit(f"output_{i}.pb is named '{t.name}', want '{name}'")
print("outputs ok")
