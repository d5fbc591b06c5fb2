// RUN: qat-opt %s --split-input-file --qat-contractions-to-kernel-calls | FileCheck %s

// C += A * B^T on buffers becomes a call of the packed GEMM; A is a constant
// global (weights), which the kernel may pack once.
// CHECK: func.func private @qat_sgemm_f32(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, i32, i32, i32) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @gemm
// CHECK-DAG: %[[F:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[T:.*]] = arith.constant 1 : i32
// CHECK: call @qat_sgemm_f32(%{{.*}}, %{{.*}}, %{{.*}}, %[[F]], %[[T]], %[[T]])
// CHECK-NOT: linalg.generic
memref.global "private" constant @weights : memref<4x8xf32> = dense<1.0>
func.func @gemm(%b: memref<16x8xf32>, %c: memref<4x16xf32>) {
  %a = memref.get_global @weights : memref<4x8xf32>
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<4x8xf32>, memref<16x8xf32>) outs(%c : memref<4x16xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Not a plain contraction (max instead of add): left alone.
// CHECK-LABEL: func.func @not_a_gemm
// CHECK: linalg.generic
// CHECK-NOT: call
func.func @not_a_gemm(%a: memref<4x8xf32>, %b: memref<8x16xf32>, %c: memref<4x16xf32>) {
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<4x8xf32>, memref<8x16xf32>) outs(%c : memref<4x16xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.maximumf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A 2-D convolution on contiguous buffers calls the implicit-GEMM kernel
// with its strides and dilations; the weights are not constant here.
// CHECK-LABEL: func.func @conv
// CHECK-DAG: %[[S:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[D:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[NC:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[Z:.*]] = arith.constant 0 : i64
// CHECK: call @qat_conv2d_f32(%{{.*}}, %{{.*}}, %{{.*}}, %[[Z]], %[[Z]], %[[S]], %[[S]], %[[D]], %[[D]], %[[NC]])
func.func @conv(%x: memref<1x3x10x10xf32>, %w: memref<8x3x3x3xf32>, %o: memref<1x8x4x4xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : memref<1x3x10x10xf32>, memref<8x3x3x3xf32>) outs(%o : memref<1x8x4x4xf32>)
  return
}

// -----

// A zero-padded copy feeding the convolution is dropped: the kernel gets the
// unpadded input and the top/left pads.
// CHECK-LABEL: func.func @conv_padded
// CHECK-SAME: (%[[X:.*]]: memref<1x3x8x8xf32>
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.copy
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2 : i64
// CHECK: %[[XC:.*]] = memref.cast %[[X]]
// CHECK: call @qat_conv2d_f32(%[[XC]], %{{.*}}, %{{.*}}, %[[TWO]], %[[ONE]],
func.func @conv_padded(%x: memref<1x3x8x8xf32>, %w: memref<8x3x3x3xf32>, %o: memref<1x8x4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %pad = memref.alloc() : memref<1x3x11x10xf32>
  linalg.fill ins(%zero : f32) outs(%pad : memref<1x3x11x10xf32>)
  %view = memref.subview %pad[0, 0, 2, 1] [1, 3, 8, 8] [1, 1, 1, 1] : memref<1x3x11x10xf32> to memref<1x3x8x8xf32, strided<[330, 110, 10, 1], offset: 21>>
  memref.copy %x, %view : memref<1x3x8x8xf32> to memref<1x3x8x8xf32, strided<[330, 110, 10, 1], offset: 21>>
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%pad, %w : memref<1x3x11x10xf32>, memref<8x3x3x3xf32>) outs(%o : memref<1x8x4x4xf32>)
  memref.dealloc %pad : memref<1x3x11x10xf32>
  return
}

// -----

// The padded copy is a snapshot: when the source is overwritten before the
// convolution (an in-place residual update), the copy must stay.
// CHECK-LABEL: func.func @conv_padded_source_overwritten
// CHECK: memref.copy
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[SRC:.*]] : memref<1x3x8x8xf32>)
// CHECK: call @qat_conv2d_f32
func.func @conv_padded_source_overwritten(%w: memref<8x3x3x3xf32>, %o: memref<1x8x4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %x = memref.alloc() : memref<1x3x8x8xf32>
  linalg.fill ins(%one : f32) outs(%x : memref<1x3x8x8xf32>)
  %pad = memref.alloc() : memref<1x3x10x10xf32>
  linalg.fill ins(%zero : f32) outs(%pad : memref<1x3x10x10xf32>)
  %view = memref.subview %pad[0, 0, 1, 1] [1, 3, 8, 8] [1, 1, 1, 1] : memref<1x3x10x10xf32> to memref<1x3x8x8xf32, strided<[300, 100, 10, 1], offset: 11>>
  memref.copy %x, %view : memref<1x3x8x8xf32> to memref<1x3x8x8xf32, strided<[300, 100, 10, 1], offset: 11>>
  linalg.fill ins(%zero : f32) outs(%x : memref<1x3x8x8xf32>)
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%pad, %w : memref<1x3x10x10xf32>, memref<8x3x3x3xf32>) outs(%o : memref<1x8x4x4xf32>)
  memref.dealloc %pad : memref<1x3x10x10xf32>
  memref.dealloc %x : memref<1x3x8x8xf32>
  return
}
