// qat-use-l1-norm: BatchNorm -> qat.l1_norm's batch form with running mean
// and a running sigma = sqrt(running variance) (a named constant), LayerNorm
// -> the layer form (a missing bias becomes zeros); options leave a kind alone.
// RUN: qat-opt %s --qat-use-l1-norm --mlir-print-debuginfo | FileCheck %s
// RUN: qat-opt %s --qat-use-l1-norm="batch-norm=false" | FileCheck %s --check-prefix=NOBN
// RUN: qat-opt %s --qat-use-l1-norm="layer-norm=false" | FileCheck %s --check-prefix=NOLN

// CHECK-LABEL: func.func @norms
// CHECK: %[[M:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: %[[S:.*]] = arith.constant dense<[2.000000e+00, 5.000000e-01]> : tensor<2xf32> loc(#[[SIGMA:.*]])
// CHECK: %[[Y:.*]], %{{.*}}, %{{.*}} = qat.l1_norm %arg0, %{{.*}}, %{{.*}} running(%[[M]], %[[S]]) {epsilon = 1.000000e-03 : f32, mode = "batch"}
// CHECK: %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK: qat.l1_norm %arg1, %{{.*}}, %[[Z]] {epsilon = 9.99999974E-6 : f32, mode = "layer"} : (tensor<3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<3x4xf32>, tensor<3xf32>, tensor<3xf32>)
// CHECK-NOT: nn.batch_norm
// CHECK-NOT: nn.layer_norm
// CHECK: #[[SIGMA]] = loc("bn.var.l1_sigma")
// NOBN: nn.batch_norm
// NOBN: qat.l1_norm
// NOLN: qat.l1_norm
// NOLN: nn.layer_norm
func.func @norms(%x: tensor<1x2x3x3xf32>, %t: tensor<3x4xf32>) -> (tensor<1x2x3x3xf32>, tensor<3x4xf32>) {
  %g = arith.constant dense<[1.0, 0.5]> : tensor<2xf32>
  %b = arith.constant dense<[0.0, 0.1]> : tensor<2xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %v = arith.constant dense<[4.0, 0.25]> : tensor<2xf32> loc("bn.var")
  %y = nn.batch_norm %x, %g, %b, %m, %v {epsilon = 1.0e-3 : f32} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %lg = arith.constant dense<1.0> : tensor<4xf32>
  %l = nn.layer_norm %t, %lg {axis = 1 : i64, epsilon = 1.0e-5 : f32} : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  return %y, %l : tensor<1x2x3x3xf32>, tensor<3x4xf32>
}
