// qat-flatten-elementwise-buffers: an elementwise generic over whole
// contiguous buffers runs as one loop over 1-D views; broadcasts, strided
// views and reductions keep their loops.
// RUN: qat-opt %s --split-input-file --qat-flatten-elementwise-buffers | FileCheck %s

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @residual_relu
// CHECK-DAG:     %[[A:.*]] = memref.collapse_shape %arg0 {{\[\[}}0, 1, 2, 3]] : memref<1x4x14x14xf32> into memref<784xf32>
// CHECK-DAG:     %[[B:.*]] = memref.collapse_shape %arg1 {{\[\[}}0, 1, 2, 3]] : memref<1x4x14x14xf32> into memref<784xf32>
// CHECK:         linalg.generic {{.*}}iterator_types = ["parallel"]} ins(%[[A]], %[[B]] : memref<784xf32>, memref<784xf32>) outs(%{{.*}} : memref<784xf32>)
// CHECK:           arith.addf
// CHECK:           arith.maximumf
func.func @residual_relu(%x: memref<1x4x14x14xf32>, %r: memref<1x4x14x14xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x, %r : memref<1x4x14x14xf32>, memref<1x4x14x14xf32>) outs(%x : memref<1x4x14x14xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  }
  return
}

// -----

#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @kept
// CHECK-NOT:     memref.collapse_shape
// CHECK:         return
func.func @kept(%x: memref<4x8xf32>, %s: memref<4xf32>, %v: memref<4x8xf32, strided<[16, 1]>>) {
  linalg.generic {indexing_maps = [#row, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%s : memref<4xf32>) outs(%x : memref<4x8xf32>) {
  ^bb0(%a: f32, %o: f32):
    linalg.yield %a : f32
  }
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<4x8xf32>) outs(%v : memref<4x8xf32, strided<[16, 1]>>) {
  ^bb0(%a: f32, %o: f32):
    linalg.yield %a : f32
  }
  linalg.generic {indexing_maps = [#id2, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<4x8xf32>) outs(%s : memref<4xf32>) {
  ^bb0(%a: f32, %o: f32):
    %t = arith.addf %a, %o : f32
    linalg.yield %t : f32
  }
  return
}
