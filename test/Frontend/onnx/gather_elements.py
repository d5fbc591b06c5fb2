# GatherElements (opset 11) -> nn.gather_elements {axis}: out[i] = data[i
# with i[axis] = indices[i]]; the result has the indices' shape and the
# data's element type. axis defaults to 0 and may be negative (normalized).
# Indices have the data's rank and fit in its other dims (the op's shape
# inference); constant indices are range-checked at import (negative ones
# count from the end).
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/defaults.onnx | FileCheck %s --check-prefix=DEFAULTS
# RUN: qat-translate --import-onnx %t/negative_axis_i32.onnx | FileCheck %s --check-prefix=NEGAXIS
# RUN: qat-translate --import-onnx %t/smaller_indices.onnx | FileCheck %s --check-prefix=SMALLER
# RUN: qat-translate --import-onnx %t/constant_in_range.onnx | FileCheck %s --check-prefix=CONST
# RUN: not qat-translate --import-onnx %t/constant_too_large.onnx 2>&1 | FileCheck %s --check-prefix=TOOLARGE
# RUN: not qat-translate --import-onnx %t/constant_too_negative.onnx 2>&1 | FileCheck %s --check-prefix=TOONEG
# RUN: not qat-translate --import-onnx %t/bad_axis.onnx 2>&1 | FileCheck %s --check-prefix=BADAXIS
# RUN: not qat-translate --import-onnx %t/rank_mismatch.onnx 2>&1 | FileCheck %s --check-prefix=RANK
# RUN: not qat-translate --import-onnx %t/indices_too_wide.onnx 2>&1 | FileCheck %s --check-prefix=WIDE
# RUN: not qat-translate --import-onnx %t/float_indices.onnx 2>&1 | FileCheck %s --check-prefix=FLOATIDX

from onnx_fixture import array, main, single


def gather_elements(data, indices, attrs=None, inits=None, check=True, opset=13):
    """data, indices: (type, shape); indices None when given as an initializer."""
    inputs = [("x", *data)] + ([("i", *indices)] if indices else [])
    rank = len(data[1]) if not check else None
    out = ("y", data[0]) if rank is None else ("y", data[0], rank)
    return single("GatherElements", inputs, [out], attrs, initializers=inits, opset=opset,
                  check=check)


# DEFAULTS-LABEL: func.func @main_graph(%arg0: tensor<3x3xf32> {qat.name = "x"}, %arg1: tensor<2x3xi64> {qat.name = "i"}) -> (tensor<2x3xf32> {qat.name = "y"})
# DEFAULTS: %[[Y:.*]] = nn.gather_elements %arg0, %arg1 {axis = 0 : i64} : (tensor<3x3xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
# DEFAULTS: return %[[Y]] : tensor<2x3xf32>
def defaults():
    return gather_elements(("f32", [3, 3]), ("i64", [2, 3]), opset=11)


# NEGAXIS-LABEL: func.func @main_graph
# NEGAXIS: nn.gather_elements %arg0, %arg1 {axis = 2 : i64} : (tensor<2x3x4xi64>, tensor<2x3x7xi32>) -> tensor<2x3x7xi64>
def negative_axis_i32():
    return gather_elements(("i64", [2, 3, 4]), ("i32", [2, 3, 7]), dict(axis=-1))


# Outside the axis the indices may be smaller than the data.
# SMALLER-LABEL: func.func @main_graph
# SMALLER: nn.gather_elements %arg0, %arg1 {axis = 1 : i64} : (tensor<4x5xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
def smaller_indices():
    return gather_elements(("f32", [4, 5]), ("i64", [2, 3]), dict(axis=1))


# -3 .. 2 are in range for a dim of 3.
# CONST-LABEL: func.func @main_graph
# CONST: %[[I:.*]] = arith.constant dense<{{\[}}[-1, 0], [2, -3]]> : tensor<2x2xi64>
# CONST: nn.gather_elements %arg0, %[[I]] {axis = 0 : i64} : (tensor<3x2xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
def constant_in_range():
    return gather_elements(("f32", [3, 2]), None,
                           inits={"i": array([[-1, 0], [2, -3]], "i64")})


# TOOLARGE: error: {{.*}}node 'gatherelements_0' (GatherElements, opset 13): index 3 is out of range for dimension 3
def constant_too_large():
    return gather_elements(("f32", [3, 2]), None, inits={"i": array([[0, 3]], "i64")},
                           check=False)


# Along axis 1 (dim 2): -3 is one before the first element.
# TOONEG: error: {{.*}}node 'gatherelements_0' (GatherElements, opset 13): index -3 is out of range for dimension 2
def constant_too_negative():
    return gather_elements(("f32", [3, 2]), None, dict(axis=1),
                           inits={"i": array([[1, -3]], "i32")}, check=False)


# BADAXIS: error: {{.*}}node 'gatherelements_0' (GatherElements, opset 13): axis 2 is out of range for rank 2
def bad_axis():
    return gather_elements(("f32", [3, 3]), ("i64", [2, 3]), dict(axis=2), check=False)


# RANK: error: {{.*}}node 'gatherelements_0' (GatherElements, opset 13): gather_elements indices must have the input's rank 2, got 1
def rank_mismatch():
    return gather_elements(("f32", [3, 3]), ("i64", [2]), check=False)


# WIDE: error: {{.*}}node 'gatherelements_0' (GatherElements, opset 13): gather_elements indices dim 1 (4) exceeds the input's (3)
def indices_too_wide():
    return gather_elements(("f32", [3, 3]), ("i64", [2, 4]), check=False)


# FLOATIDX: error: {{.*}}node 'gatherelements_0' (GatherElements, opset 13): 'nn.gather_elements' op operand #1 must be statically shaped tensor of integer values, but got 'tensor<2x3xf32>'
def float_indices():
    return gather_elements(("f32", [3, 3]), ("f32", [2, 3]), check=False)


main({f.__name__: f for f in [defaults, negative_axis_i32, smaller_indices, constant_in_range,
                              constant_too_large, constant_too_negative, bad_axis,
                              rank_mismatch, indices_too_wide, float_indices]})
