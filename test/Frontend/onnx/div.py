# Div -> nn.div (numpy broadcasting; integer division truncates in the op).
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/same.onnx | FileCheck %s --check-prefix=SAME
# RUN: qat-translate --import-onnx %t/bcast.onnx | FileCheck %s --check-prefix=BCAST
# RUN: qat-translate --import-onnx %t/const_rhs.onnx | FileCheck %s --check-prefix=CONSTRHS
# RUN: qat-translate --import-onnx %t/int32.onnx | FileCheck %s --check-prefix=INT32
# RUN: qat-translate --import-onnx %t/legacy_suffix.onnx | FileCheck %s --check-prefix=LEGACYSUFFIX
# RUN: not qat-translate --import-onnx %t/legacy_no_broadcast.onnx 2>&1 | FileCheck %s --check-prefix=LEGACYNOBCAST

from onnx_fixture import array, main, single


# SAME-LABEL: func.func @main_graph
# SAME: %[[Y:.*]] = nn.div %arg0, %arg1 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
# SAME: return %[[Y]] : tensor<2x3xf32>
def same():
    return single("Div", [("a", "f32", [2, 3]), ("b", "f32", [2, 3])], [("y", "f32")])


# BCAST-LABEL: func.func @main_graph
# BCAST: nn.div %arg0, %arg1 : (tensor<3x1x5xf32>, tensor<4x1xf32>) -> tensor<3x4x5xf32>
def bcast():
    return single("Div", [("a", "f32", [3, 1, 5]), ("b", "f32", [4, 1])], [("y", "f32")])


# CONSTRHS-LABEL: func.func @main_graph
# CONSTRHS: %[[C:.*]] = arith.constant dense<2.550000e+02> : tensor<f32>
# CONSTRHS: nn.div %arg0, %[[C]] : (tensor<1x3x2x2xf32>, tensor<f32>) -> tensor<1x3x2x2xf32>
def const_rhs():
    return single("Div", [("x", "f32", [1, 3, 2, 2])], [("y", "f32")],
                  initializers={"c": array(255.0)})


# INT32-LABEL: func.func @main_graph
# INT32: nn.div %arg0, %arg1 : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
def int32():
    return single("Div", [("a", "i32", [4]), ("b", "i32", [4])], [("y", "i32")])


# Opset 6, broadcast = 1 without axis (see add.py): B [4] is A's last dim.
# LEGACYSUFFIX-LABEL: func.func @main_graph
# LEGACYSUFFIX-NOT: nn.reshape
# LEGACYSUFFIX: nn.div %arg0, %arg1 : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
def legacy_suffix():
    return single("Div", [("a", "f32", [2, 3, 4]), ("b", "f32", [4])], [("y", "f32", 3)],
                  dict(broadcast=1), opset=6)


# LEGACYNOBCAST: error: {{.*}}node 'div_0' (Div, opset 6): operands of different shapes need broadcast = 1 before opset 7
def legacy_no_broadcast():
    return single("Div", [("a", "f32", [2, 3, 4]), ("b", "f32", [4])], [("y", "f32", 3)],
                  opset=6, check=False)


main({f.__name__: f for f in [same, bcast, const_rhs, int32, legacy_suffix,
                              legacy_no_broadcast]})
