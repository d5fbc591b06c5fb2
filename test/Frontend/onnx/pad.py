# Pad -> nn.pad %x, %value {mode, pads}: pads lists every dim's begin, then
# every dim's end (negative pads crop); out = in + begin + end. Opset 2-10:
# `pads`, `mode`, `value` attributes (opset 1: `paddings`); opset 11+: pads
# and constant_value inputs (value default 0). The value operand is rank 0.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/v13_constant.onnx | FileCheck %s --check-prefix=V13CONST
# RUN: qat-translate --import-onnx %t/v13_no_value.onnx | FileCheck %s --check-prefix=V13NOVALUE
# RUN: qat-translate --import-onnx %t/v13_reflect.onnx | FileCheck %s --check-prefix=V13REFLECT
# RUN: qat-translate --import-onnx %t/v13_edge.onnx | FileCheck %s --check-prefix=V13EDGE
# RUN: qat-translate --import-onnx %t/v13_crop.onnx | FileCheck %s --check-prefix=V13CROP
# RUN: qat-translate --import-onnx %t/v13_int32.onnx | FileCheck %s --check-prefix=V13INT32
# RUN: qat-translate --import-onnx %t/v10_constant.onnx | FileCheck %s --check-prefix=V10CONST
# RUN: qat-translate --import-onnx %t/v6_reflect.onnx | FileCheck %s --check-prefix=V6REFLECT
# RUN: qat-translate --import-onnx %t/v9_edge_default.onnx | FileCheck %s --check-prefix=V9EDGE
# RUN: qat-translate --import-onnx %t/v1_paddings.onnx | FileCheck %s --check-prefix=V1PADDINGS

from onnx_fixture import array, main, single


def pad_inputs(shape, pads, value=None, t="f32", **attrs):
    inits = {"pads": array(pads, "i64")}
    if value is not None:
        inits["value"] = array(value, t)
    return single("Pad", [("x", t, shape)], [("y", t)], attrs, initializers=inits, opset=13)


def pad_attrs(shape, opset, **attrs):
    return single("Pad", [("x", "f32", shape)], [("y", "f32")], attrs, opset=opset)


# H 3 + 1 + 3 = 7, W 4 + 2 + 4 = 10.
# V13CONST-LABEL: func.func @main_graph(%arg0: tensor<1x2x3x4xf32> {qat.name = "x"}) -> (tensor<1x2x7x10xf32> {qat.name = "y"})
# V13CONST: %[[V:.*]] = arith.constant dense<5.000000e-01> : tensor<f32>
# V13CONST: %[[Y:.*]] = nn.pad %arg0, %[[V]] {mode = "constant", pads = array<i64: 0, 0, 1, 2, 0, 0, 3, 4>} : (tensor<1x2x3x4xf32>, tensor<f32>) -> tensor<1x2x7x10xf32>
# V13CONST: return %[[Y]]
def v13_constant():
    return pad_inputs([1, 2, 3, 4], [0, 0, 1, 2, 0, 0, 3, 4], 0.5)


# V13NOVALUE-LABEL: func.func @main_graph
# V13NOVALUE: %[[V:.*]] = arith.constant dense<0.000000e+00> : tensor<f32>
# V13NOVALUE: nn.pad %arg0, %[[V]] {mode = "constant", pads = array<i64: 1, 1, 1, 1>} : (tensor<3x4xf32>, tensor<f32>) -> tensor<5x6xf32>
def v13_no_value():
    return pad_inputs([3, 4], [1, 1, 1, 1])


# V13REFLECT-LABEL: func.func @main_graph
# V13REFLECT: nn.pad %arg0, %{{.*}} {mode = "reflect", pads = array<i64: 0, 0, 1, 2, 0, 0, 2, 1>} : (tensor<1x1x4x4xf32>, tensor<f32>) -> tensor<1x1x7x7xf32>
def v13_reflect():
    return pad_inputs([1, 1, 4, 4], [0, 0, 1, 2, 0, 0, 2, 1], mode="reflect")


# Begin d0 1, d1 0; end d0 0, d1 2.
# V13EDGE-LABEL: func.func @main_graph
# V13EDGE: nn.pad %arg0, %{{.*}} {mode = "edge", pads = array<i64: 1, 0, 0, 2>} : (tensor<3x4xf32>, tensor<f32>) -> tensor<4x6xf32>
def v13_edge():
    return pad_inputs([3, 4], [1, 0, 0, 2], mode="edge")


# Negative pads crop: W 4 - 1 - 1 = 2.
# V13CROP-LABEL: func.func @main_graph
# V13CROP: nn.pad %arg0, %{{.*}} {mode = "constant", pads = array<i64: 0, -1, 0, -1>} : (tensor<3x4xf32>, tensor<f32>) -> tensor<3x2xf32>
def v13_crop():
    return pad_inputs([3, 4], [0, -1, 0, -1])


# V13INT32-LABEL: func.func @main_graph
# V13INT32: %[[V:.*]] = arith.constant dense<7> : tensor<i32>
# V13INT32: nn.pad %arg0, %[[V]] {mode = "constant", pads = array<i64: 2, 0>} : (tensor<3xi32>, tensor<i32>) -> tensor<5xi32>
def v13_int32():
    return pad_inputs([3], [2, 0], 7, t="i32")


# Opset 10 attributes: begins [0, 1], ends [2, 0] on [3, 4] -> [5, 5].
# V10CONST-LABEL: func.func @main_graph
# V10CONST: %[[V:.*]] = arith.constant dense<1.500000e+00> : tensor<f32>
# V10CONST: nn.pad %arg0, %[[V]] {mode = "constant", pads = array<i64: 0, 1, 2, 0>} : (tensor<3x4xf32>, tensor<f32>) -> tensor<5x5xf32>
def v10_constant():
    return pad_attrs([3, 4], 10, pads=[0, 1, 2, 0], value=1.5)


# V6REFLECT-LABEL: func.func @main_graph
# V6REFLECT: nn.pad %arg0, %{{.*}} {mode = "reflect", pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<f32>) -> tensor<1x2x6x6xf32>
def v6_reflect():
    return pad_attrs([1, 2, 4, 4], 6, pads=[0, 0, 1, 1, 0, 0, 1, 1], mode="reflect")


# V9EDGE-LABEL: func.func @main_graph
# V9EDGE: nn.pad %arg0, %{{.*}} {mode = "edge", pads = array<i64: 0, 3, 0, 0>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x5xf32>
def v9_edge_default():
    return pad_attrs([2, 2], 9, pads=[0, 3, 0, 0], mode="edge")


# Pad-1: the attribute is `paddings`, laid out as its text says (every
# begin, then every end), not as its example's [0, 0, 2, 0] suggests.
# Begins [0, 2], ends [1, 0] on [3, 2] -> [4, 4].
# V1PADDINGS-LABEL: func.func @main_graph
# V1PADDINGS: %[[V:.*]] = arith.constant dense<2.500000e-01> : tensor<f32>
# V1PADDINGS: nn.pad %arg0, %[[V]] {mode = "constant", pads = array<i64: 0, 2, 1, 0>} : (tensor<3x2xf32>, tensor<f32>) -> tensor<4x4xf32>
def v1_paddings():
    return single("Pad", [("x", "f32", [3, 2])], [("y", "f32", 2)],
                  dict(paddings=[0, 2, 1, 0], value=0.25), opset=1)


main({f.__name__: f for f in [v13_constant, v13_no_value, v13_reflect, v13_edge, v13_crop,
                              v13_int32, v10_constant, v6_reflect, v9_edge_default,
                              v1_paddings]})
