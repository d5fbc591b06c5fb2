# Concat -> nn.concat {axis} (negative axes from opset 11, normalized). Concat-1
# (opsets 1-3) defaults the axis to 1; from opset 4 it is required.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/three.onnx | FileCheck %s --check-prefix=THREE
# RUN: qat-translate --import-onnx %t/neg_axis.onnx | FileCheck %s --check-prefix=NEGAXIS
# RUN: qat-translate --import-onnx %t/with_const.onnx | FileCheck %s --check-prefix=WITHCONST
# RUN: qat-translate --import-onnx %t/v3_default_axis.onnx | FileCheck %s --check-prefix=V3DEFAULT
# RUN: not qat-translate --import-onnx %t/v4_no_axis.onnx 2>&1 | FileCheck %s --check-prefix=V4NOAXIS

from onnx_fixture import main, single
import numpy as np


# THREE-LABEL: func.func @main_graph(%arg0: tensor<1x2x4xf32> {qat.name = "a"}, %arg1: tensor<1x3x4xf32> {qat.name = "b"}, %arg2: tensor<1x1x4xf32> {qat.name = "c"}) -> (tensor<1x6x4xf32> {qat.name = "y"})
# THREE: %[[Y:.*]] = nn.concat %arg0, %arg1, %arg2 {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x3x4xf32>, tensor<1x1x4xf32>) -> tensor<1x6x4xf32>
# THREE: return %[[Y]]
def three():
    return single("Concat", [("a", "f32", [1, 2, 4]), ("b", "f32", [1, 3, 4]),
                             ("c", "f32", [1, 1, 4])], [("y", "f32")], dict(axis=1))


# NEGAXIS-LABEL: func.func @main_graph
# NEGAXIS: nn.concat %arg0, %arg1 {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
def neg_axis():
    return single("Concat", [("a", "f32", [2, 3]), ("b", "f32", [2, 5])], [("y", "f32")],
                  dict(axis=-1), opset=11)


# WITHCONST-LABEL: func.func @main_graph
# WITHCONST: %[[C:.*]] = arith.constant dense<0.000000e+00> : tensor<1x4xf32>
# WITHCONST: nn.concat %[[C]], %arg0 {axis = 0 : i64} : (tensor<1x4xf32>, tensor<3x4xf32>) -> tensor<4x4xf32>
def with_const():
    return single("Concat", [("x", "f32", [3, 4])], [("y", "f32")], dict(axis=0),
                  initializers={"z": np.zeros([1, 4], np.float32)}, node_inputs=["z", "x"],
                  opset=6)


# Concat-1 (opsets 1-3): axis is optional, default 1.
# V3DEFAULT-LABEL: func.func @main_graph
# V3DEFAULT: nn.concat %arg0, %arg1 {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
def v3_default_axis():
    return single("Concat", [("a", "f32", [2, 3]), ("b", "f32", [2, 5])], [("y", "f32", 2)],
                  opset=3)


# From opset 4 the axis is required.
# V4NOAXIS: error: {{.*}}node 'concat_0' (Concat, opset 4): the axis attribute is required
def v4_no_axis():
    return single("Concat", [("a", "f32", [2, 3]), ("b", "f32", [2, 5])], [("y", "f32", 2)],
                  opset=4, check=False)


main({f.__name__: f for f in [three, neg_axis, with_const, v3_default_axis, v4_no_axis]})
