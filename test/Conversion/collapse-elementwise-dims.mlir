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

// -----

// An integer depthwise convolution's requantization keeps its NCHW shape:
// the depthwise kernels run it in their stores only when it reads their
// sums as they are.
// CHECK-LABEL: func.func @integer_depthwise
// CHECK: %[[S:.*]] = linalg.generic {{.*}} attrs = {qat.int_depthwise
// CHECK-NOT: tensor.collapse_shape
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[S]] : tensor<1x2x4x4xi32>)
#in = affine_map<(n, c, y, x, ky, kx) -> (n, c, y + ky, x + kx)>
#w = affine_map<(n, c, y, x, ky, kx) -> (c, ky, kx)>
#out = affine_map<(n, c, y, x, ky, kx) -> (n, c, y, x)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @integer_depthwise(%x: tensor<1x2x6x6xi8>, %w: tensor<2x3x3xi8>) -> tensor<1x2x4x4xi8> {
  %z = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x2x4x4xi32>
  %f = linalg.fill ins(%z : i32) outs(%e : tensor<1x2x4x4xi32>) -> tensor<1x2x4x4xi32>
  %s = linalg.generic {indexing_maps = [#in, #w, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%x, %w : tensor<1x2x6x6xi8>, tensor<2x3x3xi8>) outs(%f : tensor<1x2x4x4xi32>) attrs = {qat.int_depthwise = {dilations = array<i64: 1, 1>, strides = array<i64: 1, 1>, x_unsigned = true}} {
  ^bb0(%a: i8, %b: i8, %acc: i32):
    %0 = arith.extui %a : i8 to i32
    %1 = arith.extsi %b : i8 to i32
    %2 = arith.muli %0, %1 : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  } -> tensor<1x2x4x4xi32>
  %eq = tensor.empty() : tensor<1x2x4x4xi8>
  %q = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s : tensor<1x2x4x4xi32>) outs(%eq : tensor<1x2x4x4xi8>) {
  ^bb0(%a: i32, %o: i8):
    %0 = arith.trunci %a : i32 to i8
    linalg.yield %0 : i8
  } -> tensor<1x2x4x4xi8>
  return %q : tensor<1x2x4x4xi8>
}

// -----

// Integer levels that are padded next keep their shape, so that
// qat-elide-copies can have them written into the padded buffer's interior
// (a strided view no collapsed [C, H*W] op can write through); float
// results are collapsed as usual.
// CHECK-LABEL: func.func @padded_levels
// CHECK: %[[Q:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%arg0 : tensor<1x2x4x4xi32>)
// CHECK: tensor.pad %[[Q]]
// CHECK: tensor.collapse_shape %arg1
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel"]}
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @padded_levels(%x: tensor<1x2x4x4xi32>, %y: tensor<1x2x4x4xf32>) -> (tensor<1x2x6x6xi8>, tensor<1x2x6x6xf32>) {
  %zb = arith.constant 0 : i8
  %zf = arith.constant 0.0 : f32
  %eq = tensor.empty() : tensor<1x2x4x4xi8>
  %q = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x2x4x4xi32>) outs(%eq : tensor<1x2x4x4xi8>) {
  ^bb0(%a: i32, %o: i8):
    %0 = arith.trunci %a : i32 to i8
    linalg.yield %0 : i8
  } -> tensor<1x2x4x4xi8>
  %p = tensor.pad %q low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zb : i8
  } : tensor<1x2x4x4xi8> to tensor<1x2x6x6xi8>
  %ef = tensor.empty() : tensor<1x2x4x4xf32>
  %g = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%y : tensor<1x2x4x4xf32>) outs(%ef : tensor<1x2x4x4xf32>) {
  ^bb0(%a: f32, %o: f32):
    %0 = arith.negf %a : f32
    linalg.yield %0 : f32
  } -> tensor<1x2x4x4xf32>
  %pf = tensor.pad %g low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zf : f32
  } : tensor<1x2x4x4xf32> to tensor<1x2x6x6xf32>
  return %p, %pf : tensor<1x2x6x6xi8>, tensor<1x2x6x6xf32>
}
