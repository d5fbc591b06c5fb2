// The gradient rule of qat.l1_norm (L1 normalization, ALGORITHMS.md
// section 4): batch form on batch statistics, layer form, and the batch form
// on running statistics (inference); a finite-difference check in float64 of
// every input with `exact_grad`, and the IR of the default rule, which drops
// the mean-of-sign term of d sigma / d x as section 4 states.
// RUN: qat-opt %s --qat-differentiate | FileCheck %s
// RUN: qat-opt %s --qat-differentiate -o %t.mlir
// RUN: qat-compile %t.mlir -o %t.so
// RUN: %python %test_lib/gradcheck.py %t.so --function batch_exact --function layer_exact --function batch_running | FileCheck %s --check-prefix=FD

// The default rule: sign(x - mu) is used as it is; with exact_grad its mean
// over the statistic axes is subtracted first.
// CHECK-LABEL: func.func @batch_default_grad
// CHECK: %[[SIGN:.*]] = nn.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<3x2x2x2xi1>, tensor<f64>, tensor<3x2x2x2xf64>) -> tensor<3x2x2x2xf64>
// CHECK-NOT: nn.reduce_sum %[[SIGN]]
// CHECK: nn.mul %{{.*}}, %[[SIGN]]
// CHECK-LABEL: func.func @batch_exact_grad
// CHECK: %[[SIGN2:.*]] = nn.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<3x2x2x2xi1>, tensor<f64>, tensor<3x2x2x2xf64>) -> tensor<3x2x2x2xf64>
// CHECK: nn.reduce_sum %[[SIGN2]] {axes = array<i64: 0, 2, 3>, keepdims = true}

// FD-DAG: batch_exact x: {{.*}}: ok
// FD-DAG: batch_exact scale: {{.*}}: ok
// FD-DAG: batch_exact bias: {{.*}}: ok
// FD-DAG: layer_exact x: {{.*}}: ok
// FD-DAG: layer_exact scale: {{.*}}: ok
// FD-DAG: layer_exact bias: {{.*}}: ok
// FD-DAG: batch_running x: {{.*}}: ok
// FD-DAG: batch_running scale: {{.*}}: ok
// FD-DAG: batch_running m: {{.*}}: ok
// FD-DAG: batch_running s: {{.*}}: ok

func.func @batch_default(%x: tensor<3x2x2x2xf64> {qat.name = "x"}, %g: tensor<2xf64> {qat.name = "scale"}, %b: tensor<2xf64> {qat.name = "bias"}) -> tensor<f64> {
  %y, %m, %s = qat.l1_norm %x, %g, %b {mode = "batch", epsilon = 1.0e-5 : f32} : (tensor<3x2x2x2xf64>, tensor<2xf64>, tensor<2xf64>) -> (tensor<3x2x2x2xf64>, tensor<2xf64>, tensor<2xf64>)
  %sq = nn.mul %y, %y : (tensor<3x2x2x2xf64>, tensor<3x2x2x2xf64>) -> tensor<3x2x2x2xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<3x2x2x2xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @batch_exact(%x: tensor<3x2x2x2xf64> {qat.name = "x"}, %g: tensor<2xf64> {qat.name = "scale"}, %b: tensor<2xf64> {qat.name = "bias"}) -> tensor<f64> {
  %y, %m, %s = qat.l1_norm %x, %g, %b {mode = "batch", epsilon = 1.0e-5 : f32, exact_grad} : (tensor<3x2x2x2xf64>, tensor<2xf64>, tensor<2xf64>) -> (tensor<3x2x2x2xf64>, tensor<2xf64>, tensor<2xf64>)
  %c = arith.constant dense<[[[[1.0, -2.0], [0.5, 3.0]], [[2.0, 1.0], [-1.0, 0.25]]]]> : tensor<1x2x2x2xf64>
  %p = nn.mul %y, %c : (tensor<3x2x2x2xf64>, tensor<1x2x2x2xf64>) -> tensor<3x2x2x2xf64>
  %sq = nn.mul %p, %y : (tensor<3x2x2x2xf64>, tensor<3x2x2x2xf64>) -> tensor<3x2x2x2xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<3x2x2x2xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @layer_exact(%x: tensor<2x3x5xf64> {qat.name = "x"}, %g: tensor<5xf64> {qat.name = "scale"}, %b: tensor<5xf64> {qat.name = "bias"}) -> tensor<f64> {
  %y, %m, %s = qat.l1_norm %x, %g, %b {mode = "layer", axis = 2 : i64, epsilon = 1.0e-5 : f32, exact_grad} : (tensor<2x3x5xf64>, tensor<5xf64>, tensor<5xf64>) -> (tensor<2x3x5xf64>, tensor<2x3xf64>, tensor<2x3xf64>)
  %c = arith.constant dense<[1.0, -2.0, 0.5, 3.0, 2.0]> : tensor<5xf64>
  %p = nn.mul %y, %c : (tensor<2x3x5xf64>, tensor<5xf64>) -> tensor<2x3x5xf64>
  %sq = nn.mul %p, %y : (tensor<2x3x5xf64>, tensor<2x3x5xf64>) -> tensor<2x3x5xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2>, keepdims = false} : tensor<2x3x5xf64> -> tensor<f64>
  return %l : tensor<f64>
}

// Running statistics: sigma must stay away from -epsilon (inputs are N(0, 1)).
func.func @batch_running(%x: tensor<2x3x4xf64> {qat.name = "x"}, %g: tensor<3xf64> {qat.name = "scale"}, %b: tensor<3xf64> {qat.name = "bias"}, %m: tensor<3xf64> {qat.name = "m"}, %s: tensor<3xf64> {qat.name = "s"}) -> tensor<f64> {
  %sq0 = nn.mul %s, %s : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
  %one = arith.constant dense<1.0> : tensor<f64>
  %pos = nn.add %sq0, %one : (tensor<3xf64>, tensor<f64>) -> tensor<3xf64>
  %y, %mm, %ss = qat.l1_norm %x, %g, %b running(%m, %pos) {mode = "batch", epsilon = 1.0e-5 : f32} : (tensor<2x3x4xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>) -> (tensor<2x3x4xf64>, tensor<3xf64>, tensor<3xf64>)
  %sq = nn.mul %y, %y : (tensor<2x3x4xf64>, tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2>, keepdims = false} : tensor<2x3x4xf64> -> tensor<f64>
  return %l : tensor<f64>
}
