# ConvInteger, MatMulInteger, QLinearConv, QLinearMatMul: with 8-bit
# activations, a per-tensor activation zero point and a constant signed
# weight with zero point 0, the accumulator is qat.int_conv / qat.int_matmul
# (the activation zero point as the pad value and a bias of -z * sum(w));
# otherwise the integer operands are cast to f64 and centred on their zero
# points and the float op accumulates exactly. The result is i32
# (…Integer) or requantized through qat.quantize with scale 1 after
# multiplying by a_s * b_s / y_s (QLinear…). ONNX's backend tests check the
# numbers (test/e2e/conformance.test).
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/conv_integer.onnx | FileCheck %s --check-prefix=CONVINT
# RUN: qat-translate --import-onnx %t/matmul_integer.onnx | FileCheck %s --check-prefix=MMINT
# RUN: qat-translate --import-onnx %t/qlinear_conv.onnx | FileCheck %s --check-prefix=QCONV
# RUN: qat-translate --import-onnx %t/qlinear_matmul.onnx | FileCheck %s --check-prefix=QMM

import numpy as np

from onnx_fixture import array, single

# CONVINT-LABEL: func.func @main_graph(%arg0: tensor<1x2x4x4xui8> {qat.name = "x"}) -> (tensor<1x3x3x3xi32> {qat.name = "y"})
# The zero point 3 pads, and its products with the 8 ones of each filter
# leave the sum through the bias.
# CONVINT-DAG: %[[B:.*]] = arith.constant dense<-24> : tensor<3xi32>
# CONVINT-DAG: %[[W:.*]] = arith.constant dense<1> : tensor<3x2x2x2xi8>
# CONVINT: %[[C:.*]] = qat.int_conv %arg0, %[[W]], %[[B]] {{{.*}}pad_value = 3 : i64{{.*}}} : (tensor<1x2x4x4xui8>, tensor<3x2x2x2xi8>, tensor<3xi32>) -> tensor<1x3x3x3xi32>
# CONVINT: return %[[C]]
def conv_integer():
    return single("ConvInteger", [("x", "u8", [1, 2, 4, 4])], [("y", "i32")],
                  initializers={"w": array(np.ones([3, 2, 2, 2]), "i8"), "xz": array(3, "u8")},
                  opset=13)


# MMINT-LABEL: func.func @main_graph
# Unsigned weights have no integer kernel: f64. A's zero point runs along
# its rows: [2] -> [2, 1].
# MMINT: nn.reshape %{{.*}} : tensor<2xf64> -> tensor<2x1xf64>
# MMINT: nn.matmul {{.*}} : (tensor<2x3xf64>, tensor<3x4xf64>) -> tensor<2x4xf64>
# MMINT: nn.cast {{.*}} to tensor<2x4xi32>
def matmul_integer():
    return single("MatMulInteger", [("a", "u8", [2, 3])], [("y", "i32")],
                  initializers={"b": array(np.ones([3, 4]), "u8"), "az": array([1, 2], "u8")},
                  opset=13)


# QCONV-LABEL: func.func @main_graph
# The int32 bias [1, 2, 3] minus 128 * 2 per filter.
# QCONV: %[[B:.*]] = arith.constant dense<[-255, -254, -253]> : tensor<3xi32>
# QCONV: %[[C:.*]] = qat.int_conv %arg0, %{{.*}}, %[[B]] {{{.*}}pad_value = 128 : i64{{.*}}} : (tensor<1x2x4x4xui8>, tensor<3x2x1x1xi8>, tensor<3xi32>) -> tensor<1x3x4x4xi32>
# QCONV: nn.cast %[[C]] : tensor<1x3x4x4xi32> to tensor<1x3x4x4xf32>
# Per-channel weight scales become a [1, 3, 1, 1] multiplier.
# QCONV: nn.div {{.*}} -> tensor<1x3x1x1xf32>
# QCONV: %[[V:.*]] = nn.mul {{.*}} : (tensor<1x3x4x4xf32>, tensor<1x3x1x1xf32>) -> tensor<1x3x4x4xf32>
# QCONV: qat.quantize %[[V]], %{{.*}}, %{{.*}} {bits = 8 : i64, is_signed = false} : (tensor<1x3x4x4xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x3x4x4xui8>
def qlinear_conv():
    return single("QLinearConv", [("x", "u8", [1, 2, 4, 4])], [("y", "u8")],
                  initializers={"xs": array(0.5), "xz": array(128, "u8"),
                                "w": array(np.ones([3, 2, 1, 1]), "i8"), "ws": array([0.1, 0.2, 0.3]),
                                "wz": array([0, 0, 0], "i8"), "ys": array(0.25), "yz": array(10, "u8"),
                                "b": array([1, 2, 3], "i32")},
                  opset=13)


# QMM-LABEL: func.func @main_graph
# QMM: qat.int_matmul %arg0, {{.*}} : (tensor<2x3xi8>, tensor<3x4xi8>, tensor<4xi32>) -> tensor<2x4xi32>
# QMM: qat.quantize {{.*}} {bits = 8 : i64} : (tensor<2x4xf32>, tensor<f32>, tensor<i8>) -> tensor<2x4xi8>
def qlinear_matmul():
    return single("QLinearMatMul", [("a", "i8", [2, 3])], [("y", "i8")],
                  initializers={"as": array(0.5), "az": array(0, "i8"), "b": array(np.ones([3, 4]), "i8"),
                                "bs": array(0.25), "bz": array(0, "i8"), "ys": array(1.0),
                                "yz": array(0, "i8")},
                  opset=13)


if __name__ == "__main__":
    from onnx_fixture import main
    main({f.__name__: f for f in (conv_integer, matmul_integer, qlinear_conv, qlinear_matmul)})
