// RUN: qat-opt %s --split-input-file --canonicalize | FileCheck %s

// Quantizer pairs with the same parameters merge; pairs whose scale, zero
// point, bit-width or granularity differ are left alone.

// CHECK-LABEL: func.func @qdq_to_fake_quant
// CHECK-SAME: (%[[X:.*]]: tensor<1x64xf32>, %[[S:.*]]: tensor<f32>, %[[Z:.*]]: tensor<i8>)
// CHECK-NEXT: %[[F:.*]] = qat.fake_quant %[[X]], %[[S]], %[[Z]] {bits = 8 : i64} : tensor<1x64xf32>, tensor<f32>, tensor<i8>
// CHECK-NEXT: return %[[F]]
func.func @qdq_to_fake_quant(%x: tensor<1x64xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<1x64xf32> {
  %q = qat.quantize %x, %s, %z {bits = 8 : i64} : (tensor<1x64xf32>, tensor<f32>, tensor<i8>) -> tensor<1x64xi8>
  %d = qat.dequantize %q, %s, %z {bits = 8 : i64} : (tensor<1x64xi8>, tensor<f32>, tensor<i8>) -> tensor<1x64xf32>
  return %d : tensor<1x64xf32>
}

// -----

// Every parameter carries over: granularity, flags and the run-time bits.
// CHECK-LABEL: func.func @qdq_to_fake_quant_per_axis_runtime_bits
// CHECK-SAME: (%[[W:.*]]: tensor<16x8xf32>, %[[S:.*]]: tensor<16xf32>, %[[Z:.*]]: tensor<16xui8>, %[[B:.*]]: tensor<i32>)
// CHECK-NOT: qat.quantize
// CHECK-NOT: qat.dequantize
// CHECK: %[[F:.*]] = qat.fake_quant %[[W]], %[[S]], %[[Z]] bits(%[[B]]) {axis = 0 : i64, bits = 4 : i64, is_signed = false, narrow_range} : tensor<16x8xf32>, tensor<16xf32>, tensor<16xui8>, tensor<i32>
// CHECK-NEXT: return %[[F]]
func.func @qdq_to_fake_quant_per_axis_runtime_bits(%w: tensor<16x8xf32>, %s: tensor<16xf32>, %z: tensor<16xui8>, %b: tensor<i32>) -> tensor<16x8xf32> {
  %q = qat.quantize %w, %s, %z bits(%b) {bits = 4 : i64, is_signed = false, narrow_range, axis = 0 : i64} : (tensor<16x8xf32>, tensor<16xf32>, tensor<16xui8>, tensor<i32>) -> tensor<16x8xui8>
  %d = qat.dequantize %q, %s, %z {bits = 4 : i64, is_signed = false, narrow_range, axis = 0 : i64} : (tensor<16x8xui8>, tensor<16xf32>, tensor<16xui8>) -> tensor<16x8xf32>
  return %d : tensor<16x8xf32>
}

// -----

// CHECK-LABEL: func.func @qdq_to_fake_quant_per_group
// CHECK-NEXT: %[[F:.*]] = qat.fake_quant %{{.*}} {axis = 1 : i64, bits = 4 : i64, group_size = 32 : i64} : tensor<10x512xf32>, tensor<10x16xf32>, tensor<10x16xi8>
// CHECK-NEXT: return %[[F]]
func.func @qdq_to_fake_quant_per_group(%w: tensor<10x512xf32>, %s: tensor<10x16xf32>, %z: tensor<10x16xi8>) -> tensor<10x512xf32> {
  %q = qat.quantize %w, %s, %z {bits = 4 : i64, axis = 1 : i64, group_size = 32 : i64} : (tensor<10x512xf32>, tensor<10x16xf32>, tensor<10x16xi8>) -> tensor<10x512xi8>
  %d = qat.dequantize %q, %s, %z {bits = 4 : i64, axis = 1 : i64, group_size = 32 : i64} : (tensor<10x512xi8>, tensor<10x16xf32>, tensor<10x16xi8>) -> tensor<10x512xf32>
  return %d : tensor<10x512xf32>
}

// -----

// The integer tensor has another user: quantize stays, the pair still
// becomes a fake_quant.
// CHECK-LABEL: func.func @qdq_quantize_kept_for_other_user
// CHECK-SAME: (%[[X:.*]]: tensor<8xf32>
// CHECK-DAG: %[[Q:.*]] = qat.quantize %[[X]]
// CHECK-DAG: %[[F:.*]] = qat.fake_quant %[[X]]
// CHECK-NOT: qat.dequantize
// CHECK: return %[[F]], %[[Q]]
func.func @qdq_quantize_kept_for_other_user(%x: tensor<8xf32>, %s: tensor<f32>, %z: tensor<i8>) -> (tensor<8xf32>, tensor<8xi8>) {
  %q = qat.quantize %x, %s, %z {bits = 8 : i64} : (tensor<8xf32>, tensor<f32>, tensor<i8>) -> tensor<8xi8>
  %d = qat.dequantize %q, %s, %z {bits = 8 : i64} : (tensor<8xi8>, tensor<f32>, tensor<i8>) -> tensor<8xf32>
  return %d, %q : tensor<8xf32>, tensor<8xi8>
}

// -----

// CHECK-LABEL: func.func @qdq_different_scale
// CHECK-SAME: (%[[X:.*]]: tensor<8xf32>, %[[S0:.*]]: tensor<f32>, %[[S1:.*]]: tensor<f32>, %[[Z:.*]]: tensor<i8>)
// CHECK: %[[Q:.*]] = qat.quantize %[[X]], %[[S0]], %[[Z]]
// CHECK: %[[D:.*]] = qat.dequantize %[[Q]], %[[S1]], %[[Z]]
// CHECK-NOT: qat.fake_quant
// CHECK: return %[[D]]
func.func @qdq_different_scale(%x: tensor<8xf32>, %s0: tensor<f32>, %s1: tensor<f32>, %z: tensor<i8>) -> tensor<8xf32> {
  %q = qat.quantize %x, %s0, %z {bits = 8 : i64} : (tensor<8xf32>, tensor<f32>, tensor<i8>) -> tensor<8xi8>
  %d = qat.dequantize %q, %s1, %z {bits = 8 : i64} : (tensor<8xi8>, tensor<f32>, tensor<i8>) -> tensor<8xf32>
  return %d : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @qdq_different_zero_point
// CHECK: qat.quantize
// CHECK: qat.dequantize
// CHECK-NOT: qat.fake_quant
func.func @qdq_different_zero_point(%x: tensor<8xf32>, %s: tensor<f32>, %z0: tensor<i8>, %z1: tensor<i8>) -> tensor<8xf32> {
  %q = qat.quantize %x, %s, %z0 {bits = 8 : i64} : (tensor<8xf32>, tensor<f32>, tensor<i8>) -> tensor<8xi8>
  %d = qat.dequantize %q, %s, %z1 {bits = 8 : i64} : (tensor<8xi8>, tensor<f32>, tensor<i8>) -> tensor<8xf32>
  return %d : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @qdq_different_bits
// CHECK: qat.quantize {{.*}}bits = 4 : i64
// CHECK: qat.dequantize {{.*}}bits = 8 : i64
// CHECK-NOT: qat.fake_quant
func.func @qdq_different_bits(%x: tensor<8xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<8xf32> {
  %q = qat.quantize %x, %s, %z {bits = 4 : i64} : (tensor<8xf32>, tensor<f32>, tensor<i8>) -> tensor<8xi8>
  %d = qat.dequantize %q, %s, %z {bits = 8 : i64} : (tensor<8xi8>, tensor<f32>, tensor<i8>) -> tensor<8xf32>
  return %d : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @qdq_different_narrow_range
// CHECK: qat.quantize {{.*}}narrow_range
// CHECK: qat.dequantize
// CHECK-NOT: qat.fake_quant
func.func @qdq_different_narrow_range(%x: tensor<8xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<8xf32> {
  %q = qat.quantize %x, %s, %z {bits = 8 : i64, narrow_range} : (tensor<8xf32>, tensor<f32>, tensor<i8>) -> tensor<8xi8>
  %d = qat.dequantize %q, %s, %z {bits = 8 : i64} : (tensor<8xi8>, tensor<f32>, tensor<i8>) -> tensor<8xf32>
  return %d : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @qdq_different_signedness
// CHECK: qat.quantize {{.*}}is_signed = false
// CHECK: qat.dequantize
// CHECK-NOT: qat.fake_quant
func.func @qdq_different_signedness(%x: tensor<8xf32>, %s: tensor<f32>, %z: tensor<i16>) -> tensor<8xf32> {
  %q = qat.quantize %x, %s, %z {bits = 8 : i64, is_signed = false} : (tensor<8xf32>, tensor<f32>, tensor<i16>) -> tensor<8xi16>
  %d = qat.dequantize %q, %s, %z {bits = 8 : i64} : (tensor<8xi16>, tensor<f32>, tensor<i16>) -> tensor<8xf32>
  return %d : tensor<8xf32>
}

// -----

// Same scale tensor, but applied along different axes of a square weight.
// CHECK-LABEL: func.func @qdq_different_axis
// CHECK: qat.quantize {{.*}}axis = 0 : i64
// CHECK: qat.dequantize {{.*}}axis = 1 : i64
// CHECK-NOT: qat.fake_quant
func.func @qdq_different_axis(%w: tensor<8x8xf32>, %s: tensor<8xf32>, %z: tensor<8xi8>) -> tensor<8x8xf32> {
  %q = qat.quantize %w, %s, %z {bits = 8 : i64, axis = 0 : i64} : (tensor<8x8xf32>, tensor<8xf32>, tensor<8xi8>) -> tensor<8x8xi8>
  %d = qat.dequantize %q, %s, %z {bits = 8 : i64, axis = 1 : i64} : (tensor<8x8xi8>, tensor<8xf32>, tensor<8xi8>) -> tensor<8x8xf32>
  return %d : tensor<8x8xf32>
}

// -----

// Groups of 4 and of 5 along a dimension of 8 both give 2 blocks.
// CHECK-LABEL: func.func @qdq_different_group_size
// CHECK: qat.quantize {{.*}}group_size = 4 : i64
// CHECK: qat.dequantize {{.*}}group_size = 5 : i64
// CHECK-NOT: qat.fake_quant
func.func @qdq_different_group_size(%w: tensor<2x8xf32>, %s: tensor<2x2xf32>, %z: tensor<2x2xi8>) -> tensor<2x8xf32> {
  %q = qat.quantize %w, %s, %z {bits = 4 : i64, axis = 1 : i64, group_size = 4 : i64} : (tensor<2x8xf32>, tensor<2x2xf32>, tensor<2x2xi8>) -> tensor<2x8xi8>
  %d = qat.dequantize %q, %s, %z {bits = 4 : i64, axis = 1 : i64, group_size = 5 : i64} : (tensor<2x8xi8>, tensor<2x2xf32>, tensor<2x2xi8>) -> tensor<2x8xf32>
  return %d : tensor<2x8xf32>
}

// -----

// CHECK-LABEL: func.func @fake_quant_idempotent
// CHECK-SAME: (%[[X:.*]]: tensor<1x16x8x8xf32>, %[[S:.*]]: tensor<f32>, %[[Z:.*]]: tensor<i8>)
// CHECK-NEXT: %[[F:.*]] = qat.fake_quant %[[X]], %[[S]], %[[Z]] {bits = 4 : i64} : tensor<1x16x8x8xf32>, tensor<f32>, tensor<i8>
// CHECK-NEXT: return %[[F]]
func.func @fake_quant_idempotent(%x: tensor<1x16x8x8xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<1x16x8x8xf32> {
  %0 = qat.fake_quant %x, %s, %z {bits = 4 : i64} : tensor<1x16x8x8xf32>, tensor<f32>, tensor<i8>
  %1 = qat.fake_quant %0, %s, %z {bits = 4 : i64} : tensor<1x16x8x8xf32>, tensor<f32>, tensor<i8>
  %2 = qat.fake_quant %1, %s, %z {bits = 4 : i64} : tensor<1x16x8x8xf32>, tensor<f32>, tensor<i8>
  return %2 : tensor<1x16x8x8xf32>
}

// -----

// CHECK-LABEL: func.func @fake_quant_idempotent_per_axis
// CHECK-COUNT-1: qat.fake_quant
// CHECK-NOT: qat.fake_quant
func.func @fake_quant_idempotent_per_axis(%w: tensor<16x3x3x3xf32>, %s: tensor<16xf32>, %z: tensor<16xi8>) -> tensor<16x3x3x3xf32> {
  %0 = qat.fake_quant %w, %s, %z {bits = 8 : i64, narrow_range, axis = 0 : i64} : tensor<16x3x3x3xf32>, tensor<16xf32>, tensor<16xi8>
  %1 = qat.fake_quant %0, %s, %z {bits = 8 : i64, narrow_range, axis = 0 : i64} : tensor<16x3x3x3xf32>, tensor<16xf32>, tensor<16xi8>
  return %1 : tensor<16x3x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @fake_quant_different_bits
// CHECK: %[[A:.*]] = qat.fake_quant %{{.*}} {bits = 8 : i64}
// CHECK: %[[B:.*]] = qat.fake_quant %[[A]], {{.*}} {bits = 4 : i64}
// CHECK: return %[[B]]
func.func @fake_quant_different_bits(%x: tensor<8xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<8xf32> {
  %0 = qat.fake_quant %x, %s, %z {bits = 8 : i64} : tensor<8xf32>, tensor<f32>, tensor<i8>
  %1 = qat.fake_quant %0, %s, %z {bits = 4 : i64} : tensor<8xf32>, tensor<f32>, tensor<i8>
  return %1 : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @fake_quant_different_scale
// CHECK-SAME: (%[[X:.*]]: tensor<8xf32>, %[[S0:.*]]: tensor<f32>, %[[S1:.*]]: tensor<f32>, %[[Z:.*]]: tensor<i8>)
// CHECK: %[[A:.*]] = qat.fake_quant %[[X]], %[[S0]], %[[Z]]
// CHECK: %[[B:.*]] = qat.fake_quant %[[A]], %[[S1]], %[[Z]]
// CHECK: return %[[B]]
func.func @fake_quant_different_scale(%x: tensor<8xf32>, %s0: tensor<f32>, %s1: tensor<f32>, %z: tensor<i8>) -> tensor<8xf32> {
  %0 = qat.fake_quant %x, %s0, %z {bits = 8 : i64} : tensor<8xf32>, tensor<f32>, tensor<i8>
  %1 = qat.fake_quant %0, %s1, %z {bits = 8 : i64} : tensor<8xf32>, tensor<f32>, tensor<i8>
  return %1 : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @fake_quant_different_signedness
// CHECK: qat.fake_quant {{.*}}is_signed = false
// CHECK: qat.fake_quant
// CHECK: return
func.func @fake_quant_different_signedness(%x: tensor<8xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<8xf32> {
  %0 = qat.fake_quant %x, %s, %z {bits = 8 : i64, is_signed = false} : tensor<8xf32>, tensor<f32>, tensor<i8>
  %1 = qat.fake_quant %0, %s, %z {bits = 8 : i64} : tensor<8xf32>, tensor<f32>, tensor<i8>
  return %1 : tensor<8xf32>
}

// -----

// Per-tensor after per-axis: different granularity.
// CHECK-LABEL: func.func @fake_quant_different_granularity
// CHECK: qat.fake_quant {{.*}}axis = 0 : i64
// CHECK: qat.fake_quant {{.*}}{bits = 8 : i64}
// CHECK: return
func.func @fake_quant_different_granularity(%x: tensor<4x8xf32>, %s: tensor<4xf32>, %z: tensor<4xi8>, %s0: tensor<f32>, %z0: tensor<i8>) -> tensor<4x8xf32> {
  %0 = qat.fake_quant %x, %s, %z {bits = 8 : i64, axis = 0 : i64} : tensor<4x8xf32>, tensor<4xf32>, tensor<4xi8>
  %1 = qat.fake_quant %0, %s0, %z0 {bits = 8 : i64} : tensor<4x8xf32>, tensor<f32>, tensor<i8>
  return %1 : tensor<4x8xf32>
}

// -----

// A run-time bit-width may change between the two, so neither folds.
// CHECK-LABEL: func.func @fake_quant_runtime_bits_not_folded
// CHECK: %[[A:.*]] = qat.fake_quant {{.*}} bits(%{{.*}})
// CHECK: %[[B:.*]] = qat.fake_quant %[[A]], {{.*}} bits(%{{.*}})
// CHECK: %[[C:.*]] = qat.fake_quant %[[B]]
// CHECK: return %[[C]]
func.func @fake_quant_runtime_bits_not_folded(%x: tensor<8xf32>, %s: tensor<f32>, %z: tensor<i8>, %b: tensor<i32>) -> tensor<8xf32> {
  %0 = qat.fake_quant %x, %s, %z bits(%b) {bits = 8 : i64} : tensor<8xf32>, tensor<f32>, tensor<i8>, tensor<i32>
  %1 = qat.fake_quant %0, %s, %z bits(%b) {bits = 8 : i64} : tensor<8xf32>, tensor<f32>, tensor<i8>, tensor<i32>
  %2 = qat.fake_quant %1, %s, %z {bits = 8 : i64} : tensor<8xf32>, tensor<f32>, tensor<i8>
  return %2 : tensor<8xf32>
}

// -----

// A stored integer may lie outside [qmin, qmax] (here 4-bit levels in i8), so
// quantize(dequantize(q)) clips and must stay.
// CHECK-LABEL: func.func @dq_q_bare_levels_kept
// CHECK: %[[D:.*]] = qat.dequantize
// CHECK: %[[R:.*]] = qat.quantize %[[D]]
// CHECK: return %[[R]]
func.func @dq_q_bare_levels_kept(%q: tensor<4xi8>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xi8> {
  %d = qat.dequantize %q, %s, %z {bits = 4 : i64} : (tensor<4xi8>, tensor<f32>, tensor<i8>) -> tensor<4xf32>
  %r = qat.quantize %d, %s, %z {bits = 4 : i64} : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xi8>
  return %r : tensor<4xi8>
}

// -----

// Levels that come from a matching quantize are in range: the round trip folds.
// CHECK-LABEL: func.func @q_dq_q_folds
// CHECK: %[[Q:.*]] = qat.quantize %arg0
// CHECK-NOT: qat.quantize
// CHECK: return %[[Q]]
func.func @q_dq_q_folds(%x: tensor<16x4xf32>, %s: tensor<16xf32>, %z: tensor<16xui8>) -> tensor<16x4xui8> {
  %q = qat.quantize %x, %s, %z {bits = 4 : i64, is_signed = false, axis = 0 : i64} : (tensor<16x4xf32>, tensor<16xf32>, tensor<16xui8>) -> tensor<16x4xui8>
  %d = qat.dequantize %q, %s, %z {bits = 4 : i64, is_signed = false, axis = 0 : i64} : (tensor<16x4xui8>, tensor<16xf32>, tensor<16xui8>) -> tensor<16x4xf32>
  %r = qat.quantize %d, %s, %z {bits = 4 : i64, is_signed = false, axis = 0 : i64} : (tensor<16x4xf32>, tensor<16xf32>, tensor<16xui8>) -> tensor<16x4xui8>
  return %r : tensor<16x4xui8>
}

// -----

// CHECK-LABEL: func.func @dq_q_different_scale
// CHECK: %[[D:.*]] = qat.dequantize
// CHECK: %[[R:.*]] = qat.quantize %[[D]]
// CHECK: return %[[R]]
func.func @dq_q_different_scale(%q: tensor<8xi8>, %s0: tensor<f32>, %s1: tensor<f32>, %z: tensor<i8>) -> tensor<8xi8> {
  %d = qat.dequantize %q, %s0, %z {bits = 8 : i64} : (tensor<8xi8>, tensor<f32>, tensor<i8>) -> tensor<8xf32>
  %r = qat.quantize %d, %s1, %z {bits = 8 : i64} : (tensor<8xf32>, tensor<f32>, tensor<i8>) -> tensor<8xi8>
  return %r : tensor<8xi8>
}

// -----

// CHECK-LABEL: func.func @dq_q_different_storage
// CHECK: %[[D:.*]] = qat.dequantize
// CHECK: %[[R:.*]] = qat.quantize %[[D]]{{.*}} -> tensor<8xi16>
// CHECK: return %[[R]]
func.func @dq_q_different_storage(%q: tensor<8xi8>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<8xi16> {
  %d = qat.dequantize %q, %s, %z {bits = 8 : i64} : (tensor<8xi8>, tensor<f32>, tensor<i8>) -> tensor<8xf32>
  %r = qat.quantize %d, %s, %z {bits = 8 : i64} : (tensor<8xf32>, tensor<f32>, tensor<i8>) -> tensor<8xi16>
  return %r : tensor<8xi16>
}

// -----

// CHECK-LABEL: func.func @dq_q_runtime_bits_not_folded
// CHECK: %[[D:.*]] = qat.dequantize
// CHECK: %[[R:.*]] = qat.quantize %[[D]], {{.*}} bits(%{{.*}})
// CHECK: return %[[R]]
func.func @dq_q_runtime_bits_not_folded(%q: tensor<8xi8>, %s: tensor<f32>, %z: tensor<i8>, %b: tensor<i32>) -> tensor<8xi8> {
  %d = qat.dequantize %q, %s, %z {bits = 8 : i64} : (tensor<8xi8>, tensor<f32>, tensor<i8>) -> tensor<8xf32>
  %r = qat.quantize %d, %s, %z bits(%b) {bits = 8 : i64} : (tensor<8xf32>, tensor<f32>, tensor<i8>, tensor<i32>) -> tensor<8xi8>
  return %r : tensor<8xi8>
}

// -----

// CHECK-LABEL: func.func @dq_q_different_bits
// CHECK: %[[D:.*]] = qat.dequantize {{.*}}bits = 8 : i64
// CHECK: %[[R:.*]] = qat.quantize %[[D]], {{.*}}bits = 4 : i64
// CHECK: return %[[R]]
func.func @dq_q_different_bits(%q: tensor<8xi8>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<8xi8> {
  %d = qat.dequantize %q, %s, %z {bits = 8 : i64} : (tensor<8xi8>, tensor<f32>, tensor<i8>) -> tensor<8xf32>
  %r = qat.quantize %d, %s, %z {bits = 4 : i64} : (tensor<8xf32>, tensor<f32>, tensor<i8>) -> tensor<8xi8>
  return %r : tensor<8xi8>
}

// -----

// CHECK-LABEL: func.func @quantize_of_fake_quant
// CHECK-NOT: qat.fake_quant
// CHECK: qat.quantize %arg0
func.func @quantize_of_fake_quant(%x: tensor<8xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<8xi8> {
  %f = qat.fake_quant %x, %s, %z {bits = 4 : i64} : tensor<8xf32>, tensor<f32>, tensor<i8>
  %q = qat.quantize %f, %s, %z {bits = 4 : i64} : (tensor<8xf32>, tensor<f32>, tensor<i8>) -> tensor<8xi8>
  return %q : tensor<8xi8>
}

// -----

// shift_scale of constants folds. Row 0: max 8; groups of 2 with maxima 8
// (k = 0), 1 (k = 3: 2^3 * 1 <= 8), 0 (all zero: max_shift = 3), and the
// short last group 4.1 (k = 0: 2 * 4.1 > 8). Row 1: max 2; groups 2 (k = 0),
// 0.5 (k = 2), 0.25 (k = 3: 8 * 0.25 <= 2, exactly), 1.5 (k = 0).
// CHECK-LABEL: func.func @shift_scale_fold
// CHECK-NOT: qat.shift_scale
// CHECK: arith.constant dense<{{\[\[}}1.000000e+00, 1.250000e-01, 1.250000e-01, 1.000000e+00], [5.000000e-01, 1.250000e-01, 6.250000e-02, 5.000000e-01]]> : tensor<2x4xf32>
func.func @shift_scale_fold() -> tensor<2x4xf32> {
  %w = arith.constant dense<[[8.0, -1.0, 1.0, 0.5, 0.0, 0.0, 4.1], [2.0, 0.0, -0.5, 0.1, 0.25, 0.25, -1.5]]> : tensor<2x7xf32>
  %s = arith.constant dense<[1.0, 0.5]> : tensor<2xf32>
  %g = qat.shift_scale %w, %s {axis = 0 : i64, group_axis = 1 : i64, group_size = 2 : i64, max_shift = 3 : i64} : (tensor<2x7xf32>, tensor<2xf32>) -> tensor<2x4xf32>
  return %g : tensor<2x4xf32>
}
