# And / Or / Xor -> nn.and / nn.or / nn.xor of bool (i1) tensors, with numpy
# broadcasting from opset 7 (before, B broadcasts with broadcast = 1 at
# `axis`, as for Add); Not -> nn.not. Other element types are an error.
# Constant operands fold at import.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/and_same.onnx | FileCheck %s --check-prefix=AND
# RUN: qat-translate --import-onnx %t/or_bcast.onnx | FileCheck %s --check-prefix=OR
# RUN: qat-translate --import-onnx %t/xor_scalar.onnx | FileCheck %s --check-prefix=XOR
# RUN: qat-translate --import-onnx %t/not.onnx | FileCheck %s --check-prefix=NOT
# RUN: qat-translate --import-onnx %t/or_legacy_axis.onnx | FileCheck %s --check-prefix=LEGACY
# RUN: qat-translate --import-onnx %t/constants.onnx | FileCheck %s --check-prefix=FOLD
# RUN: not qat-translate --import-onnx %t/and_int.onnx 2>&1 | FileCheck %s --check-prefix=ANDINT
# RUN: not qat-translate --import-onnx %t/xor_float.onnx 2>&1 | FileCheck %s --check-prefix=XORFLOAT
# RUN: not qat-translate --import-onnx %t/or_bool_and_int.onnx 2>&1 | FileCheck %s --check-prefix=MIXED
# RUN: not qat-translate --import-onnx %t/not_int.onnx 2>&1 | FileCheck %s --check-prefix=NOTINT
# RUN: not qat-translate --import-onnx %t/and_no_broadcast.onnx 2>&1 | FileCheck %s --check-prefix=SHAPES

from onnx_fixture import array, graph_model, main, node, single


def logical(op, shapes=([2, 3], [2, 3]), t=("bool", "bool"), attrs=None, opset=13,
            check=True):
    out = ("z", "bool") if check else ("z", "bool", len(shapes[0]))
    return single(op, [("a", t[0], shapes[0]), ("b", t[1], shapes[1])], [out], attrs,
                  opset=opset, check=check)


# AND-LABEL: func.func @main_graph(%arg0: tensor<2x3xi1> {qat.name = "a"}, %arg1: tensor<2x3xi1> {qat.name = "b"}) -> (tensor<2x3xi1> {qat.name = "z"})
# AND: %[[Z:.*]] = nn.and %arg0, %arg1 : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
# AND: return %[[Z]] : tensor<2x3xi1>
def and_same():
    return logical("And", opset=7)


# [3, 1, 4] or [5, 1] -> [3, 5, 4].
# OR-LABEL: func.func @main_graph
# OR: nn.or %arg0, %arg1 : (tensor<3x1x4xi1>, tensor<5x1xi1>) -> tensor<3x5x4xi1>
def or_bcast():
    return logical("Or", ([3, 1, 4], [5, 1]))


# XOR-LABEL: func.func @main_graph
# XOR: nn.xor %arg0, %arg1 : (tensor<i1>, tensor<4xi1>) -> tensor<4xi1>
def xor_scalar():
    return logical("Xor", ([], [4]))


# NOT-LABEL: func.func @main_graph(%arg0: tensor<2x3xi1> {qat.name = "x"}) -> (tensor<2x3xi1> {qat.name = "y"})
# NOT: %[[Y:.*]] = nn.not %arg0 : tensor<2x3xi1>
# NOT: return %[[Y]] : tensor<2x3xi1>
def not_():
    return single("Not", [("x", "bool", [2, 3])], [("y", "bool")], opset=1)


# Opset 1, broadcast = 1, axis = 0: B [2] runs along A's dim 0 (as [2, 1]).
# LEGACY-LABEL: func.func @main_graph
# LEGACY: %[[B:.*]] = nn.reshape %arg1 : tensor<2xi1> -> tensor<2x1xi1>
# LEGACY: nn.or %arg0, %[[B]] : (tensor<2x3xi1>, tensor<2x1xi1>) -> tensor<2x3xi1>
def or_legacy_axis():
    return logical("Or", ([2, 3], [2]), attrs=dict(broadcast=1, axis=0), opset=1)


# [t, t, f, f] and [t, f, t, f] = [t, f, f, f]; or: [t, t, t, f]; xor:
# [f, t, t, f]. nn.not has no folder: it stays, on the folded and.
# FOLD-LABEL: func.func @main_graph
# FOLD-NOT: nn.and
# FOLD-NOT: nn.or
# FOLD-NOT: nn.xor
# FOLD-DAG: %[[A:.*]] = arith.constant dense<[true, false, false, false]> : tensor<4xi1>
# FOLD-DAG: %[[O:.*]] = arith.constant dense<[true, true, true, false]> : tensor<4xi1>
# FOLD-DAG: %[[X:.*]] = arith.constant dense<[false, true, true, false]> : tensor<4xi1>
# FOLD: %[[N:.*]] = nn.not %[[A]] : tensor<4xi1>
# FOLD: return %[[A]], %[[O]], %[[X]], %[[N]] : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
def constants():
    nodes = [node("And", ["p", "q"], ["and"]), node("Or", ["p", "q"], ["or"]),
             node("Xor", ["p", "q"], ["xor"]), node("Not", ["and"], ["not"])]
    return graph_model(nodes, [], [(o, "bool", [4]) for o in ["and", "or", "xor", "not"]],
                       initializers={"p": array([1, 1, 0, 0], "bool"),
                                     "q": array([1, 0, 1, 0], "bool")})


# ANDINT: error: {{.*}}node 'and_0' (And, opset 13): the inputs must be bool tensors
def and_int():
    return logical("And", t=("i32", "i32"), check=False)


# XORFLOAT: error: {{.*}}node 'xor_0' (Xor, opset 13): the inputs must be bool tensors
def xor_float():
    return logical("Xor", t=("f32", "f32"), check=False)


# Only the first input's type is checked by the converter; the op's shape
# inference rejects the second.
# MIXED: error: {{.*}}node 'or_0' (Or, opset 13): operands must have one element type
def or_bool_and_int():
    return logical("Or", t=("bool", "i8"), check=False)


# NOTINT: error: {{.*}}node 'not_0' (Not, opset 1): 'nn.not' op operand #0 must be statically shaped tensor of 1-bit signless integer values, but got 'tensor<4xi32>'
def not_int():
    return single("Not", [("x", "i32", [4])], [("y", "i32", 1)], opset=1, check=False)


# SHAPES: error: {{.*}}node 'and_0' (And, opset 13): shapes [2,3] and [4] do not broadcast
def and_no_broadcast():
    return logical("And", ([2, 3], [4]), check=False)


main({"and_same": and_same, "or_bcast": or_bcast, "xor_scalar": xor_scalar, "not": not_,
      "or_legacy_axis": or_legacy_axis, "constants": constants, "and_int": and_int,
      "xor_float": xor_float, "or_bool_and_int": or_bool_and_int, "not_int": not_int,
      "and_no_broadcast": and_no_broadcast})
