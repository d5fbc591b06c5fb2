// RUN: qat-opt %s --split-input-file --verify-diagnostics

// Every verifier and shape-inference error of the nn dialect. A shape
// inference error is reported at the op, followed by "failed to infer
// returned types".

//===----------------------------------------------------------------------===//
// Inferred result type differs from the declared one.
//===----------------------------------------------------------------------===//

func.func @add_wrong_result(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{'nn.add' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<2x4xf32>'}}
  // expected-error @+1 {{'nn.add' op failed to infer returned types}}
  %0 = nn.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @conv_wrong_result(%x: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>) -> tensor<1x64x111x111xf32> {
  // expected-error @+2 {{'nn.conv' op inferred type(s) 'tensor<1x64x112x112xf32>' are incompatible with return type(s) of operation 'tensor<1x64x111x111xf32>'}}
  // expected-error @+1 {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 3, 3, 3, 3>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>) -> tensor<1x64x111x111xf32>
  return %0 : tensor<1x64x111x111xf32>
}

// -----

// ceil_mode changes the inferred size (4, not 3).
func.func @max_pool_ceil_mode_wrong_result(%x: tensor<1x16x7x7xf32>) -> tensor<1x16x3x3xf32> {
  // expected-error @+2 {{'nn.max_pool' op inferred type(s) 'tensor<1x16x4x4xf32>' are incompatible with return type(s) of operation 'tensor<1x16x3x3xf32>'}}
  // expected-error @+1 {{'nn.max_pool' op failed to infer returned types}}
  %0 = nn.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true} : tensor<1x16x7x7xf32> -> tensor<1x16x3x3xf32>
  return %0 : tensor<1x16x3x3xf32>
}

// -----

func.func @reduce_keepdims_wrong_result(%x: tensor<1x64x7x7xf32>) -> tensor<1x64xf32> {
  // expected-error @+2 {{'nn.reduce_mean' op inferred type(s) 'tensor<1x64x1x1xf32>' are incompatible with return type(s) of operation 'tensor<1x64xf32>'}}
  // expected-error @+1 {{'nn.reduce_mean' op failed to infer returned types}}
  %0 = nn.reduce_mean %x {axes = array<i64: 2, 3>, keepdims = true} : tensor<1x64x7x7xf32> -> tensor<1x64xf32>
  return %0 : tensor<1x64xf32>
}

// -----

func.func @matmul_wrong_element_type(%a: tensor<4x8xi8>, %b: tensor<8x16xi8>) -> tensor<4x16xi32> {
  // expected-error @+2 {{'nn.matmul' op inferred type(s) 'tensor<4x16xi8>' are incompatible with return type(s) of operation 'tensor<4x16xi32>'}}
  // expected-error @+1 {{'nn.matmul' op failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<4x8xi8>, tensor<8x16xi8>) -> tensor<4x16xi32>
  return %0 : tensor<4x16xi32>
}

// -----

func.func @slice_wrong_result(%x: tensor<8xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{'nn.slice' op inferred type(s) 'tensor<3xf32>' are incompatible with return type(s) of operation 'tensor<4xf32>'}}
  // expected-error @+1 {{'nn.slice' op failed to infer returned types}}
  %0 = nn.slice %x {offsets = array<i64: 7>, sizes = array<i64: 3>, strides = array<i64: -3>} : tensor<8xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Elementwise ops.
//===----------------------------------------------------------------------===//

func.func @unary_result_type(%x: tensor<4xf32>) -> tensor<4xf16> {
  // expected-error @+1 {{'nn.relu' op requires the same type for all operands and results}}
  %0 = "nn.relu"(%x) : (tensor<4xf32>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

func.func @sqrt_integer(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'nn.sqrt' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = nn.sqrt %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @floor_integer(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'nn.floor' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = nn.floor %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @relu_unranked(%x: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'nn.relu' op operand #0 must be statically shaped tensor of any type values, but got 'tensor<*xf32>'}}
  %0 = "nn.relu"(%x) : (tensor<*xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @leaky_relu_alpha_f64(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nn.leaky_relu' op attribute 'alpha' failed to satisfy constraint: 32-bit float attribute}}
  %0 = "nn.leaky_relu"(%x) {alpha = 0.1 : f64} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @softmax_axis_out_of_range(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  // expected-error @+1 {{'nn.softmax' op axis 2 is out of range for rank 2}}
  %0 = nn.softmax %x axis = 2 : tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

func.func @log_softmax_negative_axis(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  // expected-error @+1 {{'nn.log_softmax' op axis -1 is out of range for rank 2}}
  %0 = nn.log_softmax %x axis = -1 : tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

func.func @clip_min_not_scalar(%x: tensor<4xf32>, %lo: tensor<1xf32>, %hi: tensor<f32>) -> tensor<4xf32> {
  // expected-error @+2 {{min and max must be rank-0 tensors}}
  // expected-error @+1 {{'nn.clip' op failed to infer returned types}}
  %0 = nn.clip %x, %lo, %hi : (tensor<4xf32>, tensor<1xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @clip_element_type(%x: tensor<4xf32>, %lo: tensor<f16>, %hi: tensor<f16>) -> tensor<4xf32> {
  // expected-error @+2 {{operands must have one element type}}
  // expected-error @+1 {{'nn.clip' op failed to infer returned types}}
  %0 = nn.clip %x, %lo, %hi : (tensor<4xf32>, tensor<f16>, tensor<f16>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @cast_shape(%x: tensor<2x3xf32>) -> tensor<6xi8> {
  // expected-error @+1 {{'nn.cast' op result shape must equal the input shape}}
  %0 = nn.cast %x : tensor<2x3xf32> to tensor<6xi8>
  return %0 : tensor<6xi8>
}

// -----

func.func @add_no_broadcast(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{shapes [2,3] and [4] do not broadcast}}
  // expected-error @+1 {{'nn.add' op failed to infer returned types}}
  %0 = nn.add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @mul_element_type(%a: tensor<4xf32>, %b: tensor<4xf16>) -> tensor<4xf32> {
  // expected-error @+2 {{operands must have one element type}}
  // expected-error @+1 {{'nn.mul' op failed to infer returned types}}
  %0 = nn.mul %a, %b : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @sub_int_and_index(%a: tensor<4xi64>, %b: tensor<4xindex>) -> tensor<4xi64> {
  // expected-error @+2 {{operands must have one element type}}
  // expected-error @+1 {{'nn.sub' op failed to infer returned types}}
  %0 = nn.sub %a, %b : (tensor<4xi64>, tensor<4xindex>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// The slope may broadcast to the input but not the input to the slope.
func.func @prelu_slope_too_large(%x: tensor<1x16xf32>, %slope: tensor<4x16xf32>) -> tensor<1x16xf32> {
  // expected-error @+2 {{slope must broadcast to the input shape}}
  // expected-error @+1 {{'nn.prelu' op failed to infer returned types}}
  %0 = nn.prelu %x, %slope : (tensor<1x16xf32>, tensor<4x16xf32>) -> tensor<1x16xf32>
  return %0 : tensor<1x16xf32>
}

// -----

func.func @prelu_no_broadcast(%x: tensor<1x16x8x8xf32>, %slope: tensor<16xf32>) -> tensor<1x16x8x8xf32> {
  // expected-error @+2 {{shapes [1,16,8,8] and [16] do not broadcast}}
  // expected-error @+1 {{'nn.prelu' op failed to infer returned types}}
  %0 = nn.prelu %x, %slope : (tensor<1x16x8x8xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
  return %0 : tensor<1x16x8x8xf32>
}

// -----

func.func @tan_integer(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'nn.tan' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = nn.tan %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @softplus_integer(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'nn.softplus' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = nn.softplus %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @not_integer(%x: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{'nn.not' op operand #0 must be statically shaped tensor of 1-bit signless integer values, but got 'tensor<4xi8>'}}
  %0 = nn.not %x : tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @elu_alpha_f64(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nn.elu' op attribute 'alpha' failed to satisfy constraint: 32-bit float attribute}}
  %0 = "nn.elu"(%x) {alpha = 1.0 : f64} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @selu_missing_gamma(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nn.selu' op requires attribute 'gamma'}}
  %0 = "nn.selu"(%x) {alpha = 1.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @is_nan_result_not_bool(%x: tensor<4xf32>) -> tensor<4xi8> {
  // expected-error @+1 {{'nn.is_nan' op result #0 must be statically shaped tensor of 1-bit signless integer values, but got 'tensor<4xi8>'}}
  %0 = nn.is_nan %x : tensor<4xf32> -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @is_nan_integer(%x: tensor<4xi32>) -> tensor<4xi1> {
  // expected-error @+1 {{'nn.is_nan' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = nn.is_nan %x : tensor<4xi32> -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @is_inf_wrong_shape(%x: tensor<4xf32>) -> tensor<2xi1> {
  // expected-error @+2 {{'nn.is_inf' op inferred type(s) 'tensor<4xi1>' are incompatible with return type(s) of operation 'tensor<2xi1>'}}
  // expected-error @+1 {{'nn.is_inf' op failed to infer returned types}}
  %0 = nn.is_inf %x {detect_negative = true, detect_positive = true} : tensor<4xf32> -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @is_inf_missing_attr(%x: tensor<4xf32>) -> tensor<4xi1> {
  // expected-error @+1 {{'nn.is_inf' op requires attribute 'detect_negative'}}
  %0 = nn.is_inf %x {detect_positive = true} : tensor<4xf32> -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @max_element_type(%a: tensor<2x3xf32>, %b: tensor<2x3xf16>) -> tensor<2x3xf32> {
  // expected-error @+2 {{operands must have one element type}}
  // expected-error @+1 {{'nn.max' op failed to infer returned types}}
  %0 = nn.max %a, %b : (tensor<2x3xf32>, tensor<2x3xf16>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @min_no_broadcast(%a: tensor<2x3xi32>, %b: tensor<4xi32>) -> tensor<2x3xi32> {
  // expected-error @+2 {{shapes [2,3] and [4] do not broadcast}}
  // expected-error @+1 {{'nn.min' op failed to infer returned types}}
  %0 = nn.min %a, %b : (tensor<2x3xi32>, tensor<4xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// Python's % (fmod = false) is for integers only, as in ONNX.
func.func @mod_float_without_fmod(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nn.mod' op floating-point mod needs fmod = true (C fmod)}}
  %0 = nn.mod %a, %b {fmod = false} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @mod_missing_fmod(%a: tensor<2x3xi32>, %b: tensor<3xi32>) -> tensor<2x3xi32> {
  // expected-error @+1 {{'nn.mod' op requires attribute 'fmod'}}
  %0 = "nn.mod"(%a, %b) : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

func.func @and_integer(%a: tensor<4xi8>, %b: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{'nn.and' op operand #0 must be statically shaped tensor of 1-bit signless integer values, but got 'tensor<4xi8>'}}
  %0 = nn.and %a, %b : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @xor_no_broadcast(%a: tensor<2xi1>, %b: tensor<3xi1>) -> tensor<2xi1> {
  // expected-error @+2 {{shapes [2] and [3] do not broadcast}}
  // expected-error @+1 {{'nn.xor' op failed to infer returned types}}
  %0 = nn.xor %a, %b : (tensor<2xi1>, tensor<3xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @bit_shift_signed(%a: tensor<4xi8>, %b: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{'nn.bit_shift' op operand #0 must be statically shaped tensor of unsigned integer values, but got 'tensor<4xi8>'}}
  %0 = nn.bit_shift %a, %b {left = true} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @bit_shift_element_type(%a: tensor<4xui8>, %b: tensor<4xui16>) -> tensor<4xui8> {
  // expected-error @+2 {{operands must have one element type}}
  // expected-error @+1 {{'nn.bit_shift' op failed to infer returned types}}
  %0 = nn.bit_shift %a, %b {left = false} : (tensor<4xui8>, tensor<4xui16>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

//===----------------------------------------------------------------------===//
// argmin and trilu.
//===----------------------------------------------------------------------===//

func.func @argmin_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2x3xi64> {
  // expected-error @+2 {{argmin axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'nn.argmin' op failed to infer returned types}}
  %0 = nn.argmin %x {axis = 2 : i64, keepdims = true, select_last_index = false} : tensor<2x3xf32> -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

// The importer normalizes negative axes; the op rejects them.
func.func @argmin_negative_axis(%x: tensor<2x3xf32>) -> tensor<2x1xi64> {
  // expected-error @+2 {{argmin axis -1 is out of range for rank 2}}
  // expected-error @+1 {{'nn.argmin' op failed to infer returned types}}
  %0 = nn.argmin %x {axis = -1 : i64, keepdims = true, select_last_index = false} : tensor<2x3xf32> -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// -----

func.func @argmin_empty_dimension(%x: tensor<2x0xf32>) -> tensor<2x1xi64> {
  // expected-error @+2 {{argmin over an empty dimension}}
  // expected-error @+1 {{'nn.argmin' op failed to infer returned types}}
  %0 = nn.argmin %x {axis = 1 : i64, keepdims = true, select_last_index = false} : tensor<2x0xf32> -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// -----

func.func @argmin_result_i32(%x: tensor<2x3xf32>) -> tensor<2x1xi32> {
  // expected-error @+1 {{'nn.argmin' op result #0 must be statically shaped tensor of 64-bit signless integer values, but got 'tensor<2x1xi32>'}}
  %0 = nn.argmin %x {axis = 1 : i64, keepdims = true, select_last_index = false} : tensor<2x3xf32> -> tensor<2x1xi32>
  return %0 : tensor<2x1xi32>
}

// -----

func.func @trilu_rank_1(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nn.trilu' op input must have rank >= 2}}
  %0 = nn.trilu %x {k = 0 : i64, upper = true} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @trilu_result_type(%x: tensor<4x4xf32>) -> tensor<4x4xf16> {
  // expected-error @+1 {{'nn.trilu' op requires the same type for all operands and results}}
  %0 = "nn.trilu"(%x) {k = 0 : i64, upper = true} : (tensor<4x4xf32>) -> tensor<4x4xf16>
  return %0 : tensor<4x4xf16>
}

// -----

//===----------------------------------------------------------------------===//
// matmul and gemm.
//===----------------------------------------------------------------------===//

func.func @matmul_rank_0(%a: tensor<f32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{matmul operands must have rank >= 1}}
  // expected-error @+1 {{'nn.matmul' op failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @matmul_reduction_mismatch(%a: tensor<4x8xf32>, %b: tensor<7x16xf32>) -> tensor<4x16xf32> {
  // expected-error @+2 {{matmul reduction sizes differ: [4,8] x [7,16]}}
  // expected-error @+1 {{'nn.matmul' op failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<4x8xf32>, tensor<7x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// A 1-D rhs is a column: its length must match the lhs columns.
func.func @matmul_1d_mismatch(%a: tensor<3x4x8xf32>, %v: tensor<4xf32>) -> tensor<3x4xf32> {
  // expected-error @+2 {{matmul reduction sizes differ: [3,4,8] x [4]}}
  // expected-error @+1 {{'nn.matmul' op failed to infer returned types}}
  %0 = nn.matmul %a, %v : (tensor<3x4x8xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @matmul_batch_mismatch(%a: tensor<2x4x8xf32>, %b: tensor<3x8x5xf32>) -> tensor<2x4x5xf32> {
  // expected-error @+2 {{matmul batch dimensions do not broadcast}}
  // expected-error @+1 {{'nn.matmul' op failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<2x4x8xf32>, tensor<3x8x5xf32>) -> tensor<2x4x5xf32>
  return %0 : tensor<2x4x5xf32>
}

// -----

func.func @matmul_element_type(%a: tensor<4x8xi8>, %b: tensor<8x16xi32>) -> tensor<4x16xi32> {
  // expected-error @+2 {{operands must have one element type}}
  // expected-error @+1 {{'nn.matmul' op failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<4x8xi8>, tensor<8x16xi32>) -> tensor<4x16xi32>
  return %0 : tensor<4x16xi32>
}

// -----

func.func @gemm_not_2d(%a: tensor<2x4x8xf32>, %b: tensor<8x16xf32>) -> tensor<4x16xf32> {
  // expected-error @+2 {{gemm operands A and B must be 2-D}}
  // expected-error @+1 {{'nn.gemm' op failed to infer returned types}}
  %0 = nn.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false} : (tensor<2x4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// trans_b is false, so B's rows (10) meet A's columns (512).
func.func @gemm_reduction_mismatch(%a: tensor<4x512xf32>, %b: tensor<10x512xf32>) -> tensor<4x10xf32> {
  // expected-error @+2 {{gemm reduction sizes differ: 512 vs 10}}
  // expected-error @+1 {{'nn.gemm' op failed to infer returned types}}
  %0 = nn.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false} : (tensor<4x512xf32>, tensor<10x512xf32>) -> tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// -----

func.func @gemm_c_no_broadcast(%a: tensor<4x512xf32>, %b: tensor<10x512xf32>, %c: tensor<4xf32>) -> tensor<4x10xf32> {
  // expected-error @+2 {{gemm C of shape [4] does not broadcast to [4,10]}}
  // expected-error @+1 {{'nn.gemm' op failed to infer returned types}}
  %0 = nn.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<4x512xf32>, tensor<10x512xf32>, tensor<4xf32>) -> tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// -----

// C broadcasts to [M, N] only, never the other way.
func.func @gemm_c_too_large(%a: tensor<1x512xf32>, %b: tensor<10x512xf32>, %c: tensor<4x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+2 {{gemm C of shape [4,10] does not broadcast to [1,10]}}
  // expected-error @+1 {{'nn.gemm' op failed to infer returned types}}
  %0 = nn.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<1x512xf32>, tensor<10x512xf32>, tensor<4x10xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

func.func @gemm_c_rank_3(%a: tensor<4x512xf32>, %b: tensor<10x512xf32>, %c: tensor<1x4x10xf32>) -> tensor<4x10xf32> {
  // expected-error @+2 {{gemm C of shape [1,4,10] does not broadcast to [4,10]}}
  // expected-error @+1 {{'nn.gemm' op failed to infer returned types}}
  %0 = nn.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<4x512xf32>, tensor<10x512xf32>, tensor<1x4x10xf32>) -> tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// -----

func.func @gemm_c_element_type(%a: tensor<4x512xf32>, %b: tensor<10x512xf32>, %c: tensor<10xf16>) -> tensor<4x10xf32> {
  // expected-error @+2 {{operands must have one element type}}
  // expected-error @+1 {{'nn.gemm' op failed to infer returned types}}
  %0 = nn.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<4x512xf32>, tensor<10x512xf32>, tensor<10xf16>) -> tensor<4x10xf32>
  return %0 : tensor<4x10xf32>
}

// -----

func.func @gemm_missing_attr(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{'nn.gemm' op requires attribute 'trans_b'}}
  %0 = nn.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false} : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Convolution.
//===----------------------------------------------------------------------===//

func.func @conv_rank_2(%x: tensor<4x8xf32>, %w: tensor<16x8xf32>) -> tensor<4x16xf32> {
  // expected-error @+2 {{conv needs 1-D to 3-D input and weight of the same rank, got [4,8] and [16,8]}}
  // expected-error @+1 {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {strides = array<i64>, pads = array<i64>, dilations = array<i64>, group = 1 : i64} : (tensor<4x8xf32>, tensor<16x8xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

func.func @conv_weight_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @+2 {{conv needs 1-D to 3-D input and weight of the same rank, got [1,3,8,8] and [16,3,3]}}
  // expected-error @+1 {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<16x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

// ONNX pads hold begin and end pads: 4 entries for a 2-D convolution.
func.func @conv_pads_count(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<1x16x8x8xf32> {
  // expected-error @+2 {{expected 2 strides and dilations and 4 pads for 2 spatial dimensions}}
  // expected-error @+1 {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x8x8xf32>
  return %0 : tensor<1x16x8x8xf32>
}

// -----

func.func @conv_strides_count(%x: tensor<2x4x8x8x8xf32>, %w: tensor<8x4x3x3x3xf32>) -> tensor<2x8x6x6x6xf32> {
  // expected-error @+2 {{expected 3 strides and dilations and 6 pads for 3 spatial dimensions}}
  // expected-error @+1 {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0, 0, 0>, dilations = array<i64: 1, 1, 1>, group = 1 : i64} : (tensor<2x4x8x8x8xf32>, tensor<8x4x3x3x3xf32>) -> tensor<2x8x6x6x6xf32>
  return %0 : tensor<2x8x6x6x6xf32>
}

// -----

func.func @conv_group_not_dividing(%x: tensor<1x8x8x8xf32>, %w: tensor<16x2x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @+2 {{group 3 must divide input channels 8 and output channels 16}}
  // expected-error @+1 {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 3 : i64} : (tensor<1x8x8x8xf32>, tensor<16x2x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

func.func @conv_group_zero(%x: tensor<1x8x8x8xf32>, %w: tensor<16x8x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @+2 {{group 0 must divide input channels 8 and output channels 16}}
  // expected-error @+1 {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 0 : i64} : (tensor<1x8x8x8xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %0 : tensor<1x16x6x6xf32>
}

// -----

// Depthwise weight (M x 1 x kH x kW) with group = 1.
func.func @conv_weight_channels(%x: tensor<1x32x8x8xf32>, %w: tensor<32x1x3x3xf32>) -> tensor<1x32x6x6xf32> {
  // expected-error @+2 {{weight [32,1,3,3] expects 1 input channels, input has 32}}
  // expected-error @+1 {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x32x8x8xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x6x6xf32>
  return %0 : tensor<1x32x6x6xf32>
}

// -----

func.func @conv_bias_shape(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x4x6xf32> {
  // expected-error @+2 {{conv bias must have shape [4]}}
  // expected-error @+1 {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w, %b {strides = array<i64: 1>, pads = array<i64: 0, 0>, dilations = array<i64: 1>, group = 1 : i64} : (tensor<1x3x8xf32>, tensor<4x3x3xf32>, tensor<3xf32>) -> tensor<1x4x6xf32>
  return %0 : tensor<1x4x6xf32>
}

// -----

func.func @conv_element_type(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3xf16>) -> tensor<1x4x6xf32> {
  // expected-error @+2 {{operands must have one element type}}
  // expected-error @+1 {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {strides = array<i64: 1>, pads = array<i64: 0, 0>, dilations = array<i64: 1>, group = 1 : i64} : (tensor<1x3x8xf32>, tensor<4x3x3xf16>) -> tensor<1x4x6xf32>
  return %0 : tensor<1x4x6xf32>
}

// -----

func.func @conv_integer(%x: tensor<1x3x8xi8>, %w: tensor<4x3x3xi8>) -> tensor<1x4x6xi8> {
  // expected-error @+1 {{'nn.conv' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<1x3x8xi8>'}}
  %0 = nn.conv %x, %w {strides = array<i64: 1>, pads = array<i64: 0, 0>, dilations = array<i64: 1>, group = 1 : i64} : (tensor<1x3x8xi8>, tensor<4x3x3xi8>) -> tensor<1x4x6xi8>
  return %0 : tensor<1x4x6xi8>
}

// -----

func.func @conv_stride_zero(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3xf32>) -> tensor<1x4x6xf32> {
  // expected-error @+2 {{kernel, stride and dilation must be >= 1 and pads >= 0}}
  // expected-error @+1 {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {strides = array<i64: 0>, pads = array<i64: 0, 0>, dilations = array<i64: 1>, group = 1 : i64} : (tensor<1x3x8xf32>, tensor<4x3x3xf32>) -> tensor<1x4x6xf32>
  return %0 : tensor<1x4x6xf32>
}

// -----

func.func @conv_negative_pad(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3xf32>) -> tensor<1x4x5xf32> {
  // expected-error @+2 {{kernel, stride and dilation must be >= 1 and pads >= 0}}
  // expected-error @+1 {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {strides = array<i64: 1>, pads = array<i64: 0, -1>, dilations = array<i64: 1>, group = 1 : i64} : (tensor<1x3x8xf32>, tensor<4x3x3xf32>) -> tensor<1x4x5xf32>
  return %0 : tensor<1x4x5xf32>
}

// -----

func.func @conv_dilation_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{kernel, stride and dilation must be >= 1 and pads >= 0}}
  // expected-error @+1 {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 0>, group = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// A dilated 3-tap kernel spans 5 > 3 + 1 elements.
func.func @conv_window_too_large(%x: tensor<1x3x3xf32>, %w: tensor<4x3x3xf32>) -> tensor<1x4x1xf32> {
  // expected-error @+2 {{window of 3 (dilation 2) does not fit input length 3 plus padding}}
  // expected-error @+1 {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {strides = array<i64: 1>, pads = array<i64: 1, 0>, dilations = array<i64: 2>, group = 1 : i64} : (tensor<1x3x3xf32>, tensor<4x3x3xf32>) -> tensor<1x4x1xf32>
  return %0 : tensor<1x4x1xf32>
}

// -----

func.func @conv_missing_group(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3xf32>) -> tensor<1x4x6xf32> {
  // expected-error @+1 {{'nn.conv' op requires attribute 'group'}}
  %0 = nn.conv %x, %w {strides = array<i64: 1>, pads = array<i64: 0, 0>, dilations = array<i64: 1>} : (tensor<1x3x8xf32>, tensor<4x3x3xf32>) -> tensor<1x4x6xf32>
  return %0 : tensor<1x4x6xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Pooling.
//===----------------------------------------------------------------------===//

func.func @pool_rank_2(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+2 {{pooling needs a 1-D to 3-D spatial input, got [4,8]}}
  // expected-error @+1 {{'nn.max_pool' op failed to infer returned types}}
  %0 = nn.max_pool %x {kernel_shape = array<i64>, strides = array<i64>, pads = array<i64>, dilations = array<i64>, ceil_mode = false} : tensor<4x8xf32> -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

func.func @pool_rank_6(%x: tensor<1x1x2x2x2x2xf32>) -> tensor<1x1x1x1x1x1xf32> {
  // expected-error @+2 {{pooling needs a 1-D to 3-D spatial input, got [1,1,2,2,2,2]}}
  // expected-error @+1 {{'nn.avg_pool' op failed to infer returned types}}
  %0 = nn.avg_pool %x {kernel_shape = array<i64: 2, 2, 2, 2>, strides = array<i64: 1, 1, 1, 1>, pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 0>, dilations = array<i64: 1, 1, 1, 1>, ceil_mode = false, count_include_pad = false} : tensor<1x1x2x2x2x2xf32> -> tensor<1x1x1x1x1x1xf32>
  return %0 : tensor<1x1x1x1x1x1xf32>
}

// -----

func.func @pool_kernel_shape_count(%x: tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32> {
  // expected-error @+2 {{kernel_shape must have 2 entries}}
  // expected-error @+1 {{'nn.max_pool' op failed to infer returned types}}
  %0 = nn.max_pool %x {kernel_shape = array<i64: 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<1x64x112x112xf32> -> tensor<1x64x56x56xf32>
  return %0 : tensor<1x64x56x56xf32>
}

// -----

func.func @pool_dilations_count(%x: tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32> {
  // expected-error @+2 {{expected 2 strides and dilations and 4 pads for 2 spatial dimensions}}
  // expected-error @+1 {{'nn.max_pool' op failed to infer returned types}}
  %0 = nn.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1>, ceil_mode = false} : tensor<1x64x112x112xf32> -> tensor<1x64x56x56xf32>
  return %0 : tensor<1x64x56x56xf32>
}

// -----

func.func @pool_pad_not_smaller_than_window(%x: tensor<1x4x8xf32>) -> tensor<1x4x5xf32> {
  // expected-error @+2 {{pads must be smaller than the pooling window}}
  // expected-error @+1 {{'nn.avg_pool' op failed to infer returned types}}
  %0 = nn.avg_pool %x {kernel_shape = array<i64: 2>, strides = array<i64: 2>, pads = array<i64: 0, 2>, dilations = array<i64: 1>, ceil_mode = false, count_include_pad = true} : tensor<1x4x8xf32> -> tensor<1x4x5xf32>
  return %0 : tensor<1x4x5xf32>
}

// -----

func.func @pool_stride_zero(%x: tensor<1x4x8xf32>) -> tensor<1x4x4xf32> {
  // expected-error @+2 {{kernel, stride and dilation must be >= 1 and pads >= 0}}
  // expected-error @+1 {{'nn.max_pool' op failed to infer returned types}}
  %0 = nn.max_pool %x {kernel_shape = array<i64: 2>, strides = array<i64: 0>, pads = array<i64: 0, 0>, dilations = array<i64: 1>, ceil_mode = false} : tensor<1x4x8xf32> -> tensor<1x4x4xf32>
  return %0 : tensor<1x4x4xf32>
}

// -----

func.func @pool_negative_pad(%x: tensor<1x4x8xf32>) -> tensor<1x4x6xf32> {
  // expected-error @+2 {{kernel, stride and dilation must be >= 1 and pads >= 0}}
  // expected-error @+1 {{'nn.max_pool' op failed to infer returned types}}
  %0 = nn.max_pool %x {kernel_shape = array<i64: 2>, strides = array<i64: 1>, pads = array<i64: -1, 0>, dilations = array<i64: 1>, ceil_mode = false} : tensor<1x4x8xf32> -> tensor<1x4x6xf32>
  return %0 : tensor<1x4x6xf32>
}

// -----

func.func @pool_window_too_large(%x: tensor<1x4x2x2xf32>) -> tensor<1x4x1x1xf32> {
  // expected-error @+2 {{window of 3 (dilation 1) does not fit input length 2 plus padding}}
  // expected-error @+1 {{'nn.max_pool' op failed to infer returned types}}
  %0 = nn.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true} : tensor<1x4x2x2xf32> -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}

// -----

func.func @avg_pool_missing_count_include_pad(%x: tensor<1x4x8xf32>) -> tensor<1x4x4xf32> {
  // expected-error @+1 {{'nn.avg_pool' op requires attribute 'count_include_pad'}}
  %0 = nn.avg_pool %x {kernel_shape = array<i64: 2>, strides = array<i64: 2>, pads = array<i64: 0, 0>, dilations = array<i64: 1>, ceil_mode = false} : tensor<1x4x8xf32> -> tensor<1x4x4xf32>
  return %0 : tensor<1x4x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Normalization.
//===----------------------------------------------------------------------===//

func.func @batch_norm_rank_1(%x: tensor<16xf32>, %p: tensor<16xf32>) -> tensor<16xf32> {
  // expected-error @+2 {{batch_norm input must have rank >= 2}}
  // expected-error @+1 {{'nn.batch_norm' op failed to infer returned types}}
  %0 = nn.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-5 : f32} : (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  return %0 : tensor<16xf32>
}

// -----

func.func @batch_norm_param_shape(%x: tensor<1x16x8x8xf32>, %p: tensor<16xf32>, %var: tensor<8xf32>) -> tensor<1x16x8x8xf32> {
  // expected-error @+2 {{batch_norm parameters must have shape [16], got [8]}}
  // expected-error @+1 {{'nn.batch_norm' op failed to infer returned types}}
  %0 = nn.batch_norm %x, %p, %p, %p, %var {epsilon = 1.0e-5 : f32} : (tensor<1x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<8xf32>) -> tensor<1x16x8x8xf32>
  return %0 : tensor<1x16x8x8xf32>
}

// -----

// Per-channel parameters are 1-D, not [C, 1, 1].
func.func @batch_norm_param_rank(%x: tensor<1x16x8x8xf32>, %p: tensor<16xf32>, %s: tensor<16x1x1xf32>) -> tensor<1x16x8x8xf32> {
  // expected-error @+2 {{batch_norm parameters must have shape [16], got [16,1,1]}}
  // expected-error @+1 {{'nn.batch_norm' op failed to infer returned types}}
  %0 = nn.batch_norm %x, %s, %p, %p, %p {epsilon = 1.0e-5 : f32} : (tensor<1x16x8x8xf32>, tensor<16x1x1xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
  return %0 : tensor<1x16x8x8xf32>
}

// -----

func.func @batch_norm_element_type(%x: tensor<1x16x8x8xf16>, %p: tensor<16xf32>) -> tensor<1x16x8x8xf16> {
  // expected-error @+2 {{operands must have one element type}}
  // expected-error @+1 {{'nn.batch_norm' op failed to infer returned types}}
  %0 = nn.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-5 : f32} : (tensor<1x16x8x8xf16>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf16>
  return %0 : tensor<1x16x8x8xf16>
}

// -----

func.func @layer_norm_axis(%x: tensor<2x10x64xf32>, %g: tensor<64xf32>) -> tensor<2x10x64xf32> {
  // expected-error @+2 {{layer_norm axis 3 is out of range}}
  // expected-error @+1 {{'nn.layer_norm' op failed to infer returned types}}
  %0 = nn.layer_norm %x, %g {axis = 3 : i64, epsilon = 1.0e-5 : f32} : (tensor<2x10x64xf32>, tensor<64xf32>) -> tensor<2x10x64xf32>
  return %0 : tensor<2x10x64xf32>
}

// -----

func.func @layer_norm_negative_axis(%x: tensor<2x10x64xf32>, %g: tensor<64xf32>) -> tensor<2x10x64xf32> {
  // expected-error @+2 {{layer_norm axis -1 is out of range}}
  // expected-error @+1 {{'nn.layer_norm' op failed to infer returned types}}
  %0 = nn.layer_norm %x, %g {axis = -1 : i64, epsilon = 1.0e-5 : f32} : (tensor<2x10x64xf32>, tensor<64xf32>) -> tensor<2x10x64xf32>
  return %0 : tensor<2x10x64xf32>
}

// -----

func.func @layer_norm_scale_shape(%x: tensor<2x10x64xf32>, %g: tensor<10x64xf32>) -> tensor<2x10x64xf32> {
  // expected-error @+2 {{layer_norm scale/bias [10,64] do not broadcast to [64]}}
  // expected-error @+1 {{'nn.layer_norm' op failed to infer returned types}}
  %0 = nn.layer_norm %x, %g {axis = 2 : i64, epsilon = 1.0e-5 : f32} : (tensor<2x10x64xf32>, tensor<10x64xf32>) -> tensor<2x10x64xf32>
  return %0 : tensor<2x10x64xf32>
}

// -----

func.func @layer_norm_bias_shape(%x: tensor<2x10x64xf32>, %g: tensor<64xf32>, %b: tensor<32xf32>) -> tensor<2x10x64xf32> {
  // expected-error @+2 {{layer_norm scale/bias [32] do not broadcast to [64]}}
  // expected-error @+1 {{'nn.layer_norm' op failed to infer returned types}}
  %0 = nn.layer_norm %x, %g, %b {axis = 2 : i64, epsilon = 1.0e-5 : f32} : (tensor<2x10x64xf32>, tensor<64xf32>, tensor<32xf32>) -> tensor<2x10x64xf32>
  return %0 : tensor<2x10x64xf32>
}

// -----

func.func @layer_norm_element_type(%x: tensor<2x10x64xf32>, %g: tensor<64xbf16>) -> tensor<2x10x64xf32> {
  // expected-error @+2 {{operands must have one element type}}
  // expected-error @+1 {{'nn.layer_norm' op failed to infer returned types}}
  %0 = nn.layer_norm %x, %g {axis = 2 : i64, epsilon = 1.0e-5 : f32} : (tensor<2x10x64xf32>, tensor<64xbf16>) -> tensor<2x10x64xf32>
  return %0 : tensor<2x10x64xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Reductions.
//===----------------------------------------------------------------------===//

func.func @reduce_empty_axes(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{axes must not be empty}}
  // expected-error @+1 {{'nn.reduce_sum' op failed to infer returned types}}
  %0 = nn.reduce_sum %x {axes = array<i64>, keepdims = true} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @reduce_axis_out_of_range(%x: tensor<1x64x7x7xf32>) -> tensor<1x64x7xf32> {
  // expected-error @+2 {{reduction axis 4 is out of range for rank 4}}
  // expected-error @+1 {{'nn.reduce_mean' op failed to infer returned types}}
  %0 = nn.reduce_mean %x {axes = array<i64: 4>, keepdims = false} : tensor<1x64x7x7xf32> -> tensor<1x64x7xf32>
  return %0 : tensor<1x64x7xf32>
}

// -----

// The importer normalizes negative axes; the op rejects them.
func.func @reduce_negative_axis(%x: tensor<1x64x7x7xf32>) -> tensor<1x64x7xf32> {
  // expected-error @+2 {{reduction axis -1 is out of range for rank 4}}
  // expected-error @+1 {{'nn.reduce_max' op failed to infer returned types}}
  %0 = nn.reduce_max %x {axes = array<i64: -1>, keepdims = false} : tensor<1x64x7x7xf32> -> tensor<1x64x7xf32>
  return %0 : tensor<1x64x7xf32>
}

// -----

func.func @reduce_axes_unsorted(%x: tensor<1x64x7x7xf32>) -> tensor<1x64xf32> {
  // expected-error @+2 {{reduction axes must be sorted and unique}}
  // expected-error @+1 {{'nn.reduce_mean' op failed to infer returned types}}
  %0 = nn.reduce_mean %x {axes = array<i64: 3, 2>, keepdims = false} : tensor<1x64x7x7xf32> -> tensor<1x64xf32>
  return %0 : tensor<1x64xf32>
}

// -----

func.func @reduce_axes_duplicate(%x: tensor<1x64x7x7xf32>) -> tensor<1x64x7xf32> {
  // expected-error @+2 {{reduction axes must be sorted and unique}}
  // expected-error @+1 {{'nn.reduce_sum' op failed to infer returned types}}
  %0 = nn.reduce_sum %x {axes = array<i64: 2, 2>, keepdims = false} : tensor<1x64x7x7xf32> -> tensor<1x64x7xf32>
  return %0 : tensor<1x64x7xf32>
}

// -----

func.func @reduce_prod_empty_axes(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{axes must not be empty}}
  // expected-error @+1 {{'nn.reduce_prod' op failed to infer returned types}}
  %0 = nn.reduce_prod %x {axes = array<i64>, keepdims = true} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @reduce_min_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{reduction axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'nn.reduce_min' op failed to infer returned types}}
  %0 = nn.reduce_min %x {axes = array<i64: 2>, keepdims = false} : tensor<2x3xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @reduce_min_keepdims_wrong_result(%x: tensor<2x3xf32>) -> tensor<2x1xf32> {
  // expected-error @+2 {{'nn.reduce_min' op inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<2x1xf32>'}}
  // expected-error @+1 {{'nn.reduce_min' op failed to infer returned types}}
  %0 = nn.reduce_min %x {axes = array<i64: 1>, keepdims = false} : tensor<2x3xf32> -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Data movement.
//===----------------------------------------------------------------------===//

func.func @reshape_element_count(%x: tensor<2x3xf32>) -> tensor<7xf32> {
  // expected-error @+1 {{'nn.reshape' op cannot reshape 6 elements into 7}}
  %0 = nn.reshape %x : tensor<2x3xf32> -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

func.func @reshape_element_type(%x: tensor<2x3xf32>) -> tensor<6xf16> {
  // expected-error @+1 {{'nn.reshape' op element type must not change}}
  %0 = nn.reshape %x : tensor<2x3xf32> -> tensor<6xf16>
  return %0 : tensor<6xf16>
}

// -----

func.func @reshape_dynamic(%x: tensor<?x3xf32>) -> tensor<3x?xf32> {
  // expected-error @+1 {{'nn.reshape' op operand #0 must be statically shaped tensor of any type values, but got 'tensor<?x3xf32>'}}
  %0 = nn.reshape %x : tensor<?x3xf32> -> tensor<3x?xf32>
  return %0 : tensor<3x?xf32>
}

// -----

func.func @transpose_perm_size(%x: tensor<1x3x4x5xf32>) -> tensor<4x5x3xf32> {
  // expected-error @+2 {{perm must have one entry per dimension}}
  // expected-error @+1 {{'nn.transpose' op failed to infer returned types}}
  %0 = nn.transpose %x {perm = array<i64: 2, 3, 1>} : tensor<1x3x4x5xf32> -> tensor<4x5x3xf32>
  return %0 : tensor<4x5x3xf32>
}

// -----

func.func @transpose_perm_duplicate(%x: tensor<2x3x4xf32>) -> tensor<2x2x3xf32> {
  // expected-error @+2 {{perm [0,0,1] is not a permutation}}
  // expected-error @+1 {{'nn.transpose' op failed to infer returned types}}
  %0 = nn.transpose %x {perm = array<i64: 0, 0, 1>} : tensor<2x3x4xf32> -> tensor<2x2x3xf32>
  return %0 : tensor<2x2x3xf32>
}

// -----

func.func @transpose_perm_out_of_range(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+2 {{perm [2,0] is not a permutation}}
  // expected-error @+1 {{'nn.transpose' op failed to infer returned types}}
  %0 = nn.transpose %x {perm = array<i64: 2, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @concat_no_inputs() -> tensor<1xi64> {
  // expected-error @+2 {{concat needs at least one input}}
  // expected-error @+1 {{'nn.concat' op failed to infer returned types}}
  %0 = nn.concat {axis = 0 : i64} : () -> tensor<1xi64>
  return %0 : tensor<1xi64>
}

// -----

func.func @concat_axis_out_of_range(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x6xf32> {
  // expected-error @+2 {{concat axis 2 is out of range}}
  // expected-error @+1 {{'nn.concat' op failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @concat_rank_mismatch(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x6xf32> {
  // expected-error @+2 {{concat inputs must have one rank}}
  // expected-error @+1 {{'nn.concat' op failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @concat_shape_mismatch(%a: tensor<1x16x8x8xf32>, %b: tensor<1x32x4x4xf32>) -> tensor<1x48x8x8xf32> {
  // expected-error @+2 {{concat inputs differ outside the axis: [1,16,8,8] vs [1,32,4,4]}}
  // expected-error @+1 {{'nn.concat' op failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = 1 : i64} : (tensor<1x16x8x8xf32>, tensor<1x32x4x4xf32>) -> tensor<1x48x8x8xf32>
  return %0 : tensor<1x48x8x8xf32>
}

// -----

func.func @concat_element_type(%a: tensor<1xi64>, %b: tensor<1xi32>) -> tensor<2xi64> {
  // expected-error @+2 {{operands must have one element type}}
  // expected-error @+1 {{'nn.concat' op failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

func.func @slice_attr_count(%x: tensor<4x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+2 {{slice needs one offset, size and stride per dimension}}
  // expected-error @+1 {{'nn.slice' op failed to infer returned types}}
  %0 = nn.slice %x {offsets = array<i64: 0, 0>, sizes = array<i64: 2, 8>, strides = array<i64: 1>} : tensor<4x8xf32> -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

func.func @slice_zero_stride(%x: tensor<4x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+2 {{slice strides must be non-zero and sizes non-negative}}
  // expected-error @+1 {{'nn.slice' op failed to infer returned types}}
  %0 = nn.slice %x {offsets = array<i64: 0, 0>, sizes = array<i64: 2, 8>, strides = array<i64: 0, 1>} : tensor<4x8xf32> -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

func.func @slice_negative_size(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+2 {{slice strides must be non-zero and sizes non-negative}}
  // expected-error @+1 {{'nn.slice' op failed to infer returned types}}
  %0 = "nn.slice"(%x) {offsets = array<i64: 0, 0>, sizes = array<i64: 4, -1>, strides = array<i64: 1, 1>} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// The last element taken, 1 + 3 * 3 = 10, is past the end of dimension 1.
func.func @slice_past_end(%x: tensor<4x8xf32>) -> tensor<4x4xf32> {
  // expected-error @+2 {{slice of dimension 1 leaves the input}}
  // expected-error @+1 {{'nn.slice' op failed to infer returned types}}
  %0 = nn.slice %x {offsets = array<i64: 0, 1>, sizes = array<i64: 4, 4>, strides = array<i64: 1, 3>} : tensor<4x8xf32> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

// A negative stride from row 2 reaches row -1 at the fourth element.
func.func @slice_negative_stride_before_begin(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+2 {{slice of dimension 0 leaves the input}}
  // expected-error @+1 {{'nn.slice' op failed to infer returned types}}
  %0 = nn.slice %x {offsets = array<i64: 2, 0>, sizes = array<i64: 4, 8>, strides = array<i64: -1, 1>} : tensor<4x8xf32> -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

func.func @slice_offset_out_of_range(%x: tensor<4x8xf32>) -> tensor<1x8xf32> {
  // expected-error @+2 {{slice of dimension 0 leaves the input}}
  // expected-error @+1 {{'nn.slice' op failed to infer returned types}}
  %0 = nn.slice %x {offsets = array<i64: 4, 0>, sizes = array<i64: 1, 8>, strides = array<i64: -1, 1>} : tensor<4x8xf32> -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

func.func @gather_axis_out_of_range(%x: tensor<4x16xf32>, %i: tensor<2xi64>) -> tensor<4x16xf32> {
  // expected-error @+2 {{gather axis 2 is out of range}}
  // expected-error @+1 {{'nn.gather' op failed to infer returned types}}
  %0 = nn.gather %x, %i {axis = 2 : i64} : (tensor<4x16xf32>, tensor<2xi64>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

func.func @gather_float_indices(%x: tensor<4x16xf32>, %i: tensor<2xf32>) -> tensor<2x16xf32> {
  // expected-error @+1 {{'nn.gather' op operand #1 must be statically shaped tensor of integer values, but got 'tensor<2xf32>'}}
  %0 = nn.gather %x, %i {axis = 0 : i64} : (tensor<4x16xf32>, tensor<2xf32>) -> tensor<2x16xf32>
  return %0 : tensor<2x16xf32>
}

// -----

func.func @gather_elements_axis_out_of_range(%x: tensor<3x3xf32>, %i: tensor<2x3xi64>) -> tensor<2x3xf32> {
  // expected-error @+2 {{gather_elements axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'nn.gather_elements' op failed to infer returned types}}
  %0 = nn.gather_elements %x, %i {axis = 2 : i64} : (tensor<3x3xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @gather_elements_rank_mismatch(%x: tensor<3x3xf32>, %i: tensor<3xi64>) -> tensor<3xf32> {
  // expected-error @+2 {{gather_elements indices must have the input's rank 2, got 1}}
  // expected-error @+1 {{'nn.gather_elements' op failed to infer returned types}}
  %0 = nn.gather_elements %x, %i {axis = 0 : i64} : (tensor<3x3xf32>, tensor<3xi64>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Outside the axis an index dimension may not exceed the input's.
func.func @gather_elements_indices_too_wide(%x: tensor<3x3xf32>, %i: tensor<2x4xi64>) -> tensor<2x4xf32> {
  // expected-error @+2 {{gather_elements indices dim 1 (4) exceeds the input's (3)}}
  // expected-error @+1 {{'nn.gather_elements' op failed to infer returned types}}
  %0 = nn.gather_elements %x, %i {axis = 0 : i64} : (tensor<3x3xf32>, tensor<2x4xi64>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @gather_elements_empty_axis(%x: tensor<0x3xf32>, %i: tensor<2x3xi64>) -> tensor<2x3xf32> {
  // expected-error @+2 {{gather_elements from an empty axis}}
  // expected-error @+1 {{'nn.gather_elements' op failed to infer returned types}}
  %0 = nn.gather_elements %x, %i {axis = 0 : i64} : (tensor<0x3xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @gather_elements_float_indices(%x: tensor<3x3xf32>, %i: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nn.gather_elements' op operand #1 must be statically shaped tensor of integer values, but got 'tensor<2x3xf32>'}}
  %0 = nn.gather_elements %x, %i {axis = 0 : i64} : (tensor<3x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @gather_elements_wrong_result(%x: tensor<3x3xf32>, %i: tensor<2x3xi64>) -> tensor<3x3xf32> {
  // expected-error @+2 {{'nn.gather_elements' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<3x3xf32>'}}
  // expected-error @+1 {{'nn.gather_elements' op failed to infer returned types}}
  %0 = nn.gather_elements %x, %i {axis = 0 : i64} : (tensor<3x3xf32>, tensor<2x3xi64>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @gather_nd_scalar_indices(%x: tensor<3x2xf32>, %i: tensor<i64>) -> tensor<3x2xf32> {
  // expected-error @+2 {{gather_nd indices must have rank >= 1}}
  // expected-error @+1 {{'nn.gather_nd' op failed to infer returned types}}
  %0 = nn.gather_nd %x, %i {batch_dims = 0 : i64} : (tensor<3x2xf32>, tensor<i64>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// batch_dims must be below the indices' rank.
func.func @gather_nd_batch_dims_too_large(%x: tensor<2x3x4xf32>, %i: tensor<2x1xi64>) -> tensor<2xf32> {
  // expected-error @+2 {{gather_nd batch_dims 2 is out of range}}
  // expected-error @+1 {{'nn.gather_nd' op failed to infer returned types}}
  %0 = nn.gather_nd %x, %i {batch_dims = 2 : i64} : (tensor<2x3x4xf32>, tensor<2x1xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @gather_nd_batch_dims_negative(%x: tensor<2x3x4xf32>, %i: tensor<2x1xi64>) -> tensor<2x3x4xf32> {
  // expected-error @+2 {{gather_nd batch_dims -1 is out of range}}
  // expected-error @+1 {{'nn.gather_nd' op failed to infer returned types}}
  %0 = nn.gather_nd %x, %i {batch_dims = -1 : i64} : (tensor<2x3x4xf32>, tensor<2x1xi64>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// batch_dims may not exceed the input's rank either.
func.func @gather_nd_batch_dims_above_input_rank(%x: tensor<2xf32>, %i: tensor<2x1x1xi64>) -> tensor<2x1xf32> {
  // expected-error @+2 {{gather_nd batch_dims 2 is out of range}}
  // expected-error @+1 {{'nn.gather_nd' op failed to infer returned types}}
  %0 = nn.gather_nd %x, %i {batch_dims = 2 : i64} : (tensor<2xf32>, tensor<2x1x1xi64>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

func.func @gather_nd_batch_dim_differs(%x: tensor<2x3x4xf32>, %i: tensor<3x1xi64>) -> tensor<3x4xf32> {
  // expected-error @+2 {{gather_nd batch dim 0 differs: 2 vs 3}}
  // expected-error @+1 {{'nn.gather_nd' op failed to infer returned types}}
  %0 = nn.gather_nd %x, %i {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<3x1xi64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @gather_nd_tuple_too_long(%x: tensor<2x3x4xf32>, %i: tensor<2x3xi64>) -> tensor<2xf32> {
  // expected-error @+2 {{gather_nd index tuples of length 3 do not fit rank 3 after 1 batch dims}}
  // expected-error @+1 {{'nn.gather_nd' op failed to infer returned types}}
  %0 = nn.gather_nd %x, %i {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x3xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @gather_nd_empty_tuple(%x: tensor<3x2xf32>, %i: tensor<4x0xi64>) -> tensor<4x3x2xf32> {
  // expected-error @+2 {{gather_nd index tuples of length 0 do not fit rank 2 after 0 batch dims}}
  // expected-error @+1 {{'nn.gather_nd' op failed to infer returned types}}
  %0 = nn.gather_nd %x, %i {batch_dims = 0 : i64} : (tensor<3x2xf32>, tensor<4x0xi64>) -> tensor<4x3x2xf32>
  return %0 : tensor<4x3x2xf32>
}

// -----

func.func @gather_nd_float_indices(%x: tensor<3x2xf32>, %i: tensor<4x1xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'nn.gather_nd' op operand #1 must be statically shaped tensor of integer values, but got 'tensor<4x1xf32>'}}
  %0 = nn.gather_nd %x, %i {batch_dims = 0 : i64} : (tensor<3x2xf32>, tensor<4x1xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func.func @gather_nd_wrong_result(%x: tensor<3x2xf32>, %i: tensor<4x1xi64>) -> tensor<4xf32> {
  // expected-error @+2 {{'nn.gather_nd' op inferred type(s) 'tensor<4x2xf32>' are incompatible with return type(s) of operation 'tensor<4xf32>'}}
  // expected-error @+1 {{'nn.gather_nd' op failed to infer returned types}}
  %0 = nn.gather_nd %x, %i {batch_dims = 0 : i64} : (tensor<3x2xf32>, tensor<4x1xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @scatter_elements_bad_reduction(%x: tensor<3x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf32>) -> tensor<3x3xf32> {
  // expected-error @+2 {{scatter_elements reduction 'sum' is not none, add, mul, max or min}}
  // expected-error @+1 {{'nn.scatter_elements' op failed to infer returned types}}
  %0 = nn.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "sum"} : (tensor<3x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @scatter_elements_axis_out_of_range(%x: tensor<3x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf32>) -> tensor<3x3xf32> {
  // expected-error @+2 {{scatter_elements axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'nn.scatter_elements' op failed to infer returned types}}
  %0 = nn.scatter_elements %x, %i, %u {axis = 2 : i64, reduction = "none"} : (tensor<3x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

// The op takes the normalized axis (the importer normalizes ONNX's).
func.func @scatter_elements_negative_axis(%x: tensor<3x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf32>) -> tensor<3x3xf32> {
  // expected-error @+2 {{scatter_elements axis -1 is out of range for rank 2}}
  // expected-error @+1 {{'nn.scatter_elements' op failed to infer returned types}}
  %0 = nn.scatter_elements %x, %i, %u {axis = -1 : i64, reduction = "none"} : (tensor<3x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @scatter_elements_updates_shape(%x: tensor<3x3xf32>, %i: tensor<2x3xi64>, %u: tensor<3x2xf32>) -> tensor<3x3xf32> {
  // expected-error @+2 {{scatter_elements indices and updates must have one shape of the input's rank}}
  // expected-error @+1 {{'nn.scatter_elements' op failed to infer returned types}}
  %0 = nn.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "none"} : (tensor<3x3xf32>, tensor<2x3xi64>, tensor<3x2xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @scatter_elements_rank_mismatch(%x: tensor<3x3xf32>, %i: tensor<2xi64>, %u: tensor<2xf32>) -> tensor<3x3xf32> {
  // expected-error @+2 {{scatter_elements indices and updates must have one shape of the input's rank}}
  // expected-error @+1 {{'nn.scatter_elements' op failed to infer returned types}}
  %0 = nn.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "none"} : (tensor<3x3xf32>, tensor<2xi64>, tensor<2xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

// Outside the axis an index dimension may not exceed the input's.
func.func @scatter_elements_indices_too_wide(%x: tensor<3x3xf32>, %i: tensor<2x4xi64>, %u: tensor<2x4xf32>) -> tensor<3x3xf32> {
  // expected-error @+2 {{scatter_elements indices dim 1 exceeds the input's}}
  // expected-error @+1 {{'nn.scatter_elements' op failed to infer returned types}}
  %0 = nn.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "none"} : (tensor<3x3xf32>, tensor<2x4xi64>, tensor<2x4xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @scatter_elements_updates_type(%x: tensor<3x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf16>) -> tensor<3x3xf32> {
  // expected-error @+2 {{scatter_elements updates must have the input's element type}}
  // expected-error @+1 {{'nn.scatter_elements' op failed to infer returned types}}
  %0 = nn.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "none"} : (tensor<3x3xf32>, tensor<2x3xi64>, tensor<2x3xf16>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @scatter_elements_empty_axis(%x: tensor<0x3xf32>, %i: tensor<1x3xi64>, %u: tensor<1x3xf32>) -> tensor<0x3xf32> {
  // expected-error @+2 {{scatter_elements into an empty axis}}
  // expected-error @+1 {{'nn.scatter_elements' op failed to infer returned types}}
  %0 = nn.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "none"} : (tensor<0x3xf32>, tensor<1x3xi64>, tensor<1x3xf32>) -> tensor<0x3xf32>
  return %0 : tensor<0x3xf32>
}

// -----

func.func @scatter_elements_float_indices(%x: tensor<3x3xf32>, %i: tensor<2x3xf32>, %u: tensor<2x3xf32>) -> tensor<3x3xf32> {
  // expected-error @+1 {{'nn.scatter_elements' op operand #1 must be statically shaped tensor of integer values, but got 'tensor<2x3xf32>'}}
  %0 = nn.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "none"} : (tensor<3x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

// The result has the input's type, not the updates'.
func.func @scatter_elements_wrong_result(%x: tensor<3x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'nn.scatter_elements' op inferred type(s) 'tensor<3x3xf32>' are incompatible with return type(s) of operation 'tensor<2x3xf32>'}}
  // expected-error @+1 {{'nn.scatter_elements' op failed to infer returned types}}
  %0 = nn.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "none"} : (tensor<3x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @scatter_nd_bad_reduction(%x: tensor<8xf32>, %i: tensor<4x1xi64>, %u: tensor<4xf32>) -> tensor<8xf32> {
  // expected-error @+2 {{scatter_nd reduction 'maximum' is not none, add, mul, max or min}}
  // expected-error @+1 {{'nn.scatter_nd' op failed to infer returned types}}
  %0 = nn.scatter_nd %x, %i, %u {reduction = "maximum"} : (tensor<8xf32>, tensor<4x1xi64>, tensor<4xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @scatter_nd_scalar_indices(%x: tensor<8xf32>, %i: tensor<i64>, %u: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+2 {{scatter_nd indices must have rank >= 1}}
  // expected-error @+1 {{'nn.scatter_nd' op failed to infer returned types}}
  %0 = nn.scatter_nd %x, %i, %u {reduction = "none"} : (tensor<8xf32>, tensor<i64>, tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @scatter_nd_tuple_too_long(%x: tensor<3x2xf32>, %i: tensor<4x3xi64>, %u: tensor<4xf32>) -> tensor<3x2xf32> {
  // expected-error @+2 {{scatter_nd index tuples of length 3 do not fit rank 2}}
  // expected-error @+1 {{'nn.scatter_nd' op failed to infer returned types}}
  %0 = nn.scatter_nd %x, %i, %u {reduction = "none"} : (tensor<3x2xf32>, tensor<4x3xi64>, tensor<4xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @scatter_nd_empty_tuple(%x: tensor<3x2xf32>, %i: tensor<4x0xi64>, %u: tensor<4x3x2xf32>) -> tensor<3x2xf32> {
  // expected-error @+2 {{scatter_nd index tuples of length 0 do not fit rank 2}}
  // expected-error @+1 {{'nn.scatter_nd' op failed to infer returned types}}
  %0 = nn.scatter_nd %x, %i, %u {reduction = "none"} : (tensor<3x2xf32>, tensor<4x0xi64>, tensor<4x3x2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @scatter_nd_updates_shape(%x: tensor<4x4x4xf32>, %i: tensor<2x1xi64>, %u: tensor<2x4xf32>) -> tensor<4x4x4xf32> {
  // expected-error @+2 {{scatter_nd updates must have shape indices[:-1] + input[r:]}}
  // expected-error @+1 {{'nn.scatter_nd' op failed to infer returned types}}
  %0 = nn.scatter_nd %x, %i, %u {reduction = "none"} : (tensor<4x4x4xf32>, tensor<2x1xi64>, tensor<2x4xf32>) -> tensor<4x4x4xf32>
  return %0 : tensor<4x4x4xf32>
}

// -----

func.func @scatter_nd_updates_type(%x: tensor<8xf32>, %i: tensor<4x1xi64>, %u: tensor<4xf64>) -> tensor<8xf32> {
  // expected-error @+2 {{scatter_nd updates must have the input's element type}}
  // expected-error @+1 {{'nn.scatter_nd' op failed to infer returned types}}
  %0 = nn.scatter_nd %x, %i, %u {reduction = "none"} : (tensor<8xf32>, tensor<4x1xi64>, tensor<4xf64>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @scatter_nd_float_indices(%x: tensor<8xf32>, %i: tensor<4x1xf32>, %u: tensor<4xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'nn.scatter_nd' op operand #1 must be statically shaped tensor of integer values, but got 'tensor<4x1xf32>'}}
  %0 = nn.scatter_nd %x, %i, %u {reduction = "none"} : (tensor<8xf32>, tensor<4x1xf32>, tensor<4xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @scatter_nd_wrong_result(%x: tensor<8xf32>, %i: tensor<4x1xi64>, %u: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{'nn.scatter_nd' op inferred type(s) 'tensor<8xf32>' are incompatible with return type(s) of operation 'tensor<4xf32>'}}
  // expected-error @+1 {{'nn.scatter_nd' op failed to infer returned types}}
  %0 = nn.scatter_nd %x, %i, %u {reduction = "none"} : (tensor<8xf32>, tensor<4x1xi64>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @pad_mode(%x: tensor<4xf32>, %v: tensor<f32>) -> tensor<6xf32> {
  // expected-error @+2 {{pad mode 'wrap' is not constant, reflect or edge}}
  // expected-error @+1 {{'nn.pad' op failed to infer returned types}}
  %0 = nn.pad %x, %v {pads = array<i64: 1, 1>, mode = "wrap"} : (tensor<4xf32>, tensor<f32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @pad_value_element_type(%x: tensor<4xf32>, %v: tensor<i64>) -> tensor<6xf32> {
  // expected-error @+2 {{operands must have one element type}}
  // expected-error @+1 {{'nn.pad' op failed to infer returned types}}
  %0 = nn.pad %x, %v {pads = array<i64: 1, 1>, mode = "constant"} : (tensor<4xf32>, tensor<i64>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @pad_value_not_scalar(%x: tensor<4xf32>, %v: tensor<1xf32>) -> tensor<6xf32> {
  // expected-error @+2 {{pad value must be a rank-0 tensor}}
  // expected-error @+1 {{'nn.pad' op failed to infer returned types}}
  %0 = nn.pad %x, %v {pads = array<i64: 1, 1>, mode = "constant"} : (tensor<4xf32>, tensor<1xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @pad_count(%x: tensor<2x4xf32>, %v: tensor<f32>) -> tensor<4x6xf32> {
  // expected-error @+2 {{pads must have 2 * rank entries}}
  // expected-error @+1 {{'nn.pad' op failed to infer returned types}}
  %0 = nn.pad %x, %v {pads = array<i64: 1, 1>, mode = "constant"} : (tensor<2x4xf32>, tensor<f32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

func.func @pad_crop_below_zero(%x: tensor<2x4xf32>, %v: tensor<f32>) -> tensor<2x0xf32> {
  // expected-error @+2 {{pads crop dimension 1 below zero}}
  // expected-error @+1 {{'nn.pad' op failed to infer returned types}}
  %0 = nn.pad %x, %v {pads = array<i64: 0, -3, 0, -2>, mode = "constant"} : (tensor<2x4xf32>, tensor<f32>) -> tensor<2x0xf32>
  return %0 : tensor<2x0xf32>
}

// -----

// Reflection excludes the border element: at most size - 1 on each side.
func.func @pad_reflect_too_wide(%x: tensor<1x3x2x2xf32>, %v: tensor<f32>) -> tensor<1x3x6x6xf32> {
  // expected-error @+2 {{reflect pads must be smaller than the dimension}}
  // expected-error @+1 {{'nn.pad' op failed to infer returned types}}
  %0 = nn.pad %x, %v {pads = array<i64: 0, 0, 2, 2, 0, 0, 2, 2>, mode = "reflect"} : (tensor<1x3x2x2xf32>, tensor<f32>) -> tensor<1x3x6x6xf32>
  return %0 : tensor<1x3x6x6xf32>
}

// -----

func.func @pad_reflect_wide_end(%x: tensor<4xf32>, %v: tensor<f32>) -> tensor<8xf32> {
  // expected-error @+2 {{reflect pads must be smaller than the dimension}}
  // expected-error @+1 {{'nn.pad' op failed to infer returned types}}
  %0 = nn.pad %x, %v {pads = array<i64: 0, 4>, mode = "reflect"} : (tensor<4xf32>, tensor<f32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @pad_edge_empty(%x: tensor<0x4xf32>, %v: tensor<f32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{edge padding needs a non-empty dimension}}
  // expected-error @+1 {{'nn.pad' op failed to infer returned types}}
  %0 = nn.pad %x, %v {pads = array<i64: 1, 0, 1, 0>, mode = "edge"} : (tensor<0x4xf32>, tensor<f32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Graph-level ops need static shapes: a dynamic dimension never reaches
// shape inference.
func.func @concat_dynamic(%a: tensor<?x4xf32>, %b: tensor<2x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'nn.concat' op operand #0 must be variadic of statically shaped tensor of any type values, but got 'tensor<?x4xf32>'}}
  %0 = nn.concat %a, %b {axis = 0 : i64} : (tensor<?x4xf32>, tensor<2x4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @max_pool_zero_kernel(%x: tensor<1x1x8xf32>) -> tensor<1x1x8xf32> {
  // expected-error @+2 {{kernel, stride and dilation must be >= 1 and pads >= 0}}
  // expected-error @+1 {{'nn.max_pool' op failed to infer returned types}}
  %0 = nn.max_pool %x {kernel_shape = array<i64: 0>, strides = array<i64: 1>, pads = array<i64: 0, 0>, dilations = array<i64: 1>, ceil_mode = false} : tensor<1x1x8xf32> -> tensor<1x1x8xf32>
  return %0 : tensor<1x1x8xf32>
}

// -----

func.func @conv_bias_element_type(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3xf32>, %b: tensor<4xf16>) -> tensor<1x4x6xf32> {
  // expected-error @+2 {{conv bias must have the input's element type}}
  // expected-error @+1 {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w, %b {strides = array<i64: 1>, pads = array<i64: 0, 0>, dilations = array<i64: 1>, group = 1 : i64} : (tensor<1x3x8xf32>, tensor<4x3x3xf32>, tensor<4xf16>) -> tensor<1x4x6xf32>
  return %0 : tensor<1x4x6xf32>
}

// -----

//===----------------------------------------------------------------------===//
// einsum, cumsum and resize.
//===----------------------------------------------------------------------===//

// The importer makes implicit equations explicit; the op takes only those.
func.func @einsum_implicit(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'nn.einsum' op the equation must be explicit: inputs '->' output}}
  %0 = nn.einsum %a, %b {equation = "ij,jk"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @einsum_term_count(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nn.einsum' op the equation names 1 inputs, the op has 2}}
  %0 = nn.einsum %a, %b {equation = "ij->ij"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @einsum_letters_per_operand(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'nn.einsum' op term 'ijk' has 3 letters for an operand of rank 2}}
  %0 = nn.einsum %a, %b {equation = "ijk,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Ellipsis is expanded at import: '.' is not a letter.
func.func @einsum_ellipsis(%a: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+1 {{'nn.einsum' op '.' is not a letter}}
  %0 = nn.einsum %a {equation = "...->..."} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

func.func @einsum_inconsistent_lengths(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{'nn.einsum' op letter 'j' stands for lengths 3 and 4}}
  %0 = nn.einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// A diagonal needs a square operand.
func.func @einsum_diagonal_not_square(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'nn.einsum' op letter 'i' stands for lengths 2 and 3}}
  %0 = nn.einsum %a {equation = "ii->i"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @einsum_output_letter_missing(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nn.einsum' op output letter 'k' is in no input}}
  %0 = nn.einsum %a {equation = "ij->ik"} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @einsum_output_letter_repeated(%a: tensor<3x3xf32>) -> tensor<3x3xf32> {
  // expected-error @+1 {{'nn.einsum' op output letter 'i' repeats}}
  %0 = nn.einsum %a {equation = "ij->ii"} : (tensor<3x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @einsum_result_shape(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'nn.einsum' op result shape does not match the equation}}
  %0 = nn.einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func.func @einsum_element_type(%a: tensor<2x3xf32>, %b: tensor<3x4xf16>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'nn.einsum' op inputs and result must share their element type}}
  %0 = nn.einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf16>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @top_k_axis_out_of_range(%x: tensor<2x3xf32>) -> (tensor<2x1xf32>, tensor<2x1xi64>) {
  // expected-error @+1 {{'nn.top_k' op axis 2 is out of range for rank 2}}
  %0:2 = nn.top_k %x {axis = 2 : i64, k = 1 : i64, largest = true} : tensor<2x3xf32> -> tensor<2x1xf32>, tensor<2x1xi64>
  return %0#0, %0#1 : tensor<2x1xf32>, tensor<2x1xi64>
}

// -----

func.func @top_k_k_too_large(%x: tensor<2x3xf32>) -> (tensor<2x4xf32>, tensor<2x4xi64>) {
  // expected-error @+1 {{'nn.top_k' op k 4 is not in [0, 3] (the size of axis 1)}}
  %0:2 = nn.top_k %x {axis = 1 : i64, k = 4 : i64, largest = true} : tensor<2x3xf32> -> tensor<2x4xf32>, tensor<2x4xi64>
  return %0#0, %0#1 : tensor<2x4xf32>, tensor<2x4xi64>
}

// -----

func.func @top_k_values_shape(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x2xi64>) {
  // expected-error @+1 {{'nn.top_k' op values must have the input's element type and shape, axis of size k}}
  %0:2 = nn.top_k %x {axis = 1 : i64, k = 2 : i64, largest = true} : tensor<2x3xf32> -> tensor<2x3xf32>, tensor<2x2xi64>
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x2xi64>
}

// -----

func.func @top_k_values_element(%x: tensor<2x3xf32>) -> (tensor<2x2xf64>, tensor<2x2xi64>) {
  // expected-error @+1 {{'nn.top_k' op values must have the input's element type and shape, axis of size k}}
  %0:2 = nn.top_k %x {axis = 1 : i64, k = 2 : i64, largest = true} : tensor<2x3xf32> -> tensor<2x2xf64>, tensor<2x2xi64>
  return %0#0, %0#1 : tensor<2x2xf64>, tensor<2x2xi64>
}

// -----

func.func @top_k_indices_shape(%x: tensor<2x3xf32>) -> (tensor<2x2xf32>, tensor<2x3xi64>) {
  // expected-error @+1 {{'nn.top_k' op indices must have the values' shape}}
  %0:2 = nn.top_k %x {axis = 1 : i64, k = 2 : i64, largest = true} : tensor<2x3xf32> -> tensor<2x2xf32>, tensor<2x3xi64>
  return %0#0, %0#1 : tensor<2x2xf32>, tensor<2x3xi64>
}

// -----

func.func @top_k_indices_element(%x: tensor<2x3xf32>) -> (tensor<2x2xf32>, tensor<2x2xi32>) {
  // expected-error @+1 {{'nn.top_k' op result #1 must be statically shaped tensor of 64-bit signless integer values, but got 'tensor<2x2xi32>'}}
  %0:2 = nn.top_k %x {axis = 1 : i64, k = 2 : i64, largest = true} : tensor<2x3xf32> -> tensor<2x2xf32>, tensor<2x2xi32>
  return %0#0, %0#1 : tensor<2x2xf32>, tensor<2x2xi32>
}

// -----

func.func @cumsum_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nn.cumsum' op axis 2 is out of range for rank 2}}
  %0 = nn.cumsum %x {axis = 2 : i64, exclusive = false, reverse = false} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// The importer normalizes a negative axis; the op rejects it.
func.func @cumsum_negative_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'nn.cumsum' op axis -1 is out of range for rank 2}}
  %0 = nn.cumsum %x {axis = -1 : i64, exclusive = false, reverse = false} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @cumsum_result_type(%x: tensor<2x3xf32>) -> tensor<2x3xf16> {
  // expected-error @+1 {{'nn.cumsum' op requires the same type for all operands and results}}
  %0 = "nn.cumsum"(%x) {axis = 0 : i64, exclusive = false, reverse = false} : (tensor<2x3xf32>) -> tensor<2x3xf16>
  return %0 : tensor<2x3xf16>
}

// -----

func.func @resize_unknown_mode(%x: tensor<2x2xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'nn.resize' op unknown mode 'bilinear'}}
  %0 = nn.resize %x {mode = "bilinear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", cubic_coeff_a = -0.75 : f32, exclude_outside = false, extrapolation_value = 0.0 : f32, scales = array<f64: 2.0, 2.0>, roi = array<f64>} : tensor<2x2xf32> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @resize_unknown_transform(%x: tensor<2x2xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'nn.resize' op unknown coordinate_transformation_mode 'half_pixel_symmetric'}}
  %0 = nn.resize %x {mode = "linear", coordinate_transformation_mode = "half_pixel_symmetric", nearest_mode = "round_prefer_floor", cubic_coeff_a = -0.75 : f32, exclude_outside = false, extrapolation_value = 0.0 : f32, scales = array<f64: 2.0, 2.0>, roi = array<f64>} : tensor<2x2xf32> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @resize_unknown_nearest_mode(%x: tensor<2x2xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'nn.resize' op unknown nearest_mode 'round'}}
  %0 = nn.resize %x {mode = "nearest", coordinate_transformation_mode = "half_pixel", nearest_mode = "round", cubic_coeff_a = -0.75 : f32, exclude_outside = false, extrapolation_value = 0.0 : f32, scales = array<f64: 2.0, 2.0>, roi = array<f64>} : tensor<2x2xf32> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @resize_scale_count(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{'nn.resize' op needs 4 positive scales}}
  %0 = nn.resize %x {mode = "nearest", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", cubic_coeff_a = -0.75 : f32, exclude_outside = false, extrapolation_value = 0.0 : f32, scales = array<f64: 2.0, 2.0>, roi = array<f64>} : tensor<1x1x2x2xf32> -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @resize_zero_scale(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'nn.resize' op needs 2 positive scales}}
  %0 = nn.resize %x {mode = "nearest", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", cubic_coeff_a = -0.75 : f32, exclude_outside = false, extrapolation_value = 0.0 : f32, scales = array<f64: 1.0, 0.0>, roi = array<f64>} : tensor<2x2xf32> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @resize_negative_scale(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'nn.resize' op needs 2 positive scales}}
  %0 = nn.resize %x {mode = "nearest", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", cubic_coeff_a = -0.75 : f32, exclude_outside = false, extrapolation_value = 0.0 : f32, scales = array<f64: -1.0, 1.0>, roi = array<f64>} : tensor<2x2xf32> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @resize_crop_without_roi(%x: tensor<2x2xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'nn.resize' op tf_crop_and_resize needs 4 roi values}}
  %0 = nn.resize %x {mode = "linear", coordinate_transformation_mode = "tf_crop_and_resize", nearest_mode = "round_prefer_floor", cubic_coeff_a = -0.75 : f32, exclude_outside = false, extrapolation_value = 0.0 : f32, scales = array<f64: 2.0, 2.0>, roi = array<f64>} : tensor<2x2xf32> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @resize_crop_roi_length(%x: tensor<2x2xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'nn.resize' op tf_crop_and_resize needs 4 roi values}}
  %0 = nn.resize %x {mode = "linear", coordinate_transformation_mode = "tf_crop_and_resize", nearest_mode = "round_prefer_floor", cubic_coeff_a = -0.75 : f32, exclude_outside = false, extrapolation_value = 0.0 : f32, scales = array<f64: 2.0, 2.0>, roi = array<f64: 0.0, 1.0>} : tensor<2x2xf32> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @resize_linear_int(%x: tensor<2x2xi32>) -> tensor<4x4xi32> {
  // expected-error @+1 {{'nn.resize' op linear and cubic modes need a floating-point input}}
  %0 = nn.resize %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", cubic_coeff_a = -0.75 : f32, exclude_outside = false, extrapolation_value = 0.0 : f32, scales = array<f64: 2.0, 2.0>, roi = array<f64>} : tensor<2x2xi32> -> tensor<4x4xi32>
  return %0 : tensor<4x4xi32>
}

// -----

func.func @resize_cubic_unsigned(%x: tensor<2x2xui8>) -> tensor<4x4xui8> {
  // expected-error @+1 {{'nn.resize' op linear and cubic modes need a floating-point input}}
  %0 = nn.resize %x {mode = "cubic", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", cubic_coeff_a = -0.75 : f32, exclude_outside = false, extrapolation_value = 0.0 : f32, scales = array<f64: 2.0, 2.0>, roi = array<f64>} : tensor<2x2xui8> -> tensor<4x4xui8>
  return %0 : tensor<4x4xui8>
}

// -----

func.func @resize_rank_change(%x: tensor<2x2xf32>) -> tensor<4x4x1xf32> {
  // expected-error @+1 {{'nn.resize' op result must have the input's element type and rank}}
  %0 = nn.resize %x {mode = "nearest", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", cubic_coeff_a = -0.75 : f32, exclude_outside = false, extrapolation_value = 0.0 : f32, scales = array<f64: 2.0, 2.0>, roi = array<f64>} : tensor<2x2xf32> -> tensor<4x4x1xf32>
  return %0 : tensor<4x4x1xf32>
}

// -----

func.func @resize_element_type_change(%x: tensor<2x2xf32>) -> tensor<4x4xf16> {
  // expected-error @+1 {{'nn.resize' op result must have the input's element type and rank}}
  %0 = nn.resize %x {mode = "nearest", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", cubic_coeff_a = -0.75 : f32, exclude_outside = false, extrapolation_value = 0.0 : f32, scales = array<f64: 2.0, 2.0>, roi = array<f64>} : tensor<2x2xf32> -> tensor<4x4xf16>
  return %0 : tensor<4x4xf16>
}

// -----

func.func @gather_nd_empty_dim(%x: tensor<0x3xf32>, %i: tensor<2x1xi64>) -> tensor<2x3xf32> {
  // expected-error @+2 {{gather_nd from an empty dimension}}
  // expected-error @+1 {{'nn.gather_nd' op failed to infer returned types}}
  %0 = nn.gather_nd %x, %i {batch_dims = 0 : i64} : (tensor<0x3xf32>, tensor<2x1xi64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @scatter_nd_empty_dim(%x: tensor<0x3xf32>, %i: tensor<2x1xi64>, %u: tensor<2x3xf32>) -> tensor<0x3xf32> {
  // expected-error @+2 {{scatter_nd into an empty dimension}}
  // expected-error @+1 {{'nn.scatter_nd' op failed to infer returned types}}
  %0 = nn.scatter_nd %x, %i, %u {reduction = "none"} : (tensor<0x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<0x3xf32>
  return %0 : tensor<0x3xf32>
}

// -----

func.func @all_reduce_no_operand() {
  // expected-error @+1 {{'nn.all_reduce' op needs at least one operand}}
  "nn.all_reduce"() {replicas = 2 : i64} : () -> ()
  return
}

// -----

func.func @all_reduce_one_replica(%a: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{attribute 'replicas' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 2}}
  %0 = nn.all_reduce %a {replicas = 1 : i64} : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @all_reduce_f64(%a: tensor<3xf64>) -> tensor<3xf64> {
  // expected-error @+1 {{operand #0 must be variadic of statically shaped tensor of 32-bit float values}}
  %0 = nn.all_reduce %a {replicas = 2 : i64} : tensor<3xf64>
  return %0 : tensor<3xf64>
}

// -----

func.func @batch_norm_train_one_replica(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  // expected-error @+1 {{attribute 'replicas' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 2}}
  %y, %m, %v = nn.batch_norm_train %x, %s, %b {epsilon = 1.0e-5 : f32, replicas = 1 : i64} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
  return %y : tensor<2x3x4x4xf32>
}

// -----

func.func @batch_norm_train_replicas_f64(%x: tensor<2x3x4x4xf64>, %s: tensor<3xf64>) -> tensor<2x3x4x4xf64> {
  // expected-error @+2 {{batch_norm_train with replicas needs float32 (the replicas' sums are)}}
  // expected-error @+1 {{'nn.batch_norm_train' op failed to infer returned types}}
  %y, %m, %v = nn.batch_norm_train %x, %s, %s {epsilon = 1.0e-5 : f32, replicas = 2 : i64} : (tensor<2x3x4x4xf64>, tensor<3xf64>, tensor<3xf64>) -> (tensor<2x3x4x4xf64>, tensor<3xf64>, tensor<3xf64>)
  return %y : tensor<2x3x4x4xf64>
}
