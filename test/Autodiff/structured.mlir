// The gradient rules of convolution (strided, padded, dilated, asymmetric,
// grouped, depthwise, 1-D), Gemm (every transpose, alpha, beta, broadcast C),
// MatMul (batched, broadcast, vectors), pooling (overlapping, ceil mode,
// padding counted or not), reductions, BatchNorm (inference and training),
// LayerNorm and the NLL loss: their IR (qat-differentiate) and a
// finite-difference check of the compiled gradients in float64.
// RUN: qat-opt %s --qat-differentiate | FileCheck %s
// RUN: qat-opt %s --qat-differentiate -o %t.mlir
// RUN: qat-compile %t.mlir -o %t.so
// RUN: %python %test_lib/gradcheck.py %t.so --int t=0,3 | FileCheck %s --check-prefix=FD

func.func @conv_plain(%x: tensor<2x3x6x6xf64> {qat.name = "x"}, %w: tensor<4x3x3x3xf64> {qat.name = "w"}, %b: tensor<4xf64> {qat.name = "b"}) -> tensor<f64> {
  %y = nn.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<2x3x6x6xf64>, tensor<4x3x3x3xf64>, tensor<4xf64>) -> tensor<2x4x4x4xf64>
  %sq = nn.mul %y, %y : (tensor<2x4x4x4xf64>, tensor<2x4x4x4xf64>) -> tensor<2x4x4x4xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<2x4x4x4xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @conv_strided_padded(%x: tensor<2x3x7x7xf64> {qat.name = "x"}, %w: tensor<4x3x3x3xf64> {qat.name = "w"}) -> tensor<f64> {
  %y = nn.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<2x3x7x7xf64>, tensor<4x3x3x3xf64>) -> tensor<2x4x4x4xf64>
  %sq = nn.mul %y, %y : (tensor<2x4x4x4xf64>, tensor<2x4x4x4xf64>) -> tensor<2x4x4x4xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<2x4x4x4xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @conv_dilated(%x: tensor<1x2x7x7xf64> {qat.name = "x"}, %w: tensor<3x2x3x3xf64> {qat.name = "w"}) -> tensor<f64> {
  %y = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 2, 2>, group = 1 : i64} : (tensor<1x2x7x7xf64>, tensor<3x2x3x3xf64>) -> tensor<1x3x5x5xf64>
  %sq = nn.mul %y, %y : (tensor<1x3x5x5xf64>, tensor<1x3x5x5xf64>) -> tensor<1x3x5x5xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<1x3x5x5xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @conv_asym(%x: tensor<1x2x6x5xf64> {qat.name = "x"}, %w: tensor<3x2x3x2xf64> {qat.name = "w"}) -> tensor<f64> {
  %y = nn.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 0, 0, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x6x5xf64>, tensor<3x2x3x2xf64>) -> tensor<1x3x3x3xf64>
  %sq = nn.mul %y, %y : (tensor<1x3x3x3xf64>, tensor<1x3x3x3xf64>) -> tensor<1x3x3x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<1x3x3x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @conv_grouped(%x: tensor<2x4x5x5xf64> {qat.name = "x"}, %w: tensor<6x2x3x3xf64> {qat.name = "w"}, %b: tensor<6xf64> {qat.name = "b"}) -> tensor<f64> {
  %y = nn.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<2x4x5x5xf64>, tensor<6x2x3x3xf64>, tensor<6xf64>) -> tensor<2x6x5x5xf64>
  %sq = nn.mul %y, %y : (tensor<2x6x5x5xf64>, tensor<2x6x5x5xf64>) -> tensor<2x6x5x5xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<2x6x5x5xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @conv_depthwise(%x: tensor<2x3x6x6xf64> {qat.name = "x"}, %w: tensor<3x1x3x3xf64> {qat.name = "w"}) -> tensor<f64> {
  %y = nn.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 3 : i64} : (tensor<2x3x6x6xf64>, tensor<3x1x3x3xf64>) -> tensor<2x3x3x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3x3x3xf64>, tensor<2x3x3x3xf64>) -> tensor<2x3x3x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<2x3x3x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @conv_1d(%x: tensor<2x3x8xf64> {qat.name = "x"}, %w: tensor<4x3x3xf64> {qat.name = "w"}) -> tensor<f64> {
  %y = nn.conv %x, %w {strides = array<i64: 2>, pads = array<i64: 1, 1>, dilations = array<i64: 1>, group = 1 : i64} : (tensor<2x3x8xf64>, tensor<4x3x3xf64>) -> tensor<2x4x4xf64>
  %sq = nn.mul %y, %y : (tensor<2x4x4xf64>, tensor<2x4x4xf64>) -> tensor<2x4x4xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2>, keepdims = false} : tensor<2x4x4xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @gemm_nn(%a: tensor<2x3xf64> {qat.name = "a"}, %b: tensor<3x4xf64> {qat.name = "b"}, %c: tensor<4xf64> {qat.name = "c"}) -> tensor<f64> {
  %y = nn.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = false} : (tensor<2x3xf64>, tensor<3x4xf64>, tensor<4xf64>) -> tensor<2x4xf64>
  %sq = nn.mul %y, %y : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x4xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @gemm_tt(%a: tensor<3x2xf64> {qat.name = "a"}, %b: tensor<4x3xf64> {qat.name = "b"}, %c: tensor<2x1xf64> {qat.name = "c"}) -> tensor<f64> {
  %y = nn.gemm %a, %b, %c {alpha = 0.5 : f32, beta = 2.0 : f32, trans_a = true, trans_b = true} : (tensor<3x2xf64>, tensor<4x3xf64>, tensor<2x1xf64>) -> tensor<2x4xf64>
  %sq = nn.mul %y, %y : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x4xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @gemm_tn(%a: tensor<3x2xf64> {qat.name = "a"}, %b: tensor<3x4xf64> {qat.name = "b"}) -> tensor<f64> {
  %y = nn.gemm %a, %b {alpha = 1.5 : f32, beta = 1.0 : f32, trans_a = true, trans_b = false} : (tensor<3x2xf64>, tensor<3x4xf64>) -> tensor<2x4xf64>
  %sq = nn.mul %y, %y : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x4xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @gemm_nt(%a: tensor<2x3xf64> {qat.name = "a"}, %b: tensor<4x3xf64> {qat.name = "b"}) -> tensor<f64> {
  %y = nn.gemm %a, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<2x3xf64>, tensor<4x3xf64>) -> tensor<2x4xf64>
  %sq = nn.mul %y, %y : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x4xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @matmul_batched(%a: tensor<2x3x4xf64> {qat.name = "a"}, %b: tensor<4x5xf64> {qat.name = "b"}) -> tensor<f64> {
  %y = nn.matmul %a, %b : (tensor<2x3x4xf64>, tensor<4x5xf64>) -> tensor<2x3x5xf64>
  %sq = nn.mul %y, %y : (tensor<2x3x5xf64>, tensor<2x3x5xf64>) -> tensor<2x3x5xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2>, keepdims = false} : tensor<2x3x5xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @matmul_broadcast(%a: tensor<2x1x3x4xf64> {qat.name = "a"}, %b: tensor<3x4x2xf64> {qat.name = "b"}) -> tensor<f64> {
  %y = nn.matmul %a, %b : (tensor<2x1x3x4xf64>, tensor<3x4x2xf64>) -> tensor<2x3x3x2xf64>
  %sq = nn.mul %y, %y : (tensor<2x3x3x2xf64>, tensor<2x3x3x2xf64>) -> tensor<2x3x3x2xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<2x3x3x2xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @matmul_vec_left(%a: tensor<4xf64> {qat.name = "a"}, %b: tensor<2x4x3xf64> {qat.name = "b"}) -> tensor<f64> {
  %y = nn.matmul %a, %b : (tensor<4xf64>, tensor<2x4x3xf64>) -> tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @matmul_vec_right(%a: tensor<2x3x4xf64> {qat.name = "a"}, %b: tensor<4xf64> {qat.name = "b"}) -> tensor<f64> {
  %y = nn.matmul %a, %b : (tensor<2x3x4xf64>, tensor<4xf64>) -> tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @max_pool(%x: tensor<2x3x6x6xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<2x3x6x6xf64> -> tensor<2x3x3x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3x3x3xf64>, tensor<2x3x3x3xf64>) -> tensor<2x3x3x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<2x3x3x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @max_pool_overlap(%x: tensor<1x2x7x7xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<1x2x7x7xf64> -> tensor<1x2x4x4xf64>
  %sq = nn.mul %y, %y : (tensor<1x2x4x4xf64>, tensor<1x2x4x4xf64>) -> tensor<1x2x4x4xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<1x2x4x4xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @max_pool_ceil(%x: tensor<1x2x6x6xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true} : tensor<1x2x6x6xf64> -> tensor<1x2x3x3xf64>
  %sq = nn.mul %y, %y : (tensor<1x2x3x3xf64>, tensor<1x2x3x3xf64>) -> tensor<1x2x3x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<1x2x3x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @avg_pool(%x: tensor<2x3x6x6xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.avg_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false, count_include_pad = false} : tensor<2x3x6x6xf64> -> tensor<2x3x3x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3x3x3xf64>, tensor<2x3x3x3xf64>) -> tensor<2x3x3x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<2x3x3x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @avg_pool_pad(%x: tensor<1x2x5x5xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.avg_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = false, count_include_pad = false} : tensor<1x2x5x5xf64> -> tensor<1x2x3x3xf64>
  %sq = nn.mul %y, %y : (tensor<1x2x3x3xf64>, tensor<1x2x3x3xf64>) -> tensor<1x2x3x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<1x2x3x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @avg_pool_pad_incl(%x: tensor<1x2x5x5xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.avg_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = false, count_include_pad = true} : tensor<1x2x5x5xf64> -> tensor<1x2x3x3xf64>
  %sq = nn.mul %y, %y : (tensor<1x2x3x3xf64>, tensor<1x2x3x3xf64>) -> tensor<1x2x3x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<1x2x3x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @reduce_sum(%x: tensor<2x3x4xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.reduce_sum %x {axes = array<i64: 1>, keepdims = false} : tensor<2x3x4xf64> -> tensor<2x4xf64>
  %sq = nn.mul %y, %y : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x4xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @reduce_mean(%x: tensor<2x3x4xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.reduce_mean %x {axes = array<i64: 0, 2>, keepdims = true} : tensor<2x3x4xf64> -> tensor<1x3x1xf64>
  %sq = nn.mul %y, %y : (tensor<1x3x1xf64>, tensor<1x3x1xf64>) -> tensor<1x3x1xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2>, keepdims = false} : tensor<1x3x1xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @reduce_max(%x: tensor<2x3x4xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.reduce_max %x {axes = array<i64: 2>, keepdims = false} : tensor<2x3x4xf64> -> tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @batch_norm(%x: tensor<2x3x4x4xf64> {qat.name = "x"}, %s: tensor<3xf64> {qat.name = "s"}, %b: tensor<3xf64> {qat.name = "b"}) -> tensor<f64> {
  %m = arith.constant dense<[0.1, -0.2, 0.3]> : tensor<3xf64>
  %v = arith.constant dense<[1.5, 0.5, 2.0]> : tensor<3xf64>
  %y = nn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-5 : f32} : (tensor<2x3x4x4xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>) -> tensor<2x3x4x4xf64>
  %sq = nn.mul %y, %y : (tensor<2x3x4x4xf64>, tensor<2x3x4x4xf64>) -> tensor<2x3x4x4xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<2x3x4x4xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @batch_norm_train(%x: tensor<4x3x2x2xf64> {qat.name = "x"}, %s: tensor<3xf64> {qat.name = "s"}, %b: tensor<3xf64> {qat.name = "b"}) -> tensor<f64> {
  %y, %mean, %var = nn.batch_norm_train %x, %s, %b {epsilon = 1.0e-5 : f32} : (tensor<4x3x2x2xf64>, tensor<3xf64>, tensor<3xf64>) -> (tensor<4x3x2x2xf64>, tensor<3xf64>, tensor<3xf64>)
  %sq = nn.mul %y, %y : (tensor<4x3x2x2xf64>, tensor<4x3x2x2xf64>) -> tensor<4x3x2x2xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<4x3x2x2xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @layer_norm(%x: tensor<2x3x4xf64> {qat.name = "x"}, %s: tensor<4xf64> {qat.name = "s"}, %b: tensor<4xf64> {qat.name = "b"}) -> tensor<f64> {
  %y = nn.layer_norm %x, %s, %b {axis = 2 : i64, epsilon = 1.0e-5 : f32} : (tensor<2x3x4xf64>, tensor<4xf64>, tensor<4xf64>) -> tensor<2x3x4xf64>
  %sq = nn.mul %y, %y : (tensor<2x3x4xf64>, tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2>, keepdims = false} : tensor<2x3x4xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @layer_norm_2axes(%x: tensor<2x3x4xf64> {qat.name = "x"}, %s: tensor<3x4xf64> {qat.name = "s"}) -> tensor<f64> {
  %y = nn.layer_norm %x, %s {axis = 1 : i64, epsilon = 1.0e-5 : f32} : (tensor<2x3x4xf64>, tensor<3x4xf64>) -> tensor<2x3x4xf64>
  %sq = nn.mul %y, %y : (tensor<2x3x4xf64>, tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2>, keepdims = false} : tensor<2x3x4xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @nll_mean(%x: tensor<3x5xf64> {qat.name = "x"}, %t: tensor<3xi64> {qat.name = "t"}) -> tensor<f64> {
  %ls = nn.log_softmax %x axis = 1 : tensor<3x5xf64>
  %y = nn.nll_loss %ls, %t {reduction = "mean"} : (tensor<3x5xf64>, tensor<3xi64>) -> tensor<f64>
  %sq = nn.mul %y, %y : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %sq : tensor<f64>
}

func.func @nll_sum(%x: tensor<3x5xf64> {qat.name = "x"}, %t: tensor<3xi64> {qat.name = "t"}) -> tensor<f64> {
  %ls = nn.log_softmax %x axis = 1 : tensor<3x5xf64>
  %y = nn.nll_loss %ls, %t {reduction = "sum"} : (tensor<3x5xf64>, tensor<3xi64>) -> tensor<f64>
  %sq = nn.mul %y, %y : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %sq : tensor<f64>
}

func.func @nll_none(%x: tensor<3x5xf64> {qat.name = "x"}, %t: tensor<3xi64> {qat.name = "t"}) -> tensor<f64> {
  %ls = nn.log_softmax %x axis = 1 : tensor<3x5xf64>
  %y = nn.nll_loss %ls, %t {reduction = "none"} : (tensor<3x5xf64>, tensor<3xi64>) -> tensor<3xf64>
  %sq = nn.mul %y, %y : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0>, keepdims = false} : tensor<3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @nll_weighted_ignore(%x: tensor<4x3x2xf64> {qat.name = "x"}, %t: tensor<4x2xi64> {qat.name = "t"}) -> tensor<f64> {
  %w = arith.constant dense<[0.5, 2.0, 1.0]> : tensor<3xf64>
  %ls = nn.log_softmax %x axis = 1 : tensor<4x3x2xf64>
  %y = nn.nll_loss %ls, %t weight(%w) {reduction = "mean", ignore_index = 2 : i64} : (tensor<4x3x2xf64>, tensor<4x2xi64>, tensor<3xf64>) -> tensor<f64>
  %sq = nn.mul %y, %y : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %sq : tensor<f64>
}

// CHECK-LABEL: func.func @conv_plain_grad
// CHECK: nn.conv_input_grad
// CHECK: nn.conv_weight_grad
// CHECK-LABEL: func.func @conv_strided_padded_grad
// CHECK: nn.conv_input_grad
// CHECK: nn.conv_weight_grad
// CHECK-LABEL: func.func @conv_dilated_grad
// CHECK: nn.conv_input_grad
// CHECK: nn.conv_weight_grad
// CHECK-LABEL: func.func @conv_asym_grad
// CHECK: nn.conv_input_grad
// CHECK: nn.conv_weight_grad
// CHECK-LABEL: func.func @conv_grouped_grad
// CHECK: nn.conv_input_grad
// CHECK: nn.conv_weight_grad
// CHECK-LABEL: func.func @conv_depthwise_grad
// CHECK: nn.conv_input_grad
// CHECK: nn.conv_weight_grad
// CHECK-LABEL: func.func @conv_1d_grad
// CHECK: nn.conv_input_grad
// CHECK: nn.conv_weight_grad
// CHECK-LABEL: func.func @gemm_nn_grad
// CHECK: nn.gemm
// CHECK-LABEL: func.func @gemm_tt_grad
// CHECK: nn.gemm
// CHECK-LABEL: func.func @gemm_tn_grad
// CHECK: nn.gemm
// CHECK-LABEL: func.func @gemm_nt_grad
// CHECK: nn.gemm
// CHECK-LABEL: func.func @matmul_batched_grad
// CHECK: nn.matmul
// CHECK-LABEL: func.func @matmul_broadcast_grad
// CHECK: nn.matmul
// CHECK-LABEL: func.func @matmul_vec_left_grad
// CHECK: nn.matmul
// CHECK-LABEL: func.func @matmul_vec_right_grad
// CHECK: nn.matmul
// CHECK-LABEL: func.func @max_pool_grad
// CHECK: nn.max_pool_grad
// CHECK-LABEL: func.func @max_pool_overlap_grad
// CHECK: nn.max_pool_grad
// CHECK-LABEL: func.func @max_pool_ceil_grad
// CHECK: nn.max_pool_grad
// CHECK-LABEL: func.func @avg_pool_grad
// CHECK: nn.avg_pool_grad
// CHECK-LABEL: func.func @avg_pool_pad_grad
// CHECK: nn.avg_pool_grad
// CHECK-LABEL: func.func @avg_pool_pad_incl_grad
// CHECK: nn.avg_pool_grad
// CHECK-LABEL: func.func @reduce_sum_grad
// CHECK: nn.expand
// CHECK-LABEL: func.func @reduce_mean_grad
// CHECK: nn.expand
// CHECK-LABEL: func.func @reduce_max_grad
// CHECK: nn.expand
// CHECK-LABEL: func.func @batch_norm_grad
// CHECK: nn.reduce_sum
// CHECK-LABEL: func.func @batch_norm_train_grad
// CHECK: nn.batch_norm_grad
// CHECK-LABEL: func.func @layer_norm_grad
// CHECK: nn.sqrt
// CHECK-LABEL: func.func @layer_norm_2axes_grad
// CHECK: nn.sqrt
// CHECK-LABEL: func.func @nll_mean_grad
// CHECK: nn.nll_loss_grad
// CHECK-LABEL: func.func @nll_sum_grad
// CHECK: nn.nll_loss_grad
// CHECK-LABEL: func.func @nll_none_grad
// CHECK: nn.nll_loss_grad
// CHECK-LABEL: func.func @nll_weighted_ignore_grad
// CHECK: nn.nll_loss_grad

// FD-DAG: conv_plain x: {{.*}}: ok
// FD-DAG: conv_plain w: {{.*}}: ok
// FD-DAG: conv_plain b: {{.*}}: ok
// FD-DAG: conv_strided_padded x: {{.*}}: ok
// FD-DAG: conv_strided_padded w: {{.*}}: ok
// FD-DAG: conv_dilated x: {{.*}}: ok
// FD-DAG: conv_dilated w: {{.*}}: ok
// FD-DAG: conv_asym x: {{.*}}: ok
// FD-DAG: conv_asym w: {{.*}}: ok
// FD-DAG: conv_grouped x: {{.*}}: ok
// FD-DAG: conv_grouped w: {{.*}}: ok
// FD-DAG: conv_grouped b: {{.*}}: ok
// FD-DAG: conv_depthwise x: {{.*}}: ok
// FD-DAG: conv_depthwise w: {{.*}}: ok
// FD-DAG: conv_1d x: {{.*}}: ok
// FD-DAG: conv_1d w: {{.*}}: ok
// FD-DAG: gemm_nn a: {{.*}}: ok
// FD-DAG: gemm_nn b: {{.*}}: ok
// FD-DAG: gemm_nn c: {{.*}}: ok
// FD-DAG: gemm_tt a: {{.*}}: ok
// FD-DAG: gemm_tt b: {{.*}}: ok
// FD-DAG: gemm_tt c: {{.*}}: ok
// FD-DAG: gemm_tn a: {{.*}}: ok
// FD-DAG: gemm_tn b: {{.*}}: ok
// FD-DAG: gemm_nt a: {{.*}}: ok
// FD-DAG: gemm_nt b: {{.*}}: ok
// FD-DAG: matmul_batched a: {{.*}}: ok
// FD-DAG: matmul_batched b: {{.*}}: ok
// FD-DAG: matmul_broadcast a: {{.*}}: ok
// FD-DAG: matmul_broadcast b: {{.*}}: ok
// FD-DAG: matmul_vec_left a: {{.*}}: ok
// FD-DAG: matmul_vec_left b: {{.*}}: ok
// FD-DAG: matmul_vec_right a: {{.*}}: ok
// FD-DAG: matmul_vec_right b: {{.*}}: ok
// FD-DAG: max_pool x: {{.*}}: ok
// FD-DAG: max_pool_overlap x: {{.*}}: ok
// FD-DAG: max_pool_ceil x: {{.*}}: ok
// FD-DAG: avg_pool x: {{.*}}: ok
// FD-DAG: avg_pool_pad x: {{.*}}: ok
// FD-DAG: avg_pool_pad_incl x: {{.*}}: ok
// FD-DAG: reduce_sum x: {{.*}}: ok
// FD-DAG: reduce_mean x: {{.*}}: ok
// FD-DAG: reduce_max x: {{.*}}: ok
// FD-DAG: batch_norm x: {{.*}}: ok
// FD-DAG: batch_norm s: {{.*}}: ok
// FD-DAG: batch_norm b: {{.*}}: ok
// FD-DAG: batch_norm_train x: {{.*}}: ok
// FD-DAG: batch_norm_train s: {{.*}}: ok
// FD-DAG: batch_norm_train b: {{.*}}: ok
// FD-DAG: layer_norm x: {{.*}}: ok
// FD-DAG: layer_norm s: {{.*}}: ok
// FD-DAG: layer_norm b: {{.*}}: ok
// FD-DAG: layer_norm_2axes x: {{.*}}: ok
// FD-DAG: layer_norm_2axes s: {{.*}}: ok
// FD-DAG: nll_mean x: {{.*}}: ok
// FD-DAG: nll_sum x: {{.*}}: ok
// FD-DAG: nll_none x: {{.*}}: ok
// FD-DAG: nll_weighted_ignore x: {{.*}}: ok
// FD-NOT: FAIL
