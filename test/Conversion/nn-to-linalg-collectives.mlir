// RUN: qat-opt %s --qat-lower-nn-to-linalg | FileCheck %s
// RUN: qat-opt %s --qat-lower-to-llvm | FileCheck %s --check-prefix=LLVM

// The replicas' sums: each collective writes its operands into one fresh
// flat buffer, calls qat_all_reduce_f32 on it (declared once, C interface),
// and takes each operand's part back as a view; `mean` divides by the
// replica count. SyncBatchNorm sums its two per-channel statistics one
// after the other (the variance needs the mean) and its two gradient sums
// in one call; the count is both replicas' (2 x 32 per channel).

// CHECK: func.func private @qat_all_reduce_f32(memref<?xf32>) attributes {llvm.emit_c_interface}

// CHECK-LABEL: func.func @gradients
// CHECK: %[[BUF:.*]] = memref.alloc() {alignment = 64 : i64} : memref<10xf32>
// CHECK: %[[A:.*]] = memref.subview %[[BUF]][0] [9] [1]
// CHECK: bufferization.materialize_in_destination %{{.*}} in writable %[[A]]
// CHECK: %[[B:.*]] = memref.subview %[[BUF]][9] [1] [1]
// CHECK: bufferization.materialize_in_destination %{{.*}} in writable %[[B]]
// CHECK: %[[DYN:.*]] = memref.cast %[[BUF]] : memref<10xf32> to memref<?xf32>
// CHECK: call @qat_all_reduce_f32(%[[DYN]])
// CHECK: %[[SUM:.*]] = bufferization.to_tensor %[[BUF]] restrict writable
// CHECK: tensor.extract_slice %[[SUM]][0] [9] [1]
// CHECK: tensor.extract_slice %[[SUM]][9] [1] [1]
// CHECK: arith.constant 4.000000e+00 : f32
// CHECK: arith.divf
func.func @gradients(%a: tensor<3x3xf32>, %b: tensor<f32>) -> (tensor<3x3xf32>, tensor<f32>) {
  %0:2 = nn.all_reduce %a, %b {replicas = 4 : i64, mean} : tensor<3x3xf32>, tensor<f32>
  return %0#0, %0#1 : tensor<3x3xf32>, tensor<f32>
}

// CHECK-LABEL: func.func @sync_batch_norm
// CHECK-COUNT-2: call @qat_all_reduce_f32({{.*}}) : (memref<?xf32>) -> ()
// CHECK: arith.constant 6.400000e+01 : f32
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<6xf32>
// CHECK: call @qat_all_reduce_f32
// CHECK-NOT: call @qat_all_reduce_f32
// CHECK: return
func.func @sync_batch_norm(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %dy: tensor<2x3x4x4xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2x3x4x4xf32>) {
  %y, %m, %v = nn.batch_norm_train %x, %s, %b {epsilon = 1.0e-5 : f32, replicas = 2 : i64} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
  %dx, %ds, %db = nn.batch_norm_grad %x, %s, %m, %v, %dy {epsilon = 1.0e-5 : f32, replicas = 2 : i64} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2x3x4x4xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
  return %dx, %ds, %db, %y : tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2x3x4x4xf32>
}

// L1 normalization on batch statistics: the mean, then the mean absolute
// deviation, each a sum over the replicas divided by 2 x 32.
// CHECK-LABEL: func.func @sync_l1_norm
// CHECK: call @qat_all_reduce_f32
// CHECK: arith.constant dense<6.400000e+01> : tensor<f32>
// CHECK: call @qat_all_reduce_f32
// CHECK-NOT: call @qat_all_reduce_f32
// CHECK: return
func.func @sync_l1_norm(%x: tensor<2x3x4x4xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  %y, %m, %s = qat.l1_norm %x, %g, %b {mode = "batch", epsilon = 1.0e-5 : f32, replicas = 2 : i64} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y : tensor<2x3x4x4xf32>
}

// One process's BatchNorm has no collective.
// CHECK-LABEL: func.func @batch_norm
// CHECK-NOT: qat_all_reduce_f32
// CHECK: return
func.func @batch_norm(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  %y, %m, %v = nn.batch_norm_train %x, %s, %b {epsilon = 1.0e-5 : f32} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y : tensor<2x3x4x4xf32>
}

// The whole pipeline keeps every call, on the memref descriptor.
// LLVM: llvm.func @_mlir_ciface_qat_all_reduce_f32(!llvm.ptr)
// LLVM-COUNT-6: llvm.call @qat_all_reduce_f32(
