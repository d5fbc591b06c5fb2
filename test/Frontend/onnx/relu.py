# Relu -> nn.relu: elementwise, the result has the operand's type.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/f32.onnx | FileCheck %s --check-prefix=F32
# RUN: qat-translate --import-onnx %t/nchw.onnx | FileCheck %s --check-prefix=NCHW
# RUN: qat-translate --import-onnx %t/other_type.onnx | FileCheck %s --check-prefix=OTHER
# RUN: qat-translate --import-onnx %t/v1_consumed_inputs.onnx | FileCheck %s --check-prefix=V1

from onnx_fixture import main, single


# F32-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x"}) -> (tensor<2x3xf32> {qat.name = "y"})
# F32: %[[Y:.*]] = nn.relu %arg0 : tensor<2x3xf32>
# F32: return %[[Y]] : tensor<2x3xf32>
def f32():
    return single("Relu", [("x", "f32", [2, 3])], [("y", "f32")], opset=14)


# NCHW-LABEL: func.func @main_graph
# NCHW: nn.relu %arg0 : tensor<1x3x4x4xf32>
def nchw():
    return single("Relu", [("x", "f32", [1, 3, 4, 4])], [("y", "f32")], opset=14)


# i8, rank 0.
# OTHER-LABEL: func.func @main_graph(%arg0: tensor<i8> {qat.name = "x"}) -> (tensor<i8> {qat.name = "y"})
# OTHER: nn.relu %arg0 : tensor<i8>
def other_type():
    return single("Relu", [("x", "i8", [])], [("y", "i8")], opset=14)


# Opset 1: the legacy consumed_inputs attribute (of Relu-1, Abs-1, Add-1, ...)
# does not change the result; it is ignored.
# V1-LABEL: func.func @main_graph
# V1: nn.relu %arg0 : tensor<2x3xf32>
def v1_consumed_inputs():
    return single("Relu", [("x", "f32", [2, 3])], [("y", "f32", 2)],
                  dict(consumed_inputs=[0]), opset=1)


main({f.__name__: f for f in [f32, nchw, other_type, v1_consumed_inputs]})
