# Gelu (opset 20) -> nn.gelu approximate = "none" | "tanh". onnx 1.12 knows
# neither Gelu nor opset 20, so these models skip onnx.checker.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/exact.onnx | FileCheck %s --check-prefix=EXACT
# RUN: qat-translate --import-onnx %t/tanh.onnx | FileCheck %s --check-prefix=TANH

from onnx_fixture import main, single


# EXACT-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x"}) -> (tensor<2x3xf32> {qat.name = "y"})
# EXACT: %[[Y:.*]] = nn.gelu %arg0 approximate = "none" : tensor<2x3xf32>
# EXACT: return %[[Y]]
def exact():
    return single("Gelu", [("x", "f32", [2, 3])], [("y", "f32", [2, 3])], opset=20, check=False)


# TANH-LABEL: func.func @main_graph
# TANH: nn.gelu %arg0 approximate = "tanh" : tensor<1x4x8xf32>
def tanh():
    return single("Gelu", [("x", "f32", [1, 4, 8])], [("y", "f32", 3)],
                  dict(approximate="tanh"), opset=20, check=False)


main({f.__name__: f for f in [exact, tanh]})
