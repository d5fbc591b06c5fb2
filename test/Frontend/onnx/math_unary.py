# Elementwise unary math (frontend/ops/MathOps.cpp), one nn op each of the
# operand's type: Tan / Acos / Asin / Atan (opset 7) and Cosh / Sinh /
# Acosh / Asinh / Atanh (opset 9) -> nn.tan ... nn.atanh; Reciprocal ->
# nn.reciprocal; Softplus / Softsign -> nn.softplus / nn.softsign (all
# float only); Sign -> nn.sign, which also takes integers.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/tan.onnx | FileCheck %s --check-prefix=TAN
# RUN: qat-translate --import-onnx %t/acos.onnx | FileCheck %s --check-prefix=ACOS
# RUN: qat-translate --import-onnx %t/asin.onnx | FileCheck %s --check-prefix=ASIN
# RUN: qat-translate --import-onnx %t/atan.onnx | FileCheck %s --check-prefix=ATAN
# RUN: qat-translate --import-onnx %t/cosh.onnx | FileCheck %s --check-prefix=COSH
# RUN: qat-translate --import-onnx %t/sinh.onnx | FileCheck %s --check-prefix=SINH
# RUN: qat-translate --import-onnx %t/acosh.onnx | FileCheck %s --check-prefix=ACOSH
# RUN: qat-translate --import-onnx %t/asinh.onnx | FileCheck %s --check-prefix=ASINH
# RUN: qat-translate --import-onnx %t/atanh.onnx | FileCheck %s --check-prefix=ATANH
# RUN: qat-translate --import-onnx %t/reciprocal.onnx | FileCheck %s --check-prefix=RECIP
# RUN: qat-translate --import-onnx %t/softplus.onnx | FileCheck %s --check-prefix=SOFTPLUS
# RUN: qat-translate --import-onnx %t/softsign.onnx | FileCheck %s --check-prefix=SOFTSIGN
# RUN: qat-translate --import-onnx %t/sign_float.onnx | FileCheck %s --check-prefix=SIGNF
# RUN: qat-translate --import-onnx %t/sign_int.onnx | FileCheck %s --check-prefix=SIGNI
# RUN: qat-translate --import-onnx %t/sign_unsigned.onnx | FileCheck %s --check-prefix=SIGNU
# RUN: not qat-translate --import-onnx %t/int_tan.onnx 2>&1 | FileCheck %s --check-prefix=INTTAN
# RUN: not qat-translate --import-onnx %t/int_reciprocal.onnx 2>&1 | FileCheck %s --check-prefix=INTRECIP
# RUN: not qat-translate --import-onnx %t/int_softplus.onnx 2>&1 | FileCheck %s --check-prefix=INTSOFTPLUS

from onnx_fixture import main, single


def unary(op, t="f32", shape=(3, 4), opset=13, check=True):
    out = ("y", t) if check else ("y", t, len(shape))
    return single(op, [("x", t, list(shape))], [out], opset=opset, check=check)


# TAN-LABEL: func.func @main_graph(%arg0: tensor<3x4xf32> {qat.name = "x"}) -> (tensor<3x4xf32> {qat.name = "y"})
# TAN: %[[Y:.*]] = nn.tan %arg0 : tensor<3x4xf32>
# TAN: return %[[Y]] : tensor<3x4xf32>
def tan():
    return unary("Tan", opset=7)


# ACOS-LABEL: func.func @main_graph
# ACOS: %[[Y:.*]] = nn.acos %arg0 : tensor<3x4xf32>
# ACOS: return %[[Y]]
def acos():
    return unary("Acos", opset=7)


# ASIN-LABEL: func.func @main_graph
# ASIN: %[[Y:.*]] = nn.asin %arg0 : tensor<5xf64>
# ASIN: return %[[Y]]
def asin():
    return unary("Asin", "f64", [5], opset=7)


# ATAN-LABEL: func.func @main_graph
# ATAN: %[[Y:.*]] = nn.atan %arg0 : tensor<2x3x4xf16>
# ATAN: return %[[Y]]
def atan():
    return unary("Atan", "f16", [2, 3, 4], opset=7)


# COSH-LABEL: func.func @main_graph
# COSH: %[[Y:.*]] = nn.cosh %arg0 : tensor<3x4xf32>
# COSH: return %[[Y]]
def cosh():
    return unary("Cosh", opset=9)


# SINH-LABEL: func.func @main_graph
# SINH: %[[Y:.*]] = nn.sinh %arg0 : tensor<3x4xf32>
# SINH: return %[[Y]]
def sinh():
    return unary("Sinh", opset=9)


# ACOSH-LABEL: func.func @main_graph
# ACOSH: %[[Y:.*]] = nn.acosh %arg0 : tensor<3x4xf32>
# ACOSH: return %[[Y]]
def acosh():
    return unary("Acosh", opset=9)


# ASINH-LABEL: func.func @main_graph
# ASINH: %[[Y:.*]] = nn.asinh %arg0 : tensor<3x4xf32>
# ASINH: return %[[Y]]
def asinh():
    return unary("Asinh", opset=9)


# Rank 0.
# ATANH-LABEL: func.func @main_graph(%arg0: tensor<f32> {qat.name = "x"}) -> (tensor<f32> {qat.name = "y"})
# ATANH: %[[Y:.*]] = nn.atanh %arg0 : tensor<f32>
# ATANH: return %[[Y]]
def atanh():
    return unary("Atanh", shape=[], opset=9)


# RECIP-LABEL: func.func @main_graph
# RECIP: %[[Y:.*]] = nn.reciprocal %arg0 : tensor<1x3x4x4xf32>
# RECIP: return %[[Y]]
def reciprocal():
    return unary("Reciprocal", shape=[1, 3, 4, 4])


# SOFTPLUS-LABEL: func.func @main_graph
# SOFTPLUS: %[[Y:.*]] = nn.softplus %arg0 : tensor<3x4xf32>
# SOFTPLUS: return %[[Y]]
def softplus():
    return unary("Softplus", opset=1)


# SOFTSIGN-LABEL: func.func @main_graph
# SOFTSIGN: %[[Y:.*]] = nn.softsign %arg0 : tensor<3x4xf64>
# SOFTSIGN: return %[[Y]]
def softsign():
    return unary("Softsign", "f64", opset=1)


# SIGNF-LABEL: func.func @main_graph
# SIGNF: %[[Y:.*]] = nn.sign %arg0 : tensor<3x4xf32>
# SIGNF: return %[[Y]]
def sign_float():
    return unary("Sign", opset=9)


# SIGNI-LABEL: func.func @main_graph(%arg0: tensor<6xi32> {qat.name = "x"}) -> (tensor<6xi32> {qat.name = "y"})
# SIGNI: nn.sign %arg0 : tensor<6xi32>
def sign_int():
    return unary("Sign", "i32", [6])


# SIGNU-LABEL: func.func @main_graph
# SIGNU: nn.sign %arg0 : tensor<6xui8>
def sign_unsigned():
    return unary("Sign", "u8", [6])


# Integer inputs are outside the float-only ops' types.
# INTTAN: error: {{.*}}node 'tan_0' (Tan, opset 13): 'nn.tan' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<5xi32>'
def int_tan():
    return unary("Tan", "i32", [5], check=False)


# INTRECIP: error: {{.*}}node 'reciprocal_0' (Reciprocal, opset 13): 'nn.reciprocal' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<5xi64>'
def int_reciprocal():
    return unary("Reciprocal", "i64", [5], check=False)


# INTSOFTPLUS: error: {{.*}}node 'softplus_0' (Softplus, opset 13): 'nn.softplus' op operand #0 must be statically shaped tensor of floating-point values
def int_softplus():
    return unary("Softplus", "i32", [5], check=False)


main({f.__name__: f for f in [tan, acos, asin, atan, cosh, sinh, acosh, asinh, atanh,
                              reciprocal, softplus, softsign, sign_float, sign_int,
                              sign_unsigned, int_tan, int_reciprocal, int_softplus]})
