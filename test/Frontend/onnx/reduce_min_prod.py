# ReduceMin / ReduceProd -> nn.reduce_min / nn.reduce_prod {axes (sorted,
# non-negative), keepdims}, as ReduceMax: axes are an attribute before
# opset 18 and an optional input from opset 18; no axes reduces every dim
# (unless noop_with_empty_axes = 1: the identity); keepdims defaults to 1;
# a rank-0 input is the identity. Integer inputs keep their type.
# onnx 1.12 knows opsets up to 17: the opset-18 models skip onnx.checker.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/min_attr_axis.onnx | FileCheck %s --check-prefix=MINATTR
# RUN: qat-translate --import-onnx %t/min_attr_all_no_keepdims.onnx | FileCheck %s --check-prefix=MINALL
# RUN: qat-translate --import-onnx %t/min_int_negative_axes.onnx | FileCheck %s --check-prefix=MININT
# RUN: qat-translate --import-onnx %t/min_input_axes.onnx | FileCheck %s --check-prefix=MININPUT
# RUN: qat-translate --import-onnx %t/min_input_noop.onnx | FileCheck %s --check-prefix=MINNOOP
# RUN: qat-translate --import-onnx %t/prod_attr_axes.onnx | FileCheck %s --check-prefix=PRODATTR
# RUN: qat-translate --import-onnx %t/prod_int_all.onnx | FileCheck %s --check-prefix=PRODINT
# RUN: qat-translate --import-onnx %t/prod_input_axes.onnx | FileCheck %s --check-prefix=PRODINPUT
# RUN: qat-translate --import-onnx %t/prod_input_empty_axes.onnx | FileCheck %s --check-prefix=PRODEMPTY
# RUN: qat-translate --import-onnx %t/prod_rank0.onnx | FileCheck %s --check-prefix=PRODRANK0
# RUN: not qat-translate --import-onnx %t/min_duplicate_axes.onnx 2>&1 | FileCheck %s --check-prefix=DUP
# RUN: not qat-translate --import-onnx %t/prod_axis_out_of_range.onnx 2>&1 | FileCheck %s --check-prefix=RANGE
# RUN: not qat-translate --import-onnx %t/min_axes_not_constant.onnx 2>&1 | FileCheck %s --check-prefix=NOTCONST

from onnx_fixture import array, main, single


def attr_form(op, out_rank, t="f32", shape=(2, 3, 4), check=True, **attrs):
    return single(op, [("x", t, list(shape))], [("y", t, out_rank)], attrs, opset=13,
                  check=check)


def input_form(op, out_rank, axes=None, t="f32", **attrs):
    inits = {} if axes is None else {"axes": array(axes, "i64")}
    return single(op, [("x", t, [2, 3, 4])], [("y", t, out_rank)], attrs,
                  initializers=inits, opset=18, check=False)


# MINATTR-LABEL: func.func @main_graph(%arg0: tensor<2x3x4xf32> {qat.name = "x"}) -> (tensor<2x1x4xf32> {qat.name = "y"})
# MINATTR: %[[Y:.*]] = nn.reduce_min %arg0 {axes = array<i64: 1>, keepdims = true} : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
# MINATTR: return %[[Y]]
def min_attr_axis():
    return attr_form("ReduceMin", 3, axes=[1])


# MINALL-LABEL: func.func @main_graph
# MINALL: nn.reduce_min %arg0 {axes = array<i64: 0, 1, 2>, keepdims = false} : tensor<2x3x4xf32> -> tensor<f32>
def min_attr_all_no_keepdims():
    return attr_form("ReduceMin", 0, keepdims=0)


# axes [-1, -3] -> [0, 2].
# MININT-LABEL: func.func @main_graph
# MININT: nn.reduce_min %arg0 {axes = array<i64: 0, 2>, keepdims = false} : tensor<2x3x4xi32> -> tensor<3xi32>
def min_int_negative_axes():
    return attr_form("ReduceMin", 1, t="i32", axes=[-1, -3], keepdims=0)


# MININPUT-LABEL: func.func @main_graph
# MININPUT: nn.reduce_min %arg0 {axes = array<i64: 2>, keepdims = true} : tensor<2x3x4xf32> -> tensor<2x3x1xf32>
def min_input_axes():
    return input_form("ReduceMin", 3, [-1])


# MINNOOP-LABEL: func.func @main_graph
# MINNOOP-NOT: nn.reduce_min
# MINNOOP: return %arg0 : tensor<2x3x4xf32>
def min_input_noop():
    return input_form("ReduceMin", 3, noop_with_empty_axes=1)


# PRODATTR-LABEL: func.func @main_graph(%arg0: tensor<2x3x4xf32> {qat.name = "x"}) -> (tensor<2xf32> {qat.name = "y"})
# PRODATTR: %[[Y:.*]] = nn.reduce_prod %arg0 {axes = array<i64: 1, 2>, keepdims = false} : tensor<2x3x4xf32> -> tensor<2xf32>
# PRODATTR: return %[[Y]]
def prod_attr_axes():
    return attr_form("ReduceProd", 1, axes=[2, 1], keepdims=0)


# PRODINT-LABEL: func.func @main_graph
# PRODINT: nn.reduce_prod %arg0 {axes = array<i64: 0, 1>, keepdims = true} : tensor<3x5xi64> -> tensor<1x1xi64>
def prod_int_all():
    return attr_form("ReduceProd", 2, t="i64", shape=[3, 5])


# PRODINPUT-LABEL: func.func @main_graph
# PRODINPUT: nn.reduce_prod %arg0 {axes = array<i64: 0>, keepdims = false} : tensor<2x3x4xf32> -> tensor<3x4xf32>
def prod_input_axes():
    return input_form("ReduceProd", 2, [0], keepdims=0)


# An empty axes tensor is "no axes": every dim.
# PRODEMPTY-LABEL: func.func @main_graph
# PRODEMPTY: nn.reduce_prod %arg0 {axes = array<i64: 0, 1, 2>, keepdims = true} : tensor<2x3x4xf32> -> tensor<1x1x1xf32>
def prod_input_empty_axes():
    return input_form("ReduceProd", 3, [])


# PRODRANK0-LABEL: func.func @main_graph
# PRODRANK0-NOT: nn.reduce_prod
# PRODRANK0: return %arg0 : tensor<f32>
def prod_rank0():
    return attr_form("ReduceProd", 0, shape=[])


# DUP: error: {{.*}}node 'reducemin_0' (ReduceMin, opset 13): axes must not repeat
def min_duplicate_axes():
    return attr_form("ReduceMin", 2, axes=[1, -2], keepdims=0, check=False)


# RANGE: error: {{.*}}node 'reduceprod_0' (ReduceProd, opset 13): axis 3 is out of range for rank 3
def prod_axis_out_of_range():
    return attr_form("ReduceProd", 3, axes=[3], check=False)


# NOTCONST: error: {{.*}}node 'reducemin_0' (ReduceMin, opset 18): axes ('axes') must be a constant
def min_axes_not_constant():
    return single("ReduceMin", [("x", "f32", [2, 3, 4]), ("axes", "i64", [1])],
                  [("y", "f32", 3)], opset=18, check=False)


main({f.__name__: f for f in [min_attr_axis, min_attr_all_no_keepdims, min_int_negative_axes,
                              min_input_axes, min_input_noop, prod_attr_axes, prod_int_all,
                              prod_input_axes, prod_input_empty_axes, prod_rank0,
                              min_duplicate_axes, prod_axis_out_of_range,
                              min_axes_not_constant]})
