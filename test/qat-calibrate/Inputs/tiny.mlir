// x -> signed 8-bit quantizer -> relu -> unsigned 4-bit quantizer, and an
// asymmetric one with a zero-point parameter: the calibrated scales are
// known from the data's range.
func.func @main_graph(%x: tensor<1x8xf32> {qat.name = "x"}) -> (tensor<1x8xf32> {qat.name = "y"}, tensor<1x8xf32> {qat.name = "a"}) {
  %z = arith.constant dense<0> : tensor<i32>
  %s0 = qat.parameter "in.input_scale" = dense<1.0> : tensor<f32>
  %q0 = qat.fake_quant %x, %s0, %z {bits = 8 : i64} : tensor<1x8xf32>, tensor<f32>, tensor<i32>
  %r = nn.relu %q0 : tensor<1x8xf32>
  %s1 = qat.parameter "relu.input_scale" = dense<1.0> : tensor<f32>
  %q1 = qat.fake_quant %r, %s1, %z {bits = 4 : i64, is_signed = false} : tensor<1x8xf32>, tensor<f32>, tensor<i32>
  %s2 = qat.parameter "asym.input_scale" = dense<1.0> : tensor<f32>
  %z2 = qat.parameter "asym.input_zero_point" = dense<128.0> : tensor<f32>
  %q2 = qat.fake_quant %x, %s2, %z2 {bits = 8 : i64, is_signed = false} : tensor<1x8xf32>, tensor<f32>, tensor<f32>
  return %q1, %q2 : tensor<1x8xf32>, tensor<1x8xf32>
}
