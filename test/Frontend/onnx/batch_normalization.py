# BatchNormalization (inference) -> nn.batch_norm %x, %scale, %bias, %mean,
# %var {epsilon} (ONNX default epsilon 1e-5; momentum does not matter).
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/nchw.onnx | FileCheck %s --check-prefix=NCHW
# RUN: qat-translate --import-onnx %t/nc_v9.onnx | FileCheck %s --check-prefix=NC
# RUN: qat-translate --import-onnx %t/v15_epsilon.onnx | FileCheck %s --check-prefix=V15
# RUN: qat-translate --import-onnx %t/v7_3d.onnx | FileCheck %s --check-prefix=V7

from onnx_fixture import array, main, single


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


main({f.__name__: f for f in [nchw, nc_v9, v15_epsilon, v7_3d]})
