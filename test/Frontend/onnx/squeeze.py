# Squeeze -> nn.reshape dropping size-1 dims: `axes` attribute up to opset
# 12, optional input from opset 13; no axes drops every size-1 dim.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/v11_axes.onnx | FileCheck %s --check-prefix=V11AXES
# RUN: qat-translate --import-onnx %t/v11_all.onnx | FileCheck %s --check-prefix=V11ALL
# RUN: qat-translate --import-onnx %t/v13_axes.onnx | FileCheck %s --check-prefix=V13AXES
# RUN: qat-translate --import-onnx %t/v13_all.onnx | FileCheck %s --check-prefix=V13ALL

from onnx_fixture import array, main, single


# V11AXES-LABEL: func.func @main_graph(%arg0: tensor<2x1x3x1xf32> {qat.name = "x"}) -> (tensor<2x3xf32> {qat.name = "y"})
# V11AXES: %[[Y:.*]] = nn.reshape %arg0 : tensor<2x1x3x1xf32> -> tensor<2x3xf32>
# V11AXES: return %[[Y]]
def v11_axes():
    return single("Squeeze", [("x", "f32", [2, 1, 3, 1])], [("y", "f32")], dict(axes=[1, -1]),
                  opset=11)


# V11ALL-LABEL: func.func @main_graph
# V11ALL: nn.reshape %arg0 : tensor<1x3x1x4xf32> -> tensor<3x4xf32>
def v11_all():
    return single("Squeeze", [("x", "f32", [1, 3, 1, 4])], [("y", "f32", 2)], opset=11)


# Only axis 0 of [1, 3, 1]: the other 1 stays.
# V13AXES-LABEL: func.func @main_graph
# V13AXES: nn.reshape %arg0 : tensor<1x3x1xf32> -> tensor<3x1xf32>
def v13_axes():
    return single("Squeeze", [("x", "f32", [1, 3, 1])], [("y", "f32")],
                  initializers={"axes": array([0], "i64")})


# V13ALL-LABEL: func.func @main_graph
# V13ALL: nn.reshape %arg0 : tensor<1x1x5xf32> -> tensor<5xf32>
def v13_all():
    return single("Squeeze", [("x", "f32", [1, 1, 5])], [("y", "f32", 1)])


main({f.__name__: f for f in [v11_axes, v11_all, v13_axes, v13_all]})
