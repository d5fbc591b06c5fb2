# Add -> nn.add with numpy (multidirectional) broadcasting. Before opset 7
# (Add/Sub/Mul/Div/Pow alike) different shapes need broadcast = 1, and then
# only B broadcasts, to A's shape: B has one element, or B's dims are A's dims
# from `axis` on (A's last dims without `axis`). B is reshaped to its dims
# plus trailing ones, so numpy broadcasting agrees. (Values: legacy_numerics.py.)
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/same.onnx | FileCheck %s --check-prefix=SAME
# RUN: qat-translate --import-onnx %t/bcast.onnx | FileCheck %s --check-prefix=BCAST
# RUN: qat-translate --import-onnx %t/const_rhs.onnx | FileCheck %s --check-prefix=CONSTRHS
# RUN: qat-translate --import-onnx %t/int64.onnx | FileCheck %s --check-prefix=INT64
# RUN: qat-translate --import-onnx %t/legacy_axis.onnx | FileCheck %s --check-prefix=LEGACYAXIS
# RUN: qat-translate --import-onnx %t/legacy_suffix.onnx | FileCheck %s --check-prefix=LEGACYSUFFIX
# RUN: qat-translate --import-onnx %t/legacy_axis0.onnx | FileCheck %s --check-prefix=LEGACYAXIS0
# RUN: qat-translate --import-onnx %t/legacy_one_element.onnx | FileCheck %s --check-prefix=LEGACYONE
# RUN: qat-translate --import-onnx %t/legacy_same_v1.onnx | FileCheck %s --check-prefix=LEGACYSAME
# RUN: not qat-translate --import-onnx %t/legacy_no_broadcast.onnx 2>&1 | FileCheck %s --check-prefix=LEGACYNOBCAST
# RUN: not qat-translate --import-onnx %t/legacy_bad_axis.onnx 2>&1 | FileCheck %s --check-prefix=LEGACYBADAXIS
# RUN: not qat-translate --import-onnx %t/legacy_a_grows.onnx 2>&1 | FileCheck %s --check-prefix=LEGACYAGROWS

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


# Opset 6, axis = 0: B [2, 3] is A's dims 0-1, reshaped to [2, 3, 1, 1].
# LEGACYAXIS0-LABEL: func.func @main_graph
# LEGACYAXIS0: %[[B:.*]] = nn.reshape %arg1 : tensor<2x3xf32> -> tensor<2x3x1x1xf32>
# LEGACYAXIS0: nn.add %arg0, %[[B]] : (tensor<2x3x4x5xf32>, tensor<2x3x1x1xf32>) -> tensor<2x3x4x5xf32>
def legacy_axis0():
    return single("Add", [("a", "f32", [2, 3, 4, 5]), ("b", "f32", [2, 3])], [("y", "f32", 4)],
                  dict(broadcast=1, axis=0), opset=6)


# Opset 6, B of one element ([1, 1]): a scalar.
# LEGACYONE-LABEL: func.func @main_graph
# LEGACYONE: %[[B:.*]] = nn.reshape %arg1 : tensor<1x1xf32> -> tensor<f32>
# LEGACYONE: nn.add %arg0, %[[B]] : (tensor<2x3x4x5xf32>, tensor<f32>) -> tensor<2x3x4x5xf32>
def legacy_one_element():
    return single("Add", [("a", "f32", [2, 3, 4, 5]), ("b", "f32", [1, 1])], [("y", "f32", 4)],
                  dict(broadcast=1), opset=6)


# Opset 1: equal shapes need no broadcast; consumed_inputs is ignored.
# LEGACYSAME-LABEL: func.func @main_graph
# LEGACYSAME: nn.add %arg0, %arg1 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
def legacy_same_v1():
    return single("Add", [("a", "f32", [2, 3]), ("b", "f32", [2, 3])], [("y", "f32", 2)],
                  dict(consumed_inputs=[0, 0]), opset=1)


# LEGACYNOBCAST: error: {{.*}}node 'add_0' (Add, opset 6): operands of different shapes need broadcast = 1 before opset 7
def legacy_no_broadcast():
    return single("Add", [("a", "f32", [2, 3]), ("b", "f32", [3])], [("y", "f32", 2)],
                  opset=6, check=False)


# B [4] is not A's dim 1 (3).
# LEGACYBADAXIS: error: {{.*}}node 'add_0' (Add, opset 6): before opset 7, B of shape [4] must match the dims of A [2,3,4,5] from axis 1
def legacy_bad_axis():
    return single("Add", [("a", "f32", [2, 3, 4, 5]), ("b", "f32", [4])], [("y", "f32", 4)],
                  dict(broadcast=1, axis=1), opset=6, check=False)


# Only B broadcasts: A [3] does not grow to B's [2, 3].
# LEGACYAGROWS: error: {{.*}}node 'add_0' (Add, opset 6): before opset 7 only B broadcasts: B of shape [2,3] has more dims than A [3]
def legacy_a_grows():
    return single("Add", [("a", "f32", [3]), ("b", "f32", [2, 3])], [("y", "f32", 2)],
                  dict(broadcast=1), opset=6, check=False)


main({f.__name__: f for f in [same, bcast, const_rhs, int64, legacy_axis, legacy_suffix,
                              legacy_axis0, legacy_one_element, legacy_same_v1,
                              legacy_no_broadcast, legacy_bad_axis, legacy_a_grows]})
