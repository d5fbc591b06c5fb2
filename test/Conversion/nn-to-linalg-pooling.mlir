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

// Max pooling of 8-bit levels at stride 1 into a plane of the input's size
// (googlenet's inception pools): one window generic over the input padded
// with the lowest level (0 when unsigned), folding with an unsigned max,
// marked for the levels' pooling kernel (qat-contractions-to-kernel-calls
// turns it into qat_max_pool2d_u8).
// CHECK-LABEL: func.func @max_pool_same_unsigned
// CHECK: %[[P:.*]] = tensor.pad
// CHECK: arith.constant 0 : i8
// CHECK: linalg.generic {{.*}} ins(%[[P]], %{{.*}} : tensor<1x1x6x6xi8>, tensor<3x3xi8>) outs(%{{.*}} : tensor<1x1x4x4xi8>) attrs = {qat.max_pool2d = {dilations = array<i64: 1, 1>, strides = array<i64: 1, 1>, unsigned = true}}
// CHECK: arith.maxui
func.func @max_pool_same_unsigned(%x: tensor<1x1x4x4xui8>) -> tensor<1x1x4x4xui8> {
  %0 = nn.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<1x1x4x4xui8> -> tensor<1x1x4x4xui8>
  return %0 : tensor<1x1x4x4xui8>
}

// -----

// 8-bit levels at stride 2 (resnet18's 3x3 / 2 pool) take the marked
// window generic too: the kernel pools strided planes.
// CHECK-LABEL: func.func @max_pool_unsigned
// CHECK: %[[P:.*]] = tensor.pad
// CHECK: linalg.generic {{.*}} ins(%[[P]], %{{.*}} : tensor<1x1x5x5xi8>, tensor<3x3xi8>) outs(%{{.*}} : tensor<1x1x2x2xi8>) attrs = {qat.max_pool2d = {dilations = array<i64: 1, 1>, strides = array<i64: 2, 2>, unsigned = true}}
// CHECK: arith.maxui
func.func @max_pool_unsigned(%x: tensor<1x1x4x4xui8>) -> tensor<1x1x2x2xui8> {
  %0 = nn.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<1x1x4x4xui8> -> tensor<1x1x2x2xui8>
  return %0 : tensor<1x1x2x2xui8>
}

// -----

// Other integer max pooling (strides other than 1 or 2, unequal strides,
// output rows wider than the input's, wider levels: ShiftQuant's i16) pads
// with the lowest level and compares by the levels' sign, in two 1-D
// passes: the window's rows over whole padded rows, then columns.
// CHECK-DAG: #[[ROWS_IN:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2 * 3 + d3, d4)>
// CHECK-DAG: #[[COLS_IN:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4 * 3 + d3)>
// CHECK-LABEL: func.func @max_pool_stride3
// CHECK: tensor.pad
// CHECK: %[[ROWS:.*]] = linalg.generic {indexing_maps = [#[[ROWS_IN]], {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x1x7x7xi8>, tensor<3xi8>) outs(%{{.*}} : tensor<1x1x2x7xi8>)
// CHECK: arith.maxui
// CHECK: linalg.generic {indexing_maps = [#[[COLS_IN]], {{.*}} ins(%[[ROWS]], %{{.*}} : tensor<1x1x2x7xi8>, tensor<3xi8>) outs(%{{.*}} : tensor<1x1x2x2xi8>)
// CHECK: arith.maxui
// CHECK-NOT: qat.max_pool2d
func.func @max_pool_stride3(%x: tensor<1x1x6x6xui8>) -> tensor<1x1x2x2xui8> {
  %0 = nn.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 3, 3>, pads = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<1x1x6x6xui8> -> tensor<1x1x2x2xui8>
  return %0 : tensor<1x1x2x2xui8>
}

// -----

// CHECK-LABEL: func.func @max_pool_wider_than_input
// CHECK-NOT: qat.max_pool2d
// CHECK: arith.maxui
// CHECK: arith.maxui
func.func @max_pool_wider_than_input(%x: tensor<1x1x4x4xui8>) -> tensor<1x1x6x6xui8> {
  %0 = nn.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<1x1x4x4xui8> -> tensor<1x1x6x6xui8>
  return %0 : tensor<1x1x6x6xui8>
}

// -----

// CHECK-LABEL: func.func @max_pool_i16
// CHECK: tensor.pad
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x2x5xi16>)
// CHECK: arith.maxsi
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x2x2xi16>)
// CHECK: arith.maxsi
func.func @max_pool_i16(%x: tensor<1x1x4x4xi16>) -> tensor<1x1x2x2xi16> {
  %0 = nn.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<1x1x4x4xi16> -> tensor<1x1x2x2xi16>
  return %0 : tensor<1x1x2x2xi16>
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
