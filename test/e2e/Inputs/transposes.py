"""Transpose models for transposes.test: each case's model.onnx, input .npy
and the exact NumPy result; --check compares qat-run's outputs bit for bit.

    transposes.py DIR            write the cases, print their names
    transposes.py --check DIR    print 'name: ok' or 'name: FAILED ...'
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

# name: (shape, permutation, dtype). Two groups of dimensions swapped (the
# tiled 2-D transposes: 16 x 16 bytes, 8 x 8 16-bit, 4 x 4 32-bit elements)
# with both edges partial, a permutation that keeps the innermost dimension
# (row copies), and a batched one.
CASES = {
    "u8_nchw_to_nhwc": ((1, 37, 5, 7), (0, 2, 3, 1), np.uint8),
    "i8_nhwc_to_nchw": ((1, 6, 7, 45), (0, 3, 1, 2), np.int8),
    "i16_2d": ((19, 33), (1, 0), np.int16),
    "f32_2d": ((21, 30), (1, 0), np.float32),
    "f32_groups": ((3, 7, 5, 6), (2, 3, 0, 1), np.float32),
    "f32_inner_kept": ((4, 9, 6, 5), (1, 0, 2, 3), np.float32),
    "u8_batched": ((2, 20, 3, 6), (0, 2, 3, 1), np.uint8),
}
ONNX_TYPE = {np.uint8: TensorProto.UINT8, np.int8: TensorProto.INT8,
             np.int16: TensorProto.INT16, np.float32: TensorProto.FLOAT}


def write(d):
    rng = np.random.default_rng(0)
    for name, (shape, perm, dtype) in CASES.items():
        os.makedirs(os.path.join(d, name), exist_ok=True)
        out_shape = [shape[p] for p in perm]
        graph = helper.make_graph(
            [helper.make_node("Transpose", ["x"], ["y"], perm=list(perm))], name,
            [helper.make_tensor_value_info("x", ONNX_TYPE[dtype], list(shape))],
            [helper.make_tensor_value_info("y", ONNX_TYPE[dtype], out_shape)])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
        onnx.save(model, os.path.join(d, name, "model.onnx"))
        if dtype == np.float32:
            x = rng.normal(0, 1, shape).astype(dtype)
        else:
            info = np.iinfo(dtype)
            x = rng.integers(info.min, info.max, shape, endpoint=True).astype(dtype)
        np.save(os.path.join(d, name, "x.npy"), x)
        print(name)


def check(d, levels):
    for level in levels:
        for name, (shape, perm, dtype) in CASES.items():
            x = np.load(os.path.join(d, name, "x.npy"))
            y = np.load(os.path.join(d, name, level, "output_0.npy"))
            want = np.transpose(x, perm)
            ok = y.dtype == want.dtype and y.shape == want.shape and np.array_equal(y, want)
            print("%s %s: %s" % (level, name, "ok" if ok else "FAILED"))


if __name__ == "__main__":
    if sys.argv[1] == "--check":
        check(sys.argv[2], sys.argv[3:])
    else:
        write(sys.argv[1])
