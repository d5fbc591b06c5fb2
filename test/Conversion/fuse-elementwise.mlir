// RUN: qat-opt %s --split-input-file --qat-lower-nn-to-linalg --qat-fuse-elementwise | FileCheck %s

// A producer with one user fuses into it: add + ReLU is one generic.
// CHECK-LABEL: func.func @single_use
// CHECK-COUNT-1: linalg.generic
// CHECK-NOT: linalg.generic
func.func @single_use(%a: tensor<2x8xf32>, %b: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = nn.add %a, %b : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %1 = nn.relu %0 : tensor<2x8xf32>
  return %1 : tensor<2x8xf32>
}

// -----

// A producer with other users stays one op (a residual block's add + ReLU,
// read by the next block's convolution and by its residual add): fused, it
// would be computed again in each consumer, and the consumer's add would
// read three buffers, more than a convolution's epilogue absorbs.
// CHECK-LABEL: func.func @shared_producer
// CHECK: %[[P:.*]] = linalg.generic
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK: linalg.generic {{.*}} ins(%[[P]], %{{.*}} :
// CHECK: arith.addf
// CHECK: arith.maximumf
func.func @shared_producer(%a: tensor<2x8xf32>, %b: tensor<2x8xf32>, %c: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %0 = nn.add %a, %b : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %1 = nn.relu %0 : tensor<2x8xf32>
  %2 = nn.add %1, %c : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %3 = nn.relu %2 : tensor<2x8xf32>
  return %1, %3 : tensor<2x8xf32>, tensor<2x8xf32>
}
