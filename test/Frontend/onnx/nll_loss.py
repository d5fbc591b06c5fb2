# NegativeLogLikelihoodLoss (opset 12/13) -> nn.nll_loss %input, %target
# [weight(%w)] {reduction, ignore_index}: input [N, C, d...] of
# log-probabilities, target [N, d...]; reduction "mean" by default (divided
# by the sum of the weights of the elements not ignored), "sum" or "none".
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/nc_none.onnx | FileCheck %s --check-prefix=NONE
# RUN: qat-translate --import-onnx %t/default_mean.onnx | FileCheck %s --check-prefix=MEAN
# RUN: qat-translate --import-onnx %t/weight_ii_sum.onnx | FileCheck %s --check-prefix=WEIGHTII
# RUN: qat-translate --import-onnx %t/int32_target_v12.onnx | FileCheck %s --check-prefix=INT32
# RUN: not qat-translate --import-onnx %t/bad_reduction.onnx 2>&1 | FileCheck %s --check-prefix=REDUCTION
# RUN: not qat-translate --import-onnx %t/bad_target_shape.onnx 2>&1 | FileCheck %s --check-prefix=TARGET
# RUN: not qat-translate --import-onnx %t/bad_weight.onnx 2>&1 | FileCheck %s --check-prefix=WEIGHT
# RUN: not qat-translate --import-onnx %t/float_target.onnx 2>&1 | FileCheck %s --check-prefix=FLOATTARGET
# RUN: not qat-translate --import-onnx %t/rank1.onnx 2>&1 | FileCheck %s --check-prefix=RANK1

from onnx_fixture import array, main, single


# NONE-LABEL: func.func @main_graph(%arg0: tensor<3x5xf32> {qat.name = "input"}, %arg1: tensor<3xi64> {qat.name = "target"}) -> (tensor<3xf32> {qat.name = "loss"})
# NONE: %[[L:.*]] = nn.nll_loss %arg0, %arg1 {reduction = "none"} : (tensor<3x5xf32>, tensor<3xi64>) -> tensor<3xf32>
# NONE: return %[[L]] : tensor<3xf32>
def nc_none():
    return single("NegativeLogLikelihoodLoss",
                  [("input", "f32", [3, 5]), ("target", "i64", [3])], [("loss", "f32")],
                  dict(reduction="none"))


# MEAN-LABEL: func.func @main_graph
# MEAN: nn.nll_loss %arg0, %arg1 {reduction = "mean"} : (tensor<3x5x2x4xf32>, tensor<3x2x4xi64>) -> tensor<f32>
def default_mean():
    return single("NegativeLogLikelihoodLoss",
                  [("input", "f32", [3, 5, 2, 4]), ("target", "i64", [3, 2, 4])],
                  [("loss", "f32")])


# WEIGHTII-LABEL: func.func @main_graph
# WEIGHTII: %[[W:.*]] = arith.constant dense<[1.000000e+00, 5.000000e-01, 2.000000e+00, 1.000000e+00, 2.500000e-01]> : tensor<5xf32>
# WEIGHTII: nn.nll_loss %arg0, %arg1 weight(%[[W]]) {ignore_index = -1 : i64, reduction = "sum"} : (tensor<3x5x6xf32>, tensor<3x6xi64>, tensor<5xf32>) -> tensor<f32>
def weight_ii_sum():
    return single("NegativeLogLikelihoodLoss",
                  [("input", "f32", [3, 5, 6]), ("target", "i64", [3, 6])], [("loss", "f32")],
                  dict(reduction="sum", ignore_index=-1),
                  initializers={"w": array([1, 0.5, 2, 1, 0.25])})


# INT32-LABEL: func.func @main_graph
# INT32: nn.nll_loss %arg0, %arg1 weight(%arg2) {reduction = "none"} : (tensor<2x3xf64>, tensor<2xi32>, tensor<3xf64>) -> tensor<2xf64>
def int32_target_v12():
    return single("NegativeLogLikelihoodLoss",
                  [("input", "f64", [2, 3]), ("target", "i32", [2]), ("w", "f64", [3])],
                  [("loss", "f64")], dict(reduction="none"), opset=12)


# REDUCTION: error: {{.*}}node 'negativeloglikelihoodloss_0' (NegativeLogLikelihoodLoss, opset 13): reduction must be 'none', 'sum' or 'mean', got 'max'
def bad_reduction():
    return single("NegativeLogLikelihoodLoss",
                  [("input", "f32", [3, 5]), ("target", "i64", [3])], [("loss", "f32", 0)],
                  dict(reduction="max"), check=False)


# TARGET: error: {{.*}}(NegativeLogLikelihoodLoss, opset 13): nll_loss target must have shape [3,2], got [3,4]
def bad_target_shape():
    return single("NegativeLogLikelihoodLoss",
                  [("input", "f32", [3, 5, 2]), ("target", "i64", [3, 4])], [("loss", "f32", 0)],
                  check=False)


# WEIGHT: error: {{.*}}(NegativeLogLikelihoodLoss, opset 13): nll_loss weight must be [5] of the input's element type
def bad_weight():
    return single("NegativeLogLikelihoodLoss",
                  [("input", "f32", [3, 5]), ("target", "i64", [3]), ("w", "f32", [4])],
                  [("loss", "f32", 0)], check=False)


# FLOATTARGET: error: {{.*}}(NegativeLogLikelihoodLoss, opset 13): the target must be an integer tensor (int32 or int64)
def float_target():
    return single("NegativeLogLikelihoodLoss",
                  [("input", "f32", [3, 5]), ("target", "f32", [3])], [("loss", "f32", 0)],
                  check=False)


# RANK1: error: {{.*}}(NegativeLogLikelihoodLoss, opset 13): nll_loss input must be [N, C, d...]
def rank1():
    return single("NegativeLogLikelihoodLoss",
                  [("input", "f32", [5]), ("target", "i64", [1])], [("loss", "f32", 0)],
                  check=False)


main({f.__name__: f for f in [nc_none, default_mean, weight_ii_sum, int32_target_v12,
                              bad_reduction, bad_target_shape, bad_weight, float_target,
                              rank1]})
