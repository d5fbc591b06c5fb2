# PRelu -> nn.prelu %x, %slope: slope broadcasts unidirectionally to x (opset
# 7+). Before opset 7 a 1-D slope of C values is per channel (dim 1 of
# N x C x ...), not aligned with the last dim: it is reshaped to [C, 1, ...];
# a one-element slope is shared. (Values: legacy_numerics.py.)
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/channel.onnx | FileCheck %s --check-prefix=CHANNEL
# RUN: qat-translate --import-onnx %t/shared.onnx | FileCheck %s --check-prefix=SHARED
# RUN: qat-translate --import-onnx %t/input_slope.onnx | FileCheck %s --check-prefix=INPUT
# RUN: qat-translate --import-onnx %t/v6_channel.onnx | FileCheck %s --check-prefix=V6CHANNEL
# RUN: qat-translate --import-onnx %t/v1_channel_const.onnx | FileCheck %s --check-prefix=V1CONST
# RUN: qat-translate --import-onnx %t/v6_shared.onnx | FileCheck %s --check-prefix=V6SHARED
# RUN: qat-translate --import-onnx %t/v6_nc.onnx | FileCheck %s --check-prefix=V6NC
# RUN: qat-translate --import-onnx %t/v6_same_shape.onnx | FileCheck %s --check-prefix=V6SAME
# RUN: not qat-translate --import-onnx %t/v6_bad_slope.onnx 2>&1 | FileCheck %s --check-prefix=V6BAD
# RUN: qat-translate --import-onnx %t/v7_last_dim.onnx | FileCheck %s --check-prefix=V7LAST

from onnx_fixture import array, main, single


# Per-channel slope [3, 1, 1] on NCHW, as PyTorch exports nn.PReLU(3).
# CHANNEL-LABEL: func.func @main_graph(%arg0: tensor<1x3x4x4xf32> {qat.name = "x"}) -> (tensor<1x3x4x4xf32> {qat.name = "y"})
# CHANNEL: %[[S:.*]] = arith.constant dense<{{\[\[\[}}2.500000e-01]], {{\[\[}}5.000000e-01]], {{\[\[}}7.500000e-01]]]> : tensor<3x1x1xf32>
# CHANNEL: nn.prelu %arg0, %[[S]] : (tensor<1x3x4x4xf32>, tensor<3x1x1xf32>) -> tensor<1x3x4x4xf32>
def channel():
    return single("PRelu", [("x", "f32", [1, 3, 4, 4])], [("y", "f32")],
                  initializers={"slope": array([0.25, 0.5, 0.75]).reshape(3, 1, 1)}, opset=9)


# One shared slope of shape [1].
# SHARED-LABEL: func.func @main_graph
# SHARED: %[[S:.*]] = arith.constant dense<2.500000e-01> : tensor<1xf32>
# SHARED: nn.prelu %arg0, %[[S]] : (tensor<2x5xf32>, tensor<1xf32>) -> tensor<2x5xf32>
def shared():
    return single("PRelu", [("x", "f32", [2, 5])], [("y", "f32")],
                  initializers={"slope": array([0.25])}, opset=16)


# INPUT-LABEL: func.func @main_graph
# INPUT: nn.prelu %arg0, %arg1 : (tensor<2x3x5xf32>, tensor<5xf32>) -> tensor<2x3x5xf32>
def input_slope():
    return single("PRelu", [("x", "f32", [2, 3, 5]), ("slope", "f32", [5])], [("y", "f32")])


# Opset 6: slope [3] on 2 x 3 x 4 x 5 runs along the channels (C = 3), which
# numpy broadcasting would refuse (it aligns [3] with the last dim, 5).
# V6CHANNEL-LABEL: func.func @main_graph(%arg0: tensor<2x3x4x5xf32> {qat.name = "x"}, %arg1: tensor<3xf32> {qat.name = "slope"}) -> (tensor<2x3x4x5xf32> {qat.name = "y"})
# V6CHANNEL: %[[S:.*]] = nn.reshape %arg1 : tensor<3xf32> -> tensor<3x1x1xf32>
# V6CHANNEL: %[[Y:.*]] = nn.prelu %arg0, %[[S]] : (tensor<2x3x4x5xf32>, tensor<3x1x1xf32>) -> tensor<2x3x4x5xf32>
# V6CHANNEL: return %[[Y]]
def v6_channel():
    return single("PRelu", [("x", "f32", [2, 3, 4, 5]), ("slope", "f32", [3])],
                  [("y", "f32", 4)], opset=6)


# Opset 1 (consumed_inputs, ignored), a constant per-channel slope on a 1-D
# feature map, C = 4 = the last dim: per channel still wins before opset 7.
# V1CONST-LABEL: func.func @main_graph
# V1CONST: %[[S:.*]] = arith.constant dense<{{\[\[}}1.000000e-01], [2.000000e-01], [3.000000e-01], [4.000000e-01]]> : tensor<4x1xf32>
# V1CONST: nn.prelu %arg0, %[[S]] : (tensor<1x4x4xf32>, tensor<4x1xf32>) -> tensor<1x4x4xf32>
def v1_channel_const():
    return single("PRelu", [("x", "f32", [1, 4, 4])], [("y", "f32", 3)],
                  dict(consumed_inputs=[0]),
                  initializers={"slope": array([0.1, 0.2, 0.3, 0.4])}, opset=1)


# A one-element slope is shared.
# V6SHARED-LABEL: func.func @main_graph
# V6SHARED: nn.prelu %arg0, %arg1 : (tensor<1x3x4x4xf32>, tensor<1xf32>) -> tensor<1x3x4x4xf32>
def v6_shared():
    return single("PRelu", [("x", "f32", [1, 3, 4, 4]), ("slope", "f32", [1])],
                  [("y", "f32", 4)], opset=6)


# N x C input: the channels are the last dim; no reshape needed.
# V6NC-LABEL: func.func @main_graph
# V6NC-NOT: nn.reshape
# V6NC: nn.prelu %arg0, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
def v6_nc():
    return single("PRelu", [("x", "f32", [2, 3]), ("slope", "f32", [3])],
                  [("y", "f32", 2)], opset=6)


# A slope of the input's shape applies elementwise.
# V6SAME-LABEL: func.func @main_graph
# V6SAME: nn.prelu %arg0, %arg1 : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
def v6_same_shape():
    return single("PRelu", [("x", "f32", [2, 3, 4]), ("slope", "f32", [2, 3, 4])],
                  [("y", "f32", 3)], opset=6)


# Neither one value, nor one per channel, nor broadcastable.
# V6BAD: error: {{.*}}node 'prelu_0' (PRelu, opset 6): shapes [2,3,4,5] and [4] do not broadcast
def v6_bad_slope():
    return single("PRelu", [("x", "f32", [2, 3, 4, 5]), ("slope", "f32", [4])],
                  [("y", "f32", 4)], opset=6, check=False)


# From opset 7 a [5] slope aligns with the last dim, numpy-style.
# V7LAST-LABEL: func.func @main_graph
# V7LAST-NOT: nn.reshape
# V7LAST: nn.prelu %arg0, %arg1 : (tensor<2x3x4x5xf32>, tensor<5xf32>) -> tensor<2x3x4x5xf32>
def v7_last_dim():
    return single("PRelu", [("x", "f32", [2, 3, 4, 5]), ("slope", "f32", [5])],
                  [("y", "f32", 4)], opset=7)


main({f.__name__: f for f in [channel, shared, input_slope, v6_channel, v1_channel_const,
                              v6_shared, v6_nc, v6_same_shape, v6_bad_slope, v7_last_dim]})
