# Trilu (opset 14) -> nn.trilu {k, upper}: upper defaults to 1; k is the
# optional input 1 (a one-element constant: an initializer or a Constant
# node), 0 when absent. The input needs rank >= 2 (the last two dims are the
# matrices); the result has its type.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/defaults.onnx | FileCheck %s --check-prefix=DEFAULTS
# RUN: qat-translate --import-onnx %t/lower_negative_k.onnx | FileCheck %s --check-prefix=LOWER
# RUN: qat-translate --import-onnx %t/upper_constant_node_k.onnx | FileCheck %s --check-prefix=CONSTK
# RUN: qat-translate --import-onnx %t/batched_int.onnx | FileCheck %s --check-prefix=BATCHED
# RUN: qat-translate --import-onnx %t/absent_k.onnx | FileCheck %s --check-prefix=ABSENT
# RUN: not qat-translate --import-onnx %t/rank1.onnx 2>&1 | FileCheck %s --check-prefix=RANK1
# RUN: not qat-translate --import-onnx %t/k_not_constant.onnx 2>&1 | FileCheck %s --check-prefix=KINPUT
# RUN: not qat-translate --import-onnx %t/k_two_values.onnx 2>&1 | FileCheck %s --check-prefix=KTWO
# RUN: not qat-translate --import-onnx %t/upper_float.onnx 2>&1 | FileCheck %s --check-prefix=UPPERFLOAT

from onnx_fixture import array, graph_model, main, node, single, tensor


# DEFAULTS-LABEL: func.func @main_graph(%arg0: tensor<3x4xf32> {qat.name = "x"}) -> (tensor<3x4xf32> {qat.name = "y"})
# DEFAULTS: %[[Y:.*]] = nn.trilu %arg0 {k = 0 : i64, upper = true} : tensor<3x4xf32>
# DEFAULTS: return %[[Y]] : tensor<3x4xf32>
def defaults():
    return single("Trilu", [("x", "f32", [3, 4])], [("y", "f32")], opset=14)


# LOWER-LABEL: func.func @main_graph
# LOWER: nn.trilu %arg0 {k = -1 : i64, upper = false} : tensor<4x4xf32>
def lower_negative_k():
    return single("Trilu", [("x", "f32", [4, 4])], [("y", "f32")], dict(upper=0),
                  initializers={"k": array(-1, "i64")}, opset=14)


# k from a Constant node; the constant, used by nothing else, is not kept.
# CONSTK-LABEL: func.func @main_graph
# CONSTK-NOT: arith.constant
# CONSTK: nn.trilu %arg0 {k = 2 : i64, upper = true} : tensor<5x3xf64>
def upper_constant_node_k():
    nodes = [node("Constant", [], ["k"], value=tensor("k", array(2, "i64"))),
             node("Trilu", ["x", "k"], ["y"], upper=1)]
    return graph_model(nodes, [("x", "f64", [5, 3])], [("y", "f64")], opset=14)


# Batched: every [3, 3] matrix of the [2, 5] batch.
# BATCHED-LABEL: func.func @main_graph
# BATCHED: nn.trilu %arg0 {k = 1 : i64, upper = false} : tensor<2x5x3x3xi32>
def batched_int():
    return single("Trilu", [("x", "i32", [2, 5, 3, 3])], [("y", "i32")], dict(upper=0),
                  initializers={"k": array(1, "i64")}, opset=14)


# An empty input name is an absent k.
# ABSENT-LABEL: func.func @main_graph
# ABSENT: nn.trilu %arg0 {k = 0 : i64, upper = false} : tensor<2x2xi64>
def absent_k():
    return single("Trilu", [("x", "i64", [2, 2])], [("y", "i64")], dict(upper=0),
                  node_inputs=["x", ""], opset=14)


# RANK1: error: {{.*}}node 'trilu_0' (Trilu, opset 14): 'nn.trilu' op input must have rank >= 2
def rank1():
    return single("Trilu", [("x", "f32", [4])], [("y", "f32", 1)], opset=14, check=False)


# KINPUT: error: {{.*}}node 'trilu_0' (Trilu, opset 14): k ('k') must be a constant
def k_not_constant():
    return single("Trilu", [("x", "f32", [3, 3]), ("k", "i64", [])], [("y", "f32")], opset=14)


# KTWO: error: {{.*}}node 'trilu_0' (Trilu, opset 14): k must hold one value, got 2
def k_two_values():
    return single("Trilu", [("x", "f32", [3, 3])], [("y", "f32", 2)],
                  initializers={"k": array([1, 2], "i64")}, opset=14, check=False)


# UPPERFLOAT: error: {{.*}}node 'trilu_0' (Trilu, opset 14): attribute 'upper' must be an int
def upper_float():
    return single("Trilu", [("x", "f32", [3, 3])], [("y", "f32", 2)], dict(upper=1.0),
                  opset=14, check=False)


main({f.__name__: f for f in [defaults, lower_negative_k, upper_constant_node_k, batched_int,
                              absent_k, rank1, k_not_constant, k_two_values, upper_float]})
