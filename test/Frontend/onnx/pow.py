# Pow -> nn.pow (numpy broadcasting). From opset 12 the exponent may have
# another type than the base; Y has the base's type.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/same.onnx | FileCheck %s --check-prefix=SAME
# RUN: qat-translate --import-onnx %t/scalar_exp.onnx | FileCheck %s --check-prefix=SCALAR
# RUN: qat-translate --import-onnx %t/int_exp.onnx | FileCheck %s --check-prefix=INTEXP
# RUN: qat-translate --import-onnx %t/bcast.onnx | FileCheck %s --check-prefix=BCAST
# RUN: qat-translate --import-onnx %t/legacy_axis.onnx | FileCheck %s --check-prefix=LEGACYAXIS
# RUN: not qat-translate --import-onnx %t/legacy_no_broadcast.onnx 2>&1 | FileCheck %s --check-prefix=LEGACYNOBCAST

from onnx_fixture import array, main, single


# SAME-LABEL: func.func @main_graph
# SAME: %[[Y:.*]] = nn.pow %arg0, %arg1 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
# SAME: return %[[Y]] : tensor<2x3xf32>
def same():
    return single("Pow", [("a", "f32", [2, 3]), ("b", "f32", [2, 3])], [("y", "f32")])


# x ** 2.0 (LayerNorm variance as exported).
# SCALAR-LABEL: func.func @main_graph
# SCALAR: %[[C:.*]] = arith.constant dense<2.000000e+00> : tensor<f32>
# SCALAR: nn.pow %arg0, %[[C]] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
def scalar_exp():
    return single("Pow", [("x", "f32", [2, 3])], [("y", "f32")],
                  initializers={"e": array(2.0)})


# f32 base, i64 exponent (opset 12+): the result is f32.
# INTEXP-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x"}, %arg1: tensor<3xi64> {qat.name = "e"}) -> (tensor<2x3xf32> {qat.name = "y"})
# INTEXP: nn.pow %arg0, %{{.*}} : (tensor<2x3xf32>, tensor<3x{{.*}}>) -> tensor<2x3xf32>
def int_exp():
    return single("Pow", [("x", "f32", [2, 3]), ("e", "i64", [3])], [("y", "f32")], opset=13)


# BCAST-LABEL: func.func @main_graph
# BCAST: nn.pow %arg0, %arg1 : (tensor<4x1xf32>, tensor<5xf32>) -> tensor<4x5xf32>
def bcast():
    return single("Pow", [("a", "f32", [4, 1]), ("b", "f32", [5])], [("y", "f32")])


# Before opset 7 Pow broadcasts as Add does (see add.py): broadcast = 1,
# axis = 1, exponent [3] along the base's dim 1.
# LEGACYAXIS-LABEL: func.func @main_graph
# LEGACYAXIS: %[[E:.*]] = nn.reshape %arg1 : tensor<3xf32> -> tensor<3x1xf32>
# LEGACYAXIS: nn.pow %arg0, %[[E]] : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
def legacy_axis():
    return single("Pow", [("x", "f32", [2, 3, 4]), ("e", "f32", [3])], [("y", "f32", 3)],
                  dict(broadcast=1, axis=1), opset=6)


# LEGACYNOBCAST: error: {{.*}}node 'pow_0' (Pow, opset 6): operands of different shapes need broadcast = 1 before opset 7
def legacy_no_broadcast():
    return single("Pow", [("x", "f32", [2, 3]), ("e", "f32", [3])], [("y", "f32", 2)],
                  opset=6, check=False)


main({f.__name__: f for f in [same, scalar_exp, int_exp, bcast, legacy_axis,
                              legacy_no_broadcast]})
