// RUN: qat-opt %s --split-input-file --qat-lower-to-integer --canonicalize | FileCheck %s

// Two layers stay integer between them: quantize at the input, int_conv,
// ReLU as the requantization's clamp, max pooling and the reshape on ui8
// levels, int_matmul, and the float output dequantized from int32.
// CHECK-LABEL: func.func @two_layers
// CHECK: %[[X:.*]] = qat.quantize %{{.*}} {bits = 8 : i64} : (tensor<1x2x4x4xf32>, tensor<f32>, tensor<i32>) -> tensor<1x2x4x4xi8>
// CHECK: %[[C:.*]] = qat.int_conv %[[X]], %{{.*}}, %{{.*}} {acc_shift = {{[0-9]+}} : i64, {{.*}}input_bits = 8 : i64, pad_value = 0 : i64, {{.*}}weight_bits = {{[2-8]}} : i64} : (tensor<1x2x4x4xi8>, tensor<3x2x3x3xi8>, tensor<3xi32>) -> tensor<1x3x4x4xi32>
// CHECK: %[[R:.*]] = qat.requantize %[[C]], %{{.*}}, %{{.*}} {axis = 1 : i64, bits = 4 : i64, is_signed = false, qmax = 15 : i64, qmin = 0 : i64} : (tensor<1x3x4x4xi32>, tensor<3xi32>, tensor<3xi32>) -> tensor<1x3x4x4xui8>
// CHECK: %[[P:.*]] = nn.max_pool %[[R]] {{.*}} : tensor<1x3x4x4xui8> -> tensor<1x3x2x2xui8>
// CHECK: %[[F:.*]] = nn.reshape %[[P]] : tensor<1x3x2x2xui8> -> tensor<1x12xui8>
// CHECK: %[[M:.*]] = qat.int_matmul %[[F]], %{{.*}}, %{{.*}} {acc_shift = {{[0-9]+}} : i64, lhs_bits = 4 : i64, rhs_bits = {{[2-8]}} : i64} : (tensor<1x12xui8>, tensor<12x5xi8>, tensor<5xi32>) -> tensor<1x5xi32>
// CHECK: %[[Y:.*]] = qat.dequantize %[[M]], %{{.*}}, %{{.*}} {axis = 1 : i64, bits = 32 : i64} : (tensor<1x5xi32>, tensor<5xf32>, tensor<5xi32>) -> tensor<1x5xf32>
// CHECK: return %[[Y]]
// CHECK-NOT: qat.fake_quant
func.func @two_layers(%x: tensor<1x2x4x4xf32>) -> tensor<1x5xf32> {
  %sx = arith.constant dense<0.05> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i32>
  %xq = qat.fake_quant %x, %sx, %z {bits = 8 : i64} : tensor<1x2x4x4xf32>, tensor<f32>, tensor<i32>
  %w = arith.constant dense<[[[[0.1, -0.2, 0.3], [0.05, 0.0, -0.1], [0.2, 0.2, -0.3]], [[0.1, 0.1, 0.1], [-0.1, -0.1, -0.1], [0.3, 0.0, 0.0]]], [[[0.1, -0.2, 0.3], [0.05, 0.0, -0.1], [0.2, 0.2, -0.3]], [[0.1, 0.1, 0.1], [-0.1, -0.1, -0.1], [0.3, 0.0, 0.0]]], [[[0.4, -0.2, 0.3], [0.05, 0.0, -0.1], [0.2, 0.2, -0.3]], [[0.1, 0.1, 0.1], [-0.1, -0.1, -0.1], [0.3, 0.0, 0.5]]]]> : tensor<3x2x3x3xf32>
  %sw = arith.constant dense<[0.01, 0.02, 0.04]> : tensor<3xf32>
  %zw = arith.constant dense<0> : tensor<3xi32>
  %wq = qat.fake_quant %w, %sw, %zw {axis = 0 : i64, bits = 8 : i64} : tensor<3x2x3x3xf32>, tensor<3xf32>, tensor<3xi32>
  %b = arith.constant dense<[0.5, -0.25, 0.0]> : tensor<3xf32>
  %c = nn.conv %xq, %wq, %b {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %r = nn.relu %c : tensor<1x3x4x4xf32>
  %p = nn.max_pool %r {ceil_mode = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x3x4x4xf32> -> tensor<1x3x2x2xf32>
  %f = nn.reshape %p : tensor<1x3x2x2xf32> -> tensor<1x12xf32>
  %sa = arith.constant dense<0.1> : tensor<f32>
  %fq = qat.fake_quant %f, %sa, %z {bits = 4 : i64, is_signed = false} : tensor<1x12xf32>, tensor<f32>, tensor<i32>
  %w2 = arith.constant dense<0.25> : tensor<5x12xf32>
  %s2 = arith.constant dense<0.125> : tensor<f32>
  %w2q = qat.fake_quant %w2, %s2, %z {bits = 4 : i64} : tensor<5x12xf32>, tensor<f32>, tensor<i32>
  %b2 = arith.constant dense<1.0> : tensor<5xf32>
  %y = nn.gemm %fq, %w2q, %b2 {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<1x12xf32>, tensor<5x12xf32>, tensor<5xf32>) -> tensor<1x5xf32>
  return %y : tensor<1x5xf32>
}

// -----

// BatchNorm after the convolution folds into the output scale and bias; a
// Clip is the clamp [round(lo / s) + z, round(hi / s) + z].
// CHECK-LABEL: func.func @batch_norm_clip
// CHECK: qat.int_conv
// CHECK-NOT: nn.batch_norm
// CHECK-NOT: nn.clip
// CHECK: qat.requantize {{.*}} {axis = 1 : i64, bits = 8 : i64, is_signed = false, qmax = 60 : i64, qmin = 0 : i64}
func.func @batch_norm_clip(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %s = arith.constant dense<0.1> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i32>
  %xq = qat.fake_quant %x, %s, %z {bits = 8 : i64} : tensor<1x2x4x4xf32>, tensor<f32>, tensor<i32>
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %sw = arith.constant dense<0.01> : tensor<2xf32>
  %zw = arith.constant dense<0> : tensor<2xi32>
  %wq = qat.fake_quant %w, %sw, %zw {axis = 0 : i64, bits = 8 : i64} : tensor<2x2x1x1xf32>, tensor<2xf32>, tensor<2xi32>
  %c = nn.conv %xq, %wq {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %g = arith.constant dense<[1.5, -0.5]> : tensor<2xf32>
  %bb = arith.constant dense<[0.1, 0.2]> : tensor<2xf32>
  %m = arith.constant dense<[0.0, 0.3]> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %n = nn.batch_norm %c, %g, %bb, %m, %v {epsilon = 1.0e-05 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %lo = arith.constant dense<0.0> : tensor<f32>
  %hi = arith.constant dense<6.0> : tensor<f32>
  %k = nn.clip %n, %lo, %hi : (tensor<1x2x4x4xf32>, tensor<f32>, tensor<f32>) -> tensor<1x2x4x4xf32>
  %yq = qat.fake_quant %k, %s, %z {bits = 8 : i64, is_signed = false} : tensor<1x2x4x4xf32>, tensor<f32>, tensor<i32>
  return %yq : tensor<1x2x4x4xf32>
}

// -----

// What has no integer form (an add whose second input is not quantized)
// runs in float between a dequantize and the next quantize; a layer without quantizers
// (skipped) stays float.
// CHECK-LABEL: func.func @float_between
// CHECK: %[[A:.*]] = qat.int_conv
// CHECK: %[[D:.*]] = qat.dequantize %[[A]]
// CHECK: %[[S:.*]] = nn.add %[[D]], %{{.*}}
// CHECK: qat.quantize %[[S]]
// CHECK: qat.int_conv
// CHECK: nn.conv %{{.*}}, %{{.*}} {{.*}} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>)
func.func @float_between(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %s = arith.constant dense<0.1> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i32>
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %sw = arith.constant dense<0.01> : tensor<2xf32>
  %zw = arith.constant dense<0> : tensor<2xi32>
  %xq = qat.fake_quant %x, %s, %z {bits = 8 : i64} : tensor<1x2x4x4xf32>, tensor<f32>, tensor<i32>
  %wq = qat.fake_quant %w, %sw, %zw {axis = 0 : i64, bits = 8 : i64} : tensor<2x2x1x1xf32>, tensor<2xf32>, tensor<2xi32>
  %c = nn.conv %xq, %wq {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %a = nn.add %c, %x : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %aq = qat.fake_quant %a, %s, %z {bits = 8 : i64} : tensor<1x2x4x4xf32>, tensor<f32>, tensor<i32>
  %c2 = nn.conv %aq, %wq {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %f = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %c2, %f : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// A residual add of two quantized activations (quantize-residual-add) runs
// on their levels: qat.int_add with s_a / s_y = 0.25 and s_b / s_y = 0.5 as
// integers over 2^21 (the largest power that keeps both below 2^21), the
// addends' zero points, the output quantizer's, and the ReLU as the clamp.
// CHECK-LABEL: func.func @residual_add
// CHECK: %[[A:.*]] = qat.requantize %{{.*}} {axis = 1 : i64, bits = 8 : i64, qmax = 127 : i64, qmin = -128 : i64}
// CHECK: %[[B:.*]] = qat.requantize %{{.*}} {axis = 1 : i64, bits = 8 : i64, is_signed = false, qmax = 255 : i64, qmin = 2 : i64, zero_point = 2 : i64}
// CHECK: %[[S:.*]] = qat.int_add %[[A]], %[[B]] {bits = 8 : i64, is_signed = false, lhs_multiplier = 524288 : i64, lhs_zero_point = 0 : i64, qmax = 255 : i64, qmin = 0 : i64, rhs_multiplier = 1048576 : i64, rhs_zero_point = 2 : i64, shift = 21 : i64} : (tensor<1x2x4x4xi8>, tensor<1x2x4x4xui8>) -> tensor<1x2x4x4xui8>
// CHECK: qat.int_conv %[[S]]
// CHECK-NOT: nn.add
func.func @residual_add(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %s = arith.constant dense<0.1> : tensor<f32>
  %sa = arith.constant dense<0.05> : tensor<f32>
  %sy = arith.constant dense<0.2> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i32>
  %zb = arith.constant dense<2> : tensor<i32>
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %sw = arith.constant dense<0.01> : tensor<2xf32>
  %zw = arith.constant dense<0> : tensor<2xi32>
  %xq = qat.fake_quant %x, %s, %z {bits = 8 : i64} : tensor<1x2x4x4xf32>, tensor<f32>, tensor<i32>
  %wq = qat.fake_quant %w, %sw, %zw {axis = 0 : i64, bits = 8 : i64} : tensor<2x2x1x1xf32>, tensor<2xf32>, tensor<2xi32>
  %c1 = nn.conv %xq, %wq {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %a = qat.fake_quant %c1, %sa, %z {bits = 8 : i64} : tensor<1x2x4x4xf32>, tensor<f32>, tensor<i32>
  %c2 = nn.conv %xq, %wq {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r2 = nn.relu %c2 : tensor<1x2x4x4xf32>
  %b = qat.fake_quant %r2, %s, %zb {bits = 8 : i64, is_signed = false} : tensor<1x2x4x4xf32>, tensor<f32>, tensor<i32>
  %sum = nn.add %a, %b : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %r = nn.relu %sum : tensor<1x2x4x4xf32>
  %y = qat.fake_quant %r, %sy, %z {bits = 8 : i64, is_signed = false} : tensor<1x2x4x4xf32>, tensor<f32>, tensor<i32>
  %c3 = nn.conv %y, %wq {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %c3 : tensor<1x2x4x4xf32>
}

// -----

// ShiftQuant: group scales 2^-k_g apart become pre-shifted levels under one
// channel scale (b + K <= 8). Channel 0's second group is 8x smaller
// (k = 3): its levels (1) are multiplied by 8 relative to the first
// group's (1 -> 8 under s_c 2^-3); channel 1 has no shift. The weight is
// [K, N] (trans_b undone), its range 5 bits.
// CHECK-LABEL: func.func @shift_quant
// CHECK: %[[W:.*]] = arith.constant dense<{{\[}}[8, 4], [8, 4], [1, 4], [1, 4]]> : tensor<4x2xi8>
// CHECK: qat.int_matmul %{{.*}}, %[[W]], %{{.*}} {acc_shift = {{[0-9]+}} : i64, lhs_bits = 4 : i64, rhs_bits = 5 : i64}
func.func @shift_quant(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %s = arith.constant dense<0.1> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i32>
  %xq = qat.fake_quant %x, %s, %z {bits = 4 : i64, is_signed = false} : tensor<3x4xf32>, tensor<f32>, tensor<i32>
  %w = arith.constant dense<[[0.8, 0.8, 0.1, 0.1], [0.4, 0.4, 0.4, 0.4]]> : tensor<2x4xf32>
  %sw = arith.constant dense<[0.8, 0.1]> : tensor<2xf32>
  %sg = qat.shift_scale %w, %sw {axis = 0 : i64, group_axis = 1 : i64, group_size = 2 : i64, max_shift = 4 : i64} : (tensor<2x4xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %zg = arith.constant dense<0> : tensor<2x2xi32>
  %wq = qat.fake_quant %w, %sg, %zg {axis = 1 : i64, group_size = 2 : i64, bits = 4 : i64} : tensor<2x4xf32>, tensor<2x2xf32>, tensor<2x2xi32>
  %y = nn.gemm %xq, %wq {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<3x4xf32>, tensor<2x4xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// A concatenation quantized by the next layer runs on that layer's levels:
// each input's chain is requantized on its own (the first through its ReLU:
// clamped at the zero point; the second, a MaxPool of levels that are
// already the output quantizer's, taken as they are and pooled), then
// concatenated as ui8.
// CHECK-LABEL: func.func @concat_levels
// CHECK: %[[X:.*]] = qat.quantize %{{.*}} -> tensor<1x2x4x4xui8>
// CHECK: %[[A:.*]] = qat.int_conv %[[X]]
// CHECK: %[[A2:.*]] = qat.int_conv
// CHECK-DAG: %[[B:.*]] = qat.requantize %[[A2]], {{.*}} {axis = 1 : i64, bits = 8 : i64, is_signed = false, qmax = 255 : i64, qmin = 0 : i64} : ({{.*}}) -> tensor<1x2x6x6xui8>
// CHECK-DAG: %[[R:.*]] = qat.requantize %[[A]], {{.*}} {axis = 1 : i64, bits = 8 : i64, is_signed = false, qmax = 255 : i64, qmin = 0 : i64} : ({{.*}}) -> tensor<1x2x4x4xui8>
// CHECK: %[[P:.*]] = nn.max_pool %[[B]] {{.*}} -> tensor<1x2x4x4xui8>
// CHECK: %[[C:.*]] = nn.concat %[[R]], %[[P]] {axis = 1 : i64} : (tensor<1x2x4x4xui8>, tensor<1x2x4x4xui8>) -> tensor<1x4x4x4xui8>
// CHECK: qat.int_conv %[[C]]
// CHECK-NOT: nn.concat
// CHECK-NOT: qat.quantize
func.func @concat_levels(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %s = arith.constant dense<0.1> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i32>
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %w4 = arith.constant dense<0.5> : tensor<2x4x1x1xf32>
  %sw = arith.constant dense<0.01> : tensor<2xf32>
  %zw = arith.constant dense<0> : tensor<2xi32>
  %xq = qat.fake_quant %x, %s, %z {bits = 8 : i64, is_signed = false} : tensor<1x2x4x4xf32>, tensor<f32>, tensor<i32>
  %wq = qat.fake_quant %w, %sw, %zw {axis = 0 : i64, bits = 8 : i64} : tensor<2x2x1x1xf32>, tensor<2xf32>, tensor<2xi32>
  %w4q = qat.fake_quant %w4, %sw, %zw {axis = 0 : i64, bits = 8 : i64} : tensor<2x4x1x1xf32>, tensor<2xf32>, tensor<2xi32>
  %c = nn.conv %xq, %wq {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r = nn.relu %c : tensor<1x2x4x4xf32>
  %c2 = nn.conv %xq, %wq {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x6x6xf32>
  %r2 = nn.relu %c2 : tensor<1x2x6x6xf32>
  %q2 = qat.fake_quant %r2, %s, %z {bits = 8 : i64, is_signed = false} : tensor<1x2x6x6xf32>, tensor<f32>, tensor<i32>
  %p = nn.max_pool %q2 {ceil_mode = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : tensor<1x2x6x6xf32> -> tensor<1x2x4x4xf32>
  %cat = nn.concat %r, %p {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  %y = qat.fake_quant %cat, %s, %z {bits = 8 : i64, is_signed = false} : tensor<1x4x4x4xf32>, tensor<f32>, tensor<i32>
  %o = nn.conv %y, %w4q {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %o : tensor<1x2x4x4xf32>
}

// -----

// A concatenation with an input of no integer form (a max pool of the
// model's float input) stays float between dequantize and quantize; the
// requantization built for its first input is removed again, so the pass
// converges.
// CHECK-LABEL: func.func @concat_float
// CHECK: %[[D:.*]] = qat.dequantize
// CHECK: %[[R:.*]] = nn.relu %[[D]]
// CHECK: %[[C:.*]] = nn.concat %[[R]], %{{.*}} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32>
// CHECK: qat.quantize %[[C]]
// CHECK-NOT: qat.requantize
func.func @concat_float(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %s = arith.constant dense<0.1> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i32>
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %w4 = arith.constant dense<0.5> : tensor<2x4x1x1xf32>
  %sw = arith.constant dense<0.01> : tensor<2xf32>
  %zw = arith.constant dense<0> : tensor<2xi32>
  %xq = qat.fake_quant %x, %s, %z {bits = 8 : i64, is_signed = false} : tensor<1x2x4x4xf32>, tensor<f32>, tensor<i32>
  %wq = qat.fake_quant %w, %sw, %zw {axis = 0 : i64, bits = 8 : i64} : tensor<2x2x1x1xf32>, tensor<2xf32>, tensor<2xi32>
  %w4q = qat.fake_quant %w4, %sw, %zw {axis = 0 : i64, bits = 8 : i64} : tensor<2x4x1x1xf32>, tensor<2xf32>, tensor<2xi32>
  %c = nn.conv %xq, %wq {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r = nn.relu %c : tensor<1x2x4x4xf32>
  %p = nn.max_pool %x {ceil_mode = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %cat = nn.concat %r, %p {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  %y = qat.fake_quant %cat, %s, %z {bits = 8 : i64, is_signed = false} : tensor<1x4x4x4xf32>, tensor<f32>, tensor<i32>
  %o = nn.conv %y, %w4q {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %o : tensor<1x2x4x4xf32>
}

// -----

// A channel split (ShuffleNet): slices of levels are level-preserving moves,
// so a concatenation of one half as it is and a convolution of the other
// stays on levels.
// CHECK-LABEL: func.func @channel_split
// CHECK: %[[A:.*]] = qat.requantize
// CHECK: %[[S1:.*]] = nn.slice %[[A]] {offsets = array<i64: 0, 2, 0, 0>{{.*}} : tensor<1x4x4x4xui8> -> tensor<1x2x4x4xui8>
// CHECK: %[[C:.*]] = qat.int_conv %[[S1]]
// CHECK-DAG: %[[S0:.*]] = nn.slice %[[A]] {offsets = array<i64: 0, 0, 0, 0>{{.*}} : tensor<1x4x4x4xui8> -> tensor<1x2x4x4xui8>
// CHECK-DAG: %[[R:.*]] = qat.requantize %[[C]]
// CHECK: nn.concat %[[S0]], %[[R]] {axis = 1 : i64} : (tensor<1x2x4x4xui8>, tensor<1x2x4x4xui8>) -> tensor<1x4x4x4xui8>
// CHECK-NOT: nn.concat
func.func @channel_split(%x: tensor<1x4x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %s = arith.constant dense<0.1> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i32>
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %w4 = arith.constant dense<0.5> : tensor<4x4x1x1xf32>
  %wo = arith.constant dense<0.5> : tensor<2x4x1x1xf32>
  %sw = arith.constant dense<0.01> : tensor<2xf32>
  %sw4 = arith.constant dense<0.01> : tensor<4xf32>
  %zw = arith.constant dense<0> : tensor<2xi32>
  %zw4 = arith.constant dense<0> : tensor<4xi32>
  %xq = qat.fake_quant %x, %s, %z {bits = 8 : i64, is_signed = false} : tensor<1x4x4x4xf32>, tensor<f32>, tensor<i32>
  %wq = qat.fake_quant %w, %sw, %zw {axis = 0 : i64, bits = 8 : i64} : tensor<2x2x1x1xf32>, tensor<2xf32>, tensor<2xi32>
  %w4q = qat.fake_quant %w4, %sw4, %zw4 {axis = 0 : i64, bits = 8 : i64} : tensor<4x4x1x1xf32>, tensor<4xf32>, tensor<4xi32>
  %woq = qat.fake_quant %wo, %sw, %zw {axis = 0 : i64, bits = 8 : i64} : tensor<2x4x1x1xf32>, tensor<2xf32>, tensor<2xi32>
  %c0 = nn.conv %xq, %w4q {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x4x4xf32>
  %r0 = nn.relu %c0 : tensor<1x4x4x4xf32>
  %a = qat.fake_quant %r0, %s, %z {bits = 8 : i64, is_signed = false} : tensor<1x4x4x4xf32>, tensor<f32>, tensor<i32>
  %s0 = nn.slice %a {offsets = array<i64: 0, 0, 0, 0>, sizes = array<i64: 1, 2, 4, 4>, strides = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x4xf32> -> tensor<1x2x4x4xf32>
  %s1 = nn.slice %a {offsets = array<i64: 0, 2, 0, 0>, sizes = array<i64: 1, 2, 4, 4>, strides = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x4xf32> -> tensor<1x2x4x4xf32>
  %s1q = qat.fake_quant %s1, %s, %z {bits = 8 : i64, is_signed = false} : tensor<1x2x4x4xf32>, tensor<f32>, tensor<i32>
  %c = nn.conv %s1q, %wq {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r = nn.relu %c : tensor<1x2x4x4xf32>
  %cat = nn.concat %s0, %r {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  %y = qat.fake_quant %cat, %s, %z {bits = 8 : i64, is_signed = false} : tensor<1x4x4x4xf32>, tensor<f32>, tensor<i32>
  %o = nn.conv %y, %woq {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %o : tensor<1x2x4x4xf32>
}
