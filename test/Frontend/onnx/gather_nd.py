# GatherND (opset 11; batch_dims from 12) -> nn.gather_nd {batch_dims}: with
# r = the last dim of the indices and b = batch_dims, the result has shape
# indices[:-1] + data[b + r:] and the data's element type; entry [i, j] is
# data[i[:b], indices[i], j]. The first b dims of data and indices match.
# Constant indices are range-checked at import against the dims their
# tuples address (negative ones count from the end); shapes are checked by
# the op's shape inference.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/defaults.onnx | FileCheck %s --check-prefix=DEFAULTS
# RUN: qat-translate --import-onnx %t/slices.onnx | FileCheck %s --check-prefix=SLICES
# RUN: qat-translate --import-onnx %t/batch_dims.onnx | FileCheck %s --check-prefix=BATCH
# RUN: qat-translate --import-onnx %t/scalar_result.onnx | FileCheck %s --check-prefix=SCALAR
# RUN: qat-translate --import-onnx %t/constant_in_range.onnx | FileCheck %s --check-prefix=CONST
# RUN: qat-translate --import-onnx %t/constant_batch_dims.onnx | FileCheck %s --check-prefix=CONSTBATCH
# RUN: not qat-translate --import-onnx %t/constant_too_large.onnx 2>&1 | FileCheck %s --check-prefix=TOOLARGE
# RUN: not qat-translate --import-onnx %t/constant_too_negative.onnx 2>&1 | FileCheck %s --check-prefix=TOONEG
# RUN: not qat-translate --import-onnx %t/constant_batch_too_large.onnx 2>&1 | FileCheck %s --check-prefix=CONSTBATCHBAD
# RUN: not qat-translate --import-onnx %t/constant_unsigned_too_large.onnx 2>&1 | FileCheck %s --check-prefix=UNSIGNED
# RUN: not qat-translate --import-onnx %t/batch_dims_too_large.onnx 2>&1 | FileCheck %s --check-prefix=BATCHRANGE
# RUN: not qat-translate --import-onnx %t/batch_dims_negative.onnx 2>&1 | FileCheck %s --check-prefix=BATCHNEG
# RUN: not qat-translate --import-onnx %t/batch_mismatch.onnx 2>&1 | FileCheck %s --check-prefix=BATCHDIFF
# RUN: not qat-translate --import-onnx %t/tuple_too_long.onnx 2>&1 | FileCheck %s --check-prefix=LONG
# RUN: not qat-translate --import-onnx %t/tuple_too_long_after_batch.onnx 2>&1 | FileCheck %s --check-prefix=LONGBATCH
# RUN: not qat-translate --import-onnx %t/empty_tuple.onnx 2>&1 | FileCheck %s --check-prefix=EMPTY
# RUN: not qat-translate --import-onnx %t/scalar_indices.onnx 2>&1 | FileCheck %s --check-prefix=RANK0
# RUN: not qat-translate --import-onnx %t/float_indices.onnx 2>&1 | FileCheck %s --check-prefix=FLOATIDX
# RUN: not qat-translate --import-onnx %t/batch_dims_not_int.onnx 2>&1 | FileCheck %s --check-prefix=NOTINT

from onnx import helper

from onnx_fixture import array, main, single


def gather_nd(data, indices, attrs=None, inits=None, check=True, opset=13, out_shape=None):
    """data, indices: (type, shape); indices None when given as an initializer.
    out_shape: the output's declared shape (default: the inferred rank)."""
    inputs = [("x", *data)] + ([("i", *indices)] if indices else [])
    out = ("y", data[0]) if check and out_shape is None else ("y", data[0], 1 if out_shape is None else out_shape)
    return single("GatherND", inputs, [out], attrs, initializers=inits, opset=opset,
                  check=check)


# Whole elements: [2, 2] tuples of length 2 into [2, 2] give [2].
# DEFAULTS-LABEL: func.func @main_graph(%arg0: tensor<2x2xf32> {qat.name = "x"}, %arg1: tensor<2x2xi64> {qat.name = "i"}) -> (tensor<2xf32> {qat.name = "y"})
# DEFAULTS: %[[Y:.*]] = nn.gather_nd %arg0, %arg1 {batch_dims = 0 : i64} : (tensor<2x2xf32>, tensor<2x2xi64>) -> tensor<2xf32>
# DEFAULTS: return %[[Y]] : tensor<2xf32>
def defaults():
    return gather_nd(("f32", [2, 2]), ("i64", [2, 2]), opset=11)


# Tuples of length 1 into [2, 3, 4] address [3, 4] slices: [4, 2] + [3, 4].
# SLICES-LABEL: func.func @main_graph
# SLICES: nn.gather_nd %arg0, %arg1 {batch_dims = 0 : i64} : (tensor<2x3x4xi64>, tensor<4x2x1xi32>) -> tensor<4x2x3x4xi64>
def slices():
    return gather_nd(("i64", [2, 3, 4]), ("i32", [4, 2, 1]))


# batch_dims 1: [2] + the tuple's [5] of [2, 3, 4] -> [2, 5] + [4].
# BATCH-LABEL: func.func @main_graph
# BATCH: nn.gather_nd %arg0, %arg1 {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x5x1xi64>) -> tensor<2x5x4xf32>
def batch_dims():
    return gather_nd(("f32", [2, 3, 4]), ("i64", [2, 5, 1]), dict(batch_dims=1), opset=12)


# One tuple addressing every dim: a rank-0 result.
# SCALAR-LABEL: func.func @main_graph
# SCALAR: nn.gather_nd %arg0, %arg1 {batch_dims = 0 : i64} : (tensor<3x4xf16>, tensor<2xi64>) -> tensor<f16>
def scalar_result():
    return gather_nd(("f16", [3, 4]), ("i64", [2]), out_shape=[])


# Tuples (row, column) of [3, 2]: -3 .. 2 then -2 .. 1 are in range.
# CONST-LABEL: func.func @main_graph
# CONST: %[[I:.*]] = arith.constant dense<{{\[}}[-3, 1], [2, -2]]> : tensor<2x2xi64>
# CONST: nn.gather_nd %arg0, %[[I]] {batch_dims = 0 : i64} : (tensor<3x2xf32>, tensor<2x2xi64>) -> tensor<2xf32>
def constant_in_range():
    return gather_nd(("f32", [3, 2]), None, inits={"i": array([[-3, 1], [2, -2]], "i64")})


# With batch_dims 1 the tuples address dims 1.. of [2, 4, 3]: 3 fits dim 4.
# CONSTBATCH-LABEL: func.func @main_graph
# CONSTBATCH: nn.gather_nd %arg0, %{{.*}} {batch_dims = 1 : i64} : (tensor<2x4x3xf32>, tensor<2x1xi64>) -> tensor<2x3xf32>
def constant_batch_dims():
    return gather_nd(("f32", [2, 4, 3]), None, dict(batch_dims=1),
                     inits={"i": array([[3], [-4]], "i64")})


# TOOLARGE: error: {{.*}}node 'gathernd_0' (GatherND, opset 13): index 3 is out of range for dimension 3
def constant_too_large():
    return gather_nd(("f32", [3, 2]), None, inits={"i": array([[0, 1], [3, 0]], "i64")},
                     check=False)


# The second entry of each tuple addresses dim 1 (2): -3 is one too far.
# TOONEG: error: {{.*}}node 'gathernd_0' (GatherND, opset 13): index -3 is out of range for dimension 2
def constant_too_negative():
    return gather_nd(("f32", [3, 2]), None, inits={"i": array([[2, -3]], "i32")},
                     check=False)


# batch_dims 1: the tuples address dim 1 (4) of [2, 4, 3], not dim 0 (2).
# CONSTBATCHBAD: error: {{.*}}node 'gathernd_0' (GatherND, opset 13): index 4 is out of range for dimension 4
def constant_batch_too_large():
    return gather_nd(("f32", [2, 4, 3]), None, dict(batch_dims=1),
                     inits={"i": array([[1], [4]], "i64")}, check=False)


# UNSIGNED: error: {{.*}}node 'gathernd_0' (GatherND, opset 13): index 200 is out of range for dimension 3
def constant_unsigned_too_large():
    return gather_nd(("f32", [3, 2]), None, inits={"i": array([[200]], "u8")}, check=False)


# batch_dims must be below the indices' rank.
# BATCHRANGE: error: {{.*}}node 'gathernd_0' (GatherND, opset 13): gather_nd batch_dims 2 is out of range
def batch_dims_too_large():
    return gather_nd(("f32", [2, 3, 4]), ("i64", [2, 1]), dict(batch_dims=2), check=False)


# BATCHNEG: error: {{.*}}node 'gathernd_0' (GatherND, opset 13): gather_nd batch_dims -1 is out of range
def batch_dims_negative():
    return gather_nd(("f32", [2, 3, 4]), ("i64", [2, 1]), dict(batch_dims=-1), check=False)


# BATCHDIFF: error: {{.*}}node 'gathernd_0' (GatherND, opset 13): gather_nd batch dim 0 differs: 2 vs 3
def batch_mismatch():
    return gather_nd(("f32", [2, 3, 4]), ("i64", [3, 1]), dict(batch_dims=1), check=False)


# LONG: error: {{.*}}node 'gathernd_0' (GatherND, opset 13): gather_nd index tuples of length 3 do not fit rank 2 after 0 batch dims
def tuple_too_long():
    return gather_nd(("f32", [3, 2]), ("i64", [4, 3]), check=False)


# LONGBATCH: error: {{.*}}node 'gathernd_0' (GatherND, opset 13): gather_nd index tuples of length 3 do not fit rank 3 after 1 batch dims
def tuple_too_long_after_batch():
    return gather_nd(("f32", [2, 3, 4]), ("i64", [2, 3]), dict(batch_dims=1), check=False)


# EMPTY: error: {{.*}}node 'gathernd_0' (GatherND, opset 13): gather_nd index tuples of length 0 do not fit rank 2 after 0 batch dims
def empty_tuple():
    return gather_nd(("f32", [3, 2]), ("i64", [4, 0]), check=False)


# RANK0: error: {{.*}}node 'gathernd_0' (GatherND, opset 13): gather_nd indices must have rank >= 1
def scalar_indices():
    return gather_nd(("f32", [3, 2]), ("i64", []), check=False)


# FLOATIDX: error: {{.*}}node 'gathernd_0' (GatherND, opset 13): 'nn.gather_nd' op operand #1 must be statically shaped tensor of integer values, but got 'tensor<2x2xf32>'
def float_indices():
    return gather_nd(("f32", [3, 2]), ("f32", [2, 2]), check=False)


# NOTINT: error: {{.*}}node 'gathernd_0' (GatherND, opset 13): attribute 'batch_dims' must be an int
def batch_dims_not_int():
    m = gather_nd(("f32", [2, 3]), ("i64", [2, 1]), check=False)
    m.graph.node[0].attribute.append(helper.make_attribute("batch_dims", 1.0))
    return m


main({f.__name__: f for f in [defaults, slices, batch_dims, scalar_result, constant_in_range,
                              constant_batch_dims, constant_too_large, constant_too_negative,
                              constant_batch_too_large, constant_unsigned_too_large,
                              batch_dims_too_large, batch_dims_negative, batch_mismatch,
                              tuple_too_long, tuple_too_long_after_batch, empty_tuple,
                              scalar_indices, float_indices, batch_dims_not_int]})
