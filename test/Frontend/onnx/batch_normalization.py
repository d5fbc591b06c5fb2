# BatchNormalization (inference) -> nn.batch_norm %x, %scale, %bias, %mean,
# %var {epsilon} (ONNX default epsilon 1e-5; momentum does not matter).
# Before opset 7, is_test and consumed_inputs are read past (Y alone is the
# spec's test-mode output case); before opset 9, spatial = 0 with C x D1 x ...
# statistics normalizes X flattened to N x (C*D1*...); from opset 9 a 1-D
# input is N x 1.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/nchw.onnx | FileCheck %s --check-prefix=NCHW
# RUN: qat-translate --import-onnx %t/nc_v9.onnx | FileCheck %s --check-prefix=NC
# RUN: qat-translate --import-onnx %t/v15_epsilon.onnx | FileCheck %s --check-prefix=V15
# RUN: qat-translate --import-onnx %t/v7_3d.onnx | FileCheck %s --check-prefix=V7
# RUN: qat-translate --import-onnx %t/v7_per_activation.onnx | FileCheck %s --check-prefix=V7ACT
# RUN: qat-translate --import-onnx %t/v6_spatial0_channel.onnx | FileCheck %s --check-prefix=V6SP0
# RUN: not qat-translate --import-onnx %t/v7_spatial0_bad.onnx 2>&1 | FileCheck %s --check-prefix=V7SP0BAD
# RUN: qat-translate --import-onnx %t/v1_is_test.onnx | FileCheck %s --check-prefix=V1TEST
# RUN: qat-translate --import-onnx %t/v9_1d.onnx | FileCheck %s --check-prefix=V91D

from onnx_fixture import array, main, single
import numpy as np


def stats(c):
    return {"scale": array(range(1, c + 1)), "bias": array(range(10, 10 + c)),
            "mean": array(range(20, 20 + c)), "var": array(range(30, 30 + c))}


# Distinct statistics check the operand order.
# NCHW-LABEL: func.func @main_graph(%arg0: tensor<1x3x4x4xf32> {qat.name = "x"}) -> (tensor<1x3x4x4xf32> {qat.name = "y"})
# NCHW-DAG: %[[SCALE:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
# NCHW-DAG: %[[BIAS:.*]] = arith.constant dense<[1.000000e+01, 1.100000e+01, 1.200000e+01]> : tensor<3xf32>
# NCHW-DAG: %[[MEAN:.*]] = arith.constant dense<[2.000000e+01, 2.100000e+01, 2.200000e+01]> : tensor<3xf32>
# NCHW-DAG: %[[VAR:.*]] = arith.constant dense<[3.000000e+01, 3.100000e+01, 3.200000e+01]> : tensor<3xf32>
# NCHW: %[[Y:.*]] = nn.batch_norm %arg0, %[[SCALE]], %[[BIAS]], %[[MEAN]], %[[VAR]] {epsilon = 9.99999974E-6 : f32} : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
# NCHW: return %[[Y]]
def nchw():
    return single("BatchNormalization", [("x", "f32", [1, 3, 4, 4])], [("y", "f32")],
                  initializers=stats(3), opset=14)


# N x C input (after a Gemm), opset 9.
# NC-LABEL: func.func @main_graph
# NC: nn.batch_norm %arg0, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 9.99999974E-6 : f32} : (tensor<2x5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<2x5xf32>
def nc_v9():
    return single("BatchNormalization", [("x", "f32", [2, 5])], [("y", "f32")],
                  initializers=stats(5), opset=9)


# V15-LABEL: func.func @main_graph
# V15: nn.batch_norm %arg0, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32} : (tensor<2x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x3x3xf32>
def v15_epsilon():
    return single("BatchNormalization", [("x", "f32", [2, 4, 3, 3])], [("y", "f32")],
                  dict(epsilon=1e-3, momentum=0.1), initializers=stats(4), opset=15)


# Opset 7 (spatial = 1 default), statistics as graph inputs, 1-D feature maps.
# V7-LABEL: func.func @main_graph
# V7: nn.batch_norm %arg0, %arg1, %arg2, %arg3, %arg4 {epsilon = {{.*}} : f32} : (tensor<2x3x7xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x7xf32>
def v7_3d():
    return single("BatchNormalization",
                  [("x", "f32", [2, 3, 7])] + [(n, "f32", [3]) for n in ["s", "b", "m", "v"]],
                  [("y", "f32")], opset=7)


# Opset 7, spatial = 0: statistics per activation, C x H x W = 3x2x2: batch
# normalization of X flattened to N x 12. (Values: legacy_numerics.py.)
# V7ACT-LABEL: func.func @main_graph(%arg0: tensor<2x3x2x2xf32> {qat.name = "x"}) -> (tensor<2x3x2x2xf32> {qat.name = "y"})
# V7ACT-DAG: %[[S:.*]] = arith.constant dense<{{.*}}> : tensor<12xf32>
# V7ACT-DAG: %[[X:.*]] = nn.reshape %arg0 : tensor<2x3x2x2xf32> -> tensor<2x12xf32>
# V7ACT: %[[Y:.*]] = nn.batch_norm %[[X]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = {{.*}}} : (tensor<2x12xf32>, tensor<12xf32>, tensor<12xf32>, tensor<12xf32>, tensor<12xf32>) -> tensor<2x12xf32>
# V7ACT: %[[R:.*]] = nn.reshape %[[Y]] : tensor<2x12xf32> -> tensor<2x3x2x2xf32>
# V7ACT: return %[[R]]
def v7_per_activation():
    rng = np.random.default_rng(0)
    inits = {n: rng.uniform(0.5, 2, [3, 2, 2]).astype(np.float32)
             for n in ["scale", "bias", "mean", "var"]}
    return single("BatchNormalization", [("x", "f32", [2, 3, 2, 2])], [("y", "f32")],
                  dict(spatial=0), initializers=inits, opset=7)


# Opset 6, spatial = 0 with statistics of shape [C] (as opset 6 documents
# them): per channel all the same.
# V6SP0-LABEL: func.func @main_graph
# V6SP0-NOT: nn.reshape
# V6SP0: nn.batch_norm %arg0, {{.*}} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x4xf32>
def v6_spatial0_channel():
    return single("BatchNormalization", [("x", "f32", [2, 3, 4, 4])], [("y", "f32", 4)],
                  dict(spatial=0, is_test=1), initializers=stats(3), opset=6)


# V7SP0BAD: error: {{.*}}node 'batchnormalization_0' (BatchNormalization, opset 7): with spatial = 0 the statistics must all have shape [C] or the input's C x D1 x ... x Dn
def v7_spatial0_bad():
    inits = {n: np.ones([3, 2, 2], np.float32) for n in ["scale", "bias", "mean"]}
    inits["var"] = np.ones([3], np.float32)
    return single("BatchNormalization", [("x", "f32", [2, 3, 2, 2])], [("y", "f32", 4)],
                  dict(spatial=0), initializers=inits, opset=7, check=False)


# Opset 1: consumed_inputs (required then) and is_test are read past.
# V1TEST-LABEL: func.func @main_graph
# V1TEST: nn.batch_norm %arg0, {{.*}} {epsilon = 9.99999974E-6 : f32} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
def v1_is_test():
    return single("BatchNormalization", [("x", "f32", [1, 2, 3, 3])], [("y", "f32", 4)],
                  dict(is_test=1, consumed_inputs=[0, 0, 0, 1, 1]), initializers=stats(2),
                  opset=1)


# Opset 9+: a 1-D input of size N has one channel: normalized as N x 1.
# V91D-LABEL: func.func @main_graph(%arg0: tensor<5xf32> {qat.name = "x"}) -> (tensor<5xf32> {qat.name = "y"})
# V91D: %[[X:.*]] = nn.reshape %arg0 : tensor<5xf32> -> tensor<5x1xf32>
# V91D: %[[Y:.*]] = nn.batch_norm %[[X]], {{.*}} : (tensor<5x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<5x1xf32>
# V91D: nn.reshape %[[Y]] : tensor<5x1xf32> -> tensor<5xf32>
def v9_1d():
    return single("BatchNormalization", [("x", "f32", [5])], [("y", "f32")],
                  initializers=stats(1), opset=9)


main({f.__name__: f for f in [nchw, nc_v9, v15_epsilon, v7_3d, v7_per_activation,
                              v6_spatial0_channel, v7_spatial0_bad, v1_is_test, v9_1d]})
