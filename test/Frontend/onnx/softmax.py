# Softmax -> nn.softmax axis = <axis>. Opset 13: along one axis (default -1).
# Before opset 13 the input is coerced to 2-D [prod(d[:axis]), prod(d[axis:])]
# (default axis 1) and normalized along the second dim, so the importer
# reshapes to 2-D, applies axis 1 and reshapes back.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/v13_default.onnx | FileCheck %s --check-prefix=V13DEF
# RUN: qat-translate --import-onnx %t/v13_axis1.onnx | FileCheck %s --check-prefix=V13AXIS1
# RUN: qat-translate --import-onnx %t/v11_coerce.onnx | FileCheck %s --check-prefix=V11COERCE
# RUN: qat-translate --import-onnx %t/v11_axis0.onnx | FileCheck %s --check-prefix=V11AXIS0
# RUN: qat-translate --import-onnx %t/v11_2d.onnx | FileCheck %s --check-prefix=V112D
# RUN: qat-translate --import-onnx %t/v11_last.onnx | FileCheck %s --check-prefix=V11LAST

from onnx_fixture import main, single


def softmax(shape, opset, **attrs):
    return single("Softmax", [("x", "f32", shape)], [("y", "f32")], attrs, opset=opset)


# Default axis -1 of a rank-3 input is axis 2.
# V13DEF-LABEL: func.func @main_graph(%arg0: tensor<2x3x4xf32> {qat.name = "x"}) -> (tensor<2x3x4xf32> {qat.name = "y"})
# V13DEF: %[[Y:.*]] = nn.softmax %arg0 axis = 2 : tensor<2x3x4xf32>
# V13DEF: return %[[Y]]
def v13_default():
    return softmax([2, 3, 4], 13)


# Opset 13, axis 1 of NCHW: no reshape.
# V13AXIS1-LABEL: func.func @main_graph
# V13AXIS1-NOT: nn.reshape
# V13AXIS1: nn.softmax %arg0 axis = 1 : tensor<1x5x2x2xf32>
# V13AXIS1-NOT: nn.reshape
def v13_axis1():
    return softmax([1, 5, 2, 2], 13, axis=1)


# Opset 11, default axis 1 on [2, 3, 4]: coerced to [2, 12].
# V11COERCE-LABEL: func.func @main_graph(%arg0: tensor<2x3x4xf32> {qat.name = "x"}) -> (tensor<2x3x4xf32> {qat.name = "y"})
# V11COERCE: %[[FLAT:.*]] = nn.reshape %arg0 : tensor<2x3x4xf32> -> tensor<2x12xf32>
# V11COERCE: %[[S:.*]] = nn.softmax %[[FLAT]] axis = 1 : tensor<2x12xf32>
# V11COERCE: %[[Y:.*]] = nn.reshape %[[S]] : tensor<2x12xf32> -> tensor<2x3x4xf32>
# V11COERCE: return %[[Y]]
def v11_coerce():
    return softmax([2, 3, 4], 11)


# Opset 11, axis 0: one normalization over all 6 elements ([1, 6]).
# V11AXIS0-LABEL: func.func @main_graph
# V11AXIS0: %[[FLAT:.*]] = nn.reshape %arg0 : tensor<2x3xf32> -> tensor<1x6xf32>
# V11AXIS0: %[[S:.*]] = nn.softmax %[[FLAT]] axis = 1 : tensor<1x6xf32>
# V11AXIS0: nn.reshape %[[S]] : tensor<1x6xf32> -> tensor<2x3xf32>
def v11_axis0():
    return softmax([2, 3], 11, axis=0)


# Opset 11 on a 2-D input with the default axis 1: already 2-D.
# V112D-LABEL: func.func @main_graph
# V112D-NOT: nn.reshape
# V112D: nn.softmax %arg0 axis = 1 : tensor<4x10xf32>
# V112D-NOT: nn.reshape
def v11_2d():
    return softmax([4, 10], 11)


# Opset 11, axis -1 on [2, 3, 4]: [6, 4] along dim 1 is the same as axis 2
# on the 3-D tensor; either form is right, the result type must be 2x3x4.
# V11LAST-LABEL: func.func @main_graph(%arg0: tensor<2x3x4xf32> {qat.name = "x"}) -> (tensor<2x3x4xf32> {qat.name = "y"})
# V11LAST: nn.softmax %{{.*}} axis = {{1 : tensor<6x4xf32>|2 : tensor<2x3x4xf32>}}
def v11_last():
    return softmax([2, 3, 4], 11, axis=-1)


main({f.__name__: f for f in [v13_default, v13_axis1, v11_coerce, v11_axis0, v11_2d, v11_last]})
