"""Small ONNX TopK models with their NumPy references, for top-k.test.

    top_k.py DIR              writes DIR/<case>/model.onnx, DIR/<case>/x.npy
                              and DIR/<case>/ref/output_{0,1}.npy, and prints
                              the case names.
    top_k.py --check DIR LEVEL...
                              compares DIR/<case>/<LEVEL>/output_{0,1}.npy
                              (qat-run's) with the references, bit for bit:
                              one line "<LEVEL> <case>: values ... indices
                              ...: ok" each (FAILED otherwise).

The reference is ONNX's rule written out: along the axis, the k largest
(smallest) elements, ties in input order (the lower index first); NaN is
above every number (first among the largest, last among the smallest: numpy
and PyTorch's order), -0 equals +0. Cases: float with ties, NaNs and signed
zeros on a middle axis; smallest over the whole last axis with NaNs; int32
ties; uint8 levels above 127 (unsigned order); k from an initializer (opset
11) and from the attribute (opset 1).
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ELEM = {np.dtype(np.float32): TensorProto.FLOAT, np.dtype(np.int32): TensorProto.INT32,
        np.dtype(np.uint8): TensorProto.UINT8, np.dtype(np.float64): TensorProto.DOUBLE}


def reference(x, k, axis, largest):
    moved = np.moveaxis(x, axis, -1)
    values = np.empty(moved.shape[:-1] + (k,), x.dtype)
    indices = np.empty(moved.shape[:-1] + (k,), np.int64)
    for at in np.ndindex(moved.shape[:-1]):
        row = moved[at]

        def key(i):
            v = row[i]
            nan = isinstance(v, np.floating) and np.isnan(v)
            # Sort ascending on the key: largest first means negated values.
            if largest:
                return (0 if nan else 1, 0 if nan else -float(v), i)
            return (1 if nan else 0, 0 if nan else float(v), i)

        order = sorted(range(len(row)), key=key)[:k]
        values[at] = row[order]
        indices[at] = order
    return np.moveaxis(values, -1, axis), np.moveaxis(indices, -1, axis)


def model(x, k, axis, largest, opset):
    shape = list(x.shape)
    shape[axis] = k
    inputs, inits, attrs = ["x"], [], {"axis": axis}
    if opset >= 10:
        inputs.append("k")
        inits.append(numpy_helper.from_array(np.array([k], np.int64), "k"))
        attrs["largest"] = int(largest)
    else:
        attrs["k"] = k
    node = helper.make_node("TopK", inputs, ["values", "indices"], name="topk", **attrs)
    graph = helper.make_graph(
        [node], "topk", [helper.make_tensor_value_info("x", ELEM[x.dtype], x.shape)],
        [helper.make_tensor_value_info("values", ELEM[x.dtype], shape),
         helper.make_tensor_value_info("indices", TensorProto.INT64, shape)],
        initializer=inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    onnx.checker.check_model(m, full_check=True)
    return m


def cases():
    rng = np.random.default_rng(3)
    ties = rng.integers(-3, 4, (3, 7, 5)).astype(np.float32)
    ties[0, 2, 1], ties[1, 5, 3], ties[2, 0, 0] = np.nan, np.nan, np.nan
    ties[0, 1, 1], ties[0, 3, 1] = -0.0, 0.0
    yield "float_ties_nan_axis1", ties, 4, 1, True, 11
    mixed = rng.normal(size=(2, 6)).astype(np.float32)
    mixed[0, 4], mixed[1, 0] = np.nan, np.nan
    yield "float_smallest_all_nan", mixed, 6, -1, False, 11
    yield "int32_ties", rng.integers(-2, 3, (4, 9)).astype(np.int32), 3, 1, True, 11
    yield "uint8_smallest", rng.integers(0, 256, (10,)).astype(np.uint8), 7, 0, False, 11
    yield "double_opset1", rng.normal(size=(5, 3)).astype(np.float64), 2, 0, True, 1


def main():
    if sys.argv[1] == "--check":
        out_dir, levels = sys.argv[2], sys.argv[3:]
        for level in levels:
            for name, *_ in cases():
                d = os.path.join(out_dir, name)
                got = [np.load(os.path.join(d, level, "output_%d.npy" % i)) for i in range(2)]
                ref = [np.load(os.path.join(d, "ref", "output_%d.npy" % i)) for i in range(2)]
                ok = all(g.dtype == r.dtype and g.shape == r.shape and
                         g.tobytes() == r.tobytes() for g, r in zip(got, ref))
                print("%s %s: values %s %s indices %s: %s" % (
                    level, name, got[0].dtype, got[0].shape, got[1].dtype,
                    "ok" if ok else "FAILED (got %s %s, want %s %s)" % (
                        got[0].tolist(), got[1].tolist(), ref[0].tolist(), ref[1].tolist())))
        return
    out_dir = sys.argv[1]
    for name, x, k, axis, largest, opset in cases():
        d = os.path.join(out_dir, name)
        os.makedirs(os.path.join(d, "ref"), exist_ok=True)
        onnx.save(model(x, k, axis, largest, opset),
                  os.path.join(d, "model.onnx"))
        np.save(os.path.join(d, "x.npy"), x)
        for i, r in enumerate(reference(x, k, axis % x.ndim, largest)):
            np.save(os.path.join(d, "ref", "output_%d.npy" % i), r)
        print(name)


if __name__ == "__main__":
    main()
