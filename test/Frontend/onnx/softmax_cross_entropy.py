# SoftmaxCrossEntropyLoss (opset 12/13) -> nn.log_softmax along the classes
# (axis 1, for [N, C] and [N, C, d1, ...] alike) then nn.nll_loss of it with
# the node's weights, reduction ("mean" by default) and ignore_index. The
# optional second output log_prob is the nn.log_softmax.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/mean.onnx | FileCheck %s --check-prefix=MEAN
# RUN: qat-translate --import-onnx %t/log_prob_weight_ii.onnx | FileCheck %s --check-prefix=LOGPROB
# RUN: qat-translate --import-onnx %t/none_v12.onnx | FileCheck %s --check-prefix=NONE
# RUN: not qat-translate --import-onnx %t/rank1.onnx 2>&1 | FileCheck %s --check-prefix=RANK1
# RUN: not qat-translate --import-onnx %t/bad_reduction.onnx 2>&1 | FileCheck %s --check-prefix=REDUCTION

from onnx_fixture import main, single


# MEAN-LABEL: func.func @main_graph(%arg0: tensor<3x5xf32> {qat.name = "x"}, %arg1: tensor<3xi64> {qat.name = "y"}) -> (tensor<f32> {qat.name = "z"})
# MEAN: %[[P:.*]] = nn.log_softmax %arg0 axis = 1 : tensor<3x5xf32>
# MEAN: %[[Z:.*]] = nn.nll_loss %[[P]], %arg1 {reduction = "mean"} : (tensor<3x5xf32>, tensor<3xi64>) -> tensor<f32>
# MEAN: return %[[Z]] : tensor<f32>
def mean():
    return single("SoftmaxCrossEntropyLoss", [("x", "f32", [3, 5]), ("y", "i64", [3])],
                  [("z", "f32")])


# [N, C, d1, d2]: log_softmax on axis 1, both outputs.
# LOGPROB-LABEL: func.func @main_graph(%arg0: tensor<3x5x2x7xf32> {qat.name = "x"}, %arg1: tensor<3x2x7xi64> {qat.name = "y"}, %arg2: tensor<5xf32> {qat.name = "w"}) -> (tensor<f32> {qat.name = "z"}, tensor<3x5x2x7xf32> {qat.name = "log_prob"})
# LOGPROB: %[[P:.*]] = nn.log_softmax %arg0 axis = 1 : tensor<3x5x2x7xf32>
# LOGPROB: %[[Z:.*]] = nn.nll_loss %[[P]], %arg1 weight(%arg2) {ignore_index = 2 : i64, reduction = "mean"} : (tensor<3x5x2x7xf32>, tensor<3x2x7xi64>, tensor<5xf32>) -> tensor<f32>
# LOGPROB: return %[[Z]], %[[P]] : tensor<f32>, tensor<3x5x2x7xf32>
def log_prob_weight_ii():
    return single("SoftmaxCrossEntropyLoss",
                  [("x", "f32", [3, 5, 2, 7]), ("y", "i64", [3, 2, 7]), ("w", "f32", [5])],
                  [("z", "f32"), ("log_prob", "f32")], dict(ignore_index=2))


# NONE-LABEL: func.func @main_graph
# NONE: %[[P:.*]] = nn.log_softmax %arg0 axis = 1 : tensor<2x4x3xf64>
# NONE: nn.nll_loss %[[P]], %arg1 {reduction = "none"} : (tensor<2x4x3xf64>, tensor<2x3xi32>) -> tensor<2x3xf64>
def none_v12():
    return single("SoftmaxCrossEntropyLoss", [("x", "f64", [2, 4, 3]), ("y", "i32", [2, 3])],
                  [("z", "f64")], dict(reduction="none"), opset=12)


# RANK1: error: {{.*}}node 'softmaxcrossentropyloss_0' (SoftmaxCrossEntropyLoss, opset 13): the scores must be [N, C] or [N, C, d1, ...]
def rank1():
    return single("SoftmaxCrossEntropyLoss", [("x", "f32", [5]), ("y", "i64", [1])],
                  [("z", "f32", 0)], check=False)


# REDUCTION: error: {{.*}}(SoftmaxCrossEntropyLoss, opset 13): reduction must be 'none', 'sum' or 'mean', got 'avg'
def bad_reduction():
    return single("SoftmaxCrossEntropyLoss", [("x", "f32", [3, 5]), ("y", "i64", [3])],
                  [("z", "f32", 0)], dict(reduction="avg"), check=False)


main({f.__name__: f for f in [mean, log_prob_weight_ii, none_v12, rank1, bad_reduction]})
