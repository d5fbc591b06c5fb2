// RUN: qat-opt %s --split-input-file --qat-split-batch=policy=always --verify-diagnostics | FileCheck %s
// RUN: qat-opt %s --split-input-file --qat-split-batch | FileCheck %s --check-prefix=AUTO

// A CNN at batch 4 runs one image at a time: every batched type gets 1 in
// its batch dimension, the reshape keeps the image's features together.
// CHECK-LABEL: func.func @cnn(%arg0: tensor<1x2x8x8xf32> {qat.name = "x"}) -> (tensor<1x3xf32> {qat.name = "y"})
// CHECK-SAME: attributes {qat.batch_split = 4 : i64}
// CHECK: nn.conv %arg0, {{.*}} -> tensor<1x4x8x8xf32>
// CHECK: nn.relu {{.*}} : tensor<1x4x8x8xf32>
// CHECK: nn.max_pool {{.*}} -> tensor<1x4x4x4xf32>
// CHECK: nn.reduce_mean {{.*}} : tensor<1x4x4x4xf32> -> tensor<1x4x1x1xf32>
// CHECK: nn.reshape {{.*}} : tensor<1x4x1x1xf32> -> tensor<1x4xf32>
// CHECK: nn.gemm {{.*}} -> tensor<1x3xf32>
// CHECK: nn.softmax {{.*}} : tensor<1x3xf32>
// The weights are 0.3 KiB, the largest tensor 4 KiB: not worth it for auto.
// AUTO-LABEL: func.func @cnn(%arg0: tensor<4x2x8x8xf32>
// AUTO-NOT: qat.batch_split
func.func @cnn(%x: tensor<4x2x8x8xf32> {qat.name = "x"}) -> (tensor<4x3xf32> {qat.name = "y"}) {
  %w = arith.constant dense<0.5> : tensor<4x2x3x3xf32>
  %fc = arith.constant dense<0.25> : tensor<3x4xf32>
  %b = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<4x2x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<4x4x8x8xf32>
  %1 = nn.relu %0 : tensor<4x4x8x8xf32>
  %2 = nn.max_pool %1 {ceil_mode = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<4x4x8x8xf32> -> tensor<4x4x4x4xf32>
  %3 = nn.reduce_mean %2 {axes = array<i64: 2, 3>, keepdims = true} : tensor<4x4x4x4xf32> -> tensor<4x4x1x1xf32>
  %4 = nn.reshape %3 : tensor<4x4x1x1xf32> -> tensor<4x4xf32>
  %5 = nn.gemm %4, %fc, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<4x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %6 = nn.softmax %5 axis = 1 : tensor<4x3xf32>
  return %6 : tensor<4x3xf32>
}

// -----

// Multi-head attention as torch.onnx exports it: the batch (2) goes to
// dimension 1 and merges with the heads (2 x 3 = 6); transposes and batched
// matmuls carry it, and the last reshape takes it out again.
// CHECK-LABEL: func.func @attention(%arg0: tensor<1x5x8xf32>) -> tensor<1x5x8xf32>
// CHECK-SAME: qat.batch_split = 2
// CHECK: nn.transpose {{.*}} : tensor<1x5x8xf32> -> tensor<5x1x8xf32>
// CHECK: nn.reshape {{.*}} : tensor<5x1x8xf32> -> tensor<5x2x4xf32>
// CHECK: nn.transpose {{.*}} : tensor<5x2x4xf32> -> tensor<2x5x4xf32>
// CHECK: nn.matmul {{.*}} -> tensor<2x5x5xf32>
// CHECK: nn.softmax {{.*}} : tensor<2x5x5xf32>
// CHECK: nn.matmul {{.*}} -> tensor<2x5x4xf32>
// CHECK: nn.transpose {{.*}} : tensor<2x5x4xf32> -> tensor<5x2x4xf32>
// CHECK: nn.reshape {{.*}} : tensor<5x2x4xf32> -> tensor<5x1x8xf32>
// CHECK: nn.transpose {{.*}} : tensor<5x1x8xf32> -> tensor<1x5x8xf32>
func.func @attention(%x: tensor<2x5x8xf32>) -> tensor<2x5x8xf32> {
  %scale = arith.constant dense<0.5> : tensor<f32>
  %0 = nn.transpose %x {perm = array<i64: 1, 0, 2>} : tensor<2x5x8xf32> -> tensor<5x2x8xf32>
  %1 = nn.reshape %0 : tensor<5x2x8xf32> -> tensor<5x4x4xf32>
  %2 = nn.transpose %1 {perm = array<i64: 1, 0, 2>} : tensor<5x4x4xf32> -> tensor<4x5x4xf32>
  %3 = nn.transpose %1 {perm = array<i64: 1, 2, 0>} : tensor<5x4x4xf32> -> tensor<4x4x5xf32>
  %4 = nn.matmul %2, %3 : (tensor<4x5x4xf32>, tensor<4x4x5xf32>) -> tensor<4x5x5xf32>
  %5 = nn.mul %4, %scale : (tensor<4x5x5xf32>, tensor<f32>) -> tensor<4x5x5xf32>
  %6 = nn.softmax %5 axis = 2 : tensor<4x5x5xf32>
  %7 = nn.matmul %6, %2 : (tensor<4x5x5xf32>, tensor<4x5x4xf32>) -> tensor<4x5x4xf32>
  %8 = nn.transpose %7 {perm = array<i64: 1, 0, 2>} : tensor<4x5x4xf32> -> tensor<5x4x4xf32>
  %9 = nn.reshape %8 : tensor<5x4x4xf32> -> tensor<5x2x8xf32>
  %10 = nn.transpose %9 {perm = array<i64: 1, 0, 2>} : tensor<5x2x8xf32> -> tensor<2x5x8xf32>
  return %10 : tensor<2x5x8xf32>
}

// -----

// Slices and concatenations along other axes (a channel split), a constant
// that broadcasts along the batch, and a full slice of the batch itself.
// CHECK-LABEL: func.func @branches(%arg0: tensor<1x6x4xf32>) -> tensor<1x6x4xf32>
// CHECK-SAME: qat.batch_split = 3
// CHECK: nn.slice %arg0 {offsets = array<i64: 0, 0, 0>, sizes = array<i64: 1, 3, 4>, strides = array<i64: 1, 1, 1>} : tensor<1x6x4xf32> -> tensor<1x3x4xf32>
// CHECK: nn.concat {{.*}} -> tensor<1x6x4xf32>
func.func @branches(%x: tensor<3x6x4xf32>) -> tensor<3x6x4xf32> {
  %bias = arith.constant dense<1.0> : tensor<1x3x4xf32>
  %0 = nn.slice %x {offsets = array<i64: 0, 0, 0>, sizes = array<i64: 3, 3, 4>, strides = array<i64: 1, 1, 1>} : tensor<3x6x4xf32> -> tensor<3x3x4xf32>
  %1 = nn.slice %x {offsets = array<i64: 0, 3, 0>, sizes = array<i64: 3, 3, 4>, strides = array<i64: 1, 1, 1>} : tensor<3x6x4xf32> -> tensor<3x3x4xf32>
  %2 = nn.add %1, %bias : (tensor<3x3x4xf32>, tensor<1x3x4xf32>) -> tensor<3x3x4xf32>
  %3 = nn.concat %2, %0 {axis = 1 : i64} : (tensor<3x3x4xf32>, tensor<3x3x4xf32>) -> tensor<3x6x4xf32>
  return %3 : tensor<3x6x4xf32>
}

// -----

// Ops that mix the images leave the function at its batch; with
// policy=always the reason is a warning.
// CHECK-LABEL: func.func @batch_mean(%arg0: tensor<4x3xf32>)
// CHECK-NOT: qat.batch_split
// expected-warning @+1 {{qat-split-batch: @batch_mean stays at batch 4: 'nn.reduce_mean' reduces over the batch}}
func.func @batch_mean(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = nn.reduce_mean %x {axes = array<i64: 0>, keepdims = true} : tensor<4x3xf32> -> tensor<1x3xf32>
  %1 = nn.sub %x, %0 : (tensor<4x3xf32>, tensor<1x3xf32>) -> tensor<4x3xf32>
  return %1 : tensor<4x3xf32>
}

// -----

// expected-warning @+1 {{stays at batch 4: 'nn.softmax' runs along the batch}}
func.func @softmax_over_batch(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %0 = nn.softmax %x axis = 0 : tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// expected-warning @+1 {{stays at batch 4: 'nn.add' has a constant operand that varies along the batch}}
func.func @per_image_constant(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %c = arith.constant dense<[[1.0], [2.0], [3.0], [4.0]]> : tensor<4x1xf32>
  %0 = nn.add %x, %c : (tensor<4x3xf32>, tensor<4x1xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// A reshape that interleaves the images.
// expected-warning @+1 {{stays at batch 4: 'nn.reshape' mixes the images}}
func.func @interleave(%x: tensor<4x6xf32>) -> tensor<6x4xf32> {
  %0 = nn.reshape %x : tensor<4x6xf32> -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

// -----

// Each image's values stay apart, but the result holds them side by side.
// expected-warning @+1 {{stays at batch 4: result 0 does not carry the batch in dimension 0}}
func.func @side_by_side(%x: tensor<4x6xf32>) -> tensor<1x24xf32> {
  %0 = nn.reshape %x : tensor<4x6xf32> -> tensor<1x24xf32>
  return %0 : tensor<1x24xf32>
}

// -----

// expected-warning @+1 {{stays at batch 2: 'nn.matmul' contracts over the batch}}
func.func @gram(%x: tensor<2x3xf32>) -> tensor<3x3xf32> {
  %0 = nn.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  %1 = nn.matmul %0, %x : (tensor<3x2xf32>, tensor<2x3xf32>) -> tensor<3x3xf32>
  return %1 : tensor<3x3xf32>
}

// -----

// An input without the batch.
// expected-warning @+1 {{stays at batch 2: input 1 has no batch of 2 in dimension 0}}
func.func @two_inputs(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = nn.add %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Batch 1 has nothing to split: no warning.
// CHECK-LABEL: func.func @single
// CHECK-NOT: qat.batch_split
func.func @single(%x: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %0 = nn.relu %x : tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// Without weights and with a tensor over 1 MiB (4 x 1.3 MB), auto splits.
// CHECK-LABEL: func.func @large(%arg0: tensor<1x80x32x32xf32>)
// AUTO-LABEL: func.func @large(%arg0: tensor<1x80x32x32xf32>)
// AUTO-SAME: qat.batch_split = 4
func.func @large(%x: tensor<4x80x32x32xf32>) -> tensor<4x80x32x32xf32> {
  %0 = nn.relu %x : tensor<4x80x32x32xf32>
  return %0 : tensor<4x80x32x32xf32>
}

// -----

// Rows of a product are separable too, but one at a time each is a
// matrix-vector product: auto keeps a batch whose multiply-adds are mostly
// such (here all of them) together.
// CHECK-LABEL: func.func @rows(%arg0: tensor<1x64xf32>)
// CHECK-SAME: qat.batch_split = 8192
// AUTO-LABEL: func.func @rows(%arg0: tensor<8192x64xf32>)
// AUTO-NOT: qat.batch_split
func.func @rows(%x: tensor<8192x64xf32>) -> tensor<8192x64xf32> {
  %w = arith.constant dense<0.5> : tensor<64x64xf32>
  %0 = nn.matmul %x, %w : (tensor<8192x64xf32>, tensor<64x64xf32>) -> tensor<8192x64xf32>
  return %0 : tensor<8192x64xf32>
}
