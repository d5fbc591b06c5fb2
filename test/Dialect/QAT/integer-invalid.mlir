// RUN: qat-opt %s --split-input-file --verify-diagnostics

// Every verifier error of qat.int_conv, qat.int_matmul and qat.int_add,
// and their ODS constraints.

func.func @conv_result_shape(%x: tensor<1x4x8x8xui8>, %w: tensor<6x4x3x3xi8>, %b: tensor<6xi32>) -> tensor<1x6x8x8xi32> {
  // expected-error @+1 {{'qat.int_conv' op result shape [1,6,8,8] must be [1,6,6,6]}}
  %0 = qat.int_conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_bits = 8 : i64, pad_value = 0 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, weight_bits = 8 : i64} : (tensor<1x4x8x8xui8>, tensor<6x4x3x3xi8>, tensor<6xi32>) -> tensor<1x6x8x8xi32>
  return %0 : tensor<1x6x8x8xi32>
}

// -----

func.func @conv_channels(%x: tensor<1x4x8x8xui8>, %w: tensor<6x3x3x3xi8>, %b: tensor<6xi32>) -> tensor<1x6x6x6xi32> {
  // expected-error @+1 {{weight [6,3,3,3] expects 3 input channels, input has 4}}
  %0 = qat.int_conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_bits = 8 : i64, pad_value = 0 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, weight_bits = 8 : i64} : (tensor<1x4x8x8xui8>, tensor<6x3x3x3xi8>, tensor<6xi32>) -> tensor<1x6x6x6xi32>
  return %0 : tensor<1x6x6x6xi32>
}

// -----

func.func @conv_bias(%x: tensor<1x4x8x8xui8>, %w: tensor<6x4x3x3xi8>, %b: tensor<4xi32>) -> tensor<1x6x6x6xi32> {
  // expected-error @+1 {{'qat.int_conv' op bias must have shape [6], got [4]}}
  %0 = qat.int_conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_bits = 8 : i64, pad_value = 0 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, weight_bits = 8 : i64} : (tensor<1x4x8x8xui8>, tensor<6x4x3x3xi8>, tensor<4xi32>) -> tensor<1x6x6x6xi32>
  return %0 : tensor<1x6x6x6xi32>
}

// -----

func.func @conv_pad_value(%x: tensor<1x4x8x8xui8>, %w: tensor<6x4x3x3xi8>, %b: tensor<6xi32>) -> tensor<1x6x6x6xi32> {
  // expected-error @+1 {{'qat.int_conv' op pad_value -1 is not a 'ui8' value}}
  %0 = qat.int_conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_bits = 8 : i64, pad_value = -1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, weight_bits = 8 : i64} : (tensor<1x4x8x8xui8>, tensor<6x4x3x3xi8>, tensor<6xi32>) -> tensor<1x6x6x6xi32>
  return %0 : tensor<1x6x6x6xi32>
}

// -----

func.func @conv_bits(%x: tensor<1x4x8x8xui8>, %w: tensor<6x4x3x3xi8>, %b: tensor<6xi32>) -> tensor<1x6x6x6xi32> {
  // expected-error @+1 {{'qat.int_conv' op attribute 'weight_bits' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 2 whose maximum value is 16}}
  %0 = qat.int_conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_bits = 8 : i64, pad_value = 0 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, weight_bits = 17 : i64} : (tensor<1x4x8x8xui8>, tensor<6x4x3x3xi8>, tensor<6xi32>) -> tensor<1x6x6x6xi32>
  return %0 : tensor<1x6x6x6xi32>
}

// -----

func.func @conv_acc_shift(%x: tensor<1x4x8x8xui8>, %w: tensor<6x4x3x3xi8>, %b: tensor<6xi32>) -> tensor<1x6x6x6xi32> {
  // expected-error @+1 {{'qat.int_conv' op attribute 'acc_shift' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative whose maximum value is 30}}
  %0 = qat.int_conv %x, %w, %b {acc_shift = 31 : i64, dilations = array<i64: 1, 1>, group = 1 : i64, input_bits = 8 : i64, pad_value = 0 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, weight_bits = 8 : i64} : (tensor<1x4x8x8xui8>, tensor<6x4x3x3xi8>, tensor<6xi32>) -> tensor<1x6x6x6xi32>
  return %0 : tensor<1x6x6x6xi32>
}

// -----

func.func @conv_float_input(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xi8>, %b: tensor<6xi32>) -> tensor<1x6x6x6xi32> {
  // expected-error @+1 {{'qat.int_conv' op operand #0 must be statically shaped tensor of 8-bit signless integer or 8-bit unsigned integer values}}
  %0 = qat.int_conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_bits = 8 : i64, pad_value = 0 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, weight_bits = 8 : i64} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xi8>, tensor<6xi32>) -> tensor<1x6x6x6xi32>
  return %0 : tensor<1x6x6x6xi32>
}

// -----

func.func @matmul_sizes(%x: tensor<4x16xui8>, %w: tensor<12x10xi8>, %b: tensor<10xi32>) -> tensor<4x10xi32> {
  // expected-error @+1 {{'qat.int_matmul' op contraction sizes differ: lhs [4,16], rhs [12,10]}}
  %0 = qat.int_matmul %x, %w, %b {lhs_bits = 8 : i64, rhs_bits = 8 : i64} : (tensor<4x16xui8>, tensor<12x10xi8>, tensor<10xi32>) -> tensor<4x10xi32>
  return %0 : tensor<4x10xi32>
}

// -----

func.func @matmul_rank(%x: tensor<16xui8>, %w: tensor<16x10xi8>, %b: tensor<10xi32>) -> tensor<10xi32> {
  // expected-error @+1 {{'qat.int_matmul' op lhs must have rank >= 2 and rhs rank 2, got [16] and [16,10]}}
  %0 = qat.int_matmul %x, %w, %b {lhs_bits = 8 : i64, rhs_bits = 8 : i64} : (tensor<16xui8>, tensor<16x10xi8>, tensor<10xi32>) -> tensor<10xi32>
  return %0 : tensor<10xi32>
}

// -----

func.func @matmul_result(%x: tensor<4x16xui8>, %w: tensor<16x10xi8>, %b: tensor<10xi32>) -> tensor<4x12xi32> {
  // expected-error @+1 {{'qat.int_matmul' op result shape [4,12] must be [4,10]}}
  %0 = qat.int_matmul %x, %w, %b {lhs_bits = 8 : i64, rhs_bits = 8 : i64} : (tensor<4x16xui8>, tensor<16x10xi8>, tensor<10xi32>) -> tensor<4x12xi32>
  return %0 : tensor<4x12xi32>
}

// -----

func.func @matmul_bias(%x: tensor<4x16xui8>, %w: tensor<16x10xi8>, %b: tensor<4xi32>) -> tensor<4x10xi32> {
  // expected-error @+1 {{'qat.int_matmul' op bias must have shape [10], got [4]}}
  %0 = qat.int_matmul %x, %w, %b {lhs_bits = 8 : i64, rhs_bits = 8 : i64} : (tensor<4x16xui8>, tensor<16x10xi8>, tensor<4xi32>) -> tensor<4x10xi32>
  return %0 : tensor<4x10xi32>
}

// -----

func.func @matmul_unsigned_weight(%x: tensor<4x16xui8>, %w: tensor<16x10xui8>, %b: tensor<10xi32>) -> tensor<4x10xi32> {
  // expected-error @+1 {{'qat.int_matmul' op operand #1 must be statically shaped tensor of 8-bit signless integer or 16-bit signless integer values}}
  %0 = qat.int_matmul %x, %w, %b {lhs_bits = 8 : i64, rhs_bits = 8 : i64} : (tensor<4x16xui8>, tensor<16x10xui8>, tensor<10xi32>) -> tensor<4x10xi32>
  return %0 : tensor<4x10xi32>
}

// -----

func.func @add_zero_point(%a: tensor<4xui8>, %b: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{'qat.int_add' op lhs_zero_point -1 is not a 'ui8' value}}
  %0 = qat.int_add %a, %b {bits = 8 : i64, lhs_multiplier = 1 : i64, lhs_zero_point = -1 : i64, rhs_multiplier = 1 : i64, rhs_zero_point = 0 : i64, shift = 0 : i64} : (tensor<4xui8>, tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @add_rhs_zero_point(%a: tensor<4xui8>, %b: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{'qat.int_add' op rhs_zero_point 128 is not a 'i8' value}}
  %0 = qat.int_add %a, %b {bits = 8 : i64, lhs_multiplier = 1 : i64, lhs_zero_point = 0 : i64, rhs_multiplier = 1 : i64, rhs_zero_point = 128 : i64, shift = 0 : i64} : (tensor<4xui8>, tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @add_clamp(%a: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{'qat.int_add' op clamp [-9, 7] must lie within the 4-bit signed range [-8, 7]}}
  %0 = qat.int_add %a, %a {bits = 4 : i64, lhs_multiplier = 1 : i64, lhs_zero_point = 0 : i64, qmin = -9 : i64, rhs_multiplier = 1 : i64, rhs_zero_point = 0 : i64, shift = 0 : i64} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @add_output_zero_point(%a: tensor<4xi8>) -> tensor<4xui8> {
  // expected-error @+1 {{'qat.int_add' op zero point 16 is outside [0, 15]}}
  %0 = qat.int_add %a, %a {bits = 4 : i64, is_signed = false, lhs_multiplier = 1 : i64, lhs_zero_point = 0 : i64, rhs_multiplier = 1 : i64, rhs_zero_point = 0 : i64, shift = 0 : i64, zero_point = 16 : i64} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @add_storage(%a: tensor<4xi8>) -> tensor<4xui8> {
  // expected-error @+1 {{'qat.int_add' op storage 'ui8' cannot hold 8-bit signed levels}}
  %0 = qat.int_add %a, %a {bits = 8 : i64, lhs_multiplier = 1 : i64, lhs_zero_point = 0 : i64, rhs_multiplier = 1 : i64, rhs_zero_point = 0 : i64, shift = 0 : i64} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @add_multiplier(%a: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{'qat.int_add' op attribute 'lhs_multiplier' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is -2097151 whose maximum value is 2097151}}
  %0 = qat.int_add %a, %a {bits = 8 : i64, lhs_multiplier = 2097152 : i64, lhs_zero_point = 0 : i64, rhs_multiplier = 1 : i64, rhs_zero_point = 0 : i64, shift = 0 : i64} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @add_shift(%a: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{'qat.int_add' op attribute 'shift' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative whose maximum value is 30}}
  %0 = qat.int_add %a, %a {bits = 8 : i64, lhs_multiplier = 1 : i64, lhs_zero_point = 0 : i64, rhs_multiplier = 1 : i64, rhs_zero_point = 0 : i64, shift = 31 : i64} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @add_shapes(%a: tensor<4xi8>, %b: tensor<3xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{'qat.int_add' op requires the same shape for all operands and results}}
  %0 = qat.int_add %a, %b {bits = 8 : i64, lhs_multiplier = 1 : i64, lhs_zero_point = 0 : i64, rhs_multiplier = 1 : i64, rhs_zero_point = 0 : i64, shift = 0 : i64} : (tensor<4xi8>, tensor<3xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @conv_weight_storage(%x: tensor<1x4x8x8xui8>, %w: tensor<6x4x3x3xi8>, %b: tensor<6xi32>) -> tensor<1x6x6x6xi32> {
  // expected-error @+1 {{'qat.int_conv' op 12-bit weight levels need i16 storage, got i8}}
  %0 = qat.int_conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_bits = 8 : i64, pad_value = 0 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, weight_bits = 12 : i64} : (tensor<1x4x8x8xui8>, tensor<6x4x3x3xi8>, tensor<6xi32>) -> tensor<1x6x6x6xi32>
  return %0 : tensor<1x6x6x6xi32>
}

// -----

func.func @matmul_weight_storage(%x: tensor<2x16xui8>, %w: tensor<16x10xi8>, %b: tensor<10xi32>) -> tensor<2x10xi32> {
  // expected-error @+1 {{'qat.int_matmul' op 9-bit weight levels need i16 storage, got i8}}
  %0 = qat.int_matmul %x, %w, %b {lhs_bits = 8 : i64, rhs_bits = 9 : i64} : (tensor<2x16xui8>, tensor<16x10xi8>, tensor<10xi32>) -> tensor<2x10xi32>
  return %0 : tensor<2x10xi32>
}
