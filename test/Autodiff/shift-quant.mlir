// The gradient rule of qat.shift_scale (ShiftQuant's group scales): the
// scale gradient of each group, times 2^-k_g (= s_g / s), summed into its
// channel's base scale; none to the weights (k_g is piecewise constant).
// The IR (qat-differentiate) and a finite-difference check in float64 of
// the base scale, per channel and per tensor.
// RUN: qat-opt %s --qat-differentiate | FileCheck %s
// RUN: qat-opt %s --qat-differentiate -o %t.mlir
// RUN: qat-compile %t.mlir -o %t.so
// RUN: %python %test_lib/gradcheck.py %t.so --function per_channel --function per_tensor | FileCheck %s --check-prefix=FD

// CHECK-LABEL: func.func @per_channel_grad
// CHECK: %[[G:.*]] = qat.shift_scale
// CHECK: %[[S:.*]] = nn.reshape %{{.*}} : tensor<4xf64> -> tensor<4x1x1x1xf64>
// CHECK: %[[R:.*]] = nn.div %[[G]], %[[S]]
// CHECK: %[[D:.*]] = nn.mul %{{.*}}, %[[R]]
// CHECK: nn.reduce_sum %[[D]] {axes = array<i64: 1, 2, 3>, keepdims = false}
// FD-DAG: per_channel s: {{.*}}: ok
// FD-DAG: per_channel x: {{.*}}: ok
func.func @per_channel(%x: tensor<4x6x2x2xf64> {qat.name = "x"}, %s: tensor<4xf64> {qat.name = "s"}) -> tensor<f64> {
  %g = qat.shift_scale %x, %s {axis = 0 : i64, group_axis = 1 : i64, group_size = 2 : i64, max_shift = 3 : i64} : (tensor<4x6x2x2xf64>, tensor<4xf64>) -> tensor<4x3x2x2xf64>
  %sq = nn.mul %g, %g : (tensor<4x3x2x2xf64>, tensor<4x3x2x2xf64>) -> tensor<4x3x2x2xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<4x3x2x2xf64> -> tensor<f64>
  return %l : tensor<f64>
}

// CHECK-LABEL: func.func @per_tensor_grad
// CHECK: nn.reduce_sum %{{.*}} {axes = array<i64: 0, 1>, keepdims = false} : tensor<3x5xf64> -> tensor<f64>
// FD-DAG: per_tensor s: {{.*}}: ok
func.func @per_tensor(%x: tensor<7x5xf64> {qat.name = "x"}, %s: tensor<f64> {qat.name = "s"}) -> tensor<f64> {
  %g = qat.shift_scale %x, %s {group_axis = 0 : i64, group_size = 3 : i64, max_shift = 4 : i64} : (tensor<7x5xf64>, tensor<f64>) -> tensor<3x5xf64>
  %c = arith.constant dense<[[1.0, -2.0, 3.0, 0.5, 1.5], [2.0, 1.0, -1.0, 0.25, 4.0], [3.0, 0.5, 2.0, -3.0, 1.0]]> : tensor<3x5xf64>
  %p = nn.mul %g, %c : (tensor<3x5xf64>, tensor<3x5xf64>) -> tensor<3x5xf64>
  %l = nn.reduce_sum %p {axes = array<i64: 0, 1>, keepdims = false} : tensor<3x5xf64> -> tensor<f64>
  return %l : tensor<f64>
}
