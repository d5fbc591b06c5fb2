# Cos / Sin (opset 7) -> nn.cos / nn.sin, elementwise on float tensors.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/cos.onnx | FileCheck %s --check-prefix=COS
# RUN: qat-translate --import-onnx %t/sin.onnx | FileCheck %s --check-prefix=SIN
# RUN: not qat-translate --import-onnx %t/int_sin.onnx 2>&1 | FileCheck %s --check-prefix=INT

from onnx_fixture import main, single


# COS-LABEL: func.func @main_graph(%arg0: tensor<3x4xf32> {qat.name = "x"}) -> (tensor<3x4xf32> {qat.name = "y"})
# COS: %[[Y:.*]] = nn.cos %arg0 : tensor<3x4xf32>
# COS: return %[[Y]] : tensor<3x4xf32>
def cos():
    return single("Cos", [("x", "f32", [3, 4])], [("y", "f32")], opset=7)


# SIN-LABEL: func.func @main_graph
# SIN: nn.sin %arg0 : tensor<5xf64>
def sin():
    return single("Sin", [("x", "f64", [5])], [("y", "f64")])


# An integer input is outside the ops' types.
# INT: error: {{.*}}node 'sin_0' (Sin, opset 13): {{.*}}
def int_sin():
    return single("Sin", [("x", "i32", [5])], [("y", "i32", 1)], check=False)


main({f.__name__: f for f in [cos, sin, int_sin]})
