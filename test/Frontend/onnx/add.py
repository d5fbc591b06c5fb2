# Add -> nn.add with numpy (multidirectional) broadcasting; opset < 7 needs
# broadcast = 1 and aligns B at `axis` (or at the end).
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/same.onnx | FileCheck %s --check-prefix=SAME
# RUN: qat-translate --import-onnx %t/bcast.onnx | FileCheck %s --check-prefix=BCAST
# RUN: qat-translate --import-onnx %t/const_rhs.onnx | FileCheck %s --check-prefix=CONSTRHS
# RUN: qat-translate --import-onnx %t/int64.onnx | FileCheck %s --check-prefix=INT64
# RUN: qat-translate --import-onnx %t/legacy_axis.onnx | FileCheck %s --check-prefix=LEGACYAXIS
# RUN: qat-translate --import-onnx %t/legacy_suffix.onnx | FileCheck %s --check-prefix=LEGACYSUFFIX

from onnx_fixture import array, main, single


# SAME-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "a"}, %arg1: tensor<2x3xf32> {qat.name = "b"}) -> (tensor<2x3xf32> {qat.name = "y"})
# SAME: %[[Y:.*]] = nn.add %arg0, %arg1 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
# SAME: return %[[Y]] : tensor<2x3xf32>
def same():
    return single("Add", [("a", "f32", [2, 3]), ("b", "f32", [2, 3])], [("y", "f32")])


# [1, 3, 1, 5] + [4, 1] -> [1, 3, 4, 5].
# BCAST-LABEL: func.func @main_graph
# BCAST: nn.add %arg0, %arg1 : (tensor<1x3x1x5xf32>, tensor<4x1xf32>) -> tensor<1x3x4x5xf32>
def bcast():
    return single("Add", [("a", "f32", [1, 3, 1, 5]), ("b", "f32", [4, 1])], [("y", "f32")])


# CONSTRHS-LABEL: func.func @main_graph
# CONSTRHS: %[[C:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
# CONSTRHS: nn.add %arg0, %[[C]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
def const_rhs():
    return single("Add", [("x", "f32", [2, 3])], [("y", "f32")],
                  initializers={"c": array([1, 2, 3])})


# INT64-LABEL: func.func @main_graph
# INT64: nn.add %arg0, %arg1 : (tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
def int64():
    return single("Add", [("a", "i64", [4]), ("b", "i64", [])], [("y", "i64")])


# Opset 6, broadcast = 1, axis = 1: B [3] lines up with A's dim 1 (as [3, 1, 1]).
# LEGACYAXIS-LABEL: func.func @main_graph(%arg0: tensor<2x3x4x5xf32> {qat.name = "a"}, %arg1: tensor<3xf32> {qat.name = "b"}) -> (tensor<2x3x4x5xf32> {qat.name = "y"})
# LEGACYAXIS: nn.add %arg0, %{{.*}} : (tensor<2x3x4x5xf32>, tensor<{{(1x)?}}3x1x1xf32>) -> tensor<2x3x4x5xf32>
def legacy_axis():
    return single("Add", [("a", "f32", [2, 3, 4, 5]), ("b", "f32", [3])], [("y", "f32", 4)],
                  dict(broadcast=1, axis=1), opset=6)


# Opset 6, broadcast = 1 without axis: suffix alignment, as numpy.
# LEGACYSUFFIX-LABEL: func.func @main_graph
# LEGACYSUFFIX: nn.add %arg0, %arg1 : (tensor<2x3x4x5xf32>, tensor<4x5xf32>) -> tensor<2x3x4x5xf32>
def legacy_suffix():
    return single("Add", [("a", "f32", [2, 3, 4, 5]), ("b", "f32", [4, 5])], [("y", "f32", 4)],
                  dict(broadcast=1), opset=6)


main({f.__name__: f for f in [same, bcast, const_rhs, int64, legacy_axis, legacy_suffix]})
