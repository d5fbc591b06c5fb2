// RUN: qat-opt %s --qat-parallel-linalg-to-loops | FileCheck %s

// An elementwise op: its outer loop is marked.
// CHECK-LABEL: func.func @elementwise(
// CHECK: scf.for
// CHECK-NEXT: scf.for
// CHECK: } {qat.parallel}
// CHECK-NOT: linalg.generic
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @elementwise(%a: memref<4x8xf32>, %out: memref<4x8xf32>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<4x8xf32>) outs(%out : memref<4x8xf32>) {
  ^bb0(%x: f32, %y: f32):
    %e = math.exp %x : f32
    linalg.yield %e : f32
  }
  return
}

// An image of a batch of 1 (an NCHW -> NHWC transpose): the loop of one
// iteration is left unmarked (canonicalize folds it away) and the first
// loop of more is marked.
// CHECK-LABEL: func.func @batch_of_one(
// CHECK: scf.for %{{.*}} = %{{.*}} to %c1 step
// CHECK-NEXT: scf.for %{{.*}} = %{{.*}} to %c14 step
// CHECK: } {qat.parallel}
// CHECK-NEXT: }
// CHECK-NOT: qat.parallel
// CHECK: return
func.func @batch_of_one(%x: memref<1x8x14x14xi8>) -> memref<1x14x14x8xi8> {
  %y = memref.alloc() : memref<1x14x14x8xi8>
  linalg.transpose ins(%x : memref<1x8x14x14xi8>) outs(%y : memref<1x14x14x8xi8>)
      permutation = [0, 2, 3, 1]
  return %y : memref<1x14x14x8xi8>
}

// A batch statistic (sums over [N, C, HW] into [C], a fresh allocation)
// runs C first: each output's additions keep their order (n, then hw).
// CHECK-LABEL: func.func @batch_sum(
// CHECK-SAME: %[[X:.*]]: memref<2x3x5xf32>
// CHECK: %[[S:.*]] = memref.alloc()
// CHECK: scf.for %{{.*}} = %{{.*}} to %c3 step
// CHECK: scf.for %{{.*}} = %{{.*}} to %c2 step
// CHECK: scf.for %{{.*}} = %{{.*}} to %c5 step
// CHECK: memref.load %[[X]]
// CHECK: memref.store %{{.*}}, %[[S]]
// CHECK: } {qat.parallel}
func.func @batch_sum(%x: memref<2x3x5xf32>) -> memref<3xf32> {
  %s = memref.alloc() : memref<3xf32>
  linalg.generic {indexing_maps = [affine_map<(n, c, h) -> (n, c, h)>, affine_map<(n, c, h) -> (c)>],
                  iterator_types = ["reduction", "parallel", "reduction"]}
      ins(%x : memref<2x3x5xf32>) outs(%s : memref<3xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %r = arith.addf %acc, %v : f32
    linalg.yield %r : f32
  }
  return %s : memref<3xf32>
}

// The same sums into an argument, from an argument (which may be the
// same memory): left alone.
// CHECK-LABEL: func.func @batch_sum_arguments(
// CHECK: linalg.generic
func.func @batch_sum_arguments(%x: memref<2x3x5xf32>, %s: memref<3xf32>) {
  linalg.generic {indexing_maps = [affine_map<(n, c, h) -> (n, c, h)>, affine_map<(n, c, h) -> (c)>],
                  iterator_types = ["reduction", "parallel", "reduction"]}
      ins(%x : memref<2x3x5xf32>) outs(%s : memref<3xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %r = arith.addf %acc, %v : f32
    linalg.yield %r : f32
  }
  return
}

// A sum into one value has no parallel loop: left to convert-linalg-to-loops.
// CHECK-LABEL: func.func @total(
// CHECK: linalg.generic
func.func @total(%x: memref<16xf32>, %s: memref<f32>) {
  linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>],
                  iterator_types = ["reduction"]}
      ins(%x : memref<16xf32>) outs(%s : memref<f32>) {
  ^bb0(%v: f32, %acc: f32):
    %r = arith.addf %acc, %v : f32
    linalg.yield %r : f32
  }
  return
}

// The same argument read transposed and written (arguments may share
// memory): an iteration could read what another writes. Not marked.
// CHECK-LABEL: func.func @transpose_in_place(
// CHECK: linalg.generic
func.func @transpose_in_place(%a: memref<8x8xf32>, %b: memref<8x8xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (j, i)>, affine_map<(i, j) -> (i, j)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<8x8xf32>) outs(%b : memref<8x8xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  return
}

// A shifted view of the buffer it writes (iteration i reads what i + 1
// writes): not marked, though both maps are the identity.
// CHECK-LABEL: func.func @shifted_view(
// CHECK: linalg.generic
func.func @shifted_view(%a: memref<9xf32>) {
  %in = memref.subview %a[1] [8] [1] : memref<9xf32> to memref<8xf32, strided<[1], offset: 1>>
  %out = memref.subview %a[0] [8] [1] : memref<9xf32> to memref<8xf32, strided<[1]>>
  linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                  iterator_types = ["parallel"]}
      ins(%in : memref<8xf32, strided<[1], offset: 1>>) outs(%out : memref<8xf32, strided<[1]>>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  return
}

// Two flattenings of one buffer, read and written in place: marked.
// CHECK-LABEL: func.func @flattened_in_place(
// CHECK: } {qat.parallel}
// CHECK-NOT: linalg.generic
func.func @flattened_in_place(%b: memref<4x16xf32>) {
  %a = memref.alloc() : memref<4x16xf32>
  %in = memref.collapse_shape %a [[0, 1]] : memref<4x16xf32> into memref<64xf32>
  %out = memref.collapse_shape %a [[0, 1]] : memref<4x16xf32> into memref<64xf32>
  %other = memref.collapse_shape %b [[0, 1]] : memref<4x16xf32> into memref<64xf32>
  linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                  iterator_types = ["parallel"]}
      ins(%in, %other : memref<64xf32>, memref<64xf32>) outs(%out : memref<64xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %r = arith.addf %x, %y : f32
    linalg.yield %r : f32
  }
  memref.dealloc %a : memref<4x16xf32>
  return
}

// An update of one argument from another (a parameter and its new value,
// which the C ABI passes as one buffer or two), element for element: marked.
// CHECK-LABEL: func.func @update_argument(
// CHECK: } {qat.parallel}
// CHECK-NOT: linalg.generic
func.func @update_argument(%p: memref<64xf32>, %g: memref<64xf32>, %q: memref<64xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                  iterator_types = ["parallel"]}
      ins(%p, %g : memref<64xf32>, memref<64xf32>) outs(%q : memref<64xf32>) {
  ^bb0(%x: f32, %d: f32, %y: f32):
    %r = arith.subf %x, %d : f32
    linalg.yield %r : f32
  }
  return
}

// Read transposed from a fresh allocation, which no argument can be: marked.
// CHECK-LABEL: func.func @transpose_from_allocation(
// CHECK: } {qat.parallel}
// CHECK-NOT: linalg.generic
func.func @transpose_from_allocation(%b: memref<8x8xf32>) {
  %a = memref.alloc() : memref<8x8xf32>
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (j, i)>, affine_map<(i, j) -> (i, j)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<8x8xf32>) outs(%b : memref<8x8xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  memref.dealloc %a : memref<8x8xf32>
  return
}

// A parallel dimension the output does not index (a broadcast write) is
// not parallel: two iterations write one element.
// CHECK-LABEL: func.func @not_in_output(
// CHECK: linalg.generic
func.func @not_in_output(%x: memref<4x8xf32>, %s: memref<8xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<4x8xf32>) outs(%s : memref<8xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  }
  return
}

// A copy of 1 MiB or more is cut into pieces of 65536 elements in a
// marked loop, then the rest (static sizes: each piece is a memcpy);
// smaller copies stay.
// CHECK-LABEL: func.func @copies(
// CHECK-DAG: %[[FROM:.*]] = memref.collapse_shape %arg0
// CHECK-DAG: %[[TO:.*]] = memref.collapse_shape %arg1
// CHECK-DAG: %[[END:.*]] = arith.constant 262144 : index
// CHECK-DAG: %[[PIECE:.*]] = arith.constant 65536 : index
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %[[END]] step %[[PIECE]] {
// CHECK: %[[A:.*]] = memref.subview %[[FROM]][%[[I]]] [65536] [1]
// CHECK: %[[B:.*]] = memref.subview %[[TO]][%[[I]]] [65536] [1]
// CHECK: memref.copy %[[A]], %[[B]]
// CHECK: } {qat.parallel}
// CHECK: %[[C:.*]] = memref.subview %[[FROM]][262144] [37856] [1]
// CHECK: %[[D:.*]] = memref.subview %[[TO]][262144] [37856] [1]
// CHECK: memref.copy %[[C]], %[[D]]
// CHECK: memref.copy %arg2, %arg3 : memref<1000xf32> to memref<1000xf32>
func.func @copies(%a: memref<3x100000xf32>, %b: memref<3x100000xf32>, %c: memref<1000xf32>,
                  %d: memref<1000xf32>) {
  memref.copy %a, %b : memref<3x100000xf32> to memref<3x100000xf32>
  memref.copy %c, %d : memref<1000xf32> to memref<1000xf32>
  return
}
