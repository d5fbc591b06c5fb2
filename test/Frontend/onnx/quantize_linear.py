# QuantizeLinear -> qat.quantize %x, %scale, %zero_point {bits = 8, is_signed
# from the zero point's type (int8 signed: the default, not printed; uint8:
# is_signed = false), axis for per-axis (opset 13, default axis 1)}. Without
# a zero point ONNX uses a uint8 zero point of 0. y has the zero point's type.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/uint8.onnx | FileCheck %s --check-prefix=UINT8
# RUN: qat-translate --import-onnx %t/int8.onnx | FileCheck %s --check-prefix=INT8
# RUN: qat-translate --import-onnx %t/no_zero_point.onnx | FileCheck %s --check-prefix=NOZP
# RUN: qat-translate --import-onnx %t/v10.onnx | FileCheck %s --check-prefix=V10
# RUN: qat-translate --import-onnx %t/per_axis0.onnx | FileCheck %s --check-prefix=PERAXIS0
# RUN: qat-translate --import-onnx %t/per_axis_default.onnx | FileCheck %s --check-prefix=PERAXISDEF
# RUN: qat-translate --import-onnx %t/per_axis_neg.onnx | FileCheck %s --check-prefix=PERAXISNEG

from onnx_fixture import array, main, single


def quant(shape, scale, zp=None, zp_t="u8", opset=13, **attrs):
    inits = {"scale": array(scale)}
    if zp is not None:
        inits["zp"] = array(zp, zp_t)
    return single("QuantizeLinear", [("x", "f32", shape)], [("y", zp_t)], attrs,
                  initializers=inits, opset=opset)


# UINT8-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x"}) -> (tensor<2x3xui8> {qat.name = "y"})
# UINT8-DAG: %[[S:.*]] = arith.constant dense<5.000000e-01> : tensor<f32>
# UINT8-DAG: %[[Z:.*]] = arith.constant dense<128> : tensor<ui8>
# UINT8: %[[Y:.*]] = qat.quantize %arg0, %[[S]], %[[Z]] {bits = 8 : i64, is_signed = false} : (tensor<2x3xf32>, tensor<f32>, tensor<ui8>) -> tensor<2x3xui8>
# UINT8: return %[[Y]]
def uint8():
    return quant([2, 3], 0.5, 128)


# INT8-LABEL: func.func @main_graph
# INT8-DAG: %[[S:.*]] = arith.constant dense<2.500000e-01> : tensor<f32>
# INT8-DAG: %[[Z:.*]] = arith.constant dense<-3> : tensor<i8>
# INT8: qat.quantize %arg0, %[[S]], %[[Z]] {bits = 8 : i64} : (tensor<1x3x2x2xf32>, tensor<f32>, tensor<i8>) -> tensor<1x3x2x2xi8>
def int8():
    return quant([1, 3, 2, 2], 0.25, -3, "i8")


# NOZP-LABEL: func.func @main_graph
# NOZP: %[[Z:.*]] = arith.constant dense<0> : tensor<ui8>
# NOZP: qat.quantize %arg0, %{{.*}}, %[[Z]] {bits = 8 : i64, is_signed = false} : (tensor<4xf32>, tensor<f32>, tensor<ui8>) -> tensor<4xui8>
def no_zero_point():
    return quant([4], 0.1)


# V10-LABEL: func.func @main_graph
# V10: qat.quantize %arg0, %{{.*}}, %{{.*}} {bits = 8 : i64} : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xi8>
def v10():
    return quant([4], 0.1, 0, "i8", opset=10)


# Per output channel of a weight [4, 3, 1, 1].
# PERAXIS0-LABEL: func.func @main_graph
# PERAXIS0-DAG: %[[S:.*]] = arith.constant dense<[1.000000e+00, 5.000000e-01, 2.500000e-01, 1.250000e-01]> : tensor<4xf32>
# PERAXIS0-DAG: %[[Z:.*]] = arith.constant dense<0> : tensor<4xi8>
# PERAXIS0: qat.quantize %arg0, %[[S]], %[[Z]] {axis = 0 : i64, bits = 8 : i64} : (tensor<4x3x1x1xf32>, tensor<4xf32>, tensor<4xi8>) -> tensor<4x3x1x1xi8>
def per_axis0():
    return quant([4, 3, 1, 1], [1, 0.5, 0.25, 0.125], [0, 0, 0, 0], "i8", axis=0)


# 1-D scale with no axis attribute: ONNX's default axis 1.
# PERAXISDEF-LABEL: func.func @main_graph
# PERAXISDEF: qat.quantize %arg0, %{{.*}}, %{{.*}} {axis = 1 : i64, bits = 8 : i64, is_signed = false} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xui8>) -> tensor<2x3xui8>
def per_axis_default():
    return quant([2, 3], [1, 2, 3], [10, 20, 30])


# axis -1 of rank 2 is 1.
# PERAXISNEG-LABEL: func.func @main_graph
# PERAXISNEG: qat.quantize %arg0, %{{.*}}, %{{.*}} {axis = 1 : i64, bits = 8 : i64} : (tensor<5x2xf32>, tensor<2xf32>, tensor<2xi8>) -> tensor<5x2xi8>
def per_axis_neg():
    return quant([5, 2], [1, 2], [0, 1], "i8", axis=-1)


main({f.__name__: f for f in [uint8, int8, no_zero_point, v10, per_axis0, per_axis_default,
                              per_axis_neg]})
