"""Small data sets and models for the qat-train tests: DIR/x.npy (300 random
28x28 images), y.npy, y_short.npy (299 labels), y_class.npy (a label 10),
x_rgb.npy (3 channels), garbage.npy (not .npy), no_params.onnx (a
classifier without trainable parameters), and DIR/fmnist-512/ (the first 512
Fashion-MNIST training images and labels as .npy, for short runs)."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "bench"))
import fmnist_model  # noqa: E402

out = sys.argv[1]
rng = np.random.default_rng(0)
np.save(os.path.join(out, "x.npy"), rng.random((300, 1, 28, 28), dtype=np.float32))
np.save(os.path.join(out, "y.npy"), rng.integers(0, 10, 300))
np.save(os.path.join(out, "y_short.npy"), rng.integers(0, 10, 299))
y = rng.integers(0, 10, 300)
y[1] = 10
np.save(os.path.join(out, "y_class.npy"), y)
np.save(os.path.join(out, "x_rgb.npy"), rng.random((300, 3, 28, 28), dtype=np.float32))
with open(os.path.join(out, "garbage.npy"), "w") as f:
    f.write("not a numpy file\n")
# [N, 1, 28, 28] -> Flatten -> Slice the first 10 values as logits: no weights.
graph = helper.make_graph(
    [helper.make_node("Flatten", ["input"], ["flat"]),
     helper.make_node("Slice", ["flat", "starts", "ends", "axes"], ["logits"])],
    "no_params",
    [helper.make_tensor_value_info("input", TensorProto.FLOAT, [128, 1, 28, 28])],
    [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [128, 10])],
    [helper.make_tensor("starts", TensorProto.INT64, [1], [0]),
     helper.make_tensor("ends", TensorProto.INT64, [1], [10]),
     helper.make_tensor("axes", TensorProto.INT64, [1], [1])])
onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]),
          os.path.join(out, "no_params.onnx"))
x, y, _, _ = fmnist_model.load_fmnist()
os.makedirs(os.path.join(out, "fmnist-512"), exist_ok=True)
np.save(os.path.join(out, "fmnist-512", "x.npy"), x[:512])
np.save(os.path.join(out, "fmnist-512", "y.npy"), y[:512])
