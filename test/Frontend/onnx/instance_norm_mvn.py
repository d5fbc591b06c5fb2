# InstanceNormalization and MeanVarianceNormalization import as their ONNX
# function bodies (frontend/ops/NormalizationOps.cpp), around the same
# statistics: mean = reduce_mean(x) over the axes (kept), centred = x - mean,
# variance = reduce_mean(centred * centred) (kept).
#   InstanceNormalization (N x C x spatial, epsilon 1e-5): over the spatial
#     dims, centred / sqrt(variance + epsilon) * scale + B, scale and B (one
#     value per channel) reshaped to [C, 1, ...] to broadcast along dim 1.
#   MeanVarianceNormalization (axes [0, 2, 3]):
#     centred / (sqrt(variance) + 1e-9).
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/instance_norm.onnx | FileCheck %s --check-prefix=INORM
# RUN: qat-translate --import-onnx %t/instance_norm_3d_default_epsilon.onnx | FileCheck %s --check-prefix=INORM3D
# RUN: qat-translate --import-onnx %t/instance_norm_5d.onnx | FileCheck %s --check-prefix=INORM5D
# RUN: qat-translate --import-onnx %t/mvn_defaults.onnx | FileCheck %s --check-prefix=MVN
# RUN: qat-translate --import-onnx %t/mvn_axes.onnx | FileCheck %s --check-prefix=MVNAXES
# RUN: qat-translate --import-onnx %t/mvn_f64.onnx | FileCheck %s --check-prefix=MVNF64
# RUN: not qat-translate --import-onnx %t/instance_norm_rank2.onnx 2>&1 | FileCheck %s --check-prefix=INORMRANK
# RUN: not qat-translate --import-onnx %t/instance_norm_scale_length.onnx 2>&1 | FileCheck %s --check-prefix=INORMSCALE
# RUN: not qat-translate --import-onnx %t/instance_norm_bias_length.onnx 2>&1 | FileCheck %s --check-prefix=INORMBIAS
# RUN: not qat-translate --import-onnx %t/mvn_default_axes_rank3.onnx 2>&1 | FileCheck %s --check-prefix=MVNRANK
# RUN: not qat-translate --import-onnx %t/mvn_duplicate_axes.onnx 2>&1 | FileCheck %s --check-prefix=MVNDUP

from onnx_fixture import array, main, single


def inorm(shape, channels=None, bias_channels=None, t="f32", check=True, **attrs):
    c = shape[1] if len(shape) > 1 else 1
    scale = [float(i + 1) for i in range(channels or c)]
    bias = [float(i) for i in range(bias_channels or c)]
    out = ("y", t) if check else ("y", t, len(shape))
    return single("InstanceNormalization", [("x", t, shape)], [out], attrs,
                  initializers={"scale": array(scale, t), "B": array(bias, t)}, opset=6,
                  check=check)


# INORM-LABEL: func.func @main_graph(%arg0: tensor<2x3x4x5xf32> {qat.name = "x"}) -> (tensor<2x3x4x5xf32> {qat.name = "y"})
# INORM: %[[MEAN:.*]] = nn.reduce_mean %arg0 {axes = array<i64: 2, 3>, keepdims = true} : tensor<2x3x4x5xf32> -> tensor<2x3x1x1xf32>
# INORM: %[[C:.*]] = nn.sub %arg0, %[[MEAN]] : (tensor<2x3x4x5xf32>, tensor<2x3x1x1xf32>) -> tensor<2x3x4x5xf32>
# INORM: %[[SQ:.*]] = nn.mul %[[C]], %[[C]] : (tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32>
# INORM: %[[VAR:.*]] = nn.reduce_mean %[[SQ]] {axes = array<i64: 2, 3>, keepdims = true} : tensor<2x3x4x5xf32> -> tensor<2x3x1x1xf32>
# INORM: %[[EPS:.*]] = arith.constant dense<1.000000e-03> : tensor<f32>
# INORM: %[[VE:.*]] = nn.add %[[VAR]], %[[EPS]] : (tensor<2x3x1x1xf32>, tensor<f32>) -> tensor<2x3x1x1xf32>
# INORM: %[[SD:.*]] = nn.sqrt %[[VE]] : tensor<2x3x1x1xf32>
# INORM: %[[N:.*]] = nn.div %[[C]], %[[SD]] : (tensor<2x3x4x5xf32>, tensor<2x3x1x1xf32>) -> tensor<2x3x4x5xf32>
# INORM: %[[S:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}3.000000e+00]]]> : tensor<3x1x1xf32>
# INORM: %[[B:.*]] = arith.constant dense<{{\[\[\[}}0.000000e+00]], {{\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]]> : tensor<3x1x1xf32>
# INORM: %[[NS:.*]] = nn.mul %[[N]], %[[S]] : (tensor<2x3x4x5xf32>, tensor<3x1x1xf32>) -> tensor<2x3x4x5xf32>
# INORM: %[[Y:.*]] = nn.add %[[NS]], %[[B]] : (tensor<2x3x4x5xf32>, tensor<3x1x1xf32>) -> tensor<2x3x4x5xf32>
# INORM: return %[[Y]] : tensor<2x3x4x5xf32>
def instance_norm():
    return inorm([2, 3, 4, 5], epsilon=1e-3)


# N x C x L: one spatial dim; epsilon 1e-5 (as f32).
# INORM3D-LABEL: func.func @main_graph
# INORM3D: nn.reduce_mean %arg0 {axes = array<i64: 2>, keepdims = true} : tensor<1x2x6xf32> -> tensor<1x2x1xf32>
# INORM3D: arith.constant dense<9.99999974E-6> : tensor<f32>
# INORM3D: arith.constant dense<{{\[}}[1.000000e+00], [2.000000e+00]]> : tensor<2x1xf32>
# INORM3D: nn.mul %{{.*}}, %{{.*}} : (tensor<1x2x6xf32>, tensor<2x1xf32>) -> tensor<1x2x6xf32>
def instance_norm_3d_default_epsilon():
    return inorm([1, 2, 6])


# INORM5D-LABEL: func.func @main_graph
# INORM5D: nn.reduce_mean %arg0 {axes = array<i64: 2, 3, 4>, keepdims = true} : tensor<1x2x2x3x4xf64> -> tensor<1x2x1x1x1xf64>
# INORM5D: nn.mul %{{.*}}, %{{.*}} : (tensor<1x2x2x3x4xf64>, tensor<2x1x1x1xf64>) -> tensor<1x2x2x3x4xf64>
def instance_norm_5d():
    return inorm([1, 2, 2, 3, 4], t="f64")


# MVN-LABEL: func.func @main_graph(%arg0: tensor<2x3x4x5xf32> {qat.name = "x"}) -> (tensor<2x3x4x5xf32> {qat.name = "y"})
# MVN: %[[MEAN:.*]] = nn.reduce_mean %arg0 {axes = array<i64: 0, 2, 3>, keepdims = true} : tensor<2x3x4x5xf32> -> tensor<1x3x1x1xf32>
# MVN: %[[C:.*]] = nn.sub %arg0, %[[MEAN]] : (tensor<2x3x4x5xf32>, tensor<1x3x1x1xf32>) -> tensor<2x3x4x5xf32>
# MVN: %[[SQ:.*]] = nn.mul %[[C]], %[[C]]
# MVN: %[[VAR:.*]] = nn.reduce_mean %[[SQ]] {axes = array<i64: 0, 2, 3>, keepdims = true} : tensor<2x3x4x5xf32> -> tensor<1x3x1x1xf32>
# MVN: %[[SD:.*]] = nn.sqrt %[[VAR]] : tensor<1x3x1x1xf32>
# MVN: %[[EPS:.*]] = arith.constant dense<9.99999971E-10> : tensor<f32>
# MVN: %[[D:.*]] = nn.add %[[SD]], %[[EPS]] : (tensor<1x3x1x1xf32>, tensor<f32>) -> tensor<1x3x1x1xf32>
# MVN: %[[Y:.*]] = nn.div %[[C]], %[[D]] : (tensor<2x3x4x5xf32>, tensor<1x3x1x1xf32>) -> tensor<2x3x4x5xf32>
# MVN: return %[[Y]]
def mvn_defaults():
    return single("MeanVarianceNormalization", [("x", "f32", [2, 3, 4, 5])], [("y", "f32")],
                  opset=13)


# Negative axes are normalized and sorted.
# MVNAXES-LABEL: func.func @main_graph
# MVNAXES: nn.reduce_mean %arg0 {axes = array<i64: 1, 2>, keepdims = true} : tensor<3x4x5xf32> -> tensor<3x1x1xf32>
# MVNAXES: nn.reduce_mean %{{.*}} {axes = array<i64: 1, 2>, keepdims = true} : tensor<3x4x5xf32> -> tensor<3x1x1xf32>
def mvn_axes():
    return single("MeanVarianceNormalization", [("x", "f32", [3, 4, 5])], [("y", "f32")],
                  dict(axes=[-1, 1]), opset=13)


# MVNF64-LABEL: func.func @main_graph
# MVNF64: arith.constant dense<1.000000e-09> : tensor<f64>
def mvn_f64():
    return single("MeanVarianceNormalization", [("x", "f64", [1, 2, 2, 2])], [("y", "f64")],
                  opset=9)


# INORMRANK: error: {{.*}}node 'instancenormalization_0' (InstanceNormalization, opset 6): the input must have rank >= 3 (N x C x spatial)
def instance_norm_rank2():
    return inorm([2, 3], check=False)


# INORMSCALE: error: {{.*}}node 'instancenormalization_0' (InstanceNormalization, opset 6): scale and B must hold one value per channel (3)
def instance_norm_scale_length():
    return inorm([1, 3, 4], channels=2, check=False)


# INORMBIAS: error: {{.*}}node 'instancenormalization_0' (InstanceNormalization, opset 6): scale and B must hold one value per channel (3)
def instance_norm_bias_length():
    return inorm([1, 3, 4], bias_channels=4, check=False)


# The default axes [0, 2, 3] need rank 4.
# MVNRANK: error: {{.*}}node 'meanvariancenormalization_0' (MeanVarianceNormalization, opset 13): axis 3 is out of range for rank 3
def mvn_default_axes_rank3():
    return single("MeanVarianceNormalization", [("x", "f32", [2, 3, 4])], [("y", "f32", 3)],
                  opset=13, check=False)


# MVNDUP: error: {{.*}}node 'meanvariancenormalization_0' (MeanVarianceNormalization, opset 13): axes must not repeat
def mvn_duplicate_axes():
    return single("MeanVarianceNormalization", [("x", "f32", [2, 3, 4])], [("y", "f32", 3)],
                  dict(axes=[1, -2]), opset=13, check=False)


main({f.__name__: f for f in [
    instance_norm, instance_norm_3d_default_epsilon, instance_norm_5d, mvn_defaults, mvn_axes,
    mvn_f64, instance_norm_rank2, instance_norm_scale_length, instance_norm_bias_length,
    mvn_default_axes_rank3, mvn_duplicate_axes]})
