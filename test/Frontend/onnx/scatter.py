# ScatterElements (opset 11; reduction from 16: add, mul; 18: max, min) and
# Scatter (its name at opsets 9 and 10) -> nn.scatter_elements {axis,
# reduction}: the data with updates[i] written (or combined) at i with
# i[axis] = indices[i]. axis defaults to 0 and may be negative (normalized);
# reduction defaults to "none". Indices and updates have one shape, of the
# data's rank, fitting in the data outside the axis.
# ScatterND (opset 11; reduction from 16/18) -> nn.scatter_nd {reduction}:
# with r = the last dim of the indices, updates have shape indices[:-1] +
# data[r:]. Both results have the data's type. Constant indices are
# range-checked at import (negative ones count from the end).
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/defaults.onnx | FileCheck %s --check-prefix=DEFAULTS
# RUN: qat-translate --import-onnx %t/negative_axis_i32.onnx | FileCheck %s --check-prefix=NEGAXIS
# RUN: qat-translate --import-onnx %t/reduction_add.onnx | FileCheck %s --check-prefix=ADD
# RUN: qat-translate --import-onnx %t/reduction_mul.onnx | FileCheck %s --check-prefix=MUL
# RUN: qat-translate --import-onnx %t/reduction_max.onnx | FileCheck %s --check-prefix=MAX
# RUN: qat-translate --import-onnx %t/reduction_min_u8.onnx | FileCheck %s --check-prefix=MIN
# RUN: qat-translate --import-onnx %t/legacy_scatter.onnx | FileCheck %s --check-prefix=LEGACY
# RUN: qat-translate --import-onnx %t/constant_in_range.onnx | FileCheck %s --check-prefix=CONST
# RUN: not qat-translate --import-onnx %t/constant_too_large.onnx 2>&1 | FileCheck %s --check-prefix=TOOLARGE
# RUN: not qat-translate --import-onnx %t/constant_too_negative.onnx 2>&1 | FileCheck %s --check-prefix=TOONEG
# RUN: not qat-translate --import-onnx %t/bad_reduction.onnx 2>&1 | FileCheck %s --check-prefix=BADRED
# RUN: not qat-translate --import-onnx %t/reduction_not_string.onnx 2>&1 | FileCheck %s --check-prefix=REDTYPE
# RUN: not qat-translate --import-onnx %t/bad_axis.onnx 2>&1 | FileCheck %s --check-prefix=BADAXIS
# RUN: not qat-translate --import-onnx %t/bad_negative_axis.onnx 2>&1 | FileCheck %s --check-prefix=BADNEGAXIS
# RUN: not qat-translate --import-onnx %t/updates_shape_mismatch.onnx 2>&1 | FileCheck %s --check-prefix=UPDSHAPE
# RUN: not qat-translate --import-onnx %t/rank_mismatch.onnx 2>&1 | FileCheck %s --check-prefix=RANK
# RUN: not qat-translate --import-onnx %t/indices_too_wide.onnx 2>&1 | FileCheck %s --check-prefix=WIDE
# RUN: not qat-translate --import-onnx %t/updates_type_mismatch.onnx 2>&1 | FileCheck %s --check-prefix=UPDTYPE
# RUN: not qat-translate --import-onnx %t/empty_axis.onnx 2>&1 | FileCheck %s --check-prefix=EMPTYAXIS
# RUN: not qat-translate --import-onnx %t/float_indices.onnx 2>&1 | FileCheck %s --check-prefix=FLOATIDX
# RUN: qat-translate --import-onnx %t/nd_defaults.onnx | FileCheck %s --check-prefix=ND
# RUN: qat-translate --import-onnx %t/nd_elements.onnx | FileCheck %s --check-prefix=NDELEM
# RUN: qat-translate --import-onnx %t/nd_scalar_updates.onnx | FileCheck %s --check-prefix=NDSCALAR
# RUN: qat-translate --import-onnx %t/nd_reduction_add.onnx | FileCheck %s --check-prefix=NDADD
# RUN: qat-translate --import-onnx %t/nd_reduction_mul.onnx | FileCheck %s --check-prefix=NDMUL
# RUN: qat-translate --import-onnx %t/nd_reduction_max.onnx | FileCheck %s --check-prefix=NDMAX
# RUN: qat-translate --import-onnx %t/nd_reduction_min.onnx | FileCheck %s --check-prefix=NDMIN
# RUN: qat-translate --import-onnx %t/nd_constant_in_range.onnx | FileCheck %s --check-prefix=NDCONST
# RUN: not qat-translate --import-onnx %t/nd_constant_too_large.onnx 2>&1 | FileCheck %s --check-prefix=NDTOOLARGE
# RUN: not qat-translate --import-onnx %t/nd_constant_too_negative.onnx 2>&1 | FileCheck %s --check-prefix=NDTOONEG
# RUN: not qat-translate --import-onnx %t/nd_bad_reduction.onnx 2>&1 | FileCheck %s --check-prefix=NDBADRED
# RUN: not qat-translate --import-onnx %t/nd_updates_shape_mismatch.onnx 2>&1 | FileCheck %s --check-prefix=NDUPDSHAPE
# RUN: not qat-translate --import-onnx %t/nd_tuple_too_long.onnx 2>&1 | FileCheck %s --check-prefix=NDLONG
# RUN: not qat-translate --import-onnx %t/nd_empty_tuple.onnx 2>&1 | FileCheck %s --check-prefix=NDEMPTY
# RUN: not qat-translate --import-onnx %t/nd_scalar_indices.onnx 2>&1 | FileCheck %s --check-prefix=NDRANK0
# RUN: not qat-translate --import-onnx %t/nd_updates_type_mismatch.onnx 2>&1 | FileCheck %s --check-prefix=NDUPDTYPE
# RUN: not qat-translate --import-onnx %t/nd_float_indices.onnx 2>&1 | FileCheck %s --check-prefix=NDFLOATIDX

from onnx import helper

from onnx_fixture import array, main, single


def scatter(op, data, indices, updates, attrs=None, inits=None, check=True, opset=13):
    """data, indices, updates: (type, shape); indices None when given as an
    initializer (then the node's inputs are x, i, u in that order)."""
    inputs = [("x", *data)] + ([("i", *indices)] if indices else []) + [("u", *updates)]
    out = ("y", data[0]) if check else ("y", data[0], len(data[1]))
    return single(op, inputs, [out], attrs, initializers=inits, opset=opset, check=check,
                  node_inputs=["x", "i", "u"])


def elements(*args, **kwargs):
    return scatter("ScatterElements", *args, **kwargs)


def nd(*args, **kwargs):
    return scatter("ScatterND", *args, **kwargs)


# DEFAULTS-LABEL: func.func @main_graph(%arg0: tensor<3x3xf32> {qat.name = "x"}, %arg1: tensor<2x3xi64> {qat.name = "i"}, %arg2: tensor<2x3xf32> {qat.name = "u"}) -> (tensor<3x3xf32> {qat.name = "y"})
# DEFAULTS: %[[Y:.*]] = nn.scatter_elements %arg0, %arg1, %arg2 {axis = 0 : i64, reduction = "none"} : (tensor<3x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<3x3xf32>
# DEFAULTS: return %[[Y]] : tensor<3x3xf32>
def defaults():
    return elements(("f32", [3, 3]), ("i64", [2, 3]), ("f32", [2, 3]), opset=11)


# axis -1 of rank 3 is 2; outside the axis the indices may be smaller.
# NEGAXIS-LABEL: func.func @main_graph
# NEGAXIS: nn.scatter_elements %arg0, %arg1, %arg2 {axis = 2 : i64, reduction = "none"} : (tensor<2x3x4xi64>, tensor<1x2x7xi32>, tensor<1x2x7xi64>) -> tensor<2x3x4xi64>
def negative_axis_i32():
    return elements(("i64", [2, 3, 4]), ("i32", [1, 2, 7]), ("i64", [1, 2, 7]), dict(axis=-1))


# ADD-LABEL: func.func @main_graph
# ADD: nn.scatter_elements %arg0, %arg1, %arg2 {axis = 1 : i64, reduction = "add"} : (tensor<3x4xf32>, tensor<3x2xi64>, tensor<3x2xf32>) -> tensor<3x4xf32>
def reduction_add():
    return elements(("f32", [3, 4]), ("i64", [3, 2]), ("f32", [3, 2]),
                    dict(axis=1, reduction="add"), opset=16)


# MUL-LABEL: func.func @main_graph
# MUL: nn.scatter_elements %arg0, %arg1, %arg2 {axis = 0 : i64, reduction = "mul"} : (tensor<4xi32>, tensor<6xi64>, tensor<6xi32>) -> tensor<4xi32>
def reduction_mul():
    return elements(("i32", [4]), ("i64", [6]), ("i32", [6]), dict(reduction="mul"), opset=16)


# max and min: opset 18 (newer than the installed onnx: not checked).
# MAX-LABEL: func.func @main_graph
# MAX: nn.scatter_elements %arg0, %arg1, %arg2 {axis = 0 : i64, reduction = "max"} : (tensor<2x5xf16>, tensor<2x5xi64>, tensor<2x5xf16>) -> tensor<2x5xf16>
def reduction_max():
    return elements(("f16", [2, 5]), ("i64", [2, 5]), ("f16", [2, 5]), dict(reduction="max"),
                    opset=18, check=False)


# MIN-LABEL: func.func @main_graph
# MIN: nn.scatter_elements %arg0, %arg1, %arg2 {axis = 1 : i64, reduction = "min"} : (tensor<2x5xui8>, tensor<2x3xi64>, tensor<2x3xui8>) -> tensor<2x5xui8>
def reduction_min_u8():
    return elements(("u8", [2, 5]), ("i64", [2, 3]), ("u8", [2, 3]),
                    dict(axis=-1, reduction="min"), opset=18, check=False)


# Scatter (deprecated at opset 11) is ScatterElements without reduction.
# LEGACY-LABEL: func.func @main_graph
# LEGACY: nn.scatter_elements %arg0, %arg1, %arg2 {axis = 1 : i64, reduction = "none"} : (tensor<3x5xf32>, tensor<3x2xi64>, tensor<3x2xf32>) -> tensor<3x5xf32>
def legacy_scatter():
    return scatter("Scatter", ("f32", [3, 5]), ("i64", [3, 2]), ("f32", [3, 2]), dict(axis=1),
                   opset=10)


# Along axis 1 (dim 3): -3 .. 2 are in range.
# CONST-LABEL: func.func @main_graph
# CONST: %[[I:.*]] = arith.constant dense<{{\[}}[-3, 2], [0, -1]]> : tensor<2x2xi64>
# CONST: nn.scatter_elements %arg0, %[[I]], %arg1 {axis = 1 : i64, reduction = "none"} : (tensor<2x3xf32>, tensor<2x2xi64>, tensor<2x2xf32>) -> tensor<2x3xf32>
def constant_in_range():
    return elements(("f32", [2, 3]), None, ("f32", [2, 2]), dict(axis=1),
                    inits={"i": array([[-3, 2], [0, -1]], "i64")})


# TOOLARGE: error: {{.*}}node 'scatterelements_0' (ScatterElements, opset 13): index 3 is out of range for dimension 3
def constant_too_large():
    return elements(("f32", [3, 2]), None, ("f32", [1, 2]),
                    inits={"i": array([[0, 3]], "i64")}, check=False)


# Along axis 1 (dim 2): -3 is one before the first element.
# TOONEG: error: {{.*}}node 'scatterelements_0' (ScatterElements, opset 13): index -3 is out of range for dimension 2
def constant_too_negative():
    return elements(("f32", [3, 2]), None, ("f32", [1, 2]), dict(axis=1),
                    inits={"i": array([[1, -3]], "i32")}, check=False)


# BADRED: error: {{.*}}node 'scatterelements_0' (ScatterElements, opset 16): reduction 'sum' is not none, add, mul, max or min
def bad_reduction():
    return elements(("f32", [3, 3]), ("i64", [2, 3]), ("f32", [2, 3]), dict(reduction="sum"),
                    opset=16, check=False)


# REDTYPE: error: {{.*}}node 'scatterelements_0' (ScatterElements, opset 16): attribute 'reduction' must be a string
def reduction_not_string():
    m = elements(("f32", [3, 3]), ("i64", [2, 3]), ("f32", [2, 3]), opset=16, check=False)
    m.graph.node[0].attribute.append(helper.make_attribute("reduction", 1))
    return m


# BADAXIS: error: {{.*}}node 'scatterelements_0' (ScatterElements, opset 13): axis 2 is out of range for rank 2
def bad_axis():
    return elements(("f32", [3, 3]), ("i64", [2, 3]), ("f32", [2, 3]), dict(axis=2),
                    check=False)


# BADNEGAXIS: error: {{.*}}node 'scatterelements_0' (ScatterElements, opset 13): axis -3 is out of range for rank 2
def bad_negative_axis():
    return elements(("f32", [3, 3]), ("i64", [2, 3]), ("f32", [2, 3]), dict(axis=-3),
                    check=False)


# UPDSHAPE: error: {{.*}}node 'scatterelements_0' (ScatterElements, opset 13): scatter_elements indices and updates must have one shape of the input's rank
def updates_shape_mismatch():
    return elements(("f32", [3, 3]), ("i64", [2, 3]), ("f32", [3, 2]), check=False)


# RANK: error: {{.*}}node 'scatterelements_0' (ScatterElements, opset 13): scatter_elements indices and updates must have one shape of the input's rank
def rank_mismatch():
    return elements(("f32", [3, 3]), ("i64", [2]), ("f32", [2]), check=False)


# WIDE: error: {{.*}}node 'scatterelements_0' (ScatterElements, opset 13): scatter_elements indices dim 1 exceeds the input's
def indices_too_wide():
    return elements(("f32", [3, 3]), ("i64", [2, 4]), ("f32", [2, 4]), check=False)


# UPDTYPE: error: {{.*}}node 'scatterelements_0' (ScatterElements, opset 13): scatter_elements updates must have the input's element type
def updates_type_mismatch():
    return elements(("f32", [3, 3]), ("i64", [2, 3]), ("f16", [2, 3]), check=False)


# EMPTYAXIS: error: {{.*}}node 'scatterelements_0' (ScatterElements, opset 13): scatter_elements into an empty axis
def empty_axis():
    return elements(("f32", [3, 0]), ("i64", [3, 1]), ("f32", [3, 1]), dict(axis=1),
                    check=False)


# FLOATIDX: error: {{.*}}node 'scatterelements_0' (ScatterElements, opset 13): 'nn.scatter_elements' op operand #1 must be statically shaped tensor of integer values, but got 'tensor<2x3xf32>'
def float_indices():
    return elements(("f32", [3, 3]), ("f32", [2, 3]), ("f32", [2, 3]), check=False)


# ScatterND: tuples of length 1 into [4, 4, 4] replace [4, 4] slices.
# ND-LABEL: func.func @main_graph(%arg0: tensor<4x4x4xf32> {qat.name = "x"}, %arg1: tensor<2x1xi64> {qat.name = "i"}, %arg2: tensor<2x4x4xf32> {qat.name = "u"}) -> (tensor<4x4x4xf32> {qat.name = "y"})
# ND: %[[Y:.*]] = nn.scatter_nd %arg0, %arg1, %arg2 {reduction = "none"} : (tensor<4x4x4xf32>, tensor<2x1xi64>, tensor<2x4x4xf32>) -> tensor<4x4x4xf32>
# ND: return %[[Y]] : tensor<4x4x4xf32>
def nd_defaults():
    return nd(("f32", [4, 4, 4]), ("i64", [2, 1]), ("f32", [2, 4, 4]), opset=11)


# Full tuples address single elements: updates have the indices' leading dims.
# NDELEM-LABEL: func.func @main_graph
# NDELEM: nn.scatter_nd %arg0, %arg1, %arg2 {reduction = "none"} : (tensor<3x4xi32>, tensor<2x5x2xi32>, tensor<2x5xi32>) -> tensor<3x4xi32>
def nd_elements():
    return nd(("i32", [3, 4]), ("i32", [2, 5, 2]), ("i32", [2, 5]))


# One full tuple: a rank-0 update.
# NDSCALAR-LABEL: func.func @main_graph
# NDSCALAR: nn.scatter_nd %arg0, %arg1, %arg2 {reduction = "none"} : (tensor<3x4xf32>, tensor<2xi64>, tensor<f32>) -> tensor<3x4xf32>
def nd_scalar_updates():
    return nd(("f32", [3, 4]), ("i64", [2]), ("f32", []))


# NDADD-LABEL: func.func @main_graph
# NDADD: nn.scatter_nd %arg0, %arg1, %arg2 {reduction = "add"} : (tensor<8xf32>, tensor<4x1xi64>, tensor<4xf32>) -> tensor<8xf32>
def nd_reduction_add():
    return nd(("f32", [8]), ("i64", [4, 1]), ("f32", [4]), dict(reduction="add"), opset=16)


# NDMUL-LABEL: func.func @main_graph
# NDMUL: nn.scatter_nd %arg0, %arg1, %arg2 {reduction = "mul"} : (tensor<4x3xf64>, tensor<2x1xi64>, tensor<2x3xf64>) -> tensor<4x3xf64>
def nd_reduction_mul():
    return nd(("f64", [4, 3]), ("i64", [2, 1]), ("f64", [2, 3]), dict(reduction="mul"), opset=16)


# NDMAX-LABEL: func.func @main_graph
# NDMAX: nn.scatter_nd %arg0, %arg1, %arg2 {reduction = "max"} : (tensor<4x3xi8>, tensor<2x1xi64>, tensor<2x3xi8>) -> tensor<4x3xi8>
def nd_reduction_max():
    return nd(("i8", [4, 3]), ("i64", [2, 1]), ("i8", [2, 3]), dict(reduction="max"), opset=18,
              check=False)


# NDMIN-LABEL: func.func @main_graph
# NDMIN: nn.scatter_nd %arg0, %arg1, %arg2 {reduction = "min"} : (tensor<4x3xf32>, tensor<3x2xi64>, tensor<3xf32>) -> tensor<4x3xf32>
def nd_reduction_min():
    return nd(("f32", [4, 3]), ("i64", [3, 2]), ("f32", [3]), dict(reduction="min"), opset=18,
              check=False)


# Tuples (row, column) of [3, 2]: -3 .. 2 then -2 .. 1.
# NDCONST-LABEL: func.func @main_graph
# NDCONST: %[[I:.*]] = arith.constant dense<{{\[}}[-3, 1], [2, -2]]> : tensor<2x2xi64>
# NDCONST: nn.scatter_nd %arg0, %[[I]], %arg1 {reduction = "none"} : (tensor<3x2xf32>, tensor<2x2xi64>, tensor<2xf32>) -> tensor<3x2xf32>
def nd_constant_in_range():
    return nd(("f32", [3, 2]), None, ("f32", [2]),
              inits={"i": array([[-3, 1], [2, -2]], "i64")})


# NDTOOLARGE: error: {{.*}}node 'scatternd_0' (ScatterND, opset 13): index 3 is out of range for dimension 3
def nd_constant_too_large():
    return nd(("f32", [3, 2]), None, ("f32", [1, 2]), inits={"i": array([[3]], "i64")},
              check=False)


# The second entry of a tuple addresses dim 1 (2).
# NDTOONEG: error: {{.*}}node 'scatternd_0' (ScatterND, opset 13): index -3 is out of range for dimension 2
def nd_constant_too_negative():
    return nd(("f32", [3, 2]), None, ("f32", [2]), inits={"i": array([[0, 1], [2, -3]], "i32")},
              check=False)


# NDBADRED: error: {{.*}}node 'scatternd_0' (ScatterND, opset 16): reduction 'maximum' is not none, add, mul, max or min
def nd_bad_reduction():
    return nd(("f32", [8]), ("i64", [4, 1]), ("f32", [4]), dict(reduction="maximum"),
              opset=16, check=False)


# NDUPDSHAPE: error: {{.*}}node 'scatternd_0' (ScatterND, opset 13): scatter_nd updates must have shape indices[:-1] + input[r:]
def nd_updates_shape_mismatch():
    return nd(("f32", [4, 4, 4]), ("i64", [2, 1]), ("f32", [2, 4]), check=False)


# NDLONG: error: {{.*}}node 'scatternd_0' (ScatterND, opset 13): scatter_nd index tuples of length 3 do not fit rank 2
def nd_tuple_too_long():
    return nd(("f32", [3, 2]), ("i64", [4, 3]), ("f32", [4]), check=False)


# NDEMPTY: error: {{.*}}node 'scatternd_0' (ScatterND, opset 13): scatter_nd index tuples of length 0 do not fit rank 2
def nd_empty_tuple():
    return nd(("f32", [3, 2]), ("i64", [4, 0]), ("f32", [4, 3, 2]), check=False)


# NDRANK0: error: {{.*}}node 'scatternd_0' (ScatterND, opset 13): scatter_nd indices must have rank >= 1
def nd_scalar_indices():
    return nd(("f32", [3, 2]), ("i64", []), ("f32", [3, 2]), check=False)


# NDUPDTYPE: error: {{.*}}node 'scatternd_0' (ScatterND, opset 13): scatter_nd updates must have the input's element type
def nd_updates_type_mismatch():
    return nd(("f32", [8]), ("i64", [4, 1]), ("f64", [4]), check=False)


# NDFLOATIDX: error: {{.*}}node 'scatternd_0' (ScatterND, opset 13): 'nn.scatter_nd' op operand #1 must be statically shaped tensor of integer values, but got 'tensor<4x1xf32>'
def nd_float_indices():
    return nd(("f32", [8]), ("f32", [4, 1]), ("f32", [4]), check=False)


main({f.__name__: f for f in [
    defaults, negative_axis_i32, reduction_add, reduction_mul, reduction_max, reduction_min_u8,
    legacy_scatter, constant_in_range, constant_too_large, constant_too_negative, bad_reduction,
    reduction_not_string, bad_axis, bad_negative_axis, updates_shape_mismatch, rank_mismatch,
    indices_too_wide, updates_type_mismatch, empty_axis, float_indices,
    nd_defaults, nd_elements, nd_scalar_updates, nd_reduction_add, nd_reduction_mul,
    nd_reduction_max, nd_reduction_min, nd_constant_in_range, nd_constant_too_large,
    nd_constant_too_negative, nd_bad_reduction, nd_updates_shape_mismatch, nd_tuple_too_long,
    nd_empty_tuple, nd_scalar_indices, nd_updates_type_mismatch, nd_float_indices]})
