// RUN: qat-opt %s --split-input-file --verify-diagnostics

// Every verifier error of the qat quantizers, and the ODS constraints on
// their operands and attributes.

//===----------------------------------------------------------------------===//
// Attribute constraints.
//===----------------------------------------------------------------------===//

func.func @bits_zero(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xf32> {
  // expected-error @+1 {{'qat.fake_quant' op attribute 'bits' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1 whose maximum value is 16}}
  %0 = qat.fake_quant %x, %s, %z {bits = 0 : i64} : tensor<4xf32>, tensor<f32>, tensor<i8>
  return %0 : tensor<4xf32>
}

// -----

func.func @bits_17(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xi32> {
  // expected-error @+1 {{'qat.quantize' op attribute 'bits' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1 whose maximum value is 16}}
  %0 = qat.quantize %x, %s, %z {bits = 17 : i64} : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @bits_negative(%q: tensor<4xi8>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xf32> {
  // expected-error @+1 {{'qat.dequantize' op attribute 'bits' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1 whose maximum value is 32}}
  %0 = qat.dequantize %q, %s, %z {bits = -8 : i64} : (tensor<4xi8>, tensor<f32>, tensor<i8>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @bits_i32_attr(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xf32> {
  // expected-error @+1 {{'qat.fake_quant' op attribute 'bits' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1 whose maximum value is 16}}
  %0 = qat.fake_quant %x, %s, %z {bits = 8 : i32} : tensor<4xf32>, tensor<f32>, tensor<i8>
  return %0 : tensor<4xf32>
}

// -----

func.func @bits_missing(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xf32> {
  // expected-error @+1 {{'qat.fake_quant' op requires attribute 'bits'}}
  %0 = qat.fake_quant %x, %s, %z : tensor<4xf32>, tensor<f32>, tensor<i8>
  return %0 : tensor<4xf32>
}

// -----

func.func @axis_negative(%x: tensor<4x8xf32>, %s: tensor<8xf32>, %z: tensor<8xi8>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'qat.fake_quant' op attribute 'axis' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative}}
  %0 = qat.fake_quant %x, %s, %z {bits = 8 : i64, axis = -1 : i64} : tensor<4x8xf32>, tensor<8xf32>, tensor<8xi8>
  return %0 : tensor<4x8xf32>
}

// -----

func.func @group_size_zero(%x: tensor<4x8xf32>, %s: tensor<4x8xf32>, %z: tensor<4x8xi8>) -> tensor<4x8xi8> {
  // expected-error @+1 {{'qat.quantize' op attribute 'group_size' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = qat.quantize %x, %s, %z {bits = 8 : i64, axis = 1 : i64, group_size = 0 : i64} : (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xi8>) -> tensor<4x8xi8>
  return %0 : tensor<4x8xi8>
}

// -----

func.func @is_signed_not_bool(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xf32> {
  // expected-error @+1 {{'qat.fake_quant' op attribute 'is_signed' failed to satisfy constraint: bool attribute}}
  %0 = qat.fake_quant %x, %s, %z {bits = 8 : i64, is_signed = 1 : i64} : tensor<4xf32>, tensor<f32>, tensor<i8>
  return %0 : tensor<4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Operand and result type constraints.
//===----------------------------------------------------------------------===//

func.func @fake_quant_integer_input(%x: tensor<4xi8>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xi8> {
  // expected-error @+1 {{'qat.fake_quant' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi8>'}}
  %0 = qat.fake_quant %x, %s, %z {bits = 8 : i64} : tensor<4xi8>, tensor<f32>, tensor<i8>
  return %0 : tensor<4xi8>
}

// -----

func.func @fake_quant_result_type(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xf16> {
  // expected-error @+1 {{'qat.fake_quant' op failed to verify that all of {input, output} have same type}}
  %0 = "qat.fake_quant"(%x, %s, %z) {bits = 8 : i64} : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

func.func @fake_quant_integer_scale(%x: tensor<4xf32>, %s: tensor<i32>, %z: tensor<i8>) -> tensor<4xf32> {
  // expected-error @+1 {{'qat.fake_quant' op operand #1 must be statically shaped tensor of floating-point values, but got 'tensor<i32>'}}
  %0 = qat.fake_quant %x, %s, %z {bits = 8 : i64} : tensor<4xf32>, tensor<i32>, tensor<i8>
  return %0 : tensor<4xf32>
}

// -----

func.func @fake_quant_index_zero_point(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<index>) -> tensor<4xf32> {
  // expected-error @+1 {{'qat.fake_quant' op operand #2 must be statically shaped tensor of integer or floating-point values, but got 'tensor<index>'}}
  %0 = qat.fake_quant %x, %s, %z {bits = 8 : i64} : tensor<4xf32>, tensor<f32>, tensor<index>
  return %0 : tensor<4xf32>
}

// -----

func.func @runtime_bits_i64(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>, %b: tensor<i64>) -> tensor<4xf32> {
  // expected-error @+1 {{'qat.fake_quant' op operand #3 must be 0D tensor of 32-bit signless integer values, but got 'tensor<i64>'}}
  %0 = qat.fake_quant %x, %s, %z bits(%b) {bits = 8 : i64} : tensor<4xf32>, tensor<f32>, tensor<i8>, tensor<i64>
  return %0 : tensor<4xf32>
}

// -----

func.func @runtime_bits_not_scalar(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>, %b: tensor<1xi32>) -> tensor<4xi8> {
  // expected-error @+1 {{'qat.quantize' op operand #3 must be 0D tensor of 32-bit signless integer values, but got 'tensor<1xi32>'}}
  %0 = qat.quantize %x, %s, %z bits(%b) {bits = 8 : i64} : (tensor<4xf32>, tensor<f32>, tensor<i8>, tensor<1xi32>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// dequantize has no run-time bit-width: (q - z) * s does not depend on it.
func.func @dequantize_runtime_bits(%q: tensor<4xi8>, %s: tensor<f32>, %z: tensor<i8>, %b: tensor<i32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qat.dequantize' op expected 3 operands, but found 4}}
  %0 = "qat.dequantize"(%q, %s, %z, %b) {bits = 8 : i64} : (tensor<4xi8>, tensor<f32>, tensor<i8>, tensor<i32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @quantize_float_result(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xf16> {
  // expected-error @+1 {{'qat.quantize' op result #0 must be statically shaped tensor of integer values, but got 'tensor<4xf16>'}}
  %0 = qat.quantize %x, %s, %z {bits = 8 : i64} : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

func.func @dequantize_float_input(%q: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xf32> {
  // expected-error @+1 {{'qat.dequantize' op operand #0 must be statically shaped tensor of integer values, but got 'tensor<4xf32>'}}
  %0 = qat.dequantize %q, %s, %z {bits = 8 : i64} : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @dequantize_unranked(%q: tensor<*xi8>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<*xf32> {
  // expected-error @+1 {{'qat.dequantize' op operand #0 must be statically shaped tensor of integer values, but got 'tensor<*xi8>'}}
  %0 = qat.dequantize %q, %s, %z {bits = 8 : i64} : (tensor<*xi8>, tensor<f32>, tensor<i8>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Scale and zero point.
//===----------------------------------------------------------------------===//

func.func @scale_element_type(%x: tensor<4xf32>, %s: tensor<f16>, %z: tensor<i8>) -> tensor<4xf32> {
  // expected-error @+1 {{'qat.fake_quant' op scale element type must be the float type 'f32'}}
  %0 = qat.fake_quant %x, %s, %z {bits = 8 : i64} : tensor<4xf32>, tensor<f16>, tensor<i8>
  return %0 : tensor<4xf32>
}

// -----

func.func @quantize_scale_element_type(%x: tensor<4xbf16>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xi8> {
  // expected-error @+1 {{'qat.quantize' op scale element type must be the float type 'bf16'}}
  %0 = qat.quantize %x, %s, %z {bits = 8 : i64} : (tensor<4xbf16>, tensor<f32>, tensor<i8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// dequantize compares the scale with its float result.
func.func @dequantize_scale_element_type(%q: tensor<4xi8>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xf16> {
  // expected-error @+1 {{'qat.dequantize' op scale element type must be the float type 'f16'}}
  %0 = qat.dequantize %q, %s, %z {bits = 8 : i64} : (tensor<4xi8>, tensor<f32>, tensor<i8>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

func.func @zero_point_shape(%x: tensor<16x4xf32>, %s: tensor<16xf32>, %z: tensor<i8>) -> tensor<16x4xf32> {
  // expected-error @+1 {{'qat.fake_quant' op zero_point shape [] must equal the scale shape [16]}}
  %0 = qat.fake_quant %x, %s, %z {bits = 8 : i64, axis = 0 : i64} : tensor<16x4xf32>, tensor<16xf32>, tensor<i8>
  return %0 : tensor<16x4xf32>
}

// -----

func.func @dequantize_zero_point_shape(%q: tensor<16x4xi8>, %s: tensor<16xf32>, %z: tensor<8xi8>) -> tensor<16x4xf32> {
  // expected-error @+1 {{'qat.dequantize' op zero_point shape [8] must equal the scale shape [16]}}
  %0 = qat.dequantize %q, %s, %z {bits = 8 : i64, axis = 0 : i64} : (tensor<16x4xi8>, tensor<16xf32>, tensor<8xi8>) -> tensor<16x4xf32>
  return %0 : tensor<16x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Granularity.
//===----------------------------------------------------------------------===//

func.func @group_size_without_axis(%x: tensor<4x8xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'qat.fake_quant' op group_size requires an axis}}
  %0 = qat.fake_quant %x, %s, %z {bits = 4 : i64, group_size = 4 : i64} : tensor<4x8xf32>, tensor<f32>, tensor<i8>
  return %0 : tensor<4x8xf32>
}

// -----

func.func @per_tensor_scale_rank(%x: tensor<4x8xf32>, %s: tensor<1xf32>, %z: tensor<1xi8>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'qat.fake_quant' op per-tensor scale must be rank 0, got [1]}}
  %0 = qat.fake_quant %x, %s, %z {bits = 8 : i64} : tensor<4x8xf32>, tensor<1xf32>, tensor<1xi8>
  return %0 : tensor<4x8xf32>
}

// -----

// A per-channel scale needs the axis attribute.
func.func @quantize_per_tensor_scale_rank(%x: tensor<4x8xf32>, %s: tensor<4xf32>, %z: tensor<4xi8>) -> tensor<4x8xi8> {
  // expected-error @+1 {{'qat.quantize' op per-tensor scale must be rank 0, got [4]}}
  %0 = qat.quantize %x, %s, %z {bits = 8 : i64} : (tensor<4x8xf32>, tensor<4xf32>, tensor<4xi8>) -> tensor<4x8xi8>
  return %0 : tensor<4x8xi8>
}

// -----

func.func @axis_out_of_range(%x: tensor<4x8xf32>, %s: tensor<8xf32>, %z: tensor<8xi8>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'qat.fake_quant' op axis 2 is out of range for rank 2}}
  %0 = qat.fake_quant %x, %s, %z {bits = 8 : i64, axis = 2 : i64} : tensor<4x8xf32>, tensor<8xf32>, tensor<8xi8>
  return %0 : tensor<4x8xf32>
}

// -----

func.func @axis_on_scalar(%x: tensor<f32>, %s: tensor<1xf32>, %z: tensor<1xi8>) -> tensor<f32> {
  // expected-error @+1 {{'qat.fake_quant' op axis 0 is out of range for rank 0}}
  %0 = qat.fake_quant %x, %s, %z {bits = 8 : i64, axis = 0 : i64} : tensor<f32>, tensor<1xf32>, tensor<1xi8>
  return %0 : tensor<f32>
}

// -----

func.func @dequantize_axis_out_of_range(%q: tensor<64x3x7x7xi8>, %s: tensor<64xf32>, %z: tensor<64xi8>) -> tensor<64x3x7x7xf32> {
  // expected-error @+1 {{'qat.dequantize' op axis 4 is out of range for rank 4}}
  %0 = qat.dequantize %q, %s, %z {bits = 8 : i64, axis = 4 : i64} : (tensor<64x3x7x7xi8>, tensor<64xf32>, tensor<64xi8>) -> tensor<64x3x7x7xf32>
  return %0 : tensor<64x3x7x7xf32>
}

// -----

// The scale has one entry per input channel (dimension 1), but axis is 0.
func.func @per_axis_scale_shape(%w: tensor<64x3x7x7xf32>, %s: tensor<3xf32>, %z: tensor<3xi8>) -> tensor<64x3x7x7xf32> {
  // expected-error @+1 {{'qat.fake_quant' op per-axis scale must have shape [64], got [3]}}
  %0 = qat.fake_quant %w, %s, %z {bits = 8 : i64, axis = 0 : i64} : tensor<64x3x7x7xf32>, tensor<3xf32>, tensor<3xi8>
  return %0 : tensor<64x3x7x7xf32>
}

// -----

// Per-axis scales are 1-D, not broadcastable [C, 1, 1, 1].
func.func @per_axis_scale_rank(%w: tensor<64x3x7x7xf32>, %s: tensor<64x1x1x1xf32>, %z: tensor<64x1x1x1xi8>) -> tensor<64x3x7x7xi8> {
  // expected-error @+1 {{'qat.quantize' op per-axis scale must have shape [64], got [64,1,1,1]}}
  %0 = qat.quantize %w, %s, %z {bits = 8 : i64, axis = 0 : i64} : (tensor<64x3x7x7xf32>, tensor<64x1x1x1xf32>, tensor<64x1x1x1xi8>) -> tensor<64x3x7x7xi8>
  return %0 : tensor<64x3x7x7xi8>
}

// -----

func.func @dequantize_per_axis_scale_shape(%q: tensor<4x8xi8>, %s: tensor<4xf32>, %z: tensor<4xi8>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'qat.dequantize' op per-axis scale must have shape [8], got [4]}}
  %0 = qat.dequantize %q, %s, %z {bits = 8 : i64, axis = 1 : i64} : (tensor<4x8xi8>, tensor<4xf32>, tensor<4xi8>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// 512 / 32 = 16 blocks along axis 1, not 32.
func.func @per_group_block_count(%w: tensor<10x512xf32>, %s: tensor<10x32xf32>, %z: tensor<10x32xi8>) -> tensor<10x512xf32> {
  // expected-error @+1 {{'qat.fake_quant' op per-group scale must have shape [10,16] for group_size 32, got [10,32]}}
  %0 = qat.fake_quant %w, %s, %z {bits = 4 : i64, axis = 1 : i64, group_size = 32 : i64} : tensor<10x512xf32>, tensor<10x32xf32>, tensor<10x32xi8>
  return %0 : tensor<10x512xf32>
}

// -----

// The block count rounds up: ceil(100 / 32) = 4.
func.func @per_group_rounds_up(%w: tensor<100x8xf32>, %s: tensor<3x8xf32>, %z: tensor<3x8xi8>) -> tensor<100x8xi8> {
  // expected-error @+1 {{'qat.quantize' op per-group scale must have shape [4,8] for group_size 32, got [3,8]}}
  %0 = qat.quantize %w, %s, %z {bits = 4 : i64, axis = 0 : i64, group_size = 32 : i64} : (tensor<100x8xf32>, tensor<3x8xf32>, tensor<3x8xi8>) -> tensor<100x8xi8>
  return %0 : tensor<100x8xi8>
}

// -----

// Per-group scales keep the input's rank (the ONNX blocked layout).
func.func @per_group_scale_rank(%w: tensor<10x512xi8>, %s: tensor<16xf32>, %z: tensor<16xi8>) -> tensor<10x512xf32> {
  // expected-error @+1 {{'qat.dequantize' op per-group scale must have shape [10,16] for group_size 32, got [16]}}
  %0 = qat.dequantize %w, %s, %z {bits = 4 : i64, axis = 1 : i64, group_size = 32 : i64} : (tensor<10x512xi8>, tensor<16xf32>, tensor<16xi8>) -> tensor<10x512xf32>
  return %0 : tensor<10x512xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Shapes and integer storage of quantize and dequantize.
//===----------------------------------------------------------------------===//

func.func @quantize_result_shape(%x: tensor<4x8xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<32xi8> {
  // expected-error @+1 {{'qat.quantize' op result shape must equal the input shape}}
  %0 = qat.quantize %x, %s, %z {bits = 8 : i64} : (tensor<4x8xf32>, tensor<f32>, tensor<i8>) -> tensor<32xi8>
  return %0 : tensor<32xi8>
}

// -----

func.func @dequantize_result_shape(%q: tensor<4x8xi8>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<8x4xf32> {
  // expected-error @+1 {{'qat.dequantize' op result shape must equal the input shape}}
  %0 = qat.dequantize %q, %s, %z {bits = 8 : i64} : (tensor<4x8xi8>, tensor<f32>, tensor<i8>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

func.func @quantize_signed_in_unsigned(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xui8> {
  // expected-error @+1 {{'qat.quantize' op signed levels cannot be stored in unsigned 'ui8'}}
  %0 = qat.quantize %x, %s, %z {bits = 8 : i64} : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @dequantize_signed_in_unsigned(%q: tensor<4xui8>, %s: tensor<f32>, %z: tensor<ui8>) -> tensor<4xf32> {
  // expected-error @+1 {{'qat.dequantize' op signed levels cannot be stored in unsigned 'ui8'}}
  %0 = qat.dequantize %q, %s, %z {bits = 4 : i64, is_signed = true} : (tensor<4xui8>, tensor<f32>, tensor<ui8>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @quantize_storage_too_narrow(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xi8> {
  // expected-error @+1 {{'qat.quantize' op storage 'i8' is too narrow for 16-bit signed levels}}
  %0 = qat.quantize %x, %s, %z {bits = 16 : i64} : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// Unsigned 8-bit levels [0, 255] do not fit the two's complement i8.
func.func @quantize_unsigned_in_signless(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xi8> {
  // expected-error @+1 {{'qat.quantize' op storage 'i8' is too narrow for 8-bit unsigned levels}}
  %0 = qat.quantize %x, %s, %z {bits = 8 : i64, is_signed = false} : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @quantize_unsigned_in_si8(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xsi8> {
  // expected-error @+1 {{'qat.quantize' op storage 'si8' is too narrow for 8-bit unsigned levels}}
  %0 = qat.quantize %x, %s, %z {bits = 8 : i64, is_signed = false} : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xsi8>
  return %0 : tensor<4xsi8>
}

// -----

func.func @quantize_ui4_too_narrow(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<ui8>) -> tensor<4xui4> {
  // expected-error @+1 {{'qat.quantize' op storage 'ui4' is too narrow for 5-bit unsigned levels}}
  %0 = qat.quantize %x, %s, %z {bits = 5 : i64, is_signed = false} : (tensor<4xf32>, tensor<f32>, tensor<ui8>) -> tensor<4xui4>
  return %0 : tensor<4xui4>
}

// -----

func.func @dequantize_storage_too_narrow(%q: tensor<4xi4>, %s: tensor<f32>, %z: tensor<i4>) -> tensor<4xf32> {
  // expected-error @+1 {{'qat.dequantize' op storage 'i4' is too narrow for 8-bit signed levels}}
  %0 = qat.dequantize %q, %s, %z {bits = 8 : i64} : (tensor<4xi4>, tensor<f32>, tensor<i4>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @single_level(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xf32> {
  // expected-error @+1 {{'qat.fake_quant' op the quantizer has a single level; use more bits or drop narrow_range}}
  %0 = qat.fake_quant %x, %s, %z {bits = 1 : i64, narrow_range} : tensor<4xf32>, tensor<f32>, tensor<i8>
  return %0 : tensor<4xf32>
}

// -----

func.func @zero_point_too_narrow(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4xi16> {
  // expected-error @+1 {{'qat.quantize' op zero point type 'i8' cannot hold 16-bit signed levels}}
  %0 = qat.quantize %x, %s, %z {bits = 16 : i64} : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xi16>
  return %0 : tensor<4xi16>
}

// -----

func.func @parameter_duplicate_name() -> (tensor<f32>, tensor<f32>) {
  %0 = qat.parameter "s" = dense<1.0> : tensor<f32>
  // expected-error @+1 {{'qat.parameter' op name 's' is already used by another parameter}}
  %1 = qat.parameter "s" = dense<2.0> : tensor<f32>
  return %0, %1 : tensor<f32>, tensor<f32>
}

// -----

func.func @parameter_empty_name() -> tensor<f32> {
  // expected-error @+1 {{'qat.parameter' op needs a name}}
  %0 = qat.parameter "" = dense<1.0> : tensor<f32>
  return %0 : tensor<f32>
}


// -----

func.func @shift_scale_group_axis(%w: tensor<8x12xf32>, %s: tensor<8xf32>) -> tensor<8x3xf32> {
  // expected-error @+1 {{'qat.shift_scale' op group_axis 2 is out of range for rank 2}}
  %g = qat.shift_scale %w, %s {axis = 0 : i64, group_axis = 2 : i64, group_size = 4 : i64, max_shift = 3 : i64} : (tensor<8x12xf32>, tensor<8xf32>) -> tensor<8x3xf32>
  return %g : tensor<8x3xf32>
}

// -----

func.func @shift_scale_same_axes(%w: tensor<8x12xf32>, %s: tensor<12xf32>) -> tensor<8x3xf32> {
  // expected-error @+1 {{'qat.shift_scale' op axis 1 must be a dimension of the input other than group_axis}}
  %g = qat.shift_scale %w, %s {axis = 1 : i64, group_axis = 1 : i64, group_size = 4 : i64, max_shift = 3 : i64} : (tensor<8x12xf32>, tensor<12xf32>) -> tensor<8x3xf32>
  return %g : tensor<8x3xf32>
}

// -----

func.func @shift_scale_channels(%w: tensor<8x12xf32>, %s: tensor<4xf32>) -> tensor<8x3xf32> {
  // expected-error @+1 {{'qat.shift_scale' op a per-channel scale needs 8 entries, got [4]}}
  %g = qat.shift_scale %w, %s {axis = 0 : i64, group_axis = 1 : i64, group_size = 4 : i64, max_shift = 3 : i64} : (tensor<8x12xf32>, tensor<4xf32>) -> tensor<8x3xf32>
  return %g : tensor<8x3xf32>
}

// -----

func.func @shift_scale_per_tensor(%w: tensor<8x12xf32>, %s: tensor<8xf32>) -> tensor<8x3xf32> {
  // expected-error @+1 {{'qat.shift_scale' op without axis the scale must be rank-0}}
  %g = qat.shift_scale %w, %s {group_axis = 1 : i64, group_size = 4 : i64, max_shift = 3 : i64} : (tensor<8x12xf32>, tensor<8xf32>) -> tensor<8x3xf32>
  return %g : tensor<8x3xf32>
}

// -----

func.func @shift_scale_shape(%w: tensor<8x10xf32>, %s: tensor<8xf32>) -> tensor<8x2xf32> {
  // expected-error @+1 {{'qat.shift_scale' op result shape must be [8,3] (one entry per group), got [8,2]}}
  %g = qat.shift_scale %w, %s {axis = 0 : i64, group_axis = 1 : i64, group_size = 4 : i64, max_shift = 3 : i64} : (tensor<8x10xf32>, tensor<8xf32>) -> tensor<8x2xf32>
  return %g : tensor<8x2xf32>
}

// -----

func.func @shift_scale_types(%w: tensor<8x12xf32>, %s: tensor<8xf64>) -> tensor<8x3xf32> {
  // expected-error @+1 {{'qat.shift_scale' op input, scale and result must have one element type}}
  %g = qat.shift_scale %w, %s {axis = 0 : i64, group_axis = 1 : i64, group_size = 4 : i64, max_shift = 3 : i64} : (tensor<8x12xf32>, tensor<8xf64>) -> tensor<8x3xf32>
  return %g : tensor<8x3xf32>
}

// -----

func.func @shift_scale_max_shift(%w: tensor<8x12xf32>, %s: tensor<8xf32>) -> tensor<8x3xf32> {
  // expected-error @+1 {{'qat.shift_scale' op attribute 'max_shift' failed to satisfy constraint}}
  %g = qat.shift_scale %w, %s {axis = 0 : i64, group_axis = 1 : i64, group_size = 4 : i64, max_shift = 16 : i64} : (tensor<8x12xf32>, tensor<8xf32>) -> tensor<8x3xf32>
  return %g : tensor<8x3xf32>
}

// -----

func.func @l1_norm_mode(%x: tensor<2x3x4xf32>, %g: tensor<3xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+1 {{'qat.l1_norm' op mode must be batch or layer, got 'group'}}
  %y, %m, %s = qat.l1_norm %x, %g, %g {mode = "group", epsilon = 1.0e-5 : f32} : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y : tensor<2x3x4xf32>
}

// -----

func.func @l1_norm_batch_axis(%x: tensor<2x3x4xf32>, %g: tensor<3xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+1 {{'qat.l1_norm' op the batch form normalizes channels: rank >= 2 and axis 1}}
  %y, %m, %s = qat.l1_norm %x, %g, %g {mode = "batch", axis = 2 : i64, epsilon = 1.0e-5 : f32} : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y : tensor<2x3x4xf32>
}

// -----

func.func @l1_norm_scale(%x: tensor<2x3x4xf32>, %g: tensor<4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+1 {{'qat.l1_norm' op scale must have shape [3], got [4]}}
  %y, %m, %s = qat.l1_norm %x, %g, %g {mode = "batch", epsilon = 1.0e-5 : f32} : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y : tensor<2x3x4xf32>
}

// -----

func.func @l1_norm_layer_running(%x: tensor<2x3x4xf32>, %g: tensor<4xf32>, %r: tensor<2x3xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+1 {{'qat.l1_norm' op the layer form has no running statistics}}
  %y, %m, %s = qat.l1_norm %x, %g, %g running(%r, %r) {mode = "layer", axis = 2 : i64, epsilon = 1.0e-5 : f32} : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> (tensor<2x3x4xf32>, tensor<2x3xf32>, tensor<2x3xf32>)
  return %y : tensor<2x3x4xf32>
}

// -----

func.func @l1_norm_stats(%x: tensor<2x3x4xf32>, %g: tensor<4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+1 {{'qat.l1_norm' op mean must have shape [2,3], got [2]}}
  %y, %m, %s = qat.l1_norm %x, %g, %g {mode = "layer", axis = 2 : i64, epsilon = 1.0e-5 : f32} : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<2x3x4xf32>, tensor<2xf32>, tensor<2x3xf32>)
  return %y : tensor<2x3x4xf32>
}

// -----

func.func @requantize_channels(%acc: tensor<4x8xi32>, %m: tensor<4xi32>) -> tensor<4x8xi8> {
  // expected-error @+1 {{'qat.requantize' op multiplier must have shape [8] (one per channel)}}
  %y = qat.requantize %acc, %m, %m {axis = 1 : i64, bits = 8 : i64} : (tensor<4x8xi32>, tensor<4xi32>, tensor<4xi32>) -> tensor<4x8xi8>
  return %y : tensor<4x8xi8>
}

// -----

func.func @requantize_per_tensor(%acc: tensor<4x8xi32>, %m: tensor<8xi32>) -> tensor<4x8xi8> {
  // expected-error @+1 {{'qat.requantize' op multiplier must have shape [] (per tensor)}}
  %y = qat.requantize %acc, %m, %m {bits = 8 : i64} : (tensor<4x8xi32>, tensor<8xi32>, tensor<8xi32>) -> tensor<4x8xi8>
  return %y : tensor<4x8xi8>
}

// -----

func.func @requantize_clamp(%acc: tensor<4x8xi32>, %m: tensor<i32>) -> tensor<4x8xui8> {
  // expected-error @+1 {{'qat.requantize' op clamp [0, 300] must lie within the 8-bit unsigned range [0, 255]}}
  %y = qat.requantize %acc, %m, %m {bits = 8 : i64, is_signed = false, qmax = 300 : i64} : (tensor<4x8xi32>, tensor<i32>, tensor<i32>) -> tensor<4x8xui8>
  return %y : tensor<4x8xui8>
}

// -----

func.func @requantize_zero_point(%acc: tensor<4x8xi32>, %m: tensor<i32>) -> tensor<4x8xi8> {
  // expected-error @+1 {{'qat.requantize' op zero point 8 is outside [-8, 7]}}
  %y = qat.requantize %acc, %m, %m {bits = 4 : i64, zero_point = 8 : i64} : (tensor<4x8xi32>, tensor<i32>, tensor<i32>) -> tensor<4x8xi8>
  return %y : tensor<4x8xi8>
}

// -----

func.func @requantize_storage(%acc: tensor<4x8xi32>, %m: tensor<i32>) -> tensor<4x8xi8> {
  // expected-error @+1 {{'qat.requantize' op storage 'i8' cannot hold 8-bit unsigned levels}}
  %y = qat.requantize %acc, %m, %m {bits = 8 : i64, is_signed = false} : (tensor<4x8xi32>, tensor<i32>, tensor<i32>) -> tensor<4x8xi8>
  return %y : tensor<4x8xi8>
}

// -----

func.func @requantize_shape(%acc: tensor<4x8xi32>, %m: tensor<i32>) -> tensor<8x4xi8> {
  // expected-error @+1 {{'qat.requantize' op result shape must equal the input shape}}
  %y = qat.requantize %acc, %m, %m {bits = 8 : i64} : (tensor<4x8xi32>, tensor<i32>, tensor<i32>) -> tensor<8x4xi8>
  return %y : tensor<8x4xi8>
}

// -----

func.func @l1_norm_replicas_running(%x: tensor<2x3x4x4xf32>, %g: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @+1 {{'qat.l1_norm' op replicas needs the batch form on float32 batch statistics}}
  %y, %m, %s = qat.l1_norm %x, %g, %g running(%g, %g) {mode = "batch", epsilon = 1.0e-5 : f32, replicas = 2 : i64} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y : tensor<2x3x4x4xf32>
}

// -----

func.func @l1_norm_replicas_f64(%x: tensor<2x3x4x4xf64>, %g: tensor<3xf64>) -> tensor<2x3x4x4xf64> {
  // expected-error @+1 {{'qat.l1_norm' op replicas needs the batch form on float32 batch statistics}}
  %y, %m, %s = qat.l1_norm %x, %g, %g {mode = "batch", epsilon = 1.0e-5 : f32, replicas = 2 : i64} : (tensor<2x3x4x4xf64>, tensor<3xf64>, tensor<3xf64>) -> (tensor<2x3x4x4xf64>, tensor<3xf64>, tensor<3xf64>)
  return %y : tensor<2x3x4x4xf64>
}
