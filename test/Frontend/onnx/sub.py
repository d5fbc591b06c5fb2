# Sub -> nn.sub (numpy broadcasting; operand order kept).
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/same.onnx | FileCheck %s --check-prefix=SAME
# RUN: qat-translate --import-onnx %t/bcast.onnx | FileCheck %s --check-prefix=BCAST
# RUN: qat-translate --import-onnx %t/const_lhs.onnx | FileCheck %s --check-prefix=CONSTLHS
# RUN: qat-translate --import-onnx %t/int32.onnx | FileCheck %s --check-prefix=INT32
# RUN: qat-translate --import-onnx %t/legacy_axis.onnx | FileCheck %s --check-prefix=LEGACYAXIS

from onnx_fixture import array, main, single


# SAME-LABEL: func.func @main_graph
# SAME: %[[Y:.*]] = nn.sub %arg0, %arg1 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
# SAME: return %[[Y]] : tensor<2x3xf32>
def same():
    return single("Sub", [("a", "f32", [2, 3]), ("b", "f32", [2, 3])], [("y", "f32")])


# [2, 1] - [1, 3] -> [2, 3] (both operands broadcast).
# BCAST-LABEL: func.func @main_graph
# BCAST: nn.sub %arg0, %arg1 : (tensor<2x1xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
def bcast():
    return single("Sub", [("a", "f32", [2, 1]), ("b", "f32", [1, 3])], [("y", "f32")])


# 1 - x: the constant stays the left operand.
# CONSTLHS-LABEL: func.func @main_graph
# CONSTLHS: %[[C:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
# CONSTLHS: nn.sub %[[C]], %arg0 : (tensor<f32>, tensor<2x3xf32>) -> tensor<2x3xf32>
def const_lhs():
    return single("Sub", [("x", "f32", [2, 3])], [("y", "f32")],
                  initializers={"one": array(1.0)}, node_inputs=["one", "x"])


# INT32-LABEL: func.func @main_graph
# INT32: nn.sub %arg0, %arg1 : (tensor<3x4xi32>, tensor<4xi32>) -> tensor<3x4xi32>
def int32():
    return single("Sub", [("a", "i32", [3, 4]), ("b", "i32", [4])], [("y", "i32")])


# Opset 6, broadcast = 1, axis = 1 (see add.py): B [3] runs along A's dim 1.
# LEGACYAXIS-LABEL: func.func @main_graph
# LEGACYAXIS: %[[B:.*]] = nn.reshape %arg1 : tensor<3xf32> -> tensor<3x1xf32>
# LEGACYAXIS: nn.sub %arg0, %[[B]] : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
def legacy_axis():
    return single("Sub", [("a", "f32", [2, 3, 4]), ("b", "f32", [3])], [("y", "f32", 3)],
                  dict(broadcast=1, axis=1), opset=6)


main({f.__name__: f for f in [same, bcast, const_lhs, int32, legacy_axis]})
