# GroupNormalization (opset 18), Mish, LRN and LpNormalization import as their function
# bodies. GroupNormalization: the input reshaped to [N, G, C/G x spatial],
# centred by the group mean, divided by sqrt(variance + epsilon), then
# scale and bias: per group before opset 21 (broadcast along [G, 1], the
# shape restored after), per channel from 21 (along [C, 1, ...], after the
# shape is restored). Mish is x * tanh(softplus(x)). For LRN, x^2 viewed as
# [N, 1, C, spatial] goes through an average pool of window (size, 1) with
# the padding counted (floor((size - 1) / 2) channels before, the rest
# after), times alpha, plus bias, to the power beta; x is divided by it.
# Errors: no num_groups, num_groups not dividing the channels, scale of the
# wrong length, rank < 3, a stash_type other than 1; an LRN without size or
# with size 0. LpNormalization divides by nn.reduce_sum of |x| (p = 1) or
# the square root of that of x^2 (p = 2) along the axis, kept; p = 3 is an
# error.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/opset21.onnx | FileCheck %s --check-prefix=G21
# RUN: qat-translate --import-onnx %t/opset18.onnx | FileCheck %s --check-prefix=G18
# RUN: qat-translate --import-onnx %t/mish.onnx | FileCheck %s --check-prefix=MISH
# RUN: not qat-translate --import-onnx %t/no_groups.onnx 2>&1 | FileCheck %s --check-prefix=NOGROUPS
# RUN: not qat-translate --import-onnx %t/groups_not_dividing.onnx 2>&1 | FileCheck %s --check-prefix=DIVIDE
# RUN: not qat-translate --import-onnx %t/scale_per_channel_at_18.onnx 2>&1 | FileCheck %s --check-prefix=SCALE
# RUN: not qat-translate --import-onnx %t/rank2.onnx 2>&1 | FileCheck %s --check-prefix=RANK
# RUN: not qat-translate --import-onnx %t/stash_double.onnx 2>&1 | FileCheck %s --check-prefix=STASH
# RUN: qat-translate --import-onnx %t/lrn.onnx | FileCheck %s --check-prefix=LRN
# RUN: not qat-translate --import-onnx %t/lrn_no_size.onnx 2>&1 | FileCheck %s --check-prefix=LRNSIZE
# RUN: not qat-translate --import-onnx %t/lrn_size_zero.onnx 2>&1 | FileCheck %s --check-prefix=LRNZERO
# RUN: qat-translate --import-onnx %t/lp_norm_l1.onnx | FileCheck %s --check-prefix=LP1
# RUN: not qat-translate --import-onnx %t/lp_norm_p3.onnx 2>&1 | FileCheck %s --check-prefix=LP3

from onnx_fixture import array, main, single


def group_norm(shape, params, opset, **attrs):
    return single("GroupNormalization", [("x", "f32", shape)], [("y", "f32", len(shape))], attrs,
                  initializers={"scale": array([1.0] * params), "bias": array([0.0] * params)},
                  opset=opset, check=False)


# G21-LABEL: func.func @main_graph(%arg0: tensor<2x6x5xf32> {qat.name = "x"}) -> (tensor<2x6x5xf32> {qat.name = "y"})
# G21: nn.reshape %arg0 : tensor<2x6x5xf32> -> tensor<2x3x10xf32>
# G21: nn.reduce_mean {{.*}} {axes = array<i64: 2>, keepdims = true} : tensor<2x3x10xf32> -> tensor<2x3x1xf32>
# G21: nn.sqrt
# G21: nn.div
# G21: nn.reshape {{.*}} : tensor<2x3x10xf32> -> tensor<2x6x5xf32>
# G21: arith.constant dense<1.000000e+00> : tensor<6x1xf32>
# G21: nn.mul {{.*}} : (tensor<2x6x5xf32>, tensor<6x1xf32>) -> tensor<2x6x5xf32>
# G21: nn.add
def opset21():
    return group_norm([2, 6, 5], 6, 21, num_groups=3)


# G18-LABEL: func.func @main_graph
# G18: nn.mul {{.*}} : (tensor<1x2x6xf32>, tensor<2x1xf32>) -> tensor<1x2x6xf32>
# G18: nn.add
# G18: nn.reshape {{.*}} : tensor<1x2x6xf32> -> tensor<1x4x3xf32>
def opset18():
    return group_norm([1, 4, 3], 2, 18, num_groups=2, epsilon=1e-3)


# MISH-LABEL: func.func @main_graph
# MISH: %[[S:.*]] = nn.softplus %arg0 : tensor<3xf32>
# MISH: %[[T:.*]] = nn.tanh %[[S]] : tensor<3xf32>
# MISH: nn.mul %arg0, %[[T]]
def mish():
    return single("Mish", [("x", "f32", [3])], [("y", "f32", 1)], opset=18, check=False)


# NOGROUPS: error: {{.*}}node 'groupnormalization_0' (GroupNormalization, opset 18): missing attribute num_groups
def no_groups():
    return group_norm([1, 4, 3], 2, 18)


# DIVIDE: error: {{.*}}(GroupNormalization, opset 21): num_groups 4 does not divide the 6 channels
def groups_not_dividing():
    return group_norm([1, 6, 3], 6, 21, num_groups=4)


# SCALE: error: {{.*}}(GroupNormalization, opset 18): scale and bias must hold one value per group (2)
def scale_per_channel_at_18():
    return group_norm([1, 4, 3], 4, 18, num_groups=2)


# RANK: error: {{.*}}(GroupNormalization, opset 21): the input must have rank >= 3 (N x C x spatial)
def rank2():
    return group_norm([2, 4], 4, 21, num_groups=2)


# STASH: error: {{.*}}(GroupNormalization, opset 21): stash_type 11 is not supported (only 1, float32)
def stash_double():
    return group_norm([1, 4, 3], 4, 21, num_groups=2, stash_type=11)


# LRN-LABEL: func.func @main_graph(%arg0: tensor<2x6x3x4xf32> {qat.name = "x"})
# LRN: %[[SQ:.*]] = nn.mul %arg0, %arg0
# LRN: nn.reshape %[[SQ]] : tensor<2x6x3x4xf32> -> tensor<2x1x6x12xf32>
# LRN: nn.avg_pool {{.*}} {ceil_mode = false, count_include_pad = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 4, 1>, pads = array<i64: 1, 0, 2, 0>, strides = array<i64: 1, 1>} : tensor<2x1x6x12xf32> -> tensor<2x1x6x12xf32>
# LRN: nn.reshape {{.*}} -> tensor<2x6x3x4xf32>
# LRN: nn.mul
# LRN: nn.add
# LRN: nn.pow
# LRN: nn.div %arg0
def lrn():
    return single("LRN", [("x", "f32", [2, 6, 3, 4])], [("y", "f32")], {"size": 4}, opset=13)


# LRNSIZE: error: {{.*}}(LRN, opset 13): missing attribute size
def lrn_no_size():
    return single("LRN", [("x", "f32", [2, 6, 3])], [("y", "f32", 3)], opset=13, check=False)


# LRNZERO: error: {{.*}}(LRN, opset 13): size must be positive (got 0)
def lrn_size_zero():
    return single("LRN", [("x", "f32", [2, 6, 3])], [("y", "f32", 3)], {"size": 0}, opset=13,
                  check=False)


# LP1-LABEL: func.func @main_graph
# LP1: %[[A:.*]] = nn.abs %arg0 : tensor<2x3xf32>
# LP1: %[[S:.*]] = nn.reduce_sum %[[A]] {axes = array<i64: 0>, keepdims = true} : tensor<2x3xf32> -> tensor<1x3xf32>
# LP1: nn.div %arg0, %[[S]]
def lp_norm_l1():
    return single("LpNormalization", [("x", "f32", [2, 3])], [("y", "f32")], {"axis": -2, "p": 1},
                  opset=13)


# LP3: error: {{.*}}(LpNormalization, opset 13): p must be 1 or 2 (got 3)
def lp_norm_p3():
    return single("LpNormalization", [("x", "f32", [2, 3])], [("y", "f32", 2)], {"p": 3},
                  opset=13, check=False)


main({f.__name__: f for f in [opset21, opset18, mish, no_groups, groups_not_dividing,
                              scale_per_channel_at_18, rank2, stash_double, lrn, lrn_no_size,
                              lrn_size_zero, lp_norm_l1, lp_norm_p3]})
