// RUN: qat-opt %s --split-input-file --qat-lower-nn-to-linalg | FileCheck %s

// Broadcasting binary op: the size-1 / missing dims of an operand map to 0.
// CHECK-DAG: #[[BCAST:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @add_broadcast
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[BCAST]], #[[ID]]]
// CHECK: arith.addf
// CHECK-NOT: nn.
func.func @add_broadcast(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = nn.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Unsigned integers become signless; division and max pick the unsigned ops.
// CHECK-LABEL: func.func @unsigned(%{{.*}}: tensor<4xi8>, %{{.*}}: tensor<4xi8>) -> tensor<4xi8>
// CHECK: arith.divui
// CHECK: arith.maxui
func.func @unsigned(%a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xui8> {
  %0 = nn.div %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %1 = nn.relu %0 : tensor<4xui8>
  return %1 : tensor<4xui8>
}

// -----

// Grouped 2-D convolution (any batch): linalg.conv_2d_ngchw_gfchw on the
// padded input and the filters split into groups, accumulating into the bias
// broadcast built on the [N, M, OH, OW] output (what the kernel call absorbs),
// the result collapsed back. The kernel-call pass runs it group by group.
// CHECK-LABEL: func.func @conv_grouped
// CHECK: %[[P:.*]] = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[X:.*]] = tensor.expand_shape %[[P]] {{\[}}[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 10, 10]
// CHECK: %[[W:.*]] = tensor.expand_shape %arg1 {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 2, 2, 3, 3]
// CHECK: %[[B:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x4x4x4xf32>)
// CHECK: %[[I:.*]] = tensor.expand_shape %[[B]] {{\[}}[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 4, 4]
// CHECK: %[[C:.*]] = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[X]], %[[W]] : {{.*}}) outs(%[[I]] : tensor<1x2x2x4x4xf32>)
// CHECK: %[[R:.*]] = tensor.collapse_shape %[[C]] {{\[}}[0], [1, 2], [3], [4]]
// CHECK: return %[[R]]
func.func @conv_grouped(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %0 = nn.conv %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// Max pooling pads with -inf, also past the explicit pads for ceil_mode.
// CHECK-LABEL: func.func @max_pool_ceil
// CHECK: %[[NEG:.*]] = arith.constant 0xFF800000 : f32
// CHECK: tensor.pad %{{.*}} low[0, 0, 0, 0] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[NEG]]
// The window max is a compare and a select (NaN kept), which vectorizes.
// CHECK: linalg.generic
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32, %[[ACC:.*]]: f32):
// CHECK: %[[GT:.*]] = arith.cmpf ogt, %[[IN]], %[[ACC]] : f32
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[IN]], %[[IN]] : f32
// CHECK: %[[TAKE:.*]] = arith.ori %[[GT]], %[[NAN]] : i1
// CHECK: arith.select %[[TAKE]], %[[IN]], %[[ACC]] : f32
func.func @max_pool_ceil(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %0 = nn.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

// Average pooling divides by per-position counts computed at compile time
// (here without the padding: corners see 4 elements, edges 6, the middle 9).
// CHECK-LABEL: func.func @avg_pool_exclude_pad
// CHECK: arith.constant dense<{{\[\[}}4.000000e+00, 6.000000e+00, 6.000000e+00, 4.000000e+00], [6.000000e+00, 9.000000e+00, 9.000000e+00, 6.000000e+00]
// CHECK: arith.divf
func.func @avg_pool_exclude_pad(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %0 = nn.avg_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = false, count_include_pad = false} : tensor<1x1x4x4xf32> -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Gemm with transposed B and a scaled bias.
// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[BT:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @gemm_trans_b
// CHECK: linalg.generic {indexing_maps = [#[[A]], #[[BT]], {{.*}}], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK: arith.constant 5.000000e-01 : f32
func.func @gemm_trans_b(%a: tensor<2x8xf32>, %b: tensor<4x8xf32>, %c: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = nn.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 0.5 : f32, trans_a = false, trans_b = true} : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Batch dimensions on the left only: the rows of every batch are one
// matrix product [3 x 2, 8] x [8, 4] (a GEMM for the kernel-call pass),
// reshaped back to [3, 2, 4].
// CHECK-LABEL: func.func @matmul_batch_broadcast
// CHECK: %[[L:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1], [2]] : tensor<3x2x8xf32> into tensor<6x8xf32>
// CHECK: %[[P:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[L]], %arg1 : tensor<6x8xf32>, tensor<8x4xf32>) outs(%{{.*}} : tensor<6x4xf32>)
// CHECK: tensor.expand_shape %[[P]] {{\[}}[0, 1], [2]] output_shape [3, 2, 4] : tensor<6x4xf32> into tensor<3x2x4xf32>
func.func @matmul_batch_broadcast(%a: tensor<3x2x8xf32>, %b: tensor<8x4xf32>) -> tensor<3x2x4xf32> {
  %0 = nn.matmul %a, %b : (tensor<3x2x8xf32>, tensor<8x4xf32>) -> tensor<3x2x4xf32>
  return %0 : tensor<3x2x4xf32>
}

// -----

// Batch dimensions on both sides (attention's scores), at most 64
// products: one 2-D product per batch (the right operand's batch of 1
// broadcast: always its slice 0), each inserted into the result.
// CHECK-LABEL: func.func @matmul_batched
// CHECK: %[[R:.*]] = tensor.empty() : tensor<3x2x4xf32>
// CHECK: %[[L0:.*]] = tensor.extract_slice %arg0[0, 0, 0] [1, 2, 8] [1, 1, 1] : tensor<3x2x8xf32> to tensor<2x8xf32>
// CHECK: %[[W0:.*]] = tensor.extract_slice %arg1[0, 0, 0] [1, 8, 4] [1, 1, 1] : tensor<1x8x4xf32> to tensor<8x4xf32>
// CHECK: %[[P0:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[L0]], %[[W0]] : tensor<2x8xf32>, tensor<8x4xf32>)
// CHECK: %[[R0:.*]] = tensor.insert_slice %[[P0]] into %[[R]][0, 0, 0] [1, 2, 4] [1, 1, 1]
// CHECK: tensor.extract_slice %arg0[1, 0, 0] [1, 2, 8]
// CHECK: tensor.extract_slice %arg1[0, 0, 0] [1, 8, 4]
// CHECK: tensor.insert_slice %{{.*}} into %[[R0]][1, 0, 0]
// CHECK: tensor.extract_slice %arg0[2, 0, 0] [1, 2, 8]
// CHECK: tensor.insert_slice %{{.*}}[2, 0, 0]
// CHECK-NOT: linalg.generic {{.*}}"parallel", "parallel", "parallel", "reduction"
func.func @matmul_batched(%a: tensor<3x2x8xf32>, %b: tensor<1x8x4xf32>) -> tensor<3x2x4xf32> {
  %0 = nn.matmul %a, %b : (tensor<3x2x8xf32>, tensor<1x8x4xf32>) -> tensor<3x2x4xf32>
  return %0 : tensor<3x2x4xf32>
}

// -----

// Softmax subtracts the row maximum before exp.
// CHECK-LABEL: func.func @softmax
// CHECK: arith.maximumf
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: arith.divf
func.func @softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = nn.softmax %x axis = 1 : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// Negative strides read through computed indices; positive ones are a slice.
// CHECK-LABEL: func.func @slices
// CHECK: tensor.extract_slice %{{.*}}[0, 1] [2, 2] [1, 2]
// CHECK: linalg.generic
// CHECK: linalg.index
// CHECK: tensor.extract
func.func @slices(%x: tensor<2x5xf32>) -> (tensor<2x2xf32>, tensor<2x5xf32>) {
  %0 = nn.slice %x {offsets = array<i64: 0, 1>, sizes = array<i64: 2, 2>, strides = array<i64: 1, 2>} : tensor<2x5xf32> -> tensor<2x2xf32>
  %1 = nn.slice %x {offsets = array<i64: 0, 4>, sizes = array<i64: 2, 5>, strides = array<i64: 1, -1>} : tensor<2x5xf32> -> tensor<2x5xf32>
  return %0, %1 : tensor<2x2xf32>, tensor<2x5xf32>
}

// -----

// Reshape goes through collapse/expand_shape.
// CHECK-LABEL: func.func @reshape_flatten
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2, 3]]
func.func @reshape_flatten(%x: tensor<1x4x2x2xf32>) -> tensor<1x16xf32> {
  %0 = nn.reshape %x : tensor<1x4x2x2xf32> -> tensor<1x16xf32>
  return %0 : tensor<1x16xf32>
}

// -----

// Reflect padding mirrors indices without repeating the border.
// CHECK-LABEL: func.func @pad_reflect
// CHECK: linalg.generic
// CHECK: arith.select
// CHECK: tensor.extract
func.func @pad_reflect(%x: tensor<3xf32>) -> tensor<7xf32> {
  %v = arith.constant dense<0.0> : tensor<f32>
  %0 = nn.pad %x, %v {pads = array<i64: 2, 2>, mode = "reflect"} : (tensor<3xf32>, tensor<f32>) -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

// An ungrouped 2-D convolution is linalg.conv_2d_nchw_fchw on the padded
// input, accumulating into the broadcast bias.
// CHECK-LABEL: func.func @conv_2d
// CHECK: %[[P:.*]] = tensor.pad
// CHECK: %[[B:.*]] = linalg.generic
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[P]], %{{.*}} : tensor<1x3x10x10xf32>, tensor<8x3x3x3xf32>) outs(%[[B]] : tensor<1x8x4x4xf32>)
func.func @conv_2d(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %0 = nn.conv %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// A 1-D convolution is im2col + a contraction.
// CHECK-LABEL: func.func @conv_1d
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK: tensor.collapse_shape {{.*}} into tensor<6x6xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
func.func @conv_1d(%x: tensor<1x2x8xf32>, %w: tensor<4x2x3xf32>) -> tensor<1x4x6xf32> {
  %0 = nn.conv %x, %w {strides = array<i64: 1>, pads = array<i64: 0, 0>, dilations = array<i64: 1>, group = 1 : i64} : (tensor<1x2x8xf32>, tensor<4x2x3xf32>) -> tensor<1x4x6xf32>
  return %0 : tensor<1x4x6xf32>
}

// -----

// Einsum is one generic with a loop per letter, the output's first (in
// their order, parallel), then the summed ones (reductions); each input
// reads through its letters, the products add into a zero-filled result.
// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @einsum_matmul
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[Y:.*]]: tensor<3x4xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[A]], #[[B]], #[[C]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]], %[[Y]] : tensor<2x3xf32>, tensor<3x4xf32>) outs(%[[INIT]] : tensor<2x4xf32>)
// CHECK: ^bb0(%[[L:.*]]: f32, %[[R:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK: %[[P:.*]] = arith.mulf %[[L]], %[[R]] : f32
// CHECK: %[[S:.*]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK: linalg.yield %[[S]] : f32
func.func @einsum_matmul(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = nn.einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Batch matmul: b, i, k parallel, j summed.
// CHECK-DAG: #[[Q:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[K:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-DAG: #[[O:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @einsum_batch_matmul
// CHECK: linalg.generic {indexing_maps = [#[[Q]], #[[K]], #[[O]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%{{.*}}, %{{.*}} : tensor<5x2x3xf32>, tensor<5x3x4xf32>) outs(%{{.*}} : tensor<5x2x4xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @einsum_batch_matmul(%q: tensor<5x2x3xf32>, %k: tensor<5x3x4xf32>) -> tensor<5x2x4xf32> {
  %0 = nn.einsum %q, %k {equation = "bij,bjk->bik"} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
  return %0 : tensor<5x2x4xf32>
}

// -----

// A repeated letter reads the diagonal: 'ii->i' is one parallel loop
// reading (i, i); 'ii->' (the trace) the same loop as a reduction into a
// rank-0 result. A single operand has no product; integers add with addi.
// CHECK-DAG: #[[DIAG:.*]] = affine_map<(d0) -> (d0, d0)>
// CHECK-DAG: #[[VEC:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @einsum_diagonal
// CHECK-SAME: (%[[M:.*]]: tensor<3x3xi32>)
// CHECK: %[[Z:.*]] = arith.constant 0 : i32
// CHECK: %[[I1:.*]] = linalg.fill ins(%[[Z]] : i32) outs(%{{.*}} : tensor<3xi32>)
// CHECK: %[[D:.*]] = linalg.generic {indexing_maps = [#[[DIAG]], #[[VEC]]], iterator_types = ["parallel"]} ins(%[[M]] : tensor<3x3xi32>) outs(%[[I1]] : tensor<3xi32>)
// CHECK: ^bb0(%[[IN:.*]]: i32, %[[OUT:.*]]: i32):
// CHECK-NOT: arith.muli
// CHECK: %[[S:.*]] = arith.addi %[[OUT]], %[[IN]] : i32
// CHECK: linalg.yield %[[S]] : i32
// CHECK: %[[T:.*]] = linalg.generic {indexing_maps = [#[[DIAG]], #[[SCALAR]]], iterator_types = ["reduction"]} ins(%[[M]] : tensor<3x3xi32>) outs(%{{.*}} : tensor<i32>)
// CHECK: arith.addi
// CHECK: return %[[D]], %[[T]]
func.func @einsum_diagonal(%m: tensor<3x3xi32>) -> (tensor<3xi32>, tensor<i32>) {
  %0 = nn.einsum %m {equation = "ii->i"} : (tensor<3x3xi32>) -> tensor<3xi32>
  %1 = nn.einsum %m {equation = "ii->"} : (tensor<3x3xi32>) -> tensor<i32>
  return %0, %1 : tensor<3xi32>, tensor<i32>
}

// -----

// Three operands: the loops are d, a (the output's), then b, c (summed, in
// order of appearance); the three reads multiply left to right.
// CHECK-DAG: #[[M0:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d2)>
// CHECK-DAG: #[[M1:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-DAG: #[[M2:.*]] = affine_map<(d0, d1, d2, d3) -> (d3, d0)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1)>
// CHECK-LABEL: func.func @einsum_three_operands
// CHECK: linalg.generic {indexing_maps = [#[[M0]], #[[M1]], #[[M2]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
// CHECK: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %[[Z:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK: %[[XY:.*]] = arith.mulf %[[X]], %[[Y]] : f32
// CHECK: %[[XYZ:.*]] = arith.mulf %[[XY]], %[[Z]] : f32
// CHECK: arith.addf %[[ACC]], %[[XYZ]] : f32
func.func @einsum_three_operands(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<4x5xf32>) -> tensor<5x2xf32> {
  %0 = nn.einsum %a, %b, %c {equation = "ab,bc,cd->da"} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<5x2xf32>
  return %0 : tensor<5x2xf32>
}

// -----

// Outer product: no reduction.
// CHECK-DAG: #[[I:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[J:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[IJ:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @einsum_outer
// CHECK: linalg.generic {indexing_maps = [#[[I]], #[[J]], #[[IJ]]], iterator_types = ["parallel", "parallel"]}
// CHECK: arith.mulf {{.*}} : f64
func.func @einsum_outer(%v: tensor<4xf64>, %w: tensor<3xf64>) -> tensor<4x3xf64> {
  %0 = nn.einsum %v, %w {equation = "i,j->ij"} : (tensor<4xf64>, tensor<3xf64>) -> tensor<4x3xf64>
  return %0 : tensor<4x3xf64>
}
