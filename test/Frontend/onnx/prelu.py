# PRelu -> nn.prelu %x, %slope: slope broadcasts unidirectionally to x.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/channel.onnx | FileCheck %s --check-prefix=CHANNEL
# RUN: qat-translate --import-onnx %t/shared.onnx | FileCheck %s --check-prefix=SHARED
# RUN: qat-translate --import-onnx %t/input_slope.onnx | FileCheck %s --check-prefix=INPUT

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


main({f.__name__: f for f in [channel, shared, input_slope]})
