# EyeLike, Range, OneHot, Hardmax (frontend/ops/GeneratorOps.cpp).
# EyeLike (opset 9) and Range (opset 11) depend only on static shapes and
# constants: they import as one arith.constant.
#   EyeLike: ones where column - row == k (default 0) over the 2-D input's
#     shape, in `dtype` (default: the input's element type).
#   Range(start, limit, delta): max(ceil((limit - start) / delta), 0) values
#     start + i * delta in the inputs' type; the three must be constant
#     scalars and delta non-zero.
# OneHot (opset 11) and Hardmax compare an index with the positions
# 0 .. n - 1 along the axis (an i64 constant of ones elsewhere):
#   OneHot(indices, depth, values = [off, on]), axis -1: indices as i64
#     (cast unless already i64), negative ones plus depth, reshaped with a
#     unit dim at axis, compared with the positions; on / off are
#     values[1] / values[0] (nn.gather). depth must be a one-value constant
#     >= 1 (a float one truncates), values hold 2 elements.
#   Hardmax: nn.argmax (keepdims, first index) compared with the positions,
#     cast to the input's type; axis -1 from opset 13; before 13 the axis
#     defaults to 1 and the input is coerced to 2-D [prod(d[:axis]),
#     prod(d[axis:])] and reshaped back.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/eye_like.onnx | FileCheck %s --check-prefix=EYE
# RUN: qat-translate --import-onnx %t/eye_like_dtype.onnx | FileCheck %s --check-prefix=EYEDTYPE
# RUN: qat-translate --import-onnx %t/eye_like_k_outside.onnx | FileCheck %s --check-prefix=EYEOUT
# RUN: qat-translate --import-onnx %t/range_int.onnx | FileCheck %s --check-prefix=RANGEINT
# RUN: qat-translate --import-onnx %t/range_float_negative_delta.onnx | FileCheck %s --check-prefix=RANGEF
# RUN: qat-translate --import-onnx %t/range_empty.onnx | FileCheck %s --check-prefix=RANGEEMPTY
# RUN: qat-translate --import-onnx %t/range_constant_nodes.onnx | FileCheck %s --check-prefix=RANGENODES
# RUN: qat-translate --import-onnx %t/one_hot_defaults.onnx | FileCheck %s --check-prefix=ONEHOT
# RUN: qat-translate --import-onnx %t/one_hot_axis0_i32_float_depth.onnx | FileCheck %s --check-prefix=ONEHOTAX0
# RUN: qat-translate --import-onnx %t/one_hot_middle_axis.onnx | FileCheck %s --check-prefix=ONEHOTMID
# RUN: qat-translate --import-onnx %t/hardmax_v13.onnx | FileCheck %s --check-prefix=HARDMAX13
# RUN: qat-translate --import-onnx %t/hardmax_v13_axis0.onnx | FileCheck %s --check-prefix=HARDMAXAX0
# RUN: qat-translate --import-onnx %t/hardmax_v11_coerced.onnx | FileCheck %s --check-prefix=HARDMAX11
# RUN: not qat-translate --import-onnx %t/eye_like_3d.onnx 2>&1 | FileCheck %s --check-prefix=EYE3D
# RUN: not qat-translate --import-onnx %t/eye_like_string_dtype.onnx 2>&1 | FileCheck %s --check-prefix=EYESTRING
# RUN: not qat-translate --import-onnx %t/range_delta_zero.onnx 2>&1 | FileCheck %s --check-prefix=RANGEZERO
# RUN: not qat-translate --import-onnx %t/range_too_long.onnx 2>&1 | FileCheck %s --check-prefix=RANGEBIG
# RUN: not qat-translate --import-onnx %t/range_not_scalar.onnx 2>&1 | FileCheck %s --check-prefix=RANGESCALAR
# RUN: not qat-translate --import-onnx %t/range_not_constant.onnx 2>&1 | FileCheck %s --check-prefix=RANGEINPUT
# RUN: not qat-translate --import-onnx %t/one_hot_depth_not_constant.onnx 2>&1 | FileCheck %s --check-prefix=DEPTHINPUT
# RUN: not qat-translate --import-onnx %t/one_hot_depth_two_values.onnx 2>&1 | FileCheck %s --check-prefix=DEPTHTWO
# RUN: not qat-translate --import-onnx %t/one_hot_depth_zero.onnx 2>&1 | FileCheck %s --check-prefix=DEPTHZERO
# RUN: not qat-translate --import-onnx %t/one_hot_three_values.onnx 2>&1 | FileCheck %s --check-prefix=VALUECOUNT
# RUN: not qat-translate --import-onnx %t/one_hot_bad_axis.onnx 2>&1 | FileCheck %s --check-prefix=ONEHOTAXIS
# RUN: not qat-translate --import-onnx %t/hardmax_bad_axis.onnx 2>&1 | FileCheck %s --check-prefix=HARDMAXAXIS

from onnx_fixture import array, graph_model, main, node, single, tensor


# EYE-LABEL: func.func @main_graph(%arg0: tensor<3x4xf32> {qat.name = "x"}) -> (tensor<3x4xf32> {qat.name = "y"})
# EYE: %[[C:.*]] = arith.constant dense<{{\[}}[0.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00]]> : tensor<3x4xf32>
# EYE-NOT: nn.
# EYE: return %[[C]] : tensor<3x4xf32>
def eye_like():
    return single("EyeLike", [("x", "f32", [3, 4])], [("y", "f32")], dict(k=1), opset=9)


# dtype 9 is bool; k = -1 is the diagonal below the main one.
# EYEDTYPE-LABEL: func.func @main_graph(%arg0: tensor<3x2xi32> {qat.name = "x"}) -> (tensor<3x2xi1> {qat.name = "y"})
# EYEDTYPE: arith.constant dense<{{\[}}[false, false], [true, false], [false, true]]> : tensor<3x2xi1>
def eye_like_dtype():
    return single("EyeLike", [("x", "i32", [3, 2])], [("y", "bool")], dict(k=-1, dtype=9),
                  opset=9)


# A k past the last column leaves no ones.
# EYEOUT-LABEL: func.func @main_graph
# EYEOUT: arith.constant dense<0> : tensor<2x2xi64>
def eye_like_k_outside():
    return single("EyeLike", [("x", "i64", [2, 2])], [("y", "i64")], dict(k=2), opset=9)


def range_model(start, limit, delta, t, check=True):
    return single("Range", [], [("y", t, 1)], initializers={
        "start": array(start, t), "limit": array(limit, t), "delta": array(delta, t)},
        opset=11, check=check)


# ceil((10 - 1) / 3) = 3 values.
# RANGEINT-LABEL: func.func @main_graph() -> (tensor<3xi32> {qat.name = "y"})
# RANGEINT: %[[C:.*]] = arith.constant dense<[1, 4, 7]> : tensor<3xi32>
# RANGEINT: return %[[C]] : tensor<3xi32>
def range_int():
    return range_model(1, 10, 3, "i32")


# RANGEF-LABEL: func.func @main_graph() -> (tensor<4xf32> {qat.name = "y"})
# RANGEF: arith.constant dense<[1.000000e+00, 7.500000e-01, 5.000000e-01, 2.500000e-01]> : tensor<4xf32>
def range_float_negative_delta():
    return range_model(1.0, 0.0, -0.25, "f32")


# A limit behind the start gives no values.
# RANGEEMPTY-LABEL: func.func @main_graph() -> (tensor<0xi64> {qat.name = "y"})
# RANGEEMPTY: arith.constant dense<> : tensor<0xi64>
def range_empty():
    return range_model(5, 1, 1, "i64")


# The bounds may come from Constant nodes, which are not kept.
# RANGENODES-LABEL: func.func @main_graph
# RANGENODES-NEXT: %[[C:.*]] = arith.constant dense<[-2, -1, 0]> : tensor<3xi16>
# RANGENODES-NEXT: return %[[C]]
def range_constant_nodes():
    nodes = [node("Constant", [], [n], name=f"const_{n}", value=tensor(n, array(v, "i16")))
             for n, v in (("start", -2), ("limit", 1), ("delta", 1))]
    nodes.append(node("Range", ["start", "limit", "delta"], ["y"]))
    return graph_model(nodes, [], [("y", "i16")], opset=11)


# ONEHOT-LABEL: func.func @main_graph(%arg0: tensor<2x3xi64> {qat.name = "i"}) -> (tensor<2x3x4xf32> {qat.name = "y"})
# ONEHOT-DAG: %[[VALUES:.*]] = arith.constant dense<[-2.000000e+00, 7.000000e+00]> : tensor<2xf32>
# ONEHOT-DAG: %[[DEPTH:.*]] = arith.constant dense<4> : tensor<i64>
# ONEHOT-DAG: %[[ZERO:.*]] = arith.constant dense<0> : tensor<i64>
# ONEHOT-NOT: nn.cast
# ONEHOT: %[[NEG:.*]] = nn.less %arg0, %[[ZERO]] : (tensor<2x3xi64>, tensor<i64>) -> tensor<2x3xi1>
# ONEHOT: %[[UP:.*]] = nn.add %arg0, %[[DEPTH]] : (tensor<2x3xi64>, tensor<i64>) -> tensor<2x3xi64>
# ONEHOT: %[[W:.*]] = nn.where %[[NEG]], %[[UP]], %arg0 : (tensor<2x3xi1>, tensor<2x3xi64>, tensor<2x3xi64>) -> tensor<2x3xi64>
# ONEHOT: %[[R:.*]] = nn.reshape %[[W]] : tensor<2x3xi64> -> tensor<2x3x1xi64>
# ONEHOT: %[[POS:.*]] = arith.constant dense<{{\[\[\[}}0, 1, 2, 3]]]> : tensor<1x1x4xi64>
# ONEHOT: %[[HOT:.*]] = nn.equal %[[R]], %[[POS]] : (tensor<2x3x1xi64>, tensor<1x1x4xi64>) -> tensor<2x3x4xi1>
# ONEHOT: %[[OFF:.*]] = nn.gather %[[VALUES]], %{{.*}} {axis = 0 : i64} : (tensor<2xf32>, tensor<i64>) -> tensor<f32>
# ONEHOT: %[[ON:.*]] = nn.gather %[[VALUES]], %{{.*}} {axis = 0 : i64} : (tensor<2xf32>, tensor<i64>) -> tensor<f32>
# ONEHOT: %[[Y:.*]] = nn.where %[[HOT]], %[[ON]], %[[OFF]] : (tensor<2x3x4xi1>, tensor<f32>, tensor<f32>) -> tensor<2x3x4xf32>
# ONEHOT: return %[[Y]] : tensor<2x3x4xf32>
def one_hot_defaults():
    return single("OneHot", [("i", "i64", [2, 3])], [("y", "f32")],
                  initializers={"depth": array(4, "i64"), "values": array([-2, 7], "f32")},
                  opset=11)


# i32 indices are cast; depth 5.0 (a one-element f32 vector) is 5; axis 0
# puts the positions first. Constant values fold the gathers.
# ONEHOTAX0-LABEL: func.func @main_graph(%arg0: tensor<3xi32> {qat.name = "i"}) -> (tensor<5x3xi64> {qat.name = "y"})
# ONEHOTAX0: %[[I:.*]] = nn.cast %arg0 : tensor<3xi32> to tensor<3xi64>
# ONEHOTAX0: %[[DEPTH:.*]] = arith.constant dense<5> : tensor<i64>
# ONEHOTAX0: nn.add %[[I]], %[[DEPTH]]
# ONEHOTAX0: %[[R:.*]] = nn.reshape %{{.*}} : tensor<3xi64> -> tensor<1x3xi64>
# ONEHOTAX0: %[[POS:.*]] = arith.constant dense<{{\[}}[0], [1], [2], [3], [4]]> : tensor<5x1xi64>
# ONEHOTAX0: %[[HOT:.*]] = nn.equal %[[R]], %[[POS]] : (tensor<1x3xi64>, tensor<5x1xi64>) -> tensor<5x3xi1>
# ONEHOTAX0: nn.where %[[HOT]], %{{.*}}, %{{.*}} : (tensor<5x3xi1>, tensor<i64>, tensor<i64>) -> tensor<5x3xi64>
def one_hot_axis0_i32_float_depth():
    return single("OneHot", [("i", "i32", [3])], [("y", "i64")], dict(axis=0),
                  initializers={"depth": array([5.0], "f32"), "values": array([0, 1], "i64")},
                  opset=11)


# axis -2 of the rank-3 output is 1.
# ONEHOTMID-LABEL: func.func @main_graph
# ONEHOTMID: nn.reshape %{{.*}} : tensor<2x4xi64> -> tensor<2x1x4xi64>
# ONEHOTMID: arith.constant dense<{{\[\[}}[0], [1], [2]]]> : tensor<1x3x1xi64>
# ONEHOTMID: nn.equal {{.*}} : (tensor<2x1x4xi64>, tensor<1x3x1xi64>) -> tensor<2x3x4xi1>
# ONEHOTMID: -> tensor<2x3x4xi8>
def one_hot_middle_axis():
    return single("OneHot", [("i", "i64", [2, 4])], [("y", "i8")], dict(axis=-2),
                  initializers={"depth": array(3, "i32"), "values": array([0, 1], "i8")},
                  opset=11)


# HARDMAX13-LABEL: func.func @main_graph(%arg0: tensor<2x3x4xf32> {qat.name = "x"}) -> (tensor<2x3x4xf32> {qat.name = "y"})
# HARDMAX13: %[[A:.*]] = nn.argmax %arg0 {axis = 2 : i64, keepdims = true, select_last_index = false} : tensor<2x3x4xf32> -> tensor<2x3x1xi64>
# HARDMAX13: %[[POS:.*]] = arith.constant dense<{{\[\[\[}}0, 1, 2, 3]]]> : tensor<1x1x4xi64>
# HARDMAX13: %[[HOT:.*]] = nn.equal %[[A]], %[[POS]] : (tensor<2x3x1xi64>, tensor<1x1x4xi64>) -> tensor<2x3x4xi1>
# HARDMAX13: %[[Y:.*]] = nn.cast %[[HOT]] : tensor<2x3x4xi1> to tensor<2x3x4xf32>
# HARDMAX13-NOT: nn.reshape
# HARDMAX13: return %[[Y]]
def hardmax_v13():
    return single("Hardmax", [("x", "f32", [2, 3, 4])], [("y", "f32")], opset=13)


# HARDMAXAX0-LABEL: func.func @main_graph
# HARDMAXAX0: nn.argmax %arg0 {axis = 0 : i64, keepdims = true, select_last_index = false} : tensor<3x2xf64> -> tensor<1x2xi64>
# HARDMAXAX0: arith.constant dense<{{\[}}[0], [1], [2]]> : tensor<3x1xi64>
# HARDMAXAX0: nn.cast %{{.*}} : tensor<3x2xi1> to tensor<3x2xf64>
def hardmax_v13_axis0():
    return single("Hardmax", [("x", "f64", [3, 2])], [("y", "f64")], dict(axis=-2), opset=13)


# Opset 11, axis 1 by default: [2, 3, 4] is taken as [2, 12].
# HARDMAX11-LABEL: func.func @main_graph(%arg0: tensor<2x3x4xf32> {qat.name = "x"}) -> (tensor<2x3x4xf32> {qat.name = "y"})
# HARDMAX11: %[[F:.*]] = nn.reshape %arg0 : tensor<2x3x4xf32> -> tensor<2x12xf32>
# HARDMAX11: %[[A:.*]] = nn.argmax %[[F]] {axis = 1 : i64, keepdims = true, select_last_index = false} : tensor<2x12xf32> -> tensor<2x1xi64>
# HARDMAX11: %[[POS:.*]] = arith.constant dense<{{\[}}[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]> : tensor<1x12xi64>
# HARDMAX11: %[[HOT:.*]] = nn.equal %[[A]], %[[POS]] : (tensor<2x1xi64>, tensor<1x12xi64>) -> tensor<2x12xi1>
# HARDMAX11: %[[C:.*]] = nn.cast %[[HOT]] : tensor<2x12xi1> to tensor<2x12xf32>
# HARDMAX11: %[[Y:.*]] = nn.reshape %[[C]] : tensor<2x12xf32> -> tensor<2x3x4xf32>
# HARDMAX11: return %[[Y]]
def hardmax_v11_coerced():
    return single("Hardmax", [("x", "f32", [2, 3, 4])], [("y", "f32")], opset=11)


# EYE3D: error: {{.*}}node 'eyelike_0' (EyeLike, opset 9): the input must be 2-D
def eye_like_3d():
    return single("EyeLike", [("x", "f32", [2, 2, 2])], [("y", "f32", 3)], opset=9, check=False)


# EYESTRING: error: {{.*}}node 'eyelike_0' (EyeLike, opset 9): dtype 8 is not supported
def eye_like_string_dtype():
    return single("EyeLike", [("x", "f32", [2, 2])], [("y", "f32", 2)], dict(dtype=8), opset=9,
                  check=False)


# RANGEZERO: error: {{.*}}node 'range_0' (Range, opset 11): delta must not be 0
def range_delta_zero():
    return range_model(0, 5, 0, "i64", check=False)


# A length that would exhaust memory as a constant is refused first.
# RANGEBIG: error: {{.*}}node 'range_0' (Range, opset 11): Range of 1000000000000.000000 values is too large for a constant
def range_too_long():
    return range_model(0, 10 ** 12, 1, "i64", check=False)


# RANGESCALAR: error: {{.*}}node 'range_0' (Range, opset 11): start, limit and delta must be scalars
def range_not_scalar():
    return single("Range", [], [("y", "i64", 1)], initializers={
        "start": array([0, 1], "i64"), "limit": array(5, "i64"), "delta": array(1, "i64")},
        opset=11, check=False)


# RANGEINPUT: error: {{.*}}node 'range_0' (Range, opset 11): input 1 ('limit') must be a constant: an initializer or a Constant node
def range_not_constant():
    return single("Range", [("limit", "i64", [])], [("y", "i64", 1)],
                  initializers={"start": array(0, "i64"), "delta": array(1, "i64")},
                  node_inputs=["start", "limit", "delta"], opset=11)


# DEPTHINPUT: error: {{.*}}node 'onehot_0' (OneHot, opset 11): depth ('depth') must be a constant: an initializer or a Constant node
def one_hot_depth_not_constant():
    return single("OneHot", [("i", "i64", [3]), ("depth", "i64", [])], [("y", "f32")],
                  initializers={"values": array([0, 1], "f32")}, opset=11)


# DEPTHTWO: error: {{.*}}node 'onehot_0' (OneHot, opset 11): depth must hold one value
def one_hot_depth_two_values():
    return single("OneHot", [("i", "i64", [3])], [("y", "f32", 2)],
                  initializers={"depth": array([3, 4], "i64"), "values": array([0, 1], "f32")},
                  opset=11, check=False)


# DEPTHZERO: error: {{.*}}node 'onehot_0' (OneHot, opset 11): depth must be >= 1, got 0
def one_hot_depth_zero():
    return single("OneHot", [("i", "i64", [3])], [("y", "f32", 2)],
                  initializers={"depth": array(0, "i64"), "values": array([0, 1], "f32")},
                  opset=11, check=False)


# VALUECOUNT: error: {{.*}}node 'onehot_0' (OneHot, opset 11): values must hold [off, on]
def one_hot_three_values():
    return single("OneHot", [("i", "i64", [3])], [("y", "f32", 2)],
                  initializers={"depth": array(4, "i64"), "values": array([0, 1, 2], "f32")},
                  opset=11, check=False)


# The axis counts in the output's rank (2 here).
# ONEHOTAXIS: error: {{.*}}node 'onehot_0' (OneHot, opset 11): axis 2 is out of range for rank 2
def one_hot_bad_axis():
    return single("OneHot", [("i", "i64", [3])], [("y", "f32", 2)], dict(axis=2),
                  initializers={"depth": array(4, "i64"), "values": array([0, 1], "f32")},
                  opset=11, check=False)


# HARDMAXAXIS: error: {{.*}}node 'hardmax_0' (Hardmax, opset 13): axis -3 is out of range for rank 2
def hardmax_bad_axis():
    return single("Hardmax", [("x", "f32", [2, 3])], [("y", "f32", 2)], dict(axis=-3), opset=13,
                  check=False)


main({f.__name__: f for f in [
    eye_like, eye_like_dtype, eye_like_k_outside, range_int, range_float_negative_delta,
    range_empty, range_constant_nodes, one_hot_defaults, one_hot_axis0_i32_float_depth,
    one_hot_middle_axis, hardmax_v13, hardmax_v13_axis0, hardmax_v11_coerced, eye_like_3d,
    eye_like_string_dtype, range_delta_zero, range_too_long, range_not_scalar, range_not_constant,
    one_hot_depth_not_constant, one_hot_depth_two_values, one_hot_depth_zero,
    one_hot_three_values, one_hot_bad_axis, hardmax_bad_axis]})
