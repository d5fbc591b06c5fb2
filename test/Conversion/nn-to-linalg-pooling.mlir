// RUN: qat-opt %s --split-input-file --qat-lower-nn-to-linalg | FileCheck %s

// With count_include_pad every window counts all its kernel positions.
// CHECK-LABEL: func.func @avg_pool_include_pad
// CHECK: arith.constant dense<9.000000e+00> : tensor<4x4xf32>
// CHECK: arith.divf
func.func @avg_pool_include_pad(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %0 = nn.avg_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = false, count_include_pad = true} : tensor<1x1x4x4xf32> -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Unsigned max pooling pads with 0 and compares unsigned, in two 1-D passes
// (integers only): the window's rows over whole padded rows, then columns.
// CHECK-DAG: #[[ROWS_IN:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2 * 2 + d3, d4)>
// CHECK-DAG: #[[COLS_IN:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4 * 2 + d3)>
// CHECK-LABEL: func.func @max_pool_unsigned
// CHECK: tensor.pad
// CHECK: %[[ROWS:.*]] = linalg.generic {indexing_maps = [#[[ROWS_IN]], {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x1x5x5xi8>, tensor<3xi8>) outs(%{{.*}} : tensor<1x1x2x5xi8>)
// CHECK: arith.maxui
// CHECK: linalg.generic {indexing_maps = [#[[COLS_IN]], {{.*}} ins(%[[ROWS]], %{{.*}} : tensor<1x1x2x5xi8>, tensor<3xi8>) outs(%{{.*}} : tensor<1x1x2x2xi8>)
// CHECK: arith.maxui
func.func @max_pool_unsigned(%x: tensor<1x1x4x4xui8>) -> tensor<1x1x2x2xui8> {
  %0 = nn.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<1x1x4x4xui8> -> tensor<1x1x2x2xui8>
  return %0 : tensor<1x1x2x2xui8>
}

// -----

// Depthwise 2-D convolution: the named op the kernel-call pass matches, with
// the weights as [C, kh, kw].
// CHECK-LABEL: func.func @depthwise
// CHECK: %[[W:.*]] = tensor.collapse_shape %{{.*}} : tensor<8x1x3x3xf32> into tensor<8x3x3xf32>
// CHECK: linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%{{.*}}, %[[W]] : tensor<1x8x6x6xf32>, tensor<8x3x3xf32>)
func.func @depthwise(%x: tensor<1x8x6x6xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32> {
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 8 : i64} : (tensor<1x8x6x6xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Grouped convolutions other than 2-D (here 1-D, 2 channels per group; 2-D
// ones are linalg.conv_2d_ngchw_gfchw, nn-to-linalg.mlir): a window generic
// whose last output dimension is the innermost loop.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d3, d4 + d5)>
// CHECK-LABEL: func.func @grouped
// CHECK: linalg.generic {indexing_maps = [#[[IN]], {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
func.func @grouped(%x: tensor<2x8x6xf32>, %w: tensor<8x2x3xf32>) -> tensor<2x8x4xf32> {
  %0 = nn.conv %x, %w {strides = array<i64: 1>, pads = array<i64: 0, 0>, dilations = array<i64: 1>, group = 4 : i64} : (tensor<2x8x6xf32>, tensor<8x2x3xf32>) -> tensor<2x8x4xf32>
  return %0 : tensor<2x8x4xf32>
}
