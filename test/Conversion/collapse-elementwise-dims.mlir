// RUN: qat-opt %s --split-input-file --qat-lower-nn-to-linalg --qat-fuse-elementwise --qat-collapse-elementwise-dims --canonicalize | FileCheck %s

// A plain elementwise op loops over every element at once.
// CHECK-LABEL: func.func @elementwise
// CHECK: %[[X:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1, 2, 3]] : tensor<2x8x7x7xf32> into tensor<784xf32>
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} iterator_types = ["parallel"]} ins(%[[X]] : tensor<784xf32>)
// CHECK: tensor.expand_shape %[[Y]] {{\[}}[0, 1, 2, 3]] output_shape [2, 8, 7, 7]
func.func @elementwise(%x: tensor<2x8x7x7xf32>) -> tensor<2x8x7x7xf32> {
  %0 = nn.hard_swish %x : tensor<2x8x7x7xf32>
  return %0 : tensor<2x8x7x7xf32>
}

// -----

// A per-sample, per-channel scale (squeeze-excitation): the scale loses its
// unit dims, samples and channels form one loop and the pixels another.
// CHECK-DAG: #[[FULL:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @channel_scale
// CHECK-DAG: %[[X:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1], [2, 3]] : tensor<2x8x7x7xf32> into tensor<16x49xf32>
// CHECK-DAG: %[[S:.*]] = tensor.collapse_shape %arg1 {{\[}}[0, 1, 2, 3]] : tensor<2x8x1x1xf32> into tensor<16xf32>
// CHECK: linalg.generic {indexing_maps = [#[[FULL]], #[[ROW]], #[[FULL]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[S]] : tensor<16x49xf32>, tensor<16xf32>)
func.func @channel_scale(%x: tensor<2x8x7x7xf32>, %s: tensor<2x8x1x1xf32>) -> tensor<2x8x7x7xf32> {
  %0 = nn.mul %x, %s : (tensor<2x8x7x7xf32>, tensor<2x8x1x1xf32>) -> tensor<2x8x7x7xf32>
  return %0 : tensor<2x8x7x7xf32>
}

// -----

// The bias broadcast that starts a convolution stays as the kernel-call
// pass matches it.
// CHECK-LABEL: func.func @conv_bias
// CHECK: %[[B:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%{{.*}} : tensor<4x1x1xf32>)
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} outs(%[[B]] : tensor<1x4x6x6xf32>)
func.func @conv_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x6x6xf32> {
  %0 = nn.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// Generics that use their indices (here Trilu's) keep their loops.
// CHECK-LABEL: func.func @indexed
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK: linalg.index
func.func @indexed(%x: tensor<2x4x4xf32>) -> tensor<2x4x4xf32> {
  %0 = nn.trilu %x {k = 0 : i64, upper = true} : tensor<2x4x4xf32>
  return %0 : tensor<2x4x4xf32>
}

// -----

// ReLU and a residual add on a convolution's result keep their shape: the
// kernel call absorbs them.
// CHECK-LABEL: func.func @conv_epilogue
// CHECK: %[[C:.*]] = linalg.conv_2d_nchw_fchw
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[C]], %arg3 : tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>)
func.func @conv_epilogue(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>, %r: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  %0 = nn.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
  %1 = nn.add %0, %r : (tensor<1x4x6x6xf32>, tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  %2 = nn.relu %1 : tensor<1x4x6x6xf32>
  return %2 : tensor<1x4x6x6xf32>
}

// -----

// An op the kernel cannot absorb (HardSwish) on a convolution's result is
// collapsed.
// CHECK-LABEL: func.func @conv_hard_swish
// CHECK: %[[C:.*]] = linalg.conv_2d_nchw_fchw
// CHECK: tensor.collapse_shape %[[C]] {{\[}}[0, 1, 2, 3]]
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel"]}
func.func @conv_hard_swish(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x6x6xf32> {
  %0 = nn.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
  %1 = nn.hard_swish %0 : tensor<1x4x6x6xf32>
  return %1 : tensor<1x4x6x6xf32>
}

// -----

// A 1x1 convolution is a matmul whose result is expanded back to NCHW; the
// Clip on it keeps its shape too (the GEMM call absorbs it).
// CHECK-LABEL: func.func @pointwise_clip
// CHECK: %[[M:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK: %[[E:.*]] = tensor.expand_shape %[[M]]
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[E]] : tensor<1x8x5x5xf32>)
func.func @pointwise_clip(%x: tensor<1x4x5x5xf32>, %w: tensor<8x4x1x1xf32>, %b: tensor<8xf32>) -> tensor<1x8x5x5xf32> {
  %0 = nn.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x5x5xf32>, tensor<8x4x1x1xf32>, tensor<8xf32>) -> tensor<1x8x5x5xf32>
  %lo = arith.constant dense<0.0> : tensor<f32>
  %hi = arith.constant dense<6.0> : tensor<f32>
  %1 = nn.clip %0, %lo, %hi : (tensor<1x8x5x5xf32>, tensor<f32>, tensor<f32>) -> tensor<1x8x5x5xf32>
  return %1 : tensor<1x8x5x5xf32>
}

// -----

// A global average pooling sums each (sample, channel) plane in one loop
// over its 49 pixels, not 7 rows of 7: the samples and channels merge as
// parallel dims, the pixels as reduced ones.
// CHECK-LABEL: func.func @global_average
// CHECK: %[[X:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1], [2, 3]] : tensor<2x8x7x7xf32> into tensor<16x49xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<16x49xf32>)
func.func @global_average(%x: tensor<2x8x7x7xf32>) -> tensor<2x8x1x1xf32> {
  %0 = nn.reduce_mean %x {axes = array<i64: 2, 3>, keepdims = true} : tensor<2x8x7x7xf32> -> tensor<2x8x1x1xf32>
  return %0 : tensor<2x8x1x1xf32>
}
