# Unsqueeze -> nn.reshape inserting size-1 dims: `axes` attribute up to
# opset 12, input from opset 13; axes index the output (rank + len(axes)).
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/v11_axes.onnx | FileCheck %s --check-prefix=V11AXES
# RUN: qat-translate --import-onnx %t/v11_neg.onnx | FileCheck %s --check-prefix=V11NEG
# RUN: qat-translate --import-onnx %t/v13_axes.onnx | FileCheck %s --check-prefix=V13AXES
# RUN: qat-translate --import-onnx %t/v13_scalar.onnx | FileCheck %s --check-prefix=V13SCALAR

from onnx_fixture import array, main, single


# [3, 4], axes [0, 3]: [1, 3, 4, 1].
# V11AXES-LABEL: func.func @main_graph(%arg0: tensor<3x4xf32> {qat.name = "x"}) -> (tensor<1x3x4x1xf32> {qat.name = "y"})
# V11AXES: %[[Y:.*]] = nn.reshape %arg0 : tensor<3x4xf32> -> tensor<1x3x4x1xf32>
# V11AXES: return %[[Y]]
def v11_axes():
    return single("Unsqueeze", [("x", "f32", [3, 4])], [("y", "f32")], dict(axes=[0, 3]),
                  opset=11)


# V11NEG-LABEL: func.func @main_graph
# V11NEG: nn.reshape %arg0 : tensor<2x3xf32> -> tensor<2x3x1xf32>
def v11_neg():
    return single("Unsqueeze", [("x", "f32", [2, 3])], [("y", "f32")], dict(axes=[-1]),
                  opset=11)


# [2, 3], axes [-1, 1] of rank 4 = {1, 3}: [2, 1, 3, 1].
# V13AXES-LABEL: func.func @main_graph
# V13AXES: nn.reshape %arg0 : tensor<2x3xf32> -> tensor<2x1x3x1xf32>
def v13_axes():
    return single("Unsqueeze", [("x", "f32", [2, 3])], [("y", "f32")],
                  initializers={"axes": array([-1, 1], "i64")})


# V13SCALAR-LABEL: func.func @main_graph
# V13SCALAR: nn.reshape %arg0 : tensor<f32> -> tensor<1xf32>
def v13_scalar():
    return single("Unsqueeze", [("x", "f32", [])], [("y", "f32")],
                  initializers={"axes": array([0], "i64")})


main({f.__name__: f for f in [v11_axes, v11_neg, v13_axes, v13_scalar]})
