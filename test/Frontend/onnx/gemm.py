# Gemm -> nn.gemm {alpha, beta, trans_a, trans_b}: Y = alpha * A' * B' + beta * C,
# A' M x K, B' K x N, C unidirectionally broadcast to M x N (optional from opset 11).
# Before opset 7, C must be M x N unless broadcast = 1.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/defaults.onnx | FileCheck %s --check-prefix=DEFAULTS
# RUN: qat-translate --import-onnx %t/trans.onnx | FileCheck %s --check-prefix=TRANS
# RUN: qat-translate --import-onnx %t/trans_a.onnx | FileCheck %s --check-prefix=TRANSA
# RUN: qat-translate --import-onnx %t/no_c.onnx | FileCheck %s --check-prefix=NOC
# RUN: qat-translate --import-onnx %t/linear.onnx | FileCheck %s --check-prefix=LINEAR
# RUN: qat-translate --import-onnx %t/scalar_c.onnx | FileCheck %s --check-prefix=SCALARC
# RUN: qat-translate --import-onnx %t/v6_broadcast.onnx | FileCheck %s --check-prefix=V6BCAST
# RUN: qat-translate --import-onnx %t/v6_full_c.onnx | FileCheck %s --check-prefix=V6FULL
# RUN: not qat-translate --import-onnx %t/v6_needs_broadcast.onnx 2>&1 | FileCheck %s --check-prefix=V6NEEDS

from onnx_fixture import array, main, single
import numpy as np


# DEFAULTS-LABEL: func.func @main_graph
# DEFAULTS: nn.gemm %arg0, %arg1, %arg2 {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, trans_a = false, trans_b = false} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
def defaults():
    return single("Gemm", [("a", "f32", [2, 3]), ("b", "f32", [3, 4]), ("c", "f32", [4])],
                  [("y", "f32")])


# transA: A is K x M = 3x2; transB: B is N x K = 4x3 -> Y 2x4.
# TRANS-LABEL: func.func @main_graph
# TRANS: nn.gemm %arg0, %arg1, %arg2 {alpha = 5.000000e-01 : f32, beta = 2.000000e+00 : f32, trans_a = true, trans_b = true} : (tensor<3x2xf32>, tensor<4x3xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
def trans():
    return single("Gemm", [("a", "f32", [3, 2]), ("b", "f32", [4, 3]), ("c", "f32", [2, 4])],
                  [("y", "f32")], dict(alpha=0.5, beta=2.0, transA=1, transB=1))


# transA only, C 1x5 broadcast over M: A 3x6 -> M 6, K 3; B 3x5.
# TRANSA-LABEL: func.func @main_graph
# TRANSA: nn.gemm %arg0, %arg1, %arg2 {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, trans_a = true, trans_b = false} : (tensor<3x6xf32>, tensor<3x5xf32>, tensor<1x5xf32>) -> tensor<6x5xf32>
def trans_a():
    return single("Gemm", [("a", "f32", [3, 6]), ("b", "f32", [3, 5]), ("c", "f32", [1, 5])],
                  [("y", "f32")], dict(transA=1))


# NOC-LABEL: func.func @main_graph
# NOC: nn.gemm %arg0, %arg1 {alpha = 2.500000e-01 : f32, beta = 1.000000e+00 : f32, trans_a = false, trans_b = false} : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x5xf32>
def no_c():
    return single("Gemm", [("a", "f32", [2, 3]), ("b", "f32", [3, 5])], [("y", "f32")],
                  dict(alpha=0.25))


# nn.Linear as PyTorch exports it: weight N x K initializer, transB = 1.
# LINEAR-LABEL: func.func @main_graph(%arg0: tensor<1x4xf32> {qat.name = "x"}) -> (tensor<1x3xf32> {qat.name = "y"})
# LINEAR-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}0.000000e+00, 1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00], [8.000000e+00, 9.000000e+00, 1.000000e+01, 1.100000e+01]]> : tensor<3x4xf32>
# LINEAR-DAG: %[[B:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
# LINEAR: nn.gemm %arg0, %[[W]], %[[B]] {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, trans_a = false, trans_b = true} : (tensor<1x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<1x3xf32>
def linear():
    return single("Gemm", [("x", "f32", [1, 4])], [("y", "f32")], dict(transB=1),
                  initializers={"w": np.arange(12, dtype=np.float32).reshape(3, 4),
                                "b": array([1, 2, 3])}, opset=9)


# Rank-0 C broadcasts to M x N.
# SCALARC-LABEL: func.func @main_graph
# SCALARC: nn.gemm %arg0, %arg1, %arg2 {{.*}} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<f32>) -> tensor<2x4xf32>
def scalar_c():
    return single("Gemm", [("a", "f32", [2, 3]), ("b", "f32", [3, 4]), ("c", "f32", [])],
                  [("y", "f32")])


# Opset 6, broadcast = 1: C [N] broadcasts to M x N, as from opset 7.
# (Values: legacy_numerics.py.)
# V6BCAST-LABEL: func.func @main_graph
# V6BCAST: nn.gemm %arg0, %arg1, %arg2 {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, trans_a = false, trans_b = true} : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
def v6_broadcast():
    return single("Gemm", [("a", "f32", [2, 3]), ("b", "f32", [4, 3]), ("c", "f32", [4])],
                  [("y", "f32", 2)], dict(broadcast=1, transB=1), opset=6)


# Opset 6 without broadcast: C is M x N.
# V6FULL-LABEL: func.func @main_graph
# V6FULL: nn.gemm %arg0, %arg1, %arg2 {{.*}} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
def v6_full_c():
    return single("Gemm", [("a", "f32", [2, 3]), ("b", "f32", [3, 4]), ("c", "f32", [2, 4])],
                  [("y", "f32", 2)], opset=6)


# V6NEEDS: error: {{.*}}node 'gemm_0' (Gemm, opset 6): C must be 2x4 unless broadcast = 1 (before opset 7)
def v6_needs_broadcast():
    return single("Gemm", [("a", "f32", [2, 3]), ("b", "f32", [3, 4]), ("c", "f32", [4])],
                  [("y", "f32", 2)], opset=6, check=False)


main({f.__name__: f for f in [defaults, trans, trans_a, no_c, linear, scalar_c, v6_broadcast,
                              v6_full_c, v6_needs_broadcast]})
