// RUN: qat-opt %s --split-input-file --canonicalize | FileCheck %s

// Folding of nn ops: integer shape arithmetic on small constants (the
// Shape -> Gather -> Unsqueeze -> Concat -> Reshape chains PyTorch exports),
// and identity data movement. Float tensors (weights) are not folded by the
// arithmetic folders.

// x.view(x.size(0), -1) with a static shape folds to the constant [1, -1].
// CHECK-LABEL: func.func @shape_subgraph
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[1, -1]> : tensor<2xi64>
// CHECK-NEXT: return %[[C]]
func.func @shape_subgraph() -> tensor<2xi64> {
  %shape = arith.constant dense<[1, 512, 7, 7]> : tensor<4xi64>
  %zero = arith.constant dense<0> : tensor<i64>
  %minus_one = arith.constant dense<-1> : tensor<1xi64>
  %n = nn.gather %shape, %zero {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %n1 = nn.reshape %n : tensor<i64> -> tensor<1xi64>
  %0 = nn.concat %n1, %minus_one {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Negative indices count from the end.
// CHECK-LABEL: func.func @gather_negative_indices
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[7, 512, 7]> : tensor<3xi64>
// CHECK-NEXT: return %[[C]]
func.func @gather_negative_indices() -> tensor<3xi64> {
  %shape = arith.constant dense<[1, 512, 7, 7]> : tensor<4xi64>
  %idx = arith.constant dense<[-1, 1, 2]> : tensor<3xi32>
  %0 = nn.gather %shape, %idx {axis = 0 : i64} : (tensor<4xi64>, tensor<3xi32>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// CHECK-LABEL: func.func @gather_axis_1
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<{{\[}}[3, 1], [6, 4]]> : tensor<2x2xi32>
// CHECK-NEXT: return %[[C]]
func.func @gather_axis_1() -> tensor<2x2xi32> {
  %data = arith.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %idx = arith.constant dense<[2, 0]> : tensor<2xi64>
  %0 = nn.gather %data, %idx {axis = 1 : i64} : (tensor<2x3xi32>, tensor<2xi64>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}

// -----

// An index out of range is left for run time.
// CHECK-LABEL: func.func @gather_out_of_range_not_folded
// CHECK: nn.gather
func.func @gather_out_of_range_not_folded() -> tensor<1xi64> {
  %shape = arith.constant dense<[1, 512, 7, 7]> : tensor<4xi64>
  %idx = arith.constant dense<[4]> : tensor<1xi64>
  %0 = nn.gather %shape, %idx {axis = 0 : i64} : (tensor<4xi64>, tensor<1xi64>) -> tensor<1xi64>
  return %0 : tensor<1xi64>
}

// -----

// CHECK-LABEL: func.func @concat_axis_1
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<{{\[}}[1, 2, 5], [3, 4, 6]]> : tensor<2x3xi64>
// CHECK-NEXT: return %[[C]]
func.func @concat_axis_1() -> tensor<2x3xi64> {
  %a = arith.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  %b = arith.constant dense<[[5], [6]]> : tensor<2x1xi64>
  %0 = nn.concat %a, %b {axis = 1 : i64} : (tensor<2x2xi64>, tensor<2x1xi64>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

// One operand is not constant: nothing folds.
// CHECK-LABEL: func.func @concat_not_constant
// CHECK: nn.concat
func.func @concat_not_constant(%x: tensor<1xi64>) -> tensor<2xi64> {
  %a = arith.constant dense<[-1]> : tensor<1xi64>
  %0 = nn.concat %x, %a {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// shape[1:3], shape[::-1] and shape[2::-2].
// CHECK-LABEL: func.func @slice_constant
// CHECK-DAG: %[[A:.*]] = arith.constant dense<[512, 7]> : tensor<2xi64>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[9, 7, 512, 1]> : tensor<4xi64>
// CHECK-DAG: %[[C:.*]] = arith.constant dense<[7, 1]> : tensor<2xi64>
// CHECK: return %[[A]], %[[B]], %[[C]]
func.func @slice_constant() -> (tensor<2xi64>, tensor<4xi64>, tensor<2xi64>) {
  %shape = arith.constant dense<[1, 512, 7, 9]> : tensor<4xi64>
  %0 = nn.slice %shape {offsets = array<i64: 1>, sizes = array<i64: 2>, strides = array<i64: 1>} : tensor<4xi64> -> tensor<2xi64>
  %1 = nn.slice %shape {offsets = array<i64: 3>, sizes = array<i64: 4>, strides = array<i64: -1>} : tensor<4xi64> -> tensor<4xi64>
  %2 = nn.slice %shape {offsets = array<i64: 2>, sizes = array<i64: 2>, strides = array<i64: -2>} : tensor<4xi64> -> tensor<2xi64>
  return %0, %1, %2 : tensor<2xi64>, tensor<4xi64>, tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @slice_constant_2d
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<{{\[}}[6, 4], [3, 1]]> : tensor<2x2xi32>
// CHECK-NEXT: return %[[C]]
func.func @slice_constant_2d() -> tensor<2x2xi32> {
  %data = arith.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %0 = nn.slice %data {offsets = array<i64: 1, 2>, sizes = array<i64: 2, 2>, strides = array<i64: -1, -2>} : tensor<2x3xi32> -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}

// -----

// CHECK-LABEL: func.func @binary_arith
// CHECK-DAG: %[[ADD:.*]] = arith.constant dense<[3, 514, 9, 9]> : tensor<4xi64>
// CHECK-DAG: %[[SUB:.*]] = arith.constant dense<[-1, 510, 5, 5]> : tensor<4xi64>
// CHECK-DAG: %[[MUL:.*]] = arith.constant dense<[2, 1024, 14, 14]> : tensor<4xi64>
// CHECK-DAG: %[[DIV:.*]] = arith.constant dense<[0, 256, 3, 3]> : tensor<4xi64>
// CHECK-NOT: nn.
// CHECK: return %[[ADD]], %[[SUB]], %[[MUL]], %[[DIV]]
func.func @binary_arith() -> (tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>) {
  %shape = arith.constant dense<[1, 512, 7, 7]> : tensor<4xi64>
  %two = arith.constant dense<2> : tensor<i64>
  %0 = nn.add %shape, %two : (tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
  %1 = nn.sub %shape, %two : (tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
  %2 = nn.mul %shape, %two : (tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
  %3 = nn.div %shape, %two : (tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
  return %0, %1, %2, %3 : tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>
}

// -----

// Both operands broadcast: [2, 1] + [3] -> [2, 3].
// CHECK-LABEL: func.func @binary_broadcast
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<{{\[}}[11, 12, 13], [21, 22, 23]]> : tensor<2x3xi32>
// CHECK-NEXT: return %[[C]]
func.func @binary_broadcast() -> tensor<2x3xi32> {
  %a = arith.constant dense<[[10], [20]]> : tensor<2x1xi32>
  %b = arith.constant dense<[1, 2, 3]> : tensor<3xi32>
  %0 = nn.add %a, %b : (tensor<2x1xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// Signed division truncates toward zero; unsigned division is unsigned.
// CHECK-LABEL: func.func @div_signedness
// CHECK-DAG: %[[S:.*]] = arith.constant dense<[-3, 3, -3, 3]> : tensor<4xi32>
// CHECK-DAG: %[[U:.*]] = arith.constant dense<[2147483647, 2]> : tensor<2xui32>
// CHECK: return %[[S]], %[[U]]
func.func @div_signedness() -> (tensor<4xi32>, tensor<2xui32>) {
  %a = arith.constant dense<[-7, 7, 7, -7]> : tensor<4xi32>
  %b = arith.constant dense<[2, 2, -2, -2]> : tensor<4xi32>
  %0 = nn.div %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %ua = arith.constant dense<[4294967295, 8]> : tensor<2xui32>
  %ub = arith.constant dense<[2, 3]> : tensor<2xui32>
  %1 = nn.div %ua, %ub : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
  return %0, %1 : tensor<4xi32>, tensor<2xui32>
}

// -----

// Division by zero and INT_MIN / -1 are left for run time.
// CHECK-LABEL: func.func @div_not_folded
// CHECK: nn.div
// CHECK: nn.div
func.func @div_not_folded() -> (tensor<2xi64>, tensor<i8>) {
  %a = arith.constant dense<[6, 8]> : tensor<2xi64>
  %b = arith.constant dense<[3, 0]> : tensor<2xi64>
  %0 = nn.div %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %min = arith.constant dense<-128> : tensor<i8>
  %m1 = arith.constant dense<-1> : tensor<i8>
  %1 = nn.div %min, %m1 : (tensor<i8>, tensor<i8>) -> tensor<i8>
  return %0, %1 : tensor<2xi64>, tensor<i8>
}

// -----

// Integer overflow wraps around.
// CHECK-LABEL: func.func @mul_wraps
// CHECK-NEXT: arith.constant dense<[-128, 0]> : tensor<2xi8>
func.func @mul_wraps() -> tensor<2xi8> {
  %a = arith.constant dense<[64, -128]> : tensor<2xi8>
  %b = arith.constant dense<2> : tensor<i8>
  %0 = nn.mul %a, %b : (tensor<2xi8>, tensor<i8>) -> tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

// max and min compare signed or unsigned by the element type.
// CHECK-LABEL: func.func @max_min
// CHECK-DAG: %[[MAX:.*]] = arith.constant dense<[3, -1, 7, 0]> : tensor<4xi32>
// CHECK-DAG: %[[MIN:.*]] = arith.constant dense<[-5, -2, 3, 0]> : tensor<4xi32>
// CHECK-DAG: %[[UMAX:.*]] = arith.constant dense<[200, 7]> : tensor<2xui8>
// CHECK-DAG: %[[UMIN:.*]] = arith.constant dense<[3, 1]> : tensor<2xui8>
// CHECK-NOT: nn.
// CHECK: return %[[MAX]], %[[MIN]], %[[UMAX]], %[[UMIN]]
func.func @max_min() -> (tensor<4xi32>, tensor<4xi32>, tensor<2xui8>, tensor<2xui8>) {
  %a = arith.constant dense<[3, -2, 3, 0]> : tensor<4xi32>
  %b = arith.constant dense<[-5, -1, 7, 0]> : tensor<4xi32>
  %0 = nn.max %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = nn.min %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %ua = arith.constant dense<[200, 1]> : tensor<2xui8>
  %ub = arith.constant dense<[3, 7]> : tensor<2xui8>
  %2 = nn.max %ua, %ub : (tensor<2xui8>, tensor<2xui8>) -> tensor<2xui8>
  %3 = nn.min %ua, %ub : (tensor<2xui8>, tensor<2xui8>) -> tensor<2xui8>
  return %0, %1, %2, %3 : tensor<4xi32>, tensor<4xi32>, tensor<2xui8>, tensor<2xui8>
}

// -----

// and, or and xor of bool constants, with broadcasting: [2, 1] op [2].
// CHECK-LABEL: func.func @logical
// CHECK-DAG: %[[AND:.*]] = arith.constant dense<{{\[}}[true, false], [false, false]]> : tensor<2x2xi1>
// CHECK-DAG: %[[OR:.*]] = arith.constant dense<{{\[}}[true, true], [true, false]]> : tensor<2x2xi1>
// CHECK-DAG: %[[XOR:.*]] = arith.constant dense<{{\[}}[false, true], [true, false]]> : tensor<2x2xi1>
// CHECK-NOT: nn.
// CHECK: return %[[AND]], %[[OR]], %[[XOR]]
func.func @logical() -> (tensor<2x2xi1>, tensor<2x2xi1>, tensor<2x2xi1>) {
  %a = arith.constant dense<[[true], [false]]> : tensor<2x1xi1>
  %b = arith.constant dense<[true, false]> : tensor<2xi1>
  %0 = nn.and %a, %b : (tensor<2x1xi1>, tensor<2xi1>) -> tensor<2x2xi1>
  %1 = nn.or %a, %b : (tensor<2x1xi1>, tensor<2xi1>) -> tensor<2x2xi1>
  %2 = nn.xor %a, %b : (tensor<2x1xi1>, tensor<2xi1>) -> tensor<2x2xi1>
  return %0, %1, %2 : tensor<2x2xi1>, tensor<2x2xi1>, tensor<2x2xi1>
}

// -----

// mod and bit_shift have no folder; float max/min are not folded.
// CHECK-LABEL: func.func @new_binary_not_folded
// CHECK: nn.mod
// CHECK: nn.bit_shift
// CHECK: nn.max
// CHECK: nn.min
func.func @new_binary_not_folded() -> (tensor<2xi32>, tensor<2xui8>, tensor<2xf32>, tensor<2xf32>) {
  %a = arith.constant dense<[7, -7]> : tensor<2xi32>
  %b = arith.constant dense<[3, 3]> : tensor<2xi32>
  %0 = nn.mod %a, %b {fmod = false} : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  %u = arith.constant dense<[1, 2]> : tensor<2xui8>
  %1 = nn.bit_shift %u, %u {left = true} : (tensor<2xui8>, tensor<2xui8>) -> tensor<2xui8>
  %f = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %g = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %2 = nn.max %f, %g : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %3 = nn.min %f, %g : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0, %1, %2, %3 : tensor<2xi32>, tensor<2xui8>, tensor<2xf32>, tensor<2xf32>
}

// -----

// Float weights are never folded by the arithmetic folders.
// CHECK-LABEL: func.func @float_not_folded
// CHECK: nn.add
// CHECK: nn.mul
// CHECK: nn.gather
// CHECK: nn.concat
// CHECK: nn.slice
func.func @float_not_folded() -> (tensor<4xf32>, tensor<4xf32>, tensor<2xf32>, tensor<8xf32>, tensor<2xf32>) {
  %w = arith.constant dense<[0.5, -1.0, 2.0, 0.25]> : tensor<4xf32>
  %s = arith.constant dense<2.0> : tensor<f32>
  %i = arith.constant dense<[3, 0]> : tensor<2xi64>
  %0 = nn.add %w, %s : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %1 = nn.mul %w, %s : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %2 = nn.gather %w, %i {axis = 0 : i64} : (tensor<4xf32>, tensor<2xi64>) -> tensor<2xf32>
  %3 = nn.concat %w, %w {axis = 0 : i64} : (tensor<4xf32>, tensor<4xf32>) -> tensor<8xf32>
  %4 = nn.slice %w {offsets = array<i64: 3>, sizes = array<i64: 2>, strides = array<i64: -1>} : tensor<4xf32> -> tensor<2xf32>
  return %0, %1, %2, %3, %4 : tensor<4xf32>, tensor<4xf32>, tensor<2xf32>, tensor<8xf32>, tensor<2xf32>
}

// -----

// Integer tensors above 4096 elements are data, not shapes: not folded.
// CHECK-LABEL: func.func @large_int_not_folded
// CHECK: nn.add
func.func @large_int_not_folded() -> tensor<4097xi32> {
  %a = arith.constant dense<1> : tensor<4097xi32>
  %0 = nn.add %a, %a : (tensor<4097xi32>, tensor<4097xi32>) -> tensor<4097xi32>
  return %0 : tensor<4097xi32>
}

// -----

// Run-time integer values are not folded either.
// CHECK-LABEL: func.func @int_not_constant
// CHECK: nn.add
func.func @int_not_constant(%x: tensor<4xi64>) -> tensor<4xi64> {
  %one = arith.constant dense<1> : tensor<i64>
  %0 = nn.add %x, %one : (tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @reshape_of_reshape
// CHECK-SAME: (%[[X:.*]]: tensor<1x512x1x1xf32>)
// CHECK-NEXT: %[[R:.*]] = nn.reshape %[[X]] : tensor<1x512x1x1xf32> -> tensor<512xf32>
// CHECK-NEXT: return %[[R]]
func.func @reshape_of_reshape(%x: tensor<1x512x1x1xf32>) -> tensor<512xf32> {
  %0 = nn.reshape %x : tensor<1x512x1x1xf32> -> tensor<1x512xf32>
  %1 = nn.reshape %0 : tensor<1x512xf32> -> tensor<512x1xf32>
  %2 = nn.reshape %1 : tensor<512x1xf32> -> tensor<512xf32>
  return %2 : tensor<512xf32>
}

// -----

// A reshape chain back to the input type disappears.
// CHECK-LABEL: func.func @reshape_round_trip
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @reshape_round_trip(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = nn.reshape %x : tensor<2x3xf32> -> tensor<6xf32>
  %1 = nn.reshape %0 : tensor<6xf32> -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_constant
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[1, 512, 7, 7]> : tensor<4xi64>
// CHECK-NEXT: return %[[C]]
func.func @reshape_constant() -> tensor<4xi64> {
  %shape = arith.constant dense<[[1, 512], [7, 7]]> : tensor<2x2xi64>
  %0 = nn.reshape %shape : tensor<2x2xi64> -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @identity_transpose
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x4x5xf32>)
// CHECK-NEXT: %[[T:.*]] = nn.transpose %[[X]] {perm = array<i64: 0, 2, 3, 1>}
// CHECK-NEXT: return %[[X]], %[[T]]
func.func @identity_transpose(%x: tensor<1x3x4x5xf32>) -> (tensor<1x3x4x5xf32>, tensor<1x4x5x3xf32>) {
  %0 = nn.transpose %x {perm = array<i64: 0, 1, 2, 3>} : tensor<1x3x4x5xf32> -> tensor<1x3x4x5xf32>
  %1 = nn.transpose %x {perm = array<i64: 0, 2, 3, 1>} : tensor<1x3x4x5xf32> -> tensor<1x4x5x3xf32>
  return %0, %1 : tensor<1x3x4x5xf32>, tensor<1x4x5x3xf32>
}

// -----

// A full slice with unit strides is the input; a full flip is not.
// CHECK-LABEL: func.func @identity_slice
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>)
// CHECK-NEXT: %[[F:.*]] = nn.slice %[[X]] {offsets = array<i64: 0, 0, 7, 0>
// CHECK-NEXT: return %[[X]], %[[F]]
func.func @identity_slice(%x: tensor<1x3x8x8xf32>) -> (tensor<1x3x8x8xf32>, tensor<1x3x8x8xf32>) {
  %0 = nn.slice %x {offsets = array<i64: 0, 0, 0, 0>, sizes = array<i64: 1, 3, 8, 8>, strides = array<i64: 1, 1, 1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
  %1 = nn.slice %x {offsets = array<i64: 0, 0, 7, 0>, sizes = array<i64: 1, 3, 8, 8>, strides = array<i64: 1, 1, -1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
  return %0, %1 : tensor<1x3x8x8xf32>, tensor<1x3x8x8xf32>
}

// -----

// A cast to the same type is the input.
// CHECK-LABEL: func.func @identity_cast
// CHECK-SAME: (%[[X:.*]]: tensor<4xi64>)
// CHECK-NEXT: %[[C:.*]] = nn.cast %[[X]] : tensor<4xi64> to tensor<4xi32>
// CHECK-NEXT: return %[[X]], %[[C]]
func.func @identity_cast(%x: tensor<4xi64>) -> (tensor<4xi64>, tensor<4xi32>) {
  %0 = nn.cast %x : tensor<4xi64> to tensor<4xi64>
  %1 = nn.cast %x : tensor<4xi64> to tensor<4xi32>
  return %0, %1 : tensor<4xi64>, tensor<4xi32>
}

// -----

// An unsigned index of 255 is out of range for 4 elements, not -1.
// CHECK-LABEL: func.func @gather_unsigned_index_not_wrapped
// CHECK: nn.gather
func.func @gather_unsigned_index_not_wrapped() -> tensor<1xi64> {
  %d = arith.constant dense<[10, 20, 30, 40]> : tensor<4xi64>
  %i = arith.constant dense<[255]> : tensor<1xui8>
  %0 = nn.gather %d, %i {axis = 0 : i64} : (tensor<4xi64>, tensor<1xui8>) -> tensor<1xi64>
  return %0 : tensor<1xi64>
}

// -----

// A large constant with several users is not copied by a reshape.
// CHECK-LABEL: func.func @reshape_shared_weight_not_copied
// CHECK: nn.reshape
func.func @reshape_shared_weight_not_copied() -> (tensor<128xf32>, tensor<2x64xf32>) {
  %w = arith.constant dense<"0x0000803F0000004000004040000080400000A0400000C0400000E0400000004100001041000020410000304100004041000050410000604100007041000080410000884100009041000098410000A0410000A8410000B0410000B8410000C0410000C8410000D0410000D8410000E0410000E8410000F0410000F84100000042000004420000084200000C4200001042000014420000184200001C4200002042000024420000284200002C4200003042000034420000384200003C4200004042000044420000484200004C4200005042000054420000584200005C4200006042000064420000684200006C4200007042000074420000784200007C42000080420000824200008442000086420000884200008A4200008C4200008E42000090420000924200009442000096420000984200009A4200009C4200009E420000A0420000A2420000A4420000A6420000A8420000AA420000AC420000AE420000B0420000B2420000B4420000B6420000B8420000BA420000BC420000BE420000C0420000C2420000C4420000C6420000C8420000CA420000CC420000CE420000D0420000D2420000D4420000D6420000D8420000DA420000DC420000DE420000E0420000E2420000E4420000E6420000E8420000EA420000EC420000EE420000F0420000F2420000F4420000F6420000F8420000FA420000FC420000FE4200000043"> : tensor<128xf32>
  %0 = nn.reshape %w : tensor<128xf32> -> tensor<2x64xf32>
  return %w, %0 : tensor<128xf32>, tensor<2x64xf32>
}

// -----

// Bools order false < true (not as signed i1, where true is -1).
// CHECK-LABEL: func.func @fold_bool_max_min
// CHECK-DAG: arith.constant dense<[true, false]> : tensor<2xi1>
// CHECK-DAG: arith.constant dense<false> : tensor<2xi1>
// CHECK-NOT: nn.max
func.func @fold_bool_max_min() -> (tensor<2xi1>, tensor<2xi1>) {
  %a = arith.constant dense<[true, false]> : tensor<2xi1>
  %b = arith.constant dense<[false, false]> : tensor<2xi1>
  %0 = nn.max %a, %b : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  %1 = nn.min %a, %b : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %0, %1 : tensor<2xi1>, tensor<2xi1>
}
