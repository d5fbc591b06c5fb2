# ReduceL1 / ReduceL2 / ReduceSumSquare / ReduceLogSum / ReduceLogSumExp are
# their ONNX function bodies in nn ops (frontend/ops/ReductionOps.cpp), each
# around one nn.reduce_sum with the node's axes and keepdims:
#   ReduceL1        = reduce_sum(abs(x))
#   ReduceL2        = sqrt(reduce_sum(x * x))
#   ReduceSumSquare = reduce_sum(x * x)
#   ReduceLogSum    = log(reduce_sum(x))
#   ReduceLogSumExp = log(reduce_sum(exp(x - m))) + m, m = reduce_max(x)
#                     kept as ones on the reduced dims so it broadcasts
#                     against x, then reshaped like the sum without keepdims.
# Axes are an attribute before opset 18 and an input from 18 (as ReduceMax).
# ReduceL2, ReduceLogSum and ReduceLogSumExp take floats only; ReduceL1 and
# ReduceSumSquare also integers.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/l1.onnx | FileCheck %s --check-prefix=L1
# RUN: qat-translate --import-onnx %t/l1_int.onnx | FileCheck %s --check-prefix=L1INT
# RUN: qat-translate --import-onnx %t/l1_noop.onnx | FileCheck %s --check-prefix=L1NOOP
# RUN: qat-translate --import-onnx %t/l2.onnx | FileCheck %s --check-prefix=L2
# RUN: qat-translate --import-onnx %t/l2_input_axes.onnx | FileCheck %s --check-prefix=L2INPUT
# RUN: qat-translate --import-onnx %t/sum_square.onnx | FileCheck %s --check-prefix=SUMSQ
# RUN: qat-translate --import-onnx %t/sum_square_int.onnx | FileCheck %s --check-prefix=SUMSQINT
# RUN: qat-translate --import-onnx %t/log_sum.onnx | FileCheck %s --check-prefix=LOGSUM
# RUN: qat-translate --import-onnx %t/log_sum_exp_keepdims.onnx | FileCheck %s --check-prefix=LSEKEEP
# RUN: qat-translate --import-onnx %t/log_sum_exp_no_keepdims.onnx | FileCheck %s --check-prefix=LSENOKEEP
# RUN: qat-translate --import-onnx %t/log_sum_exp_all.onnx | FileCheck %s --check-prefix=LSEALL
# RUN: not qat-translate --import-onnx %t/l2_int.onnx 2>&1 | FileCheck %s --check-prefix=L2ERR
# RUN: not qat-translate --import-onnx %t/log_sum_int.onnx 2>&1 | FileCheck %s --check-prefix=LOGSUMERR
# RUN: not qat-translate --import-onnx %t/log_sum_exp_int.onnx 2>&1 | FileCheck %s --check-prefix=LSEERR
# RUN: not qat-translate --import-onnx %t/l1_duplicate_axes.onnx 2>&1 | FileCheck %s --check-prefix=DUP

from onnx_fixture import array, main, single


def attr_form(op, out_rank, t="f32", shape=(2, 3, 4), check=True, **attrs):
    return single(op, [("x", t, list(shape))], [("y", t, out_rank)], attrs, opset=13,
                  check=check)


def input_form(op, out_rank, axes=None, t="f32", **attrs):
    inits = {} if axes is None else {"axes": array(axes, "i64")}
    return single(op, [("x", t, [2, 3, 4])], [("y", t, out_rank)], attrs,
                  initializers=inits, opset=18, check=False)


# L1-LABEL: func.func @main_graph(%arg0: tensor<2x3x4xf32> {qat.name = "x"}) -> (tensor<2x1x4xf32> {qat.name = "y"})
# L1: %[[A:.*]] = nn.abs %arg0 : tensor<2x3x4xf32>
# L1: %[[Y:.*]] = nn.reduce_sum %[[A]] {axes = array<i64: 1>, keepdims = true} : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
# L1: return %[[Y]] : tensor<2x1x4xf32>
def l1():
    return attr_form("ReduceL1", 3, axes=[1])


# L1INT-LABEL: func.func @main_graph
# L1INT: %[[A:.*]] = nn.abs %arg0 : tensor<2x3x4xi32>
# L1INT: nn.reduce_sum %[[A]] {axes = array<i64: 0, 1, 2>, keepdims = false} : tensor<2x3x4xi32> -> tensor<i32>
def l1_int():
    return attr_form("ReduceL1", 0, t="i32", keepdims=0)


# noop_with_empty_axes = 1 and no axes: only the elementwise part is left.
# L1NOOP-LABEL: func.func @main_graph
# L1NOOP: %[[A:.*]] = nn.abs %arg0 : tensor<2x3x4xf32>
# L1NOOP-NOT: nn.reduce_sum
# L1NOOP: return %[[A]] : tensor<2x3x4xf32>
def l1_noop():
    return input_form("ReduceL1", 3, noop_with_empty_axes=1)


# L2-LABEL: func.func @main_graph
# L2: %[[SQ:.*]] = nn.mul %arg0, %arg0 : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
# L2: %[[S:.*]] = nn.reduce_sum %[[SQ]] {axes = array<i64: 2>, keepdims = false} : tensor<2x3x4xf32> -> tensor<2x3xf32>
# L2: %[[Y:.*]] = nn.sqrt %[[S]] : tensor<2x3xf32>
# L2: return %[[Y]] : tensor<2x3xf32>
def l2():
    return attr_form("ReduceL2", 2, axes=[-1], keepdims=0)


# L2INPUT-LABEL: func.func @main_graph
# L2INPUT: %[[SQ:.*]] = nn.mul %arg0, %arg0
# L2INPUT: %[[S:.*]] = nn.reduce_sum %[[SQ]] {axes = array<i64: 0, 2>, keepdims = true} : tensor<2x3x4xf32> -> tensor<1x3x1xf32>
# L2INPUT: nn.sqrt %[[S]] : tensor<1x3x1xf32>
def l2_input_axes():
    return input_form("ReduceL2", 3, [2, 0])


# SUMSQ-LABEL: func.func @main_graph
# SUMSQ: %[[SQ:.*]] = nn.mul %arg0, %arg0 : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
# SUMSQ: %[[Y:.*]] = nn.reduce_sum %[[SQ]] {axes = array<i64: 1>, keepdims = true} : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
# SUMSQ-NOT: nn.sqrt
# SUMSQ: return %[[Y]]
def sum_square():
    return attr_form("ReduceSumSquare", 3, axes=[1])


# SUMSQINT-LABEL: func.func @main_graph
# SUMSQINT: %[[SQ:.*]] = nn.mul %arg0, %arg0 : (tensor<4x5xi64>, tensor<4x5xi64>) -> tensor<4x5xi64>
# SUMSQINT: nn.reduce_sum %[[SQ]] {axes = array<i64: 0>, keepdims = false} : tensor<4x5xi64> -> tensor<5xi64>
def sum_square_int():
    return attr_form("ReduceSumSquare", 1, t="i64", shape=[4, 5], axes=[0], keepdims=0)


# LOGSUM-LABEL: func.func @main_graph
# LOGSUM: %[[S:.*]] = nn.reduce_sum %arg0 {axes = array<i64: 0, 1>, keepdims = true} : tensor<2x3x4xf32> -> tensor<1x1x4xf32>
# LOGSUM: %[[Y:.*]] = nn.log %[[S]] : tensor<1x1x4xf32>
# LOGSUM: return %[[Y]]
def log_sum():
    return attr_form("ReduceLogSum", 3, axes=[0, 1])


# LSEKEEP-LABEL: func.func @main_graph(%arg0: tensor<2x3x4xf32> {qat.name = "x"}) -> (tensor<2x1x4xf32> {qat.name = "y"})
# LSEKEEP: %[[M0:.*]] = nn.reduce_max %arg0 {axes = array<i64: 1>, keepdims = true} : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
# LSEKEEP: %[[INF:.*]] = nn.is_inf %[[M0]] {detect_negative = true, detect_positive = true}
# LSEKEEP: %[[M:.*]] = nn.where %[[INF]], %{{.*}}, %[[M0]]
# LSEKEEP: %[[D:.*]] = nn.sub %arg0, %[[M]] : (tensor<2x3x4xf32>, tensor<2x1x4xf32>) -> tensor<2x3x4xf32>
# LSEKEEP: %[[E:.*]] = nn.exp %[[D]] : tensor<2x3x4xf32>
# LSEKEEP: %[[S:.*]] = nn.reduce_sum %[[E]] {axes = array<i64: 1>, keepdims = true} : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
# LSEKEEP: %[[L:.*]] = nn.log %[[S]] : tensor<2x1x4xf32>
# LSEKEEP-NOT: nn.reshape
# LSEKEEP: %[[Y:.*]] = nn.add %[[L]], %[[M]] : (tensor<2x1x4xf32>, tensor<2x1x4xf32>) -> tensor<2x1x4xf32>
# LSEKEEP: return %[[Y]] : tensor<2x1x4xf32>
def log_sum_exp_keepdims():
    return attr_form("ReduceLogSumExp", 3, axes=[1])


# The maximum (0 where it is infinite: inf - inf would be NaN) keeps its
# dims for the subtraction and is reshaped for the add.
# LSENOKEEP-LABEL: func.func @main_graph
# LSENOKEEP: %[[M0:.*]] = nn.reduce_max %arg0 {axes = array<i64: 0, 2>, keepdims = true} : tensor<2x3x4xf32> -> tensor<1x3x1xf32>
# LSENOKEEP: %[[INF:.*]] = nn.is_inf %[[M0]] {detect_negative = true, detect_positive = true}
# LSENOKEEP: %[[M:.*]] = nn.where %[[INF]], %{{.*}}, %[[M0]]
# LSENOKEEP: %[[D:.*]] = nn.sub %arg0, %[[M]] : (tensor<2x3x4xf32>, tensor<1x3x1xf32>) -> tensor<2x3x4xf32>
# LSENOKEEP: %[[E:.*]] = nn.exp %[[D]]
# LSENOKEEP: %[[S:.*]] = nn.reduce_sum %[[E]] {axes = array<i64: 0, 2>, keepdims = false} : tensor<2x3x4xf32> -> tensor<3xf32>
# LSENOKEEP: %[[L:.*]] = nn.log %[[S]] : tensor<3xf32>
# LSENOKEEP: %[[MR:.*]] = nn.reshape %[[M]] : tensor<1x3x1xf32> -> tensor<3xf32>
# LSENOKEEP: %[[Y:.*]] = nn.add %[[L]], %[[MR]] : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
# LSENOKEEP: return %[[Y]] : tensor<3xf32>
def log_sum_exp_no_keepdims():
    return input_form("ReduceLogSumExp", 1, [0, -1], keepdims=0)


# No axes: every dim; the result is rank 0.
# LSEALL-LABEL: func.func @main_graph
# LSEALL: %[[M0:.*]] = nn.reduce_max %arg0 {axes = array<i64: 0, 1>, keepdims = true} : tensor<3x5xf64> -> tensor<1x1xf64>
# LSEALL: %[[INF:.*]] = nn.is_inf %[[M0]] {detect_negative = true, detect_positive = true}
# LSEALL: %[[M:.*]] = nn.where %[[INF]], %{{.*}}, %[[M0]]
# LSEALL: nn.reduce_sum %{{.*}} {axes = array<i64: 0, 1>, keepdims = false} : tensor<3x5xf64> -> tensor<f64>
# LSEALL: %[[MR:.*]] = nn.reshape %[[M]] : tensor<1x1xf64> -> tensor<f64>
# LSEALL: nn.add %{{.*}}, %[[MR]] : (tensor<f64>, tensor<f64>) -> tensor<f64>
def log_sum_exp_all():
    return attr_form("ReduceLogSumExp", 0, t="f64", shape=[3, 5], keepdims=0)


# L2ERR: error: {{.*}}node 'reducel2_0' (ReduceL2, opset 13): only floating-point inputs are supported
def l2_int():
    return attr_form("ReduceL2", 3, t="i32", axes=[1])


# LOGSUMERR: error: {{.*}}node 'reducelogsum_0' (ReduceLogSum, opset 13): only floating-point inputs are supported
def log_sum_int():
    return attr_form("ReduceLogSum", 3, t="i64", axes=[1])


# LSEERR: error: {{.*}}node 'reducelogsumexp_0' (ReduceLogSumExp, opset 13): only floating-point inputs are supported
def log_sum_exp_int():
    return attr_form("ReduceLogSumExp", 3, t="i32")


# DUP: error: {{.*}}node 'reducel1_0' (ReduceL1, opset 13): axes must not repeat
def l1_duplicate_axes():
    return attr_form("ReduceL1", 3, axes=[0, -3], check=False)


main({f.__name__: f for f in [l1, l1_int, l1_noop, l2, l2_input_axes, sum_square,
                              sum_square_int, log_sum, log_sum_exp_keepdims,
                              log_sum_exp_no_keepdims, log_sum_exp_all, l2_int, log_sum_int,
                              log_sum_exp_int, l1_duplicate_axes]})
