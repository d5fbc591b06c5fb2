// RUN: qat-opt %s --split-input-file --qat-cancel-transposes --canonicalize | FileCheck %s

// Pixel rows [196, 256] -> NCHW for the requantization (a per-channel
// constant), padded, and back to NHWC: the op runs channels-last on the rows
// reshaped, the pad is NHWC, and no transpose is left.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @pixel_rows_round_trip
// CHECK-NOT: linalg.transpose
// CHECK: %[[R:.*]] = tensor.expand_shape %arg0 {{\[}}[0, 1, 2], [3]] output_shape [1, 14, 14, 256] : tensor<196x256xi32> into tensor<1x14x14x256xi32>
// CHECK: %[[E:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[CH]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[R]], %arg1 : tensor<1x14x14x256xi32>, tensor<256xi32>) outs(%{{.*}} : tensor<1x14x14x256xi8>)
// CHECK: arith.addi
// CHECK: %[[P:.*]] = tensor.pad %[[E]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: return %[[P]] : tensor<1x16x16x256xi8>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @pixel_rows_round_trip(%rows: tensor<196x256xi32>, %bias: tensor<256xi32>) -> tensor<1x16x16x256xi8> {
  %e1 = tensor.expand_shape %rows [[0, 1], [2]] output_shape [1, 196, 256] : tensor<196x256xi32> into tensor<1x196x256xi32>
  %t0 = tensor.empty() : tensor<1x256x196xi32>
  %t = linalg.transpose ins(%e1 : tensor<1x196x256xi32>) outs(%t0 : tensor<1x256x196xi32>) permutation = [0, 2, 1]
  %e2 = tensor.expand_shape %t [[0], [1], [2, 3]] output_shape [1, 256, 14, 14] : tensor<1x256x196xi32> into tensor<1x256x14x14xi32>
  %init = tensor.empty() : tensor<1x256x14x14xi8>
  %q = linalg.generic {indexing_maps = [#id, #ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%e2, %bias : tensor<1x256x14x14xi32>, tensor<256xi32>) outs(%init : tensor<1x256x14x14xi8>) {
  ^bb0(%a: i32, %b: i32, %out: i8):
    %s = arith.addi %a, %b : i32
    %v = arith.trunci %s : i32 to i8
    linalg.yield %v : i8
  } -> tensor<1x256x14x14xi8>
  %c0 = arith.constant 0 : i8
  %p = tensor.pad %q low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %c0 : i8
  } : tensor<1x256x14x14xi8> to tensor<1x256x16x16xi8>
  %n0 = tensor.empty() : tensor<1x16x16x256xi8>
  %n = linalg.transpose ins(%p : tensor<1x256x16x16xi8>) outs(%n0 : tensor<1x16x16x256xi8>) permutation = [0, 2, 3, 1]
  return %n : tensor<1x16x16x256xi8>
}

// -----

// Without a pad too.
// CHECK-LABEL: func.func @no_pad
// CHECK-NOT: linalg.transpose
// CHECK: linalg.generic {{.*}} ins(%arg0 : tensor<2x3xf32>) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK: math.exp
#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @no_pad(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %t0 = tensor.empty() : tensor<3x2xf32>
  %t = linalg.transpose ins(%x : tensor<2x3xf32>) outs(%t0 : tensor<3x2xf32>) permutation = [1, 0]
  %init = tensor.empty() : tensor<3x2xf32>
  %e = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%t : tensor<3x2xf32>) outs(%init : tensor<3x2xf32>) {
  ^bb0(%a: f32, %out: f32):
    %v = math.exp %a : f32
    linalg.yield %v : f32
  } -> tensor<3x2xf32>
  %b0 = tensor.empty() : tensor<2x3xf32>
  %b = linalg.transpose ins(%e : tensor<3x2xf32>) outs(%b0 : tensor<2x3xf32>) permutation = [1, 0]
  return %b : tensor<2x3xf32>
}

// -----

// The permutations do not cancel ([1, 2, 0] twice): both transposes stay.
// CHECK-LABEL: func.func @no_cancel
// CHECK-COUNT-2: linalg.transpose
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func @no_cancel(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %t0 = tensor.empty() : tensor<3x4x2xf32>
  %t = linalg.transpose ins(%x : tensor<2x3x4xf32>) outs(%t0 : tensor<3x4x2xf32>) permutation = [1, 2, 0]
  %init = tensor.empty() : tensor<3x4x2xf32>
  %e = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%t : tensor<3x4x2xf32>) outs(%init : tensor<3x4x2xf32>) {
  ^bb0(%a: f32, %out: f32):
    %v = math.exp %a : f32
    linalg.yield %v : f32
  } -> tensor<3x4x2xf32>
  %b0 = tensor.empty() : tensor<4x2x3xf32>
  %b = linalg.transpose ins(%e : tensor<3x4x2xf32>) outs(%b0 : tensor<4x2x3xf32>) permutation = [1, 2, 0]
  return %b : tensor<4x2x3xf32>
}

// -----

// The op's result has another user (a residual connection): it must stay
// NCHW, so nothing changes.
// CHECK-LABEL: func.func @shared_result
// CHECK-COUNT-2: linalg.transpose
func.func @shared_result(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<3x2xf32>) {
  %t0 = tensor.empty() : tensor<3x2xf32>
  %t = linalg.transpose ins(%x : tensor<2x3xf32>) outs(%t0 : tensor<3x2xf32>) permutation = [1, 0]
  %init = tensor.empty() : tensor<3x2xf32>
  %e = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%t : tensor<3x2xf32>) outs(%init : tensor<3x2xf32>) {
  ^bb0(%a: f32, %out: f32):
    %v = math.exp %a : f32
    linalg.yield %v : f32
  } -> tensor<3x2xf32>
  %b0 = tensor.empty() : tensor<2x3xf32>
  %b = linalg.transpose ins(%e : tensor<3x2xf32>) outs(%b0 : tensor<2x3xf32>) permutation = [1, 0]
  return %b, %e : tensor<2x3xf32>, tensor<3x2xf32>
}

// -----

// A second full-size input read in the op's own order (a residual add)
// would be read through a permutation: nothing changes.
// CHECK-LABEL: func.func @full_second_input
// CHECK-COUNT-2: linalg.transpose
func.func @full_second_input(%x: tensor<2x3xf32>, %y: tensor<3x2xf32>) -> tensor<2x3xf32> {
  %t0 = tensor.empty() : tensor<3x2xf32>
  %t = linalg.transpose ins(%x : tensor<2x3xf32>) outs(%t0 : tensor<3x2xf32>) permutation = [1, 0]
  %init = tensor.empty() : tensor<3x2xf32>
  %e = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%t, %y : tensor<3x2xf32>, tensor<3x2xf32>) outs(%init : tensor<3x2xf32>) {
  ^bb0(%a: f32, %c: f32, %out: f32):
    %v = arith.addf %a, %c : f32
    linalg.yield %v : f32
  } -> tensor<3x2xf32>
  %b0 = tensor.empty() : tensor<2x3xf32>
  %b = linalg.transpose ins(%e : tensor<3x2xf32>) outs(%b0 : tensor<2x3xf32>) permutation = [1, 0]
  return %b : tensor<2x3xf32>
}
