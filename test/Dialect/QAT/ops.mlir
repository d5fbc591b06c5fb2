// RUN: qat-opt %s | qat-opt | FileCheck %s
// RUN: qat-opt %s --mlir-print-op-generic | qat-opt | FileCheck %s

// Round trip of the qat quantizers in every granularity.

//===----------------------------------------------------------------------===//
// fake_quant
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @fake_quant_per_tensor
// CHECK-SAME: (%[[X:.*]]: tensor<1x16x8x8xf32>, %[[S:.*]]: tensor<f32>, %[[Z:.*]]: tensor<i8>)
func.func @fake_quant_per_tensor(%x: tensor<1x16x8x8xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<1x16x8x8xf32> {
  // CHECK: %[[Q:.*]] = qat.fake_quant %[[X]], %[[S]], %[[Z]] {bits = 8 : i64} : tensor<1x16x8x8xf32>, tensor<f32>, tensor<i8>
  // CHECK: return %[[Q]]
  %0 = qat.fake_quant %x, %s, %z {bits = 8 : i64} : tensor<1x16x8x8xf32>, tensor<f32>, tensor<i8>
  return %0 : tensor<1x16x8x8xf32>
}

// is_signed defaults to true and is not printed; false and narrow_range are.
// CHECK-LABEL: func.func @fake_quant_flags
func.func @fake_quant_flags(%x: tensor<4x32xf32>, %s: tensor<f32>, %z: tensor<i32>, %zf: tensor<f32>) -> (tensor<4x32xf32>, tensor<4x32xf32>, tensor<4x32xf32>) {
  // CHECK: qat.fake_quant %{{.*}} {bits = 4 : i64, is_signed = false} : tensor<4x32xf32>, tensor<f32>, tensor<i32>
  // CHECK: qat.fake_quant %{{.*}} {bits = 8 : i64, narrow_range} : tensor<4x32xf32>, tensor<f32>, tensor<i32>
  // A float zero point (LSQ+ learns it).
  // CHECK: qat.fake_quant %{{.*}} {bits = 2 : i64} : tensor<4x32xf32>, tensor<f32>, tensor<f32>
  %0 = qat.fake_quant %x, %s, %z {bits = 4 : i64, is_signed = false} : tensor<4x32xf32>, tensor<f32>, tensor<i32>
  %1 = qat.fake_quant %x, %s, %z {bits = 8 : i64, is_signed = true, narrow_range} : tensor<4x32xf32>, tensor<f32>, tensor<i32>
  %2 = qat.fake_quant %x, %s, %zf {bits = 2 : i64} : tensor<4x32xf32>, tensor<f32>, tensor<f32>
  return %0, %1, %2 : tensor<4x32xf32>, tensor<4x32xf32>, tensor<4x32xf32>
}

// The extremes of the bit-width range.
// CHECK-LABEL: func.func @fake_quant_bits_range
func.func @fake_quant_bits_range(%x: tensor<8xf32>, %s: tensor<f32>, %z: tensor<i32>) -> (tensor<8xf32>, tensor<8xf32>) {
  // CHECK: qat.fake_quant {{.*}}bits = 1 : i64
  // CHECK: qat.fake_quant {{.*}}bits = 16 : i64
  %0 = qat.fake_quant %x, %s, %z {bits = 1 : i64, is_signed = false} : tensor<8xf32>, tensor<f32>, tensor<i32>
  %1 = qat.fake_quant %x, %s, %z {bits = 16 : i64} : tensor<8xf32>, tensor<f32>, tensor<i32>
  return %0, %1 : tensor<8xf32>, tensor<8xf32>
}

// Per output channel of a conv weight: one scale per entry of dimension 0.
// CHECK-LABEL: func.func @fake_quant_per_axis
func.func @fake_quant_per_axis(%w: tensor<64x3x7x7xf32>, %s: tensor<64xf32>, %z: tensor<64xi8>,
                               %fc: tensor<10x512xf32>, %s1: tensor<512xf32>, %z1: tensor<512xi8>) -> (tensor<64x3x7x7xf32>, tensor<10x512xf32>) {
  // CHECK: qat.fake_quant %{{.*}}, %{{.*}}, %{{.*}} {axis = 0 : i64, bits = 4 : i64, narrow_range} : tensor<64x3x7x7xf32>, tensor<64xf32>, tensor<64xi8>
  // CHECK: qat.fake_quant %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64, bits = 8 : i64} : tensor<10x512xf32>, tensor<512xf32>, tensor<512xi8>
  %0 = qat.fake_quant %w, %s, %z {bits = 4 : i64, narrow_range, axis = 0 : i64} : tensor<64x3x7x7xf32>, tensor<64xf32>, tensor<64xi8>
  %1 = qat.fake_quant %fc, %s1, %z1 {bits = 8 : i64, axis = 1 : i64} : tensor<10x512xf32>, tensor<512xf32>, tensor<512xi8>
  return %0, %1 : tensor<64x3x7x7xf32>, tensor<10x512xf32>
}

// Blocks of 32 along the input dimension of a linear weight: 512 / 32 = 16
// blocks; 100 / 32 rounds up to 4 blocks.
// CHECK-LABEL: func.func @fake_quant_per_group
func.func @fake_quant_per_group(%w: tensor<10x512xf32>, %s: tensor<10x16xf32>, %z: tensor<10x16xi8>,
                                %v: tensor<100x8xf16>, %sv: tensor<4x8xf16>, %zv: tensor<4x8xf16>) -> (tensor<10x512xf32>, tensor<100x8xf16>) {
  // CHECK: qat.fake_quant {{.*}} {axis = 1 : i64, bits = 4 : i64, group_size = 32 : i64} : tensor<10x512xf32>, tensor<10x16xf32>, tensor<10x16xi8>
  // CHECK: qat.fake_quant {{.*}} {axis = 0 : i64, bits = 3 : i64, group_size = 32 : i64} : tensor<100x8xf16>, tensor<4x8xf16>, tensor<4x8xf16>
  %0 = qat.fake_quant %w, %s, %z {bits = 4 : i64, axis = 1 : i64, group_size = 32 : i64} : tensor<10x512xf32>, tensor<10x16xf32>, tensor<10x16xi8>
  %1 = qat.fake_quant %v, %sv, %zv {bits = 3 : i64, axis = 0 : i64, group_size = 32 : i64} : tensor<100x8xf16>, tensor<4x8xf16>, tensor<4x8xf16>
  return %0, %1 : tensor<10x512xf32>, tensor<100x8xf16>
}

// Multi-bit switching: the rank-0 i32 operand selects the bit-width at run
// time; the attribute bounds it.
// CHECK-LABEL: func.func @fake_quant_runtime_bits
// CHECK-SAME: %[[B:[^:]*]]: tensor<i32>
func.func @fake_quant_runtime_bits(%x: tensor<1x16x8x8xf32>, %s: tensor<f32>, %z: tensor<i8>,
                                   %w: tensor<16x16x3x3xf32>, %sw: tensor<16xf32>, %zw: tensor<16xi8>,
                                   %b: tensor<i32>) -> (tensor<1x16x8x8xf32>, tensor<16x16x3x3xf32>) {
  // CHECK: qat.fake_quant %{{.*}}, %{{.*}}, %{{.*}} bits(%[[B]]) {bits = 8 : i64} : tensor<1x16x8x8xf32>, tensor<f32>, tensor<i8>, tensor<i32>
  // CHECK: qat.fake_quant %{{.*}}, %{{.*}}, %{{.*}} bits(%[[B]]) {axis = 0 : i64, bits = 8 : i64, narrow_range} : tensor<16x16x3x3xf32>, tensor<16xf32>, tensor<16xi8>, tensor<i32>
  %0 = qat.fake_quant %x, %s, %z bits(%b) {bits = 8 : i64} : tensor<1x16x8x8xf32>, tensor<f32>, tensor<i8>, tensor<i32>
  %1 = qat.fake_quant %w, %sw, %zw bits(%b) {bits = 8 : i64, axis = 0 : i64, narrow_range} : tensor<16x16x3x3xf32>, tensor<16xf32>, tensor<16xi8>, tensor<i32>
  return %0, %1 : tensor<1x16x8x8xf32>, tensor<16x16x3x3xf32>
}

// CHECK-LABEL: func.func @fake_quant_bf16
func.func @fake_quant_bf16(%x: tensor<2x8xbf16>, %s: tensor<bf16>, %z: tensor<i8>) -> tensor<2x8xbf16> {
  // CHECK: qat.fake_quant {{.*}} : tensor<2x8xbf16>, tensor<bf16>, tensor<i8>
  %0 = qat.fake_quant %x, %s, %z {bits = 8 : i64} : tensor<2x8xbf16>, tensor<bf16>, tensor<i8>
  return %0 : tensor<2x8xbf16>
}

//===----------------------------------------------------------------------===//
// quantize
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @quantize_i8
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x224x224xf32>, %[[S:.*]]: tensor<f32>, %[[Z:.*]]: tensor<i8>)
func.func @quantize_i8(%x: tensor<1x3x224x224xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<1x3x224x224xi8> {
  // CHECK: %[[Q:.*]] = qat.quantize %[[X]], %[[S]], %[[Z]] {bits = 8 : i64} : (tensor<1x3x224x224xf32>, tensor<f32>, tensor<i8>) -> tensor<1x3x224x224xi8>
  // CHECK: return %[[Q]]
  %0 = qat.quantize %x, %s, %z {bits = 8 : i64} : (tensor<1x3x224x224xf32>, tensor<f32>, tensor<i8>) -> tensor<1x3x224x224xi8>
  return %0 : tensor<1x3x224x224xi8>
}

// Unsigned levels (the ONNX uint8 activation convention) stored in ui8, or
// in a signless integer with a spare bit.
// CHECK-LABEL: func.func @quantize_ui8
func.func @quantize_ui8(%x: tensor<1x3x224x224xf32>, %s: tensor<f32>, %z: tensor<ui8>) -> (tensor<1x3x224x224xui8>, tensor<1x3x224x224xi16>) {
  // CHECK: qat.quantize {{.*}} {bits = 8 : i64, is_signed = false} : (tensor<1x3x224x224xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x3x224x224xui8>
  // CHECK: qat.quantize {{.*}} {bits = 8 : i64, is_signed = false} : (tensor<1x3x224x224xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x3x224x224xi16>
  %0 = qat.quantize %x, %s, %z {bits = 8 : i64, is_signed = false} : (tensor<1x3x224x224xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x3x224x224xui8>
  %1 = qat.quantize %x, %s, %z {bits = 8 : i64, is_signed = false} : (tensor<1x3x224x224xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x3x224x224xi16>
  return %0, %1 : tensor<1x3x224x224xui8>, tensor<1x3x224x224xi16>
}

// Sub-8-bit levels live in i8 (or ui8); 16-bit levels in i16 or wider.
// CHECK-LABEL: func.func @quantize_storage
func.func @quantize_storage(%x: tensor<64xf32>, %s: tensor<f32>, %z: tensor<i8>, %z16: tensor<i16>, %z32: tensor<i32>) -> (tensor<64xi8>, tensor<64xui8>, tensor<64xi16>, tensor<64xi32>, tensor<64xsi8>) {
  // CHECK: qat.quantize {{.*}} {bits = 4 : i64, narrow_range} : (tensor<64xf32>, tensor<f32>, tensor<i8>) -> tensor<64xi8>
  // CHECK: qat.quantize {{.*}} {bits = 2 : i64, is_signed = false} : (tensor<64xf32>, tensor<f32>, tensor<i8>) -> tensor<64xui8>
  // CHECK: qat.quantize {{.*}} {bits = 16 : i64} : (tensor<64xf32>, tensor<f32>, tensor<i16>) -> tensor<64xi16>
  // CHECK: qat.quantize {{.*}} {bits = 16 : i64, is_signed = false} : (tensor<64xf32>, tensor<f32>, tensor<i32>) -> tensor<64xi32>
  // CHECK: qat.quantize {{.*}} {bits = 8 : i64} : (tensor<64xf32>, tensor<f32>, tensor<i8>) -> tensor<64xsi8>
  %0 = qat.quantize %x, %s, %z {bits = 4 : i64, narrow_range} : (tensor<64xf32>, tensor<f32>, tensor<i8>) -> tensor<64xi8>
  %1 = qat.quantize %x, %s, %z {bits = 2 : i64, is_signed = false} : (tensor<64xf32>, tensor<f32>, tensor<i8>) -> tensor<64xui8>
  %2 = qat.quantize %x, %s, %z16 {bits = 16 : i64} : (tensor<64xf32>, tensor<f32>, tensor<i16>) -> tensor<64xi16>
  %3 = qat.quantize %x, %s, %z32 {bits = 16 : i64, is_signed = false} : (tensor<64xf32>, tensor<f32>, tensor<i32>) -> tensor<64xi32>
  %4 = qat.quantize %x, %s, %z {bits = 8 : i64} : (tensor<64xf32>, tensor<f32>, tensor<i8>) -> tensor<64xsi8>
  return %0, %1, %2, %3, %4 : tensor<64xi8>, tensor<64xui8>, tensor<64xi16>, tensor<64xi32>, tensor<64xsi8>
}

// CHECK-LABEL: func.func @quantize_per_axis_and_group
func.func @quantize_per_axis_and_group(%w: tensor<64x3x7x7xf32>, %s: tensor<64xf32>, %z: tensor<64xi8>,
                                       %fc: tensor<10x512xf32>, %sg: tensor<10x4xf32>, %zg: tensor<10x4xi8>) -> (tensor<64x3x7x7xi8>, tensor<10x512xi8>) {
  // CHECK: qat.quantize {{.*}} {axis = 0 : i64, bits = 8 : i64, narrow_range} : (tensor<64x3x7x7xf32>, tensor<64xf32>, tensor<64xi8>) -> tensor<64x3x7x7xi8>
  // CHECK: qat.quantize {{.*}} {axis = 1 : i64, bits = 4 : i64, group_size = 128 : i64} : (tensor<10x512xf32>, tensor<10x4xf32>, tensor<10x4xi8>) -> tensor<10x512xi8>
  %0 = qat.quantize %w, %s, %z {bits = 8 : i64, narrow_range, axis = 0 : i64} : (tensor<64x3x7x7xf32>, tensor<64xf32>, tensor<64xi8>) -> tensor<64x3x7x7xi8>
  %1 = qat.quantize %fc, %sg, %zg {bits = 4 : i64, axis = 1 : i64, group_size = 128 : i64} : (tensor<10x512xf32>, tensor<10x4xf32>, tensor<10x4xi8>) -> tensor<10x512xi8>
  return %0, %1 : tensor<64x3x7x7xi8>, tensor<10x512xi8>
}

// CHECK-LABEL: func.func @quantize_runtime_bits
// CHECK-SAME: %[[B:[^:]*]]: tensor<i32>
func.func @quantize_runtime_bits(%x: tensor<4x8xf32>, %s: tensor<f32>, %z: tensor<i8>, %b: tensor<i32>) -> tensor<4x8xi8> {
  // CHECK: qat.quantize %{{.*}}, %{{.*}}, %{{.*}} bits(%[[B]]) {bits = 8 : i64} : (tensor<4x8xf32>, tensor<f32>, tensor<i8>, tensor<i32>) -> tensor<4x8xi8>
  %0 = qat.quantize %x, %s, %z bits(%b) {bits = 8 : i64} : (tensor<4x8xf32>, tensor<f32>, tensor<i8>, tensor<i32>) -> tensor<4x8xi8>
  return %0 : tensor<4x8xi8>
}

//===----------------------------------------------------------------------===//
// dequantize
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @dequantize
// CHECK-SAME: (%[[Q:.*]]: tensor<1x16x8x8xi8>, %[[S:.*]]: tensor<f32>, %[[Z:.*]]: tensor<i8>
func.func @dequantize(%q: tensor<1x16x8x8xi8>, %s: tensor<f32>, %z: tensor<i8>, %u: tensor<1x16x8x8xui8>, %zu: tensor<ui8>) -> (tensor<1x16x8x8xf32>, tensor<1x16x8x8xf16>) {
  // CHECK: %[[D:.*]] = qat.dequantize %[[Q]], %[[S]], %[[Z]] {bits = 8 : i64} : (tensor<1x16x8x8xi8>, tensor<f32>, tensor<i8>) -> tensor<1x16x8x8xf32>
  // CHECK: qat.dequantize {{.*}} {bits = 8 : i64, is_signed = false} : (tensor<1x16x8x8xui8>, tensor<f16>, tensor<ui8>) -> tensor<1x16x8x8xf16>
  %0 = qat.dequantize %q, %s, %z {bits = 8 : i64} : (tensor<1x16x8x8xi8>, tensor<f32>, tensor<i8>) -> tensor<1x16x8x8xf32>
  %s16 = arith.constant dense<0.5> : tensor<f16>
  %1 = qat.dequantize %u, %s16, %zu {bits = 8 : i64, is_signed = false} : (tensor<1x16x8x8xui8>, tensor<f16>, tensor<ui8>) -> tensor<1x16x8x8xf16>
  return %0, %1 : tensor<1x16x8x8xf32>, tensor<1x16x8x8xf16>
}

// CHECK-LABEL: func.func @dequantize_per_axis_and_group
func.func @dequantize_per_axis_and_group(%w: tensor<64x3x7x7xi8>, %s: tensor<64xf32>, %z: tensor<64xi8>,
                                         %fc: tensor<10x512xi8>, %sg: tensor<10x16xf32>, %zg: tensor<10x16xi8>) -> (tensor<64x3x7x7xf32>, tensor<10x512xf32>) {
  // CHECK: qat.dequantize {{.*}} {axis = 0 : i64, bits = 4 : i64, narrow_range} : (tensor<64x3x7x7xi8>, tensor<64xf32>, tensor<64xi8>) -> tensor<64x3x7x7xf32>
  // CHECK: qat.dequantize {{.*}} {axis = 1 : i64, bits = 4 : i64, group_size = 32 : i64} : (tensor<10x512xi8>, tensor<10x16xf32>, tensor<10x16xi8>) -> tensor<10x512xf32>
  %0 = qat.dequantize %w, %s, %z {bits = 4 : i64, narrow_range, axis = 0 : i64} : (tensor<64x3x7x7xi8>, tensor<64xf32>, tensor<64xi8>) -> tensor<64x3x7x7xf32>
  %1 = qat.dequantize %fc, %sg, %zg {bits = 4 : i64, axis = 1 : i64, group_size = 32 : i64} : (tensor<10x512xi8>, tensor<10x16xf32>, tensor<10x16xi8>) -> tensor<10x512xf32>
  return %0, %1 : tensor<64x3x7x7xf32>, tensor<10x512xf32>
}

// A QDQ pair as the ONNX importer emits it.
// CHECK-LABEL: func.func @quantize_dequantize_pair
func.func @quantize_dequantize_pair(%x: tensor<1x64xf32>, %s: tensor<f32>, %z: tensor<ui8>) -> tensor<1x64xf32> {
  // CHECK: %[[Q:.*]] = qat.quantize
  // CHECK: qat.dequantize %[[Q]]
  %q = qat.quantize %x, %s, %z {bits = 8 : i64, is_signed = false} : (tensor<1x64xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x64xui8>
  %d = qat.dequantize %q, %s, %z {bits = 8 : i64, is_signed = false} : (tensor<1x64xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x64xf32>
  return %d : tensor<1x64xf32>
}

//===----------------------------------------------------------------------===//
// parameter
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @parameters
// CHECK: %[[S:.*]] = qat.parameter "conv1.weight_scale" = dense<[1.000000e-01, 2.000000e-01]> : tensor<2xf32>
// CHECK: %[[Z:.*]] = qat.parameter "conv1.input_zero_point" = dense<1.280000e+02> : tensor<f32>
// CHECK: return %[[S]], %[[Z]]
func.func @parameters() -> (tensor<2xf32>, tensor<f32>) {
  %0 = qat.parameter "conv1.weight_scale" = dense<[0.1, 0.2]> : tensor<2xf32>
  %1 = qat.parameter "conv1.input_zero_point" = dense<128.0> : tensor<f32>
  return %0, %1 : tensor<2xf32>, tensor<f32>
}

//===----------------------------------------------------------------------===//
// shift_scale (ShiftQuant's group scales)
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @shift_quant
// CHECK: %[[G:.*]] = qat.shift_scale %{{.*}}, %{{.*}} {axis = 0 : i64, group_axis = 1 : i64, group_size = 4 : i64, max_shift = 3 : i64} : (tensor<8x12x3x3xf32>, tensor<8xf32>) -> tensor<8x3x3x3xf32>
// CHECK: qat.fake_quant %{{.*}}, %[[G]], %{{.*}} {axis = 1 : i64, bits = 4 : i64, group_size = 4 : i64}
// CHECK: qat.shift_scale %{{.*}}, %{{.*}} {group_axis = 0 : i64, group_size = 8 : i64, max_shift = 0 : i64} : (tensor<20x5xf32>, tensor<f32>) -> tensor<3x5xf32>
func.func @shift_quant(%w: tensor<8x12x3x3xf32>, %s: tensor<8xf32>, %z: tensor<8x3x3x3xi32>,
                       %m: tensor<20x5xf32>, %t: tensor<f32>) -> (tensor<8x12x3x3xf32>, tensor<3x5xf32>) {
  %g = qat.shift_scale %w, %s {axis = 0 : i64, group_axis = 1 : i64, group_size = 4 : i64, max_shift = 3 : i64} : (tensor<8x12x3x3xf32>, tensor<8xf32>) -> tensor<8x3x3x3xf32>
  %q = qat.fake_quant %w, %g, %z {bits = 4 : i64, axis = 1 : i64, group_size = 4 : i64} : tensor<8x12x3x3xf32>, tensor<8x3x3x3xf32>, tensor<8x3x3x3xi32>
  %h = qat.shift_scale %m, %t {group_axis = 0 : i64, group_size = 8 : i64, max_shift = 0 : i64} : (tensor<20x5xf32>, tensor<f32>) -> tensor<3x5xf32>
  return %q, %h : tensor<8x12x3x3xf32>, tensor<3x5xf32>
}

//===----------------------------------------------------------------------===//
// l1_norm
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @l1_norms
// CHECK: qat.l1_norm %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 9.99999974E-6 : f32, mode = "batch"} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
// CHECK: qat.l1_norm %{{.*}}, %{{.*}}, %{{.*}} running(%{{.*}}, %{{.*}}) {epsilon = 9.99999974E-6 : f32, exact_grad, mode = "batch"}
// CHECK: qat.l1_norm %{{.*}}, %{{.*}}, %{{.*}} {axis = 2 : i64, epsilon = 9.99999974E-6 : f32, mode = "layer"} : (tensor<2x5x8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x5x8xf32>, tensor<2x5xf32>, tensor<2x5xf32>)
// CHECK: qat.l1_norm %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 9.99999974E-6 : f32, mode = "batch", replicas = 2 : i64}
func.func @l1_norms(%x: tensor<2x3x4x4xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %s: tensor<3xf32>,
                    %t: tensor<2x5x8xf32>, %lg: tensor<8xf32>, %lb: tensor<8xf32>) -> (tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>, tensor<2x5x8xf32>) {
  %y, %mean, %sigma = qat.l1_norm %x, %g, %b {mode = "batch", epsilon = 1.0e-5 : f32} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
  %r, %rm, %rs = qat.l1_norm %x, %g, %b running(%m, %s) {mode = "batch", epsilon = 1.0e-5 : f32, exact_grad} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
  %l, %lm, %ls = qat.l1_norm %t, %lg, %lb {mode = "layer", axis = 2 : i64, epsilon = 1.0e-5 : f32} : (tensor<2x5x8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x5x8xf32>, tensor<2x5xf32>, tensor<2x5xf32>)
  %sy, %sm, %ss = qat.l1_norm %x, %g, %b {mode = "batch", epsilon = 1.0e-5 : f32, replicas = 2 : i64} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y, %r, %l : tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>, tensor<2x5x8xf32>
}

//===----------------------------------------------------------------------===//
// requantize
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @requantize
// CHECK: qat.requantize %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64, bits = 8 : i64, zero_point = -3 : i64} : (tensor<4x8xi32>, tensor<8xi32>, tensor<8xi32>) -> tensor<4x8xi8>
// CHECK: qat.requantize %{{.*}}, %{{.*}}, %{{.*}} {bits = 4 : i64, is_signed = false, qmax = 12 : i64, qmin = 2 : i64} : (tensor<4x8xi32>, tensor<i32>, tensor<i32>) -> tensor<4x8xui8>
func.func @requantize(%acc: tensor<4x8xi32>, %m: tensor<8xi32>, %s: tensor<8xi32>, %m0: tensor<i32>, %s0: tensor<i32>) -> (tensor<4x8xi8>, tensor<4x8xui8>) {
  %a = qat.requantize %acc, %m, %s {axis = 1 : i64, bits = 8 : i64, zero_point = -3 : i64} : (tensor<4x8xi32>, tensor<8xi32>, tensor<8xi32>) -> tensor<4x8xi8>
  %b = qat.requantize %acc, %m0, %s0 {bits = 4 : i64, is_signed = false, qmin = 2 : i64, qmax = 12 : i64} : (tensor<4x8xi32>, tensor<i32>, tensor<i32>) -> tensor<4x8xui8>
  return %a, %b : tensor<4x8xi8>, tensor<4x8xui8>
}
