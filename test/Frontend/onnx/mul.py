# Mul -> nn.mul (numpy broadcasting).
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/same.onnx | FileCheck %s --check-prefix=SAME
# RUN: qat-translate --import-onnx %t/bcast.onnx | FileCheck %s --check-prefix=BCAST
# RUN: qat-translate --import-onnx %t/scalar_const.onnx | FileCheck %s --check-prefix=SCALAR
# RUN: qat-translate --import-onnx %t/f64.onnx | FileCheck %s --check-prefix=F64
# RUN: qat-translate --import-onnx %t/legacy_v1.onnx | FileCheck %s --check-prefix=LEGACYV1

from onnx_fixture import array, main, single


# SAME-LABEL: func.func @main_graph
# SAME: %[[Y:.*]] = nn.mul %arg0, %arg1 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
# SAME: return %[[Y]] : tensor<2x3xf32>
def same():
    return single("Mul", [("a", "f32", [2, 3]), ("b", "f32", [2, 3])], [("y", "f32")])


# Channel scale [1, 3, 1, 1] on NCHW.
# BCAST-LABEL: func.func @main_graph
# BCAST: nn.mul %arg0, %arg1 : (tensor<1x3x4x4xf32>, tensor<1x3x1x1xf32>) -> tensor<1x3x4x4xf32>
def bcast():
    return single("Mul", [("a", "f32", [1, 3, 4, 4]), ("b", "f32", [1, 3, 1, 1])],
                  [("y", "f32")])


# SCALAR-LABEL: func.func @main_graph
# SCALAR: %[[C:.*]] = arith.constant dense<2.000000e+00> : tensor<f32>
# SCALAR: nn.mul %arg0, %[[C]] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
def scalar_const():
    return single("Mul", [("x", "f32", [2, 3])], [("y", "f32")],
                  initializers={"two": array(2.0)})


# F64-LABEL: func.func @main_graph
# F64: nn.mul %arg0, %arg1 : (tensor<5xf64>, tensor<1xf64>) -> tensor<5xf64>
def f64():
    return single("Mul", [("a", "f64", [5]), ("b", "f64", [1])], [("y", "f64")])


# Opset 1 (consumed_inputs), broadcast = 1 with a constant B and axis = 0
# (see add.py): B [2] is A's dim 0, folded into a [2, 1, 1] constant.
# LEGACYV1-LABEL: func.func @main_graph
# LEGACYV1: %[[B:.*]] = arith.constant dense<{{\[\[\[}}2.000000e+00]], {{\[\[}}3.000000e+00]]]> : tensor<2x1x1xf32>
# LEGACYV1: nn.mul %arg0, %[[B]] : (tensor<2x3x4xf32>, tensor<2x1x1xf32>) -> tensor<2x3x4xf32>
def legacy_v1():
    return single("Mul", [("a", "f32", [2, 3, 4])], [("y", "f32", 3)],
                  dict(broadcast=1, axis=0, consumed_inputs=[0, 0]),
                  initializers={"b": array([2, 3])}, opset=1)


main({f.__name__: f for f in [same, bcast, scalar_const, f64, legacy_v1]})
