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
