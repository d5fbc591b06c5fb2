# Identity -> no op: its output is its input value.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/passthrough.onnx | FileCheck %s --check-prefix=PASS
# RUN: qat-translate --import-onnx %t/between.onnx | FileCheck %s --check-prefix=BETWEEN

from onnx_fixture import graph_model, main, node, single


# PASS-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x"}) -> (tensor<2x3xf32> {qat.name = "y"})
# PASS-NEXT: return %arg0 : tensor<2x3xf32>
def passthrough():
    return single("Identity", [("x", "f32", [2, 3])], [("y", "f32")])


# BETWEEN-LABEL: func.func @main_graph
# BETWEEN-NEXT: %[[A:.*]] = nn.relu %arg0 : tensor<4xf32>
# BETWEEN-NEXT: %[[B:.*]] = nn.neg %[[A]] : tensor<4xf32>
# BETWEEN-NEXT: return %[[B]] : tensor<4xf32>
def between():
    return graph_model([node("Relu", ["x"], ["a"]), node("Identity", ["a"], ["b"]),
                        node("Neg", ["b"], ["y"])],
                       [("x", "f32", [4])], [("y", "f32")], opset=16)


main({f.__name__: f for f in [passthrough, between]})
