# Floor, Ceil, Round -> nn.floor, nn.ceil, nn.round (ties to even): float
# elementwise ops with the operand's type; an integer input is rejected.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/floor.onnx | FileCheck %s --check-prefix=FLOOR
# RUN: qat-translate --import-onnx %t/ceil.onnx | FileCheck %s --check-prefix=CEIL
# RUN: qat-translate --import-onnx %t/round.onnx | FileCheck %s --check-prefix=ROUND
# RUN: not qat-translate --import-onnx %t/int_round.onnx 2>&1 | FileCheck %s --check-prefix=INT

from onnx_fixture import main, single


# FLOOR: %[[Y:.*]] = nn.floor %arg0 : tensor<2x3xf32>
# FLOOR: return %[[Y]] : tensor<2x3xf32>
def floor():
    return single("Floor", [("x", "f32", [2, 3])], [("y", "f32")], opset=13)


# CEIL: nn.ceil %arg0 : tensor<1x3x4x4xf32>
def ceil():
    return single("Ceil", [("x", "f32", [1, 3, 4, 4])], [("y", "f32")], opset=13)


# ROUND: nn.round %arg0 : tensor<f32>
def round():
    return single("Round", [("x", "f32", [])], [("y", "f32")], opset=11)


# INT: error: {{.*}}int_round.onnx: node 'round_0' (Round, opset 11): 'nn.round' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi32>'
def int_round():
    return single("Round", [("x", "i32", [4])], [("y", "i32")], opset=11)


main({f.__name__: f for f in [floor, ceil, round, int_round]})
