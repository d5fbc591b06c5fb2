// RUN: qat-opt %s --qat-flatten-constant-globals | FileCheck %s

// A multi-dimensional constant global becomes one-dimensional (one raw LLVM
// array instead of one per innermost row), reshaped where it is read;
// one-dimensional and uninitialized globals are kept.
// CHECK: memref.global "private" constant @w : memref<6xf32> = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00]> {alignment = 64 : i64}
// CHECK: memref.global "private" constant @v : memref<4xf32>
// CHECK: memref.global "private" @scratch : memref<2x2xf32> = uninitialized
memref.global "private" constant @w : memref<3x2x1xf32> = dense<[[[1.0], [2.0]], [[3.0], [4.0]], [[5.0], [6.0]]]> {alignment = 64 : i64}
memref.global "private" constant @v : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>
memref.global "private" @scratch : memref<2x2xf32> = uninitialized

// CHECK-LABEL: func.func @read
// CHECK: %[[FLAT:.*]] = memref.get_global @w : memref<6xf32>
// CHECK: %[[W:.*]] = memref.expand_shape %[[FLAT]] {{\[\[}}0, 1, 2]] output_shape [3, 2, 1] : memref<6xf32> into memref<3x2x1xf32>
// CHECK: memref.load %[[W]]
// CHECK: memref.get_global @v : memref<4xf32>
// CHECK: memref.get_global @scratch : memref<2x2xf32>
func.func @read(%i: index) -> (f32, f32, f32) {
  %c0 = arith.constant 0 : index
  %w = memref.get_global @w : memref<3x2x1xf32>
  %a = memref.load %w[%i, %c0, %c0] : memref<3x2x1xf32>
  %v = memref.get_global @v : memref<4xf32>
  %b = memref.load %v[%i] : memref<4xf32>
  %s = memref.get_global @scratch : memref<2x2xf32>
  %c = memref.load %s[%i, %c0] : memref<2x2xf32>
  return %a, %b, %c : f32, f32, f32
}
