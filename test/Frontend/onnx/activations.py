# Activations with float parameters (frontend/ops/MathOps.cpp), each an nn op
# whose attributes are the parameters with their ONNX defaults:
#   Elu -> nn.elu alpha (1.0)
#   Celu (opset 12) -> nn.celu alpha (1.0)
#   Selu -> nn.selu alpha (1.67326319...), gamma (1.05070102...)
#   ThresholdedRelu (opset 10) -> nn.thresholded_relu alpha (1.0)
# An attribute of another type than float is an error; integer inputs are
# outside the ops' types.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/elu_default.onnx | FileCheck %s --check-prefix=ELUDEF
# RUN: qat-translate --import-onnx %t/elu_alpha.onnx | FileCheck %s --check-prefix=ELU
# RUN: qat-translate --import-onnx %t/celu_default.onnx | FileCheck %s --check-prefix=CELUDEF
# RUN: qat-translate --import-onnx %t/celu_alpha.onnx | FileCheck %s --check-prefix=CELU
# RUN: qat-translate --import-onnx %t/selu_default.onnx | FileCheck %s --check-prefix=SELUDEF
# RUN: qat-translate --import-onnx %t/selu_explicit.onnx | FileCheck %s --check-prefix=SELU
# RUN: qat-translate --import-onnx %t/selu_gamma_only.onnx | FileCheck %s --check-prefix=SELUGAMMA
# RUN: qat-translate --import-onnx %t/thresholded_relu_default.onnx | FileCheck %s --check-prefix=TRELUDEF
# RUN: qat-translate --import-onnx %t/thresholded_relu_alpha.onnx | FileCheck %s --check-prefix=TRELU
# RUN: not qat-translate --import-onnx %t/elu_int_alpha.onnx 2>&1 | FileCheck %s --check-prefix=INTALPHA
# RUN: not qat-translate --import-onnx %t/selu_string_gamma.onnx 2>&1 | FileCheck %s --check-prefix=STRGAMMA
# RUN: not qat-translate --import-onnx %t/celu_int_input.onnx 2>&1 | FileCheck %s --check-prefix=INTINPUT

from onnx_fixture import main, single


def act(op, attrs=None, t="f32", shape=(2, 3), opset=13, check=True):
    out = ("y", t) if check else ("y", t, len(shape))
    return single(op, [("x", t, list(shape))], [out], attrs, opset=opset, check=check)


# ELUDEF-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x"}) -> (tensor<2x3xf32> {qat.name = "y"})
# ELUDEF: %[[Y:.*]] = nn.elu %arg0 alpha = 1.000000e+00 : tensor<2x3xf32>
# ELUDEF: return %[[Y]] : tensor<2x3xf32>
def elu_default():
    return act("Elu", opset=6)


# ELU-LABEL: func.func @main_graph
# ELU: nn.elu %arg0 alpha = 5.000000e-01 : tensor<1x3x4x4xf16>
def elu_alpha():
    return act("Elu", dict(alpha=0.5), "f16", [1, 3, 4, 4])


# CELUDEF-LABEL: func.func @main_graph
# CELUDEF: %[[Y:.*]] = nn.celu %arg0 alpha = 1.000000e+00 : tensor<2x3xf32>
# CELUDEF: return %[[Y]]
def celu_default():
    return act("Celu", opset=12)


# CELU-LABEL: func.func @main_graph
# CELU: nn.celu %arg0 alpha = 2.000000e+00 : tensor<2x3xf32>
def celu_alpha():
    return act("Celu", dict(alpha=2.0), opset=12)


# The defaults are the f32 nearest the constants of the SELU paper:
# alpha 1.67326319217681884765625, gamma 1.05070102214813232421875.
# SELUDEF-LABEL: func.func @main_graph
# SELUDEF: %[[Y:.*]] = nn.selu %arg0 alpha = 1.67326319, gamma = 1.05070102 : tensor<2x3xf32>
# SELUDEF: return %[[Y]]
def selu_default():
    return act("Selu", opset=6)


# SELU-LABEL: func.func @main_graph
# SELU: nn.selu %arg0 alpha = 2.000000e+00, gamma = 3.000000e+00 : tensor<4xf64>
def selu_explicit():
    return act("Selu", dict(alpha=2.0, gamma=3.0), "f64", [4])


# SELUGAMMA-LABEL: func.func @main_graph
# SELUGAMMA: nn.selu %arg0 alpha = 1.67326319, gamma = 2.500000e+00 : tensor<2x3xf32>
def selu_gamma_only():
    return act("Selu", dict(gamma=2.5))


# TRELUDEF-LABEL: func.func @main_graph
# TRELUDEF: %[[Y:.*]] = nn.thresholded_relu %arg0 alpha = 1.000000e+00 : tensor<2x3xf32>
# TRELUDEF: return %[[Y]]
def thresholded_relu_default():
    return act("ThresholdedRelu", opset=10)


# TRELU-LABEL: func.func @main_graph
# TRELU: nn.thresholded_relu %arg0 alpha = 1.250000e-01 : tensor<2x3xf32>
def thresholded_relu_alpha():
    return act("ThresholdedRelu", dict(alpha=0.125), opset=10)


# INTALPHA: error: {{.*}}node 'elu_0' (Elu, opset 13): attribute 'alpha' must be a float
def elu_int_alpha():
    return act("Elu", dict(alpha=1), check=False)


# STRGAMMA: error: {{.*}}node 'selu_0' (Selu, opset 13): attribute 'gamma' must be a float
def selu_string_gamma():
    return act("Selu", dict(gamma="big"), check=False)


# INTINPUT: error: {{.*}}node 'celu_0' (Celu, opset 12): 'nn.celu' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<2x3xi32>'
def celu_int_input():
    return act("Celu", t="i32", opset=12, check=False)


main({f.__name__: f for f in [elu_default, elu_alpha, celu_default, celu_alpha, selu_default,
                              selu_explicit, selu_gamma_only, thresholded_relu_default,
                              thresholded_relu_alpha, elu_int_alpha, selu_string_gamma,
                              celu_int_input]})
