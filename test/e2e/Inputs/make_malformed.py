"""Writes the bad inputs of malformed.test into the directory argv[1].

Every file is built with python3-onnx and numpy (fixed seeds), so the test
checks exact bytes-independent messages: the importer must answer each of them
with one line on stderr and exit status 1.
"""
import os
import random
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

F = TensorProto.FLOAT


def model(nodes, inputs, outputs, inits=(), opset=13, name="g"):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=list(inits))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                          producer_name="make_malformed")
    m.ir_version = 7
    return m


def valid():
    """Conv(1->4, 3x3) + Relu on 1x1x8x8: a valid model, truncated below."""
    rng = np.random.default_rng(0)
    w = numpy_helper.from_array(rng.standard_normal((4, 1, 3, 3)).astype(np.float32), "w")
    b = numpy_helper.from_array(rng.standard_normal(4).astype(np.float32), "b")
    return model([helper.make_node("Conv", ["x", "w", "b"], ["c"], name="conv1",
                                   pads=[1, 1, 1, 1]),
                  helper.make_node("Relu", ["c"], ["y"], name="relu1")],
                 [helper.make_tensor_value_info("x", F, [1, 1, 8, 8])],
                 [helper.make_tensor_value_info("y", F, [1, 4, 8, 8])], [w, b])


def relu(opset=13, in_shape=(2, 3), out_shape=(2, 3)):
    return model([helper.make_node("Relu", ["x"], ["y"], name="r")],
                 [helper.make_tensor_value_info("x", F, list(in_shape))],
                 [helper.make_tensor_value_info("y", F, list(out_shape))], opset=opset)


def write(d, name, data):
    if isinstance(data, onnx.ModelProto):
        data = data.SerializeToString()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main(d):
    os.makedirs(d, exist_ok=True)
    write(d, "valid.onnx", valid())
    write(d, "empty.onnx", b"")

    # Truncations of the valid model. Cut points fall inside a length-delimited
    # field (the graph, a weight's raw_data, the opset import), so none parses.
    data = valid().SerializeToString()
    cuts = (1, 7, len(data) // 3, len(data) // 2, len(data) - 3)
    for i, cut in enumerate(cuts):
        write(d, "trunc-%d.onnx" % i, data[:cut])

    for seed in (1, 2, 3):
        rnd = random.Random(seed)
        write(d, "random-%d.onnx" % seed,
              bytes(rnd.randrange(256) for _ in range(rnd.randrange(64, 4096))))

    # A ModelProto that parses but holds no graph.
    nograph = onnx.ModelProto()
    nograph.ir_version = 7
    nograph.producer_name = "make_malformed"
    nograph.opset_import.add().version = 13
    write(d, "nograph.onnx", nograph)

    # Real ONNX ops the importer has no converter for.
    write(d, "unsupported1.onnx", model(
        [helper.make_node("Relu", ["x"], ["r"], name="relu1"),
         helper.make_node("Det", ["r"], ["y"], name="det1")],
        [helper.make_tensor_value_info("x", F, [2, 3])],
        [helper.make_tensor_value_info("y", F, [2, 3])]))
    write(d, "unsupported2.onnx", model(
        [helper.make_node("Det", ["x"], ["f"], name="det1"),
         helper.make_node("Relu", ["f"], ["r"], name="relu1"),
         helper.make_node("Unique", ["r"], ["y"], name="unique1")],
        [helper.make_tensor_value_info("x", F, [2, 3])],
        [helper.make_tensor_value_info("y", F, [2, 3])]))

    write(d, "opset5.onnx", relu(opset=5))
    write(d, "opset99.onnx", relu(opset=99))
    # Only a custom domain is imported: no default-domain opset at all.
    nodefault = relu()
    del nodefault.opset_import[:]
    nodefault.opset_import.add().CopyFrom(helper.make_opsetid("com.example", 1))
    write(d, "no-default-opset.onnx", nodefault)

    noout = relu()
    del noout.graph.output[:]
    write(d, "no-outputs.onnx", noout)
    lost = relu()
    lost.graph.output[0].name = "z"
    write(d, "output-not-computed.onnx", lost)

    # Node input never defined (e.g. an initializer the exporter dropped).
    write(d, "missing-init.onnx", model(
        [helper.make_node("Add", ["x", "bias"], ["y"], name="add1")],
        [helper.make_tensor_value_info("x", F, [2, 3])],
        [helper.make_tensor_value_info("y", F, [2, 3])]))

    # raw_data of 20 bytes for a 2x3 float tensor (24 bytes).
    short = numpy_helper.from_array(np.ones((2, 3), np.float32), "bias")
    short.raw_data = short.raw_data[:20]
    write(d, "short-raw.onnx", model(
        [helper.make_node("Add", ["x", "bias"], ["y"], name="add1")],
        [helper.make_tensor_value_info("x", F, [2, 3])],
        [helper.make_tensor_value_info("y", F, [2, 3])], [short]))

    write(d, "dynamic.onnx", relu(in_shape=("N", 3), out_shape=("N", 3)))

    # Declared output 2x4, computed 2x3.
    write(d, "bad-output-shape.onnx", relu(out_shape=(2, 4)))

    # Input with 3 channels, weight expects 2 (group 1).
    w = numpy_helper.from_array(np.ones((4, 2, 3, 3), np.float32), "w")
    write(d, "conv-channels.onnx", model(
        [helper.make_node("Conv", ["x", "w"], ["y"], name="conv1")],
        [helper.make_tensor_value_info("x", F, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("y", F, [1, 4, 6, 6])], [w]))

    # 2x3 (6 elements) reshaped to 4x2 (8 elements).
    shape = numpy_helper.from_array(np.array([4, 2], np.int64), "shape")
    write(d, "reshape-count.onnx", model(
        [helper.make_node("Reshape", ["x", "shape"], ["y"], name="reshape1")],
        [helper.make_tensor_value_info("x", F, [2, 3])],
        [helper.make_tensor_value_info("y", F, [4, 2])], [shape]))


if __name__ == "__main__":
    main(sys.argv[1])
