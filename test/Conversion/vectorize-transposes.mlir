// RUN: qat-opt %s --split-input-file --qat-vectorize-transposes --canonicalize | FileCheck %s

// NCHW -> NHWC bytes: a 2-D transpose [C, HW] -> [HW, C] in 16 x 16 tiles:
// 16 row loads (rows in bit-reversed order), 4 stages of interleaves
// (8-, 16-, 32-, 64-bit lanes), 16 row stores; no edges here.
// CHECK-LABEL: func.func @nchw_to_nhwc
// CHECK: %[[IN:.*]] = memref.reinterpret_cast %arg0 to offset: [0], sizes: [32, 32], strides: [32, 1]
// CHECK: %[[OUT:.*]] = memref.reinterpret_cast %arg1 to offset: [0], sizes: [32, 32], strides: [32, 1]
// CHECK: scf.for %[[R:.*]] = %c0 to %c32 step %c16
// CHECK: scf.for %[[C:.*]] = %c0 to %c32 step %c16
// CHECK: vector.load %[[IN]][%[[C]], %[[R]]] : {{.*}}, vector<16xi8>
// CHECK: %[[ROW8:.*]] = arith.addi %[[C]], %c8
// CHECK: vector.load %[[IN]][%[[ROW8]], %[[R]]]
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23] : vector<16xi8>, vector<16xi8>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 8, 1, 9, 2, 10, 3, 11] : vector<8xi16>, vector<8xi16>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 4, 1, 5] : vector<4xi32>, vector<4xi32>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 2] : vector<2xi64>, vector<2xi64>
// CHECK: vector.store %{{.*}}, %[[OUT]][%[[R]], %[[C]]] : {{.*}}, vector<16xi8>
// CHECK-NOT: memref.load
// CHECK-NOT: qat.parallel
// CHECK: return
func.func @nchw_to_nhwc(%in: memref<1x32x8x4xi8>, %out: memref<1x8x4x32xi8>) {
  linalg.transpose ins(%in : memref<1x32x8x4xi8>) outs(%out : memref<1x8x4x32xi8>) permutation = [0, 2, 3, 1]
  return
}

// -----

// An elementwise copy of a permuted view (pixel-major sums into NCHW), f32:
// 4 x 4 tiles (two stages), the two rows past the last full tile by a
// scalar loop.
// CHECK-LABEL: func.func @rows_to_nchw
// CHECK: scf.for %{{.*}} = %c0 to %c16 step %c4
// CHECK: scf.for %{{.*}} = %c0 to %c20 step %c4
// CHECK-COUNT-4: vector.load {{.*}} vector<4xf32>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 4, 1, 5] : vector<4xi32>, vector<4xi32>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 2] : vector<2xi64>, vector<2xi64>
// CHECK-COUNT-4: vector.store {{.*}} vector<4xf32>
// CHECK: scf.for %{{.*}} = %c16 to %c18 step %c1
// CHECK: memref.load
// CHECK-NOT: linalg.generic
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func @rows_to_nchw(%d: memref<1x20x18xf32>, %out: memref<1x18x20xf32>) {
  %t = memref.transpose %d (d0, d1, d2) -> (d0, d2, d1) : memref<1x20x18xf32> to memref<1x18x20xf32, strided<[360, 1, 18]>>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel"]} ins(%t : memref<1x18x20xf32, strided<[360, 1, 18]>>) outs(%out : memref<1x18x20xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  return
}

// -----

// NCHW sums (channels of 196 pixels at a pitch of 224) copied into a
// pixel-major view of [196, 256] (the pixel rows' residual input): the
// channels are innermost in the output, the pixels in the input, so the
// copy runs as the 2-D transpose [256, 196] -> [196, 256] with the groups
// swapped, in 4 x 4 i32 tiles.
// CHECK-LABEL: func.func @nchw_to_rows
// CHECK: scf.for %{{.*}} = %c0 to %c196 step %c4
// CHECK: scf.for %{{.*}} = %c0 to %c256 step %c4
// CHECK-COUNT-4: vector.load %{{.*}} : memref<256x196xi32, strided<[224, 1]>>, vector<4xi32>
// CHECK: vector.shuffle
// CHECK-COUNT-4: vector.store %{{.*}} : memref<196x256xi32, strided<[256, 1]>>, vector<4xi32>
// CHECK-NOT: linalg.generic
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @nchw_to_rows(%c: memref<256x224xi32>, %rows: memref<196x256xi32>) {
  %sv = memref.subview %c[0, 0] [256, 196] [1, 1] : memref<256x224xi32> to memref<256x196xi32, strided<[224, 1]>>
  %in = memref.expand_shape %sv [[0, 1], [2, 3]] output_shape [1, 256, 14, 14] : memref<256x196xi32, strided<[224, 1]>> into memref<1x256x14x14xi32, strided<[57344, 224, 14, 1]>>
  %e = memref.expand_shape %rows [[0, 1], [2]] output_shape [1, 196, 256] : memref<196x256xi32> into memref<1x196x256xi32>
  %t = memref.transpose %e (d0, d1, d2) -> (d0, d2, d1) : memref<1x196x256xi32> to memref<1x256x196xi32, strided<[50176, 1, 256]>>
  %out = memref.expand_shape %t [[0], [1], [2, 3]] output_shape [1, 256, 14, 14] : memref<1x256x196xi32, strided<[50176, 1, 256]>> into memref<1x256x14x14xi32, strided<[50176, 1, 3584, 256]>>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%in : memref<1x256x14x14xi32, strided<[57344, 224, 14, 1]>>) outs(%out : memref<1x256x14x14xi32, strided<[50176, 1, 3584, 256]>>) {
  ^bb0(%x: i32, %o: i32):
    linalg.yield %x : i32
  }
  return
}

// -----

// Into the interior of a padded NHWC buffer (row stride 40 > 32 columns)
// from a strided source: the pitches come from the strides.
// CHECK-LABEL: func.func @padded_target
// CHECK: vector.load %arg0[%{{.*}}, %{{.*}}] : memref<32x16xi8, strided<[20, 1]>>, vector<16xi8>
// CHECK: vector.shuffle
// CHECK: vector.store %{{.*}}, %arg1[%{{.*}}, %{{.*}}] : memref<16x32xi8, strided<[40, 1], offset: 41>>, vector<16xi8>
func.func @padded_target(%in: memref<32x16xi8, strided<[20, 1]>>, %out: memref<16x32xi8, strided<[40, 1], offset: 41>>) {
  linalg.transpose ins(%in : memref<32x16xi8, strided<[20, 1]>>) outs(%out : memref<16x32xi8, strided<[40, 1], offset: 41>>) permutation = [1, 0]
  return
}

// -----

// Not a 2-D transpose (the innermost dimension stays innermost: row copies
// already), batched (the batch is outermost on both sides), or under one
// tile: left alone.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: vector.
// CHECK-COUNT-3: linalg.transpose
func.func @left_alone(%a: memref<2x3x4x16xi8>, %b: memref<2x4x3x16xi8>, %c: memref<2x32x4x4xi8>, %d: memref<2x4x4x32xi8>, %e: memref<8x32xi8>, %f: memref<32x8xi8>) {
  linalg.transpose ins(%a : memref<2x3x4x16xi8>) outs(%b : memref<2x4x3x16xi8>) permutation = [0, 2, 1, 3]
  linalg.transpose ins(%c : memref<2x32x4x4xi8>) outs(%d : memref<2x4x4x32xi8>) permutation = [0, 2, 3, 1]
  linalg.transpose ins(%e : memref<8x32xi8>) outs(%f : memref<32x8xi8>) permutation = [1, 0]
  return
}

// -----

// Between two allocations the loop over tile rows is marked for the
// model's threads (each iteration writes its own rows); between arguments
// (which may be one buffer) it is not (@nchw_to_nhwc above).
// CHECK-LABEL: func.func @allocations
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c16 {
// CHECK: } {qat.parallel}
// CHECK-NOT: qat.parallel
// CHECK: return
func.func @allocations() -> memref<1x8x4x32xi8> {
  %in = memref.alloc() : memref<1x32x8x4xi8>
  %out = memref.alloc() : memref<1x8x4x32xi8>
  linalg.transpose ins(%in : memref<1x32x8x4xi8>) outs(%out : memref<1x8x4x32xi8>) permutation = [0, 2, 3, 1]
  memref.dealloc %in : memref<1x32x8x4xi8>
  return %out : memref<1x8x4x32xi8>
}
