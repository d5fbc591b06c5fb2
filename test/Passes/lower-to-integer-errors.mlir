// RUN: qat-opt %s --split-input-file --qat-lower-to-integer --verify-diagnostics -o /dev/null

// A contraction whose activation and weight are both quantized but that
// has no integer form is an error naming the reason.

func.func @wide_activations(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %s = arith.constant dense<0.1> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i32>
  %xq = qat.fake_quant %x, %s, %z {bits = 12 : i64} : tensor<3x4xf32>, tensor<f32>, tensor<i32>
  %w = arith.constant dense<0.5> : tensor<4x2xf32>
  %wq = qat.fake_quant %w, %s, %z {bits = 8 : i64} : tensor<4x2xf32>, tensor<f32>, tensor<i32>
  // expected-error @+1 {{nn.matmul has no integer form: its activations are 12-bit (the integer kernels take 2 to 8 bits)}}
  %y = nn.matmul %xq, %wq : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

func.func @group_scales(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %s = arith.constant dense<0.1> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i32>
  %xq = qat.fake_quant %x, %s, %z {bits = 8 : i64} : tensor<3x4xf32>, tensor<f32>, tensor<i32>
  %w = arith.constant dense<0.5> : tensor<4x2xf32>
  %sg = arith.constant dense<[[0.1, 0.1], [0.3, 0.3]]> : tensor<2x2xf32>
  %zg = arith.constant dense<0> : tensor<2x2xi32>
  %wq = qat.fake_quant %w, %sg, %zg {axis = 0 : i64, group_size = 2 : i64, bits = 8 : i64} : tensor<4x2xf32>, tensor<2x2xf32>, tensor<2x2xi32>
  // expected-error @+1 {{has no integer form: its weight scales within an output channel are not powers of two apart}}
  %y = nn.matmul %xq, %wq : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

func.func @runtime_bits(%x: tensor<3x4xf32>, %bits: tensor<i32>) -> tensor<3x2xf32> {
  %s = arith.constant dense<0.1> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i32>
  %xq = qat.fake_quant %x, %s, %z bits(%bits) {bits = 8 : i64} : tensor<3x4xf32>, tensor<f32>, tensor<i32>, tensor<i32>
  %w = arith.constant dense<0.5> : tensor<4x2xf32>
  %wq = qat.fake_quant %w, %s, %z {bits = 8 : i64} : tensor<4x2xf32>, tensor<f32>, tensor<i32>
  // expected-error @+1 {{has no integer form: its activation quantizer is not per tensor with constant scale and zero point (run-time bits have no integer form yet)}}
  %y = nn.matmul %xq, %wq : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// ShiftQuant-style group scales 2^9 apart under 8-bit levels: the levels
// shifted by the group exponents need 17 bits (i16 holds up to b + K = 16).
func.func @shift_too_wide(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %s = arith.constant dense<0.1> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i32>
  %xq = qat.fake_quant %x, %s, %z {bits = 8 : i64} : tensor<3x4xf32>, tensor<f32>, tensor<i32>
  %w = arith.constant dense<12.7> : tensor<4x2xf32>
  %sg = arith.constant dense<[[0x3DCCCCCD, 0x3DCCCCCD], [0x394CCCCD, 0x394CCCCD]]> : tensor<2x2xf32>
  %zg = arith.constant dense<0> : tensor<2x2xi32>
  %wq = qat.fake_quant %w, %sg, %zg {axis = 0 : i64, group_size = 2 : i64, bits = 8 : i64} : tensor<4x2xf32>, tensor<2x2xf32>, tensor<2x2xi32>
  // expected-error @+1 {{has no integer form: its ShiftQuant levels shifted by the group exponents exceed 16 bits (b + K > 16)}}
  %y = nn.matmul %xq, %wq : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// A product of two quantized activations (attention's Q K^T): no constant
// weight to pack.
func.func @two_activations(%x: tensor<2x3x4xf32>, %y: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
  %s = arith.constant dense<0.1> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i32>
  %xq = qat.fake_quant %x, %s, %z {bits = 8 : i64} : tensor<2x3x4xf32>, tensor<f32>, tensor<i32>
  %yq = qat.fake_quant %y, %s, %z {bits = 8 : i64} : tensor<2x4x5xf32>, tensor<f32>, tensor<i32>
  // expected-error @+1 {{nn.matmul has no integer form: both operands are run-time activations (a product of two activations, as attention's, has no integer form yet; keep the layer float with --quant-options 'skip=<layer>')}}
  %p = nn.matmul %xq, %yq : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
  return %p : tensor<2x3x5xf32>
}
