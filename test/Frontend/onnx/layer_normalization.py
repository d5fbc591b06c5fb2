# LayerNormalization (opset 17) -> nn.layer_norm %x, %scale[, %bias] {axis,
# epsilon}: normalizes over dims axis..rank-1 (default axis -1, epsilon 1e-5).
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/last_axis.onnx | FileCheck %s --check-prefix=LAST
# RUN: qat-translate --import-onnx %t/axis1_no_bias.onnx | FileCheck %s --check-prefix=AXIS1
# RUN: qat-translate --import-onnx %t/neg_axis.onnx | FileCheck %s --check-prefix=NEGAXIS

from onnx_fixture import array, main, single
import numpy as np


# LAST-LABEL: func.func @main_graph(%arg0: tensor<2x3x4xf32> {qat.name = "x"}) -> (tensor<2x3x4xf32> {qat.name = "y"})
# LAST-DAG: %[[SCALE:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>
# LAST-DAG: %[[BIAS:.*]] = arith.constant dense<5.000000e-01> : tensor<4xf32>
# LAST: %[[Y:.*]] = nn.layer_norm %arg0, %[[SCALE]], %[[BIAS]] {axis = 2 : i64, epsilon = 9.99999974E-6 : f32} : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
# LAST: return %[[Y]]
def last_axis():
    return single("LayerNormalization", [("x", "f32", [2, 3, 4])], [("y", "f32")],
                  initializers={"scale": array([1, 2, 3, 4]),
                                "bias": np.full([4], 0.5, np.float32)}, opset=17)


# Over the last two dims, no bias, epsilon 1e-3.
# AXIS1-LABEL: func.func @main_graph
# AXIS1: nn.layer_norm %arg0, %arg1 {axis = 1 : i64, epsilon = 1.000000e-03 : f32} : (tensor<2x3x4xf32>, tensor<3x4xf32>) -> tensor<2x3x4xf32>
def axis1_no_bias():
    return single("LayerNormalization", [("x", "f32", [2, 3, 4]), ("scale", "f32", [3, 4])],
                  [("y", "f32")], dict(axis=1, epsilon=1e-3), opset=17)


# axis -2 of rank 4 is 2.
# NEGAXIS-LABEL: func.func @main_graph
# NEGAXIS: nn.layer_norm %arg0, %arg1, %arg2 {axis = 2 : i64, epsilon = 9.99999974E-6 : f32} : (tensor<1x2x3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<1x2x3x4xf32>
def neg_axis():
    return single("LayerNormalization", [("x", "f32", [1, 2, 3, 4]), ("scale", "f32", [3, 4]),
                                         ("bias", "f32", [3, 4])],
                  [("y", "f32")], dict(axis=-2), opset=17)


main({f.__name__: f for f in [last_axis, axis1_no_bias, neg_axis]})
