# LeakyRelu -> nn.leaky_relu alpha = <alpha> (ONNX default 0.01).
# (MLIR prints the f32 nearest 0.01 as 0.00999999977.)
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/default_alpha.onnx | FileCheck %s --check-prefix=DEFAULT
# RUN: qat-translate --import-onnx %t/alpha.onnx | FileCheck %s --check-prefix=ALPHA

from onnx_fixture import main, single


# DEFAULT-LABEL: func.func @main_graph
# DEFAULT: %[[Y:.*]] = nn.leaky_relu %arg0 alpha = 0.00999999977 : tensor<2x3xf32>
# DEFAULT: return %[[Y]]
def default_alpha():
    return single("LeakyRelu", [("x", "f32", [2, 3])], [("y", "f32")], opset=6)


# ALPHA-LABEL: func.func @main_graph
# ALPHA: nn.leaky_relu %arg0 alpha = 2.000000e-01 : tensor<1x3x4x4xf32>
def alpha():
    return single("LeakyRelu", [("x", "f32", [1, 3, 4, 4])], [("y", "f32")], dict(alpha=0.2),
                  opset=16)


main({f.__name__: f for f in [default_alpha, alpha]})
