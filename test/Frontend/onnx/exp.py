# Exp -> nn.exp: elementwise, the result has the operand's type.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/f32.onnx | FileCheck %s --check-prefix=F32
# RUN: qat-translate --import-onnx %t/nchw.onnx | FileCheck %s --check-prefix=NCHW
# RUN: qat-translate --import-onnx %t/other_type.onnx | FileCheck %s --check-prefix=OTHER

from onnx_fixture import main, single


# F32-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x"}) -> (tensor<2x3xf32> {qat.name = "y"})
# F32: %[[Y:.*]] = nn.exp %arg0 : tensor<2x3xf32>
# F32: return %[[Y]] : tensor<2x3xf32>
def f32():
    return single("Exp", [("x", "f32", [2, 3])], [("y", "f32")], opset=13)


# NCHW-LABEL: func.func @main_graph
# NCHW: nn.exp %arg0 : tensor<1x3x4x4xf32>
def nchw():
    return single("Exp", [("x", "f32", [1, 3, 4, 4])], [("y", "f32")], opset=13)


# f64, rank 0.
# OTHER-LABEL: func.func @main_graph(%arg0: tensor<f64> {qat.name = "x"}) -> (tensor<f64> {qat.name = "y"})
# OTHER: nn.exp %arg0 : tensor<f64>
def other_type():
    return single("Exp", [("x", "f64", [])], [("y", "f64")], opset=13)


main({f.__name__: f for f in [f32, nchw, other_type]})
