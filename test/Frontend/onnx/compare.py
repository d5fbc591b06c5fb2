# Equal / Greater / Less -> nn.equal / nn.greater / nn.less, an i1 tensor of
# the broadcast shape (numpy broadcasting from opset 7; before, only B
# broadcasts with broadcast = 1, at `axis`, as for Add). GreaterOrEqual /
# LessOrEqual (opsets 12 and 16) are `a > b or a == b` written as
# nn.where(greater, true, equal): false where either side is NaN, as ONNX
# says (`not (a < b)` would be true there).
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/equal_int.onnx | FileCheck %s --check-prefix=EQUAL
# RUN: qat-translate --import-onnx %t/equal_bool.onnx | FileCheck %s --check-prefix=EQBOOL
# RUN: qat-translate --import-onnx %t/greater_bcast.onnx | FileCheck %s --check-prefix=GREATER
# RUN: qat-translate --import-onnx %t/less_scalar.onnx | FileCheck %s --check-prefix=LESS
# RUN: qat-translate --import-onnx %t/greater_legacy_axis.onnx | FileCheck %s --check-prefix=LEGACY
# RUN: qat-translate --import-onnx %t/equal_v1_same.onnx | FileCheck %s --check-prefix=V1SAME
# RUN: qat-translate --import-onnx %t/greater_or_equal.onnx | FileCheck %s --check-prefix=GE
# RUN: qat-translate --import-onnx %t/less_or_equal_bcast.onnx | FileCheck %s --check-prefix=LE
# RUN: not qat-translate --import-onnx %t/legacy_no_broadcast.onnx 2>&1 | FileCheck %s --check-prefix=NOBCAST
# RUN: not qat-translate --import-onnx %t/mixed_types.onnx 2>&1 | FileCheck %s --check-prefix=MIXED
# RUN: not qat-translate --import-onnx %t/no_broadcast.onnx 2>&1 | FileCheck %s --check-prefix=SHAPES

from onnx_fixture import main, single


# EQUAL-LABEL: func.func @main_graph(%arg0: tensor<3x4xi32> {qat.name = "x"}, %arg1: tensor<3x4xi32> {qat.name = "y"}) -> (tensor<3x4xi1> {qat.name = "z"})
# EQUAL: %[[Z:.*]] = nn.equal %arg0, %arg1 : (tensor<3x4xi32>, tensor<3x4xi32>) -> tensor<3x4xi1>
# EQUAL: return %[[Z]] : tensor<3x4xi1>
def equal_int():
    return single("Equal", [("x", "i32", [3, 4]), ("y", "i32", [3, 4])], [("z", "bool")])


# EQBOOL-LABEL: func.func @main_graph
# EQBOOL: nn.equal %arg0, %arg1 : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
def equal_bool():
    return single("Equal", [("x", "bool", [4]), ("y", "bool", [4])], [("z", "bool")], opset=11)


# [3, 4, 5] > [5] -> [3, 4, 5].
# GREATER-LABEL: func.func @main_graph
# GREATER: nn.greater %arg0, %arg1 : (tensor<3x4x5xf32>, tensor<5xf32>) -> tensor<3x4x5xi1>
def greater_bcast():
    return single("Greater", [("x", "f32", [3, 4, 5]), ("y", "f32", [5])], [("z", "bool")],
                  opset=9)


# LESS-LABEL: func.func @main_graph
# LESS: nn.less %arg0, %arg1 : (tensor<f64>, tensor<2x1xf64>) -> tensor<2x1xi1>
def less_scalar():
    return single("Less", [("x", "f64", []), ("y", "f64", [2, 1])], [("z", "bool")])


# Opset 1, broadcast = 1, axis = 1: B [3] runs along A's dim 1 (as [3, 1]).
# LEGACY-LABEL: func.func @main_graph
# LEGACY: %[[B:.*]] = nn.reshape %arg1 : tensor<3xf32> -> tensor<3x1xf32>
# LEGACY: nn.greater %arg0, %[[B]] : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xi1>
def greater_legacy_axis():
    return single("Greater", [("a", "f32", [2, 3, 4]), ("b", "f32", [3])], [("z", "bool", 3)],
                  dict(broadcast=1, axis=1), opset=1)


# V1SAME-LABEL: func.func @main_graph
# V1SAME: nn.equal %arg0, %arg1 : (tensor<2x3xi64>, tensor<2x3xi64>) -> tensor<2x3xi1>
def equal_v1_same():
    return single("Equal", [("a", "i64", [2, 3]), ("b", "i64", [2, 3])], [("z", "bool", 2)],
                  opset=1)


# GE-LABEL: func.func @main_graph(%arg0: tensor<3x4xf32> {qat.name = "x"}, %arg1: tensor<3x4xf32> {qat.name = "y"}) -> (tensor<3x4xi1> {qat.name = "z"})
# GE-DAG: %[[TRUE:.*]] = arith.constant dense<true> : tensor<i1>
# GE-DAG: %[[GT:.*]] = nn.greater %arg0, %arg1 : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xi1>
# GE-DAG: %[[EQ:.*]] = nn.equal %arg0, %arg1 : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xi1>
# GE: %[[Z:.*]] = nn.where %[[GT]], %[[TRUE]], %[[EQ]] : (tensor<3x4xi1>, tensor<i1>, tensor<3x4xi1>) -> tensor<3x4xi1>
# GE: return %[[Z]]
def greater_or_equal():
    return single("GreaterOrEqual", [("x", "f32", [3, 4]), ("y", "f32", [3, 4])],
                  [("z", "bool")], opset=12)


# LE-LABEL: func.func @main_graph
# LE-DAG: %[[TRUE:.*]] = arith.constant dense<true> : tensor<i1>
# LE-DAG: %[[LT:.*]] = nn.less %arg0, %arg1 : (tensor<3x4x5xi64>, tensor<5xi64>) -> tensor<3x4x5xi1>
# LE-DAG: %[[EQ:.*]] = nn.equal %arg0, %arg1 : (tensor<3x4x5xi64>, tensor<5xi64>) -> tensor<3x4x5xi1>
# LE: nn.where %[[LT]], %[[TRUE]], %[[EQ]] : (tensor<3x4x5xi1>, tensor<i1>, tensor<3x4x5xi1>) -> tensor<3x4x5xi1>
def less_or_equal_bcast():
    return single("LessOrEqual", [("x", "i64", [3, 4, 5]), ("y", "i64", [5])],
                  [("z", "bool")], opset=16)


# NOBCAST: error: {{.*}}node 'greater_0' (Greater, opset 6): operands of different shapes need broadcast = 1 before opset 7
def legacy_no_broadcast():
    return single("Greater", [("a", "f32", [2, 3]), ("b", "f32", [3])], [("z", "bool", 2)],
                  opset=6)


# MIXED: error: {{.*}}node 'equal_0' (Equal, opset 13): operands must have one element type
def mixed_types():
    return single("Equal", [("a", "i32", [2]), ("b", "i64", [2])], [("z", "bool", 1)],
                  check=False)


# SHAPES: error: {{.*}}node 'less_0' (Less, opset 13): shapes [2,3] and [4] do not broadcast
def no_broadcast():
    return single("Less", [("a", "f32", [2, 3]), ("b", "f32", [4])], [("z", "bool", 2)],
                  check=False)


main({f.__name__: f for f in [equal_int, equal_bool, greater_bcast, less_scalar,
                              greater_legacy_axis, equal_v1_same, greater_or_equal,
                              less_or_equal_bcast, legacy_no_broadcast, mixed_types,
                              no_broadcast]})
