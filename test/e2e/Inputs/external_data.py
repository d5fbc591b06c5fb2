"""Models whose initializer lives in an external data file, one per case of
the confinement rule (the file must be a regular file inside the model's
folder), and models whose tensors would exceed the 16 GiB limit.

    external_data.py DIR   writes DIR/model/*.onnx (+ data files, symlinks)
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

out = sys.argv[1]
model_dir = os.path.join(out, "model")
os.makedirs(os.path.join(model_dir, "sub"), exist_ok=True)
w = np.arange(4, dtype=np.float32) + 0.5
w.tofile(os.path.join(model_dir, "data.bin"))
np.concatenate([np.zeros(3, np.float32), w]).tofile(os.path.join(model_dir, "sub", "data.bin"))
w.tofile(os.path.join(out, "outside.bin"))
for name, target in [("link_out.bin", "../outside.bin"), ("link_in.bin", "data.bin"),
                     ("dev.bin", "/dev/zero")]:
    path = os.path.join(model_dir, name)
    if not os.path.lexists(path):
        os.symlink(target, path)
os.makedirs(os.path.join(model_dir, "adir"), exist_ok=True)
np.save(os.path.join(out, "x.npy"), np.ones(4, np.float32))


def add_model(location, offset=None):
    """y = x + w, w: 4 floats from `location`."""
    t = TensorProto()
    t.name, t.data_type = "w", TensorProto.FLOAT
    t.dims.extend([4])
    t.data_location = TensorProto.EXTERNAL
    for key, value in [("location", location), ("offset", offset)]:
        if value is not None:
            e = t.external_data.add()
            e.key, e.value = key, str(value)
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [4])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])
    g = helper.make_graph([helper.make_node("Add", ["x", "w"], ["y"], name="add")], "g",
                          [x], [y], [t])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])


cases = {
    "inside": add_model("data.bin"),
    "subfolder": add_model("sub/data.bin", offset=12),
    "symlink_inside": add_model("link_in.bin"),
    "dotdot": add_model("../outside.bin"),
    "dotdot_inner": add_model("sub/../../outside.bin"),
    "absolute": add_model(os.path.abspath(os.path.join(out, "outside.bin"))),
    "symlink_out": add_model("link_out.bin"),
    "device": add_model("dev.bin"),
    "directory": add_model("adir"),
    "missing": add_model("nope.bin"),
}

# A ConstantOfShape of 10^15 floats, and a shape product that overflows int64.
for name, dims in [("huge_constant", [10**15]), ("overflow_constant", [2**40, 2**40])]:
    shape = helper.make_tensor("shape", TensorProto.INT64, [len(dims)], dims)
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)
    g = helper.make_graph([helper.make_node("ConstantOfShape", ["shape"], ["y"], name="fill")],
                          "g", [], [y], [shape])
    cases[name] = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
# A dynamic input that --shape makes too large.
x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", "m"])
y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", "m"])
g = helper.make_graph([helper.make_node("Relu", ["x"], ["y"], name="relu")], "g", [x], [y])
cases["dynamic"] = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
for name, model in cases.items():
    onnx.save(model, os.path.join(model_dir, name + ".onnx"))
