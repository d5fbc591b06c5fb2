// RUN: qat-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(qat-elide-copies{into-slices}))' | FileCheck %s
// RUN: qat-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(qat-elide-copies))' | FileCheck %s --check-prefix=OFF

// A concatenation at batch 1: each input, computed by a kernel call in a
// temporary (one through a 2-D view the GEMM writes, expanded to NCHW for
// the copy), is computed in its channel slice of the result instead. The
// result's allocation and both slices move up; no copy or temporary stays.
// CHECK-LABEL: func.func @concat_slices
// CHECK: %[[C:.*]] = memref.alloc() : memref<1x6x4x4xf32>
// CHECK: %[[S0:.*]] = memref.subview %[[C]][0, 0, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1]
// CHECK: %[[V0:.*]] = memref.collapse_shape %[[S0]] {{\[\[}}0, 1], [2, 3]] : memref<1x2x4x4xf32, strided<[96, 16, 4, 1]>> into memref<2x16xf32, strided<[16, 1]>>
// CHECK: %[[A0:.*]] = memref.cast %[[V0]] : memref<2x16xf32, strided<[16, 1]>> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK: call @qat_sgemm_f32(%{{.*}}, %[[A0]])
// CHECK: %[[S1:.*]] = memref.subview %[[C]][0, 2, 0, 0] [1, 4, 4, 4] [1, 1, 1, 1]
// CHECK: %[[A1:.*]] = memref.cast %[[S1]] : memref<1x4x4x4xf32, strided<[96, 16, 4, 1], offset: 32>> to memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
// CHECK: call @qat_conv2d_f32(%{{.*}}, %[[A1]])
// CHECK-NOT: memref.copy
// CHECK-NOT: memref.dealloc
// CHECK: return %[[C]]
// OFF-LABEL: func.func @concat_slices
// OFF-COUNT-2: memref.copy
func.func private @qat_sgemm_f32(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>)
func.func private @qat_conv2d_f32(memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>)
func.func @concat_slices(%a: memref<2x16xf32>, %x: memref<1x3x6x6xf32>) -> memref<1x6x4x4xf32> {
  %t0 = memref.alloc() : memref<2x16xf32>
  %ac = memref.cast %a : memref<2x16xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
  %t0c = memref.cast %t0 : memref<2x16xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
  call @qat_sgemm_f32(%ac, %t0c) : (memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) -> ()
  %e0 = memref.expand_shape %t0 [[0, 1], [2, 3]] output_shape [1, 2, 4, 4] : memref<2x16xf32> into memref<1x2x4x4xf32>
  %t1 = memref.alloc() : memref<1x4x4x4xf32>
  %xc = memref.cast %x : memref<1x3x6x6xf32> to memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %t1c = memref.cast %t1 : memref<1x4x4x4xf32> to memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  call @qat_conv2d_f32(%xc, %t1c) : (memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>) -> ()
  %c = memref.alloc() : memref<1x6x4x4xf32>
  %s0 = memref.subview %c[0, 0, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : memref<1x6x4x4xf32> to memref<1x2x4x4xf32, strided<[96, 16, 4, 1]>>
  memref.copy %e0, %s0 : memref<1x2x4x4xf32> to memref<1x2x4x4xf32, strided<[96, 16, 4, 1]>>
  %s1 = memref.subview %c[0, 2, 0, 0] [1, 4, 4, 4] [1, 1, 1, 1] : memref<1x6x4x4xf32> to memref<1x4x4x4xf32, strided<[96, 16, 4, 1], offset: 32>>
  memref.copy %t1, %s1 : memref<1x4x4x4xf32> to memref<1x4x4x4xf32, strided<[96, 16, 4, 1], offset: 32>>
  memref.dealloc %t0 : memref<2x16xf32>
  memref.dealloc %t1 : memref<1x4x4x4xf32>
  return %c : memref<1x6x4x4xf32>
}

// -----

// The slice is read between the temporary's writer and the copy: the copy
// stays (the reader must see the slice's old contents).
// CHECK-LABEL: func.func @slice_read_before_copy
// CHECK: call @qat_conv2d_f32
// CHECK-NEXT: memref.copy %{{.*}}, %{{.*}} : memref<1x2x4x4xf32, strided<[64, 16, 4, 1]>> to memref<1x2x4x4xf32>
// CHECK-NEXT: memref.copy %{{.*}}, %{{.*}} : memref<1x2x4x4xf32> to memref<1x2x4x4xf32, strided<[64, 16, 4, 1]>>
func.func private @qat_conv2d_f32(memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>)
func.func @slice_read_before_copy(%x: memref<1x3x6x6xf32>, %seen: memref<1x2x4x4xf32>) -> memref<1x4x4x4xf32> {
  %c = memref.alloc() : memref<1x4x4x4xf32>
  %s0 = memref.subview %c[0, 0, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : memref<1x4x4x4xf32> to memref<1x2x4x4xf32, strided<[64, 16, 4, 1]>>
  %t = memref.alloc() : memref<1x2x4x4xf32>
  %xc = memref.cast %x : memref<1x3x6x6xf32> to memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %tc = memref.cast %t : memref<1x2x4x4xf32> to memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  call @qat_conv2d_f32(%xc, %tc) : (memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>) -> ()
  memref.copy %s0, %seen : memref<1x2x4x4xf32, strided<[64, 16, 4, 1]>> to memref<1x2x4x4xf32>
  memref.copy %t, %s0 : memref<1x2x4x4xf32> to memref<1x2x4x4xf32, strided<[64, 16, 4, 1]>>
  memref.dealloc %t : memref<1x2x4x4xf32>
  return %c : memref<1x4x4x4xf32>
}

// -----

// At batch 2 a channel slice is not contiguous (the kernels write dense
// buffers): the copy stays.
// CHECK-LABEL: func.func @batch2_slice
// CHECK: call @qat_conv2d_f32(%{{.*}}, %{{.*}})
// CHECK: memref.copy
func.func private @qat_conv2d_f32(memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>)
func.func @batch2_slice(%x: memref<2x3x6x6xf32>) -> memref<2x4x4x4xf32> {
  %t = memref.alloc() : memref<2x2x4x4xf32>
  %xc = memref.cast %x : memref<2x3x6x6xf32> to memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  %tc = memref.cast %t : memref<2x2x4x4xf32> to memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  call @qat_conv2d_f32(%xc, %tc) : (memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>) -> ()
  %c = memref.alloc() : memref<2x4x4x4xf32>
  %s0 = memref.subview %c[0, 0, 0, 0] [2, 2, 4, 4] [1, 1, 1, 1] : memref<2x4x4x4xf32> to memref<2x2x4x4xf32, strided<[64, 16, 4, 1]>>
  memref.copy %t, %s0 : memref<2x2x4x4xf32> to memref<2x2x4x4xf32, strided<[64, 16, 4, 1]>>
  memref.dealloc %t : memref<2x2x4x4xf32>
  return %c : memref<2x4x4x4xf32>
}
