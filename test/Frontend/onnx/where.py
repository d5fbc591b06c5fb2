# Where -> nn.where %condition, %x, %y: the three broadcast together (numpy);
# the result has x's element type.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/same.onnx | FileCheck %s --check-prefix=SAME
# RUN: qat-translate --import-onnx %t/bcast.onnx | FileCheck %s --check-prefix=BCAST
# RUN: qat-translate --import-onnx %t/int64.onnx | FileCheck %s --check-prefix=INT64
# RUN: not qat-translate --import-onnx %t/float_condition.onnx 2>&1 | FileCheck %s --check-prefix=FLOATCOND
# RUN: not qat-translate --import-onnx %t/mixed_types.onnx 2>&1 | FileCheck %s --check-prefix=MIXED
# RUN: not qat-translate --import-onnx %t/no_broadcast.onnx 2>&1 | FileCheck %s --check-prefix=SHAPES

from onnx_fixture import main, single


# SAME-LABEL: func.func @main_graph(%arg0: tensor<2x2xi1> {qat.name = "c"}, %arg1: tensor<2x2xf32> {qat.name = "x"}, %arg2: tensor<2x2xf32> {qat.name = "y"}) -> (tensor<2x2xf32> {qat.name = "z"})
# SAME: %[[Z:.*]] = nn.where %arg0, %arg1, %arg2 : (tensor<2x2xi1>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
# SAME: return %[[Z]] : tensor<2x2xf32>
def same():
    return single("Where", [("c", "bool", [2, 2]), ("x", "f32", [2, 2]), ("y", "f32", [2, 2])],
                  [("z", "f32")], opset=9)


# [3, 1] condition, [1, 4] x, [] y -> [3, 4].
# BCAST-LABEL: func.func @main_graph
# BCAST: nn.where %arg0, %arg1, %arg2 : (tensor<3x1xi1>, tensor<1x4xf32>, tensor<f32>) -> tensor<3x4xf32>
def bcast():
    return single("Where", [("c", "bool", [3, 1]), ("x", "f32", [1, 4]), ("y", "f32", [])],
                  [("z", "f32")])


# INT64-LABEL: func.func @main_graph
# INT64: nn.where %arg0, %arg1, %arg2 : (tensor<2xi1>, tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
def int64():
    return single("Where", [("c", "bool", [2]), ("x", "i64", [2]), ("y", "i64", [2])],
                  [("z", "i64")], opset=16)


# FLOATCOND: error: {{.*}}node 'where_0' (Where, opset 13): the condition must be a bool tensor
def float_condition():
    return single("Where", [("c", "f32", [2]), ("x", "f32", [2]), ("y", "f32", [2])],
                  [("z", "f32", 1)], check=False)


# MIXED: error: {{.*}}node 'where_0' (Where, opset 13): operands must have one element type
def mixed_types():
    return single("Where", [("c", "bool", [2]), ("x", "f32", [2]), ("y", "f64", [2])],
                  [("z", "f32", 1)], check=False)


# SHAPES: error: {{.*}}node 'where_0' (Where, opset 13): condition [3] does not broadcast with [2]
def no_broadcast():
    return single("Where", [("c", "bool", [3]), ("x", "f32", [2]), ("y", "f32", [2])],
                  [("z", "f32", 1)], check=False)


main({f.__name__: f for f in [same, bcast, int64, float_condition, mixed_types, no_broadcast]})
