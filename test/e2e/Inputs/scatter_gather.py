"""Small ONNX models of the indexing ops and ConvTranspose with their
references, for scatter-gather.test.

    scatter_gather.py DIR    writes DIR/<case>/model.onnx, the graph inputs
                             DIR/<case>/<name>.npy, DIR/<case>/args (qat-run's
                             --input name=file options) and
                             DIR/<case>/ref/output_0.npy, and prints the case
                             names.
    scatter_gather.py --check DIR LEVEL...
                             compares DIR/<case>/<LEVEL>/output_0.npy (qat-run's)
                             with the reference for every case and level:
                             one line "<LEVEL> <case>: shape ... rel ...: ok"
                             each (FAILED above 1e-5 relative to max|ref|, or
                             on a shape or dtype mismatch).

References: NumPy for GatherND (batch_dims 1, negative indices),
ScatterElements (reduction add, repeated indices: every update lands,
np.add.at) and ScatterND (reduction mul, repeated tuples: a product of
every update); PyTorch's conv_transpose1d/2d for ConvTranspose (groups 2,
stride 2, output_padding 1; SAME_UPPER; an output_shape beyond the
natural length, whose extra end holds the bias); PyTorch's max_unpool2d
for MaxUnpool with its indices a run-time input and an output_shape one
column wider than the default (a zero column at the end).
"""
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

MAX_REL = 1e-5
rng = np.random.default_rng(7)
out_dir = sys.argv[-1]
ELEM = {np.dtype(np.float32): TensorProto.FLOAT, np.dtype(np.int64): TensorProto.INT64,
        np.dtype(np.int32): TensorProto.INT32}


def model(op, inputs, initializers, output, opset, **attrs):
    """inputs, initializers: {name: array} in the node's input order (inputs
    first); output: its shape (float32)."""
    node = helper.make_node(op, list(inputs) + list(initializers), ["y"], name=op.lower(),
                            **attrs)
    graph = helper.make_graph(
        [node], op.lower(),
        [helper.make_tensor_value_info(n, ELEM[a.dtype], a.shape) for n, a in inputs.items()],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, output)],
        initializer=[numpy_helper.from_array(a, n) for n, a in initializers.items()])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    onnx.checker.check_model(m, full_check=True)
    return m


def write(name, m, inputs, ref):
    d = os.path.join(out_dir, name)
    os.makedirs(os.path.join(d, "ref"), exist_ok=True)
    onnx.save(m, os.path.join(d, "model.onnx"))
    args = []
    for n, a in inputs.items():
        np.save(os.path.join(d, n + ".npy"), a)
        args.append("--input=%s=%s" % (n, os.path.join(d, n + ".npy")))
    with open(os.path.join(d, "args"), "w") as f:
        f.write(" ".join(args) + "\n")
    np.save(os.path.join(d, "ref", "output_0.npy"), ref.astype(np.float32))
    print(name)


def gather_nd_batch1():
    # data [2, 3, 4], indices [2, 5, 1] (rows, -3 .. 2): out [2, 5, 4],
    # out[b, i] = data[b, indices[b, i, 0]].
    x = rng.standard_normal((2, 3, 4)).astype(np.float32)
    i = np.array([[[0], [2], [-1], [1], [-3]], [[2], [2], [0], [-2], [1]]], np.int64)
    ref = np.stack([x[b][i[b, :, 0]] for b in range(2)])
    inputs = {"x": x, "i": i}
    write("gather_nd_batch1", model("GatherND", inputs, {}, [2, 5, 4], 13, batch_dims=1),
          inputs, ref)


def gather_nd_tuples():
    # Tuples of length 2 into [3, 4, 5]: out [2, 3] + [5].
    x = rng.standard_normal((3, 4, 5)).astype(np.float32)
    i = np.array([[[0, 0], [2, 3], [-1, -4]], [[1, 2], [0, -1], [2, 1]]], np.int64)
    ref = x[i[..., 0], i[..., 1]]
    inputs = {"x": x, "i": i}
    write("gather_nd_tuples", model("GatherND", inputs, {}, [2, 3, 5], 13), inputs, ref)


def scatter_elements_add():
    # Axis 1 of [3, 5], int32 indices; row 0 hits column 1 three times (as 1 and -4), row 2
    # column 4 twice: every update is added.
    x = rng.standard_normal((3, 5)).astype(np.float32)
    i = np.array([[1, 1, -4, 0], [4, 3, 2, 1], [4, -1, 0, 0]], np.int32)
    u = rng.standard_normal((3, 4)).astype(np.float32)
    ref = x.copy()
    rows = np.broadcast_to(np.arange(3)[:, None], i.shape)
    np.add.at(ref, (rows, np.where(i < 0, i + 5, i)), u)
    inputs = {"x": x, "i": i, "u": u}
    write("scatter_elements_add",
          model("ScatterElements", inputs, {}, [3, 5], 16, axis=1, reduction="add"),
          inputs, ref)


def scatter_nd_mul():
    # [4, 3, 2] slices addressed by tuples of length 1; slice 2 (also as -2)
    # is hit three times: the product of the three updates.
    x = rng.standard_normal((4, 3, 2)).astype(np.float32)
    i = np.array([[2], [0], [-2], [2]], np.int64)
    u = rng.standard_normal((4, 3, 2)).astype(np.float32)
    ref = x.copy()
    for k in range(4):
        ref[i[k, 0]] *= u[k]
    inputs = {"x": x, "i": i, "u": u}
    write("scatter_nd_mul", model("ScatterND", inputs, {}, [4, 3, 2], 16, reduction="mul"),
          inputs, ref)


def torch_ref(f, x, w, b, **kw):
    with torch.no_grad():
        return f(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b), **kw).numpy()


def conv_transpose_g2_s2_op1():
    # x [2, 4, 5, 6], weight [C=4, F/g=3, 3, 3], groups 2 (6 outputs),
    # stride 2, pads 1, output_padding 1: 2 * 4 + 1 + 3 - 2 = 10, 12.
    x = rng.standard_normal((2, 4, 5, 6)).astype(np.float32)
    w = rng.standard_normal((4, 3, 3, 3)).astype(np.float32)
    b = rng.standard_normal(6).astype(np.float32)
    ref = torch_ref(F.conv_transpose2d, x, w, b, stride=2, padding=1, output_padding=1,
                    groups=2)
    write("conv_transpose_g2_s2_op1",
          model("ConvTranspose", {"x": x}, {"w": w, "b": b}, list(ref.shape), 13, group=2,
                strides=[2, 2], pads=[1, 1, 1, 1], output_padding=[1, 1]),
          {"x": x}, ref)


def conv_transpose_same_upper_1d():
    # 1-D, stride 3, kernel 4: natural 3 * 6 + 4 = 22, SAME_UPPER 7 * 3 = 21:
    # total 1, cropped at the end.
    x = rng.standard_normal((1, 2, 7)).astype(np.float32)
    w = rng.standard_normal((2, 3, 4)).astype(np.float32)
    b = rng.standard_normal(3).astype(np.float32)
    ref = torch_ref(F.conv_transpose1d, x, w, b, stride=3)[..., :21]
    write("conv_transpose_same_upper_1d",
          model("ConvTranspose", {"x": x}, {"w": w, "b": b}, list(ref.shape), 13,
                strides=[3], auto_pad="SAME_UPPER"),
          {"x": x}, ref)


def conv_transpose_output_shape_larger():
    # Natural 2 * 3 + 3 = 9 (and 2 * 4 + 3 = 11); output_shape (11, 12)
    # extends the end: the extra rows and columns hold the bias.
    x = rng.standard_normal((1, 3, 4, 5)).astype(np.float32)
    w = rng.standard_normal((3, 2, 3, 3)).astype(np.float32)
    b = rng.standard_normal(2).astype(np.float32)
    natural = torch_ref(F.conv_transpose2d, x, w, b, stride=2)
    ref = np.broadcast_to(b[None, :, None, None], (1, 2, 11, 12)).copy()
    ref[:, :, :9, :11] = natural
    write("conv_transpose_output_shape_larger",
          model("ConvTranspose", {"x": x}, {"w": w, "b": b}, [1, 2, 11, 12], 13,
                strides=[2, 2], output_shape=[11, 12]),
          {"x": x}, ref)


def max_unpool_runtime_indices():
    # torch's max_pool2d indices (flat per plane) made ONNX's (flat over the
    # whole tensor) and fed at run time: a [2, 3, 6, 4] input pooled 2x2,
    # stride 2, unpooled into the default shape [2, 3, 6, 4]; an output_shape
    # of width 5 pads a zero column at the end.
    src = torch.from_numpy(rng.standard_normal((2, 3, 6, 4)).astype(np.float32))
    pooled, idx = F.max_pool2d(src, 2, 2, return_indices=True)
    ref = np.pad(F.max_unpool2d(pooled, idx, 2, 2).numpy(), [(0, 0), (0, 0), (0, 0), (0, 1)])
    planes = torch.arange(6).reshape(2, 3, 1, 1) * (6 * 4)
    x, i = pooled.numpy(), (idx + planes).numpy().astype(np.int64)
    inputs = {"x": x, "i": i}
    write("max_unpool_runtime_indices",
          model("MaxUnpool", inputs, {"shape": np.array([2, 3, 6, 5], np.int64)}, [2, 3, 6, 5],
                11, kernel_shape=[2, 2], strides=[2, 2]), inputs, ref)


CASES = [gather_nd_batch1, gather_nd_tuples, scatter_elements_add, scatter_nd_mul,
         conv_transpose_g2_s2_op1, conv_transpose_same_upper_1d,
         conv_transpose_output_shape_larger, max_unpool_runtime_indices]


def check(d, levels):
    failed = False
    for level in levels:
        for case in CASES:
            name = case.__name__
            ref = np.load(os.path.join(d, name, "ref", "output_0.npy"))
            path = os.path.join(d, name, level, "output_0.npy")
            if not os.path.exists(path):
                print("%s %s: no output: FAILED" % (level, name))
                failed = True
                continue
            y = np.load(path)
            if y.shape != ref.shape or y.dtype != ref.dtype:
                print("%s %s: %s %s, expected %s %s: FAILED" % (level, name, y.shape, y.dtype,
                                                              ref.shape, ref.dtype))
                failed = True
                continue
            rel = float(np.max(np.abs(y.astype(np.float64) - ref)) / max(np.max(np.abs(ref)),
                                                                         1e-30))
            ok = np.isfinite(y).all() and rel <= MAX_REL
            failed |= not ok
            print("%s %s: shape %s rel %.2g: %s" % (level, name, ref.shape, rel,
                                                    "ok" if ok else "FAILED"))
    return 1 if failed else 0


if sys.argv[1] == "--check":
    sys.exit(check(sys.argv[2], sys.argv[3:]))
for case in CASES:
    case()
