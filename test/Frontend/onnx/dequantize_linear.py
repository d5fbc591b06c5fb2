# DequantizeLinear -> qat.dequantize %x, %scale, %zero_point {bits = 8,
# is_signed from the integer type (signed is the default and not printed),
# axis for per-axis (opset 13, default axis 1)}: y = (x - zp) * scale, f32.
# Without a zero point it is 0 of x's type.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/uint8.onnx | FileCheck %s --check-prefix=UINT8
# RUN: qat-translate --import-onnx %t/int8.onnx | FileCheck %s --check-prefix=INT8
# RUN: qat-translate --import-onnx %t/no_zero_point.onnx | FileCheck %s --check-prefix=NOZP
# RUN: qat-translate --import-onnx %t/per_axis0.onnx | FileCheck %s --check-prefix=PERAXIS0
# RUN: qat-translate --import-onnx %t/per_axis_default.onnx | FileCheck %s --check-prefix=PERAXISDEF
# RUN: qat-translate --import-onnx %t/const_weight.onnx | FileCheck %s --check-prefix=CONSTW
# RUN: qat-translate --import-onnx %t/qdq.onnx | FileCheck %s --check-prefix=QDQ

from onnx_fixture import array, graph_model, main, node, single


def dequant(shape, x_t, scale, zp=None, opset=13, **attrs):
    inits = {"scale": array(scale)}
    if zp is not None:
        inits["zp"] = array(zp, x_t)
    return single("DequantizeLinear", [("x", x_t, shape)], [("y", "f32")], attrs,
                  initializers=inits, opset=opset)


# UINT8-LABEL: func.func @main_graph(%arg0: tensor<2x3xui8> {qat.name = "x"}) -> (tensor<2x3xf32> {qat.name = "y"})
# UINT8-DAG: %[[S:.*]] = arith.constant dense<5.000000e-01> : tensor<f32>
# UINT8-DAG: %[[Z:.*]] = arith.constant dense<128> : tensor<ui8>
# UINT8: %[[Y:.*]] = qat.dequantize %arg0, %[[S]], %[[Z]] {bits = 8 : i64, is_signed = false} : (tensor<2x3xui8>, tensor<f32>, tensor<ui8>) -> tensor<2x3xf32>
# UINT8: return %[[Y]]
def uint8():
    return dequant([2, 3], "u8", 0.5, 128)


# INT8-LABEL: func.func @main_graph
# INT8: qat.dequantize %arg0, %{{.*}}, %{{.*}} {bits = 8 : i64} : (tensor<1x3x2x2xi8>, tensor<f32>, tensor<i8>) -> tensor<1x3x2x2xf32>
def int8():
    return dequant([1, 3, 2, 2], "i8", 0.25, -3, opset=10)


# NOZP-LABEL: func.func @main_graph
# NOZP: %[[Z:.*]] = arith.constant dense<0> : tensor<i8>
# NOZP: qat.dequantize %arg0, %{{.*}}, %[[Z]] {bits = 8 : i64} : (tensor<4xi8>, tensor<f32>, tensor<i8>) -> tensor<4xf32>
def no_zero_point():
    return dequant([4], "i8", 0.1)


# PERAXIS0-LABEL: func.func @main_graph
# PERAXIS0: qat.dequantize %arg0, %{{.*}}, %{{.*}} {axis = 0 : i64, bits = 8 : i64} : (tensor<4x3xi8>, tensor<4xf32>, tensor<4xi8>) -> tensor<4x3xf32>
def per_axis0():
    return dequant([4, 3], "i8", [1, 2, 3, 4], [0, 0, 0, 0], axis=0)


# PERAXISDEF-LABEL: func.func @main_graph
# PERAXISDEF: qat.dequantize %arg0, %{{.*}}, %{{.*}} {axis = 1 : i64, bits = 8 : i64, is_signed = false} : (tensor<1x3x2x2xui8>, tensor<3xf32>, tensor<3xui8>) -> tensor<1x3x2x2xf32>
def per_axis_default():
    return dequant([1, 3, 2, 2], "u8", [1, 2, 3], [1, 2, 3])


# A quantized weight initializer, dequantized per output channel (QDQ models).
# CONSTW-LABEL: func.func @main_graph
# CONSTW-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}1, -2], [3, -4]]> : tensor<2x2xi8>
# CONSTW: qat.dequantize %[[W]], %{{.*}}, %{{.*}} {axis = 0 : i64, bits = 8 : i64} : (tensor<2x2xi8>, tensor<2xf32>, tensor<2xi8>) -> tensor<2x2xf32>
def const_weight():
    return single("DequantizeLinear", [], [("y", "f32")], dict(axis=0),
                  initializers={"w": array([[1, -2], [3, -4]], "i8"),
                                "scale": array([0.5, 0.25]), "zp": array([0, 0], "i8")})


# Q then DQ (fake quantization in a QDQ model).
# QDQ-LABEL: func.func @main_graph
# QDQ: %[[Q:.*]] = qat.quantize %arg0, %[[S:.*]], %[[Z:.*]] {bits = 8 : i64, is_signed = false} : (tensor<2x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<2x4xui8>
# QDQ: %[[D:.*]] = qat.dequantize %[[Q]], %[[S]], %[[Z]] {bits = 8 : i64, is_signed = false} : (tensor<2x4xui8>, tensor<f32>, tensor<ui8>) -> tensor<2x4xf32>
# QDQ: return %[[D]]
def qdq():
    return graph_model([node("QuantizeLinear", ["x", "s", "z"], ["q"]),
                        node("DequantizeLinear", ["q", "s", "z"], ["y"])],
                       [("x", "f32", [2, 4])], [("y", "f32")],
                       {"s": array(0.05), "z": array(100, "u8")})


main({f.__name__: f for f in [uint8, int8, no_zero_point, per_axis0, per_axis_default,
                              const_weight, qdq]})
