// RUN: qat-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(qat-elide-copies))' | FileCheck %s

// An elementwise result copied into a padded buffer's interior: the padded
// buffer is allocated and filled first, the op writes the interior view,
// the temporary and the copy go.
// CHECK-LABEL: func.func @pad_interior
// CHECK: %[[P:.*]] = memref.alloc(){{.*}}: memref<1x2x6x6xi8>
// CHECK-NEXT: linalg.map outs(%[[P]]
// CHECK: %[[V:.*]] = memref.subview %[[P]][0, 0, 1, 1] [1, 2, 4, 4] [1, 1, 1, 1]
// CHECK: linalg.generic {{.*}} outs(%[[V]] : memref<1x2x4x4xi8, strided<[72, 36, 6, 1], offset: 7>>)
// CHECK-NOT: memref.copy
// CHECK: return %[[P]]
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @pad_interior(%x: memref<1x2x4x4xi32>) -> memref<1x2x6x6xi8> {
  %c0 = arith.constant 0 : i8
  %t = memref.alloc() : memref<1x2x4x4xi8>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : memref<1x2x4x4xi32>) outs(%t : memref<1x2x4x4xi8>) {
  ^bb0(%in: i32, %out: i8):
    %0 = arith.trunci %in : i32 to i8
    linalg.yield %0 : i8
  }
  %p = memref.alloc() : memref<1x2x6x6xi8>
  linalg.map outs(%p : memref<1x2x6x6xi8>)
    (%init: i8) {
      linalg.yield %c0 : i8
    }
  %v = memref.subview %p[0, 0, 1, 1] [1, 2, 4, 4] [1, 1, 1, 1] : memref<1x2x6x6xi8> to memref<1x2x4x4xi8, strided<[72, 36, 6, 1], offset: 7>>
  memref.copy %t, %v : memref<1x2x4x4xi8> to memref<1x2x4x4xi8, strided<[72, 36, 6, 1], offset: 7>>
  memref.dealloc %t : memref<1x2x4x4xi8>
  return %p : memref<1x2x6x6xi8>
}

// -----

// The temporary is read after the copy: the copy stays.
// CHECK-LABEL: func.func @read_after
// CHECK: memref.copy
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @read_after(%x: memref<4x4xi32>, %y: memref<4x4xi8>) -> memref<6x6xi8> {
  %c0 = arith.constant 0 : i8
  %t = memref.alloc() : memref<4x4xi8>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : memref<4x4xi32>) outs(%t : memref<4x4xi8>) {
  ^bb0(%in: i32, %out: i8):
    %0 = arith.trunci %in : i32 to i8
    linalg.yield %0 : i8
  }
  %p = memref.alloc() : memref<6x6xi8>
  linalg.fill ins(%c0 : i8) outs(%p : memref<6x6xi8>)
  %v = memref.subview %p[1, 1] [4, 4] [1, 1] : memref<6x6xi8> to memref<4x4xi8, strided<[6, 1], offset: 7>>
  memref.copy %t, %v : memref<4x4xi8> to memref<4x4xi8, strided<[6, 1], offset: 7>>
  memref.copy %t, %y : memref<4x4xi8> to memref<4x4xi8>
  return %p : memref<6x6xi8>
}

// -----

// Packed words [C/4, 1, H, W] copied as [C/4, H*W] into the zero-padded
// columns of the GEMM's operand: the producer writes the target view
// expanded the same way, the collapse, the temporary and the copy go.
// CHECK-LABEL: func.func @collapsed_source
// CHECK: %[[P:.*]] = memref.alloc(){{.*}}: memref<2x32xi32>
// CHECK-NEXT: linalg.fill {{.*}} outs(%[[P]]
// CHECK: %[[V:.*]] = memref.subview %[[P]][0, 0] [2, 9] [1, 1]
// CHECK: %[[E:.*]] = memref.expand_shape %[[V]] {{\[}}[0], [1, 2, 3]] output_shape [2, 1, 3, 3] : memref<2x9xi32, strided<[32, 1]>> into memref<2x1x3x3xi32, strided<[32, 9, 3, 1]>>
// CHECK: linalg.generic {{.*}} outs(%[[E]] : memref<2x1x3x3xi32, strided<[32, 9, 3, 1]>>)
// CHECK-NOT: memref.copy
// CHECK-NOT: memref.collapse_shape
// CHECK: return %[[P]]
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @collapsed_source(%x: memref<2x1x3x3xi8>) -> memref<2x32xi32> {
  %c0 = arith.constant 0 : i32
  %t = memref.alloc() : memref<2x1x3x3xi32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : memref<2x1x3x3xi8>) outs(%t : memref<2x1x3x3xi32>) {
  ^bb0(%in: i8, %out: i32):
    %0 = arith.extui %in : i8 to i32
    linalg.yield %0 : i32
  }
  %flat = memref.collapse_shape %t [[0], [1, 2, 3]] : memref<2x1x3x3xi32> into memref<2x9xi32>
  %p = memref.alloc() : memref<2x32xi32>
  linalg.fill ins(%c0 : i32) outs(%p : memref<2x32xi32>)
  %v = memref.subview %p[0, 0] [2, 9] [1, 1] : memref<2x32xi32> to memref<2x9xi32, strided<[32, 1]>>
  memref.copy %flat, %v : memref<2x9xi32> to memref<2x9xi32, strided<[32, 1]>>
  memref.dealloc %t : memref<2x1x3x3xi32>
  return %p : memref<2x32xi32>
}

// -----

// The collapsed view is read again after the copy: the copy stays.
// CHECK-LABEL: func.func @collapsed_source_read_after
// CHECK: memref.copy
// CHECK: memref.copy
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func @collapsed_source_read_after(%x: memref<2x3x3xi32>, %y: memref<2x9xi8>) -> memref<2x16xi8> {
  %c0 = arith.constant 0 : i8
  %t = memref.alloc() : memref<2x3x3xi8>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x : memref<2x3x3xi32>) outs(%t : memref<2x3x3xi8>) {
  ^bb0(%in: i32, %out: i8):
    %0 = arith.trunci %in : i32 to i8
    linalg.yield %0 : i8
  }
  %flat = memref.collapse_shape %t [[0], [1, 2]] : memref<2x3x3xi8> into memref<2x9xi8>
  %p = memref.alloc() : memref<2x16xi8>
  linalg.fill ins(%c0 : i8) outs(%p : memref<2x16xi8>)
  %v = memref.subview %p[0, 0] [2, 9] [1, 1] : memref<2x16xi8> to memref<2x9xi8, strided<[16, 1]>>
  memref.copy %flat, %v : memref<2x9xi8> to memref<2x9xi8, strided<[16, 1]>>
  memref.copy %flat, %y : memref<2x9xi8> to memref<2x9xi8>
  return %p : memref<2x16xi8>
}

// -----

// The temporary is read again after the copy by an elementwise op (a
// residual branch): the op writes the padded interior and the reader reads
// the interior view.
// CHECK-LABEL: func.func @read_after_by_linalg
// CHECK: %[[P:.*]] = memref.alloc(){{.*}}: memref<6x6xi8>
// CHECK: %[[V:.*]] = memref.subview %[[P]][1, 1] [4, 4] [1, 1]
// CHECK: linalg.generic {{.*}} outs(%[[V]] : memref<4x4xi8, strided<[6, 1], offset: 7>>)
// CHECK-NOT: memref.copy
// CHECK: linalg.generic {{.*}} ins(%[[V]] : memref<4x4xi8, strided<[6, 1], offset: 7>>) outs(%{{.*}} : memref<4x4xi32>)
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @read_after_by_linalg(%x: memref<4x4xi32>, %y: memref<4x4xi32>) -> memref<6x6xi8> {
  %c0 = arith.constant 0 : i8
  %t = memref.alloc() : memref<4x4xi8>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : memref<4x4xi32>) outs(%t : memref<4x4xi8>) {
  ^bb0(%in: i32, %out: i8):
    %0 = arith.trunci %in : i32 to i8
    linalg.yield %0 : i8
  }
  %p = memref.alloc() : memref<6x6xi8>
  linalg.fill ins(%c0 : i8) outs(%p : memref<6x6xi8>)
  %v = memref.subview %p[1, 1] [4, 4] [1, 1] : memref<6x6xi8> to memref<4x4xi8, strided<[6, 1], offset: 7>>
  memref.copy %t, %v : memref<4x4xi8> to memref<4x4xi8, strided<[6, 1], offset: 7>>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%t : memref<4x4xi8>) outs(%y : memref<4x4xi32>) {
  ^bb0(%in: i8, %out: i32):
    %0 = arith.extsi %in : i8 to i32
    linalg.yield %0 : i32
  }
  memref.dealloc %t : memref<4x4xi8>
  return %p : memref<6x6xi8>
}

// -----

// The padded buffer is written between the copy and the later reader (or
// freed before it, or the reader is a marked op a kernel may take): the
// reader would see other values, so the copy stays.
// CHECK-LABEL: func.func @target_written_before_reader
// CHECK: memref.copy
// CHECK-LABEL: func.func @target_freed_before_reader
// CHECK: memref.copy
// CHECK-LABEL: func.func @marked_reader
// CHECK: memref.copy
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @target_written_before_reader(%x: memref<4x4xi32>, %y: memref<4x4xi32>) -> memref<6x6xi8> {
  %c0 = arith.constant 0 : i8
  %c1 = arith.constant 1 : i8
  %t = memref.alloc() : memref<4x4xi8>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : memref<4x4xi32>) outs(%t : memref<4x4xi8>) {
  ^bb0(%in: i32, %out: i8):
    %0 = arith.trunci %in : i32 to i8
    linalg.yield %0 : i8
  }
  %p = memref.alloc() : memref<6x6xi8>
  linalg.fill ins(%c0 : i8) outs(%p : memref<6x6xi8>)
  %v = memref.subview %p[1, 1] [4, 4] [1, 1] : memref<6x6xi8> to memref<4x4xi8, strided<[6, 1], offset: 7>>
  memref.copy %t, %v : memref<4x4xi8> to memref<4x4xi8, strided<[6, 1], offset: 7>>
  %w = memref.subview %p[2, 2] [1, 1] [1, 1] : memref<6x6xi8> to memref<1x1xi8, strided<[6, 1], offset: 14>>
  linalg.fill ins(%c1 : i8) outs(%w : memref<1x1xi8, strided<[6, 1], offset: 14>>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%t : memref<4x4xi8>) outs(%y : memref<4x4xi32>) {
  ^bb0(%in: i8, %out: i32):
    %0 = arith.extsi %in : i8 to i32
    linalg.yield %0 : i32
  }
  return %p : memref<6x6xi8>
}

func.func @target_freed_before_reader(%x: memref<4x4xi32>, %y: memref<4x4xi32>, %z: memref<6x6xi8>) {
  %c0 = arith.constant 0 : i8
  %t = memref.alloc() : memref<4x4xi8>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : memref<4x4xi32>) outs(%t : memref<4x4xi8>) {
  ^bb0(%in: i32, %out: i8):
    %0 = arith.trunci %in : i32 to i8
    linalg.yield %0 : i8
  }
  %p = memref.alloc() : memref<6x6xi8>
  linalg.fill ins(%c0 : i8) outs(%p : memref<6x6xi8>)
  %v = memref.subview %p[1, 1] [4, 4] [1, 1] : memref<6x6xi8> to memref<4x4xi8, strided<[6, 1], offset: 7>>
  memref.copy %t, %v : memref<4x4xi8> to memref<4x4xi8, strided<[6, 1], offset: 7>>
  memref.copy %p, %z : memref<6x6xi8> to memref<6x6xi8>
  memref.dealloc %p : memref<6x6xi8>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%t : memref<4x4xi8>) outs(%y : memref<4x4xi32>) {
  ^bb0(%in: i8, %out: i32):
    %0 = arith.extsi %in : i8 to i32
    linalg.yield %0 : i32
  }
  return
}

func.func @marked_reader(%x: memref<4x4xi32>, %y: memref<4x4xi32>) -> memref<6x6xi8> {
  %c0 = arith.constant 0 : i8
  %t = memref.alloc() : memref<4x4xi8>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : memref<4x4xi32>) outs(%t : memref<4x4xi8>) {
  ^bb0(%in: i32, %out: i8):
    %0 = arith.trunci %in : i32 to i8
    linalg.yield %0 : i8
  }
  %p = memref.alloc() : memref<6x6xi8>
  linalg.fill ins(%c0 : i8) outs(%p : memref<6x6xi8>)
  %v = memref.subview %p[1, 1] [4, 4] [1, 1] : memref<6x6xi8> to memref<4x4xi8, strided<[6, 1], offset: 7>>
  memref.copy %t, %v : memref<4x4xi8> to memref<4x4xi8, strided<[6, 1], offset: 7>>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%t : memref<4x4xi8>) outs(%y : memref<4x4xi32>) attrs = {qat.some_kernel} {
  ^bb0(%in: i8, %out: i32):
    %0 = arith.extsi %in : i8 to i32
    linalg.yield %0 : i32
  }
  return %p : memref<6x6xi8>
}

// -----

// A window maximum accumulates into its output from a fill: the fill and
// the op both move to the padded interior.
// CHECK-LABEL: func.func @fill_then_reduce
// CHECK: %[[P:.*]] = memref.alloc(){{.*}}: memref<1x6xi8>
// CHECK: %[[V:.*]] = memref.subview %[[P]][0, 1] [1, 4] [1, 1]
// CHECK-NEXT: linalg.fill ins(%{{.*}} : i8) outs(%[[V]]
// CHECK-NEXT: linalg.generic {{.*}} outs(%[[V]] : memref<1x4xi8, strided<[6, 1], offset: 1>>)
// CHECK-NOT: memref.copy
func.func @fill_then_reduce(%x: memref<1x8xi8>, %win: memref<2xi8>) -> memref<1x6xi8> {
  %c0 = arith.constant 0 : i8
  %t = memref.alloc() : memref<1x4xi8>
  linalg.fill ins(%c0 : i8) outs(%t : memref<1x4xi8>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1 * 2 + d2)>, affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %win : memref<1x8xi8>, memref<2xi8>) outs(%t : memref<1x4xi8>) {
  ^bb0(%in: i8, %w: i8, %out: i8):
    %0 = arith.maxui %in, %out : i8
    linalg.yield %0 : i8
  }
  %p = memref.alloc() : memref<1x6xi8>
  linalg.fill ins(%c0 : i8) outs(%p : memref<1x6xi8>)
  %v = memref.subview %p[0, 1] [1, 4] [1, 1] : memref<1x6xi8> to memref<1x4xi8, strided<[6, 1], offset: 1>>
  memref.copy %t, %v : memref<1x4xi8> to memref<1x4xi8, strided<[6, 1], offset: 1>>
  memref.dealloc %t : memref<1x4xi8>
  return %p : memref<1x6xi8>
}
