# MatMul -> nn.matmul (numpy matmul: batch dims broadcast, a 1-D lhs gets a
# leading 1 and a 1-D rhs a trailing 1 that the result then drops).
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/plain.onnx | FileCheck %s --check-prefix=PLAIN
# RUN: qat-translate --import-onnx %t/batched.onnx | FileCheck %s --check-prefix=BATCHED
# RUN: qat-translate --import-onnx %t/broadcast.onnx | FileCheck %s --check-prefix=BCAST
# RUN: qat-translate --import-onnx %t/rhs_2d.onnx | FileCheck %s --check-prefix=RHS2D
# RUN: qat-translate --import-onnx %t/lhs_1d.onnx | FileCheck %s --check-prefix=LHS1D
# RUN: qat-translate --import-onnx %t/rhs_1d.onnx | FileCheck %s --check-prefix=RHS1D
# RUN: qat-translate --import-onnx %t/both_1d.onnx | FileCheck %s --check-prefix=BOTH1D
# RUN: qat-translate --import-onnx %t/const_weight.onnx | FileCheck %s --check-prefix=CONSTW

from onnx_fixture import main, single
import numpy as np


def matmul(a, b):
    return single("MatMul", [("a", "f32", a), ("b", "f32", b)], [("y", "f32")])


# PLAIN-LABEL: func.func @main_graph
# PLAIN: %[[Y:.*]] = nn.matmul %arg0, %arg1 : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
# PLAIN: return %[[Y]]
def plain():
    return matmul([2, 3], [3, 4])


# BATCHED-LABEL: func.func @main_graph
# BATCHED: nn.matmul %arg0, %arg1 : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
def batched():
    return matmul([5, 2, 3], [5, 3, 4])


# Batch dims [2, 1] and [5] broadcast to [2, 5].
# BCAST-LABEL: func.func @main_graph
# BCAST: nn.matmul %arg0, %arg1 : (tensor<2x1x4x3xf32>, tensor<5x3x6xf32>) -> tensor<2x5x4x6xf32>
def broadcast():
    return matmul([2, 1, 4, 3], [5, 3, 6])


# RHS2D-LABEL: func.func @main_graph
# RHS2D: nn.matmul %arg0, %arg1 : (tensor<2x4x3xf32>, tensor<3x6xf32>) -> tensor<2x4x6xf32>
def rhs_2d():
    return matmul([2, 4, 3], [3, 6])


# [3] @ [2, 3, 4] -> [2, 1, 4] with the 1 dropped -> [2, 4]. Whether the
# importer reshapes around the op or the op takes 1-D operands, the graph
# result is 2x4.
# LHS1D-LABEL: func.func @main_graph(%arg0: tensor<3xf32> {qat.name = "a"}, %arg1: tensor<2x3x4xf32> {qat.name = "b"}) -> (tensor<2x4xf32> {qat.name = "y"})
# LHS1D: nn.matmul
def lhs_1d():
    return matmul([3], [2, 3, 4])


# RHS1D-LABEL: func.func @main_graph(%arg0: tensor<2x4x3xf32> {qat.name = "a"}, %arg1: tensor<3xf32> {qat.name = "b"}) -> (tensor<2x4xf32> {qat.name = "y"})
# RHS1D: nn.matmul
def rhs_1d():
    return matmul([2, 4, 3], [3])


# Dot product: rank 0.
# BOTH1D-LABEL: func.func @main_graph(%arg0: tensor<3xf32> {qat.name = "a"}, %arg1: tensor<3xf32> {qat.name = "b"}) -> (tensor<f32> {qat.name = "y"})
# BOTH1D: nn.matmul
def both_1d():
    return matmul([3], [3])


# CONSTW-LABEL: func.func @main_graph
# CONSTW: %[[W:.*]] = arith.constant dense<1.000000e+00> : tensor<8x2xf32>
# CONSTW: nn.matmul %arg0, %[[W]] : (tensor<1x4x8xf32>, tensor<8x2xf32>) -> tensor<1x4x2xf32>
def const_weight():
    return single("MatMul", [("x", "f32", [1, 4, 8])], [("y", "f32")],
                  initializers={"w": np.ones([8, 2], np.float32)})


main({f.__name__: f for f in [plain, batched, broadcast, rhs_2d, lhs_1d, rhs_1d, both_1d,
                              const_weight]})
