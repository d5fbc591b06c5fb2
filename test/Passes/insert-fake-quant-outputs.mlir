// RUN: qat-opt %s --qat-insert-fake-quant="quantize-outputs a-bits=4" | FileCheck %s
// RUN: qat-opt %s --qat-insert-fake-quant | FileCheck %s --check-prefix=OFF

// quantize-outputs: each float result gets a calibratable activation
// quantizer named after the result (unsigned after a ReLU, signed 4-bit
// otherwise: scale a-init-max / 7); integer results are left alone.
// CHECK-LABEL: func.func @outputs
// CHECK: %[[RELU:.*]] = nn.relu
// CHECK-DAG: %[[S0:.*]] = qat.parameter "output.logits_scale" = dense<0.857142865> : tensor<f32>
// CHECK-DAG: %[[S1:.*]] = qat.parameter "output.features_scale" = dense<4.000000e-01> : tensor<f32>
// CHECK-DAG: %[[Q0:.*]] = qat.fake_quant %{{.*}}, %[[S0]], %{{.*}} {bits = 4 : i64} :
// CHECK-DAG: %[[Q1:.*]] = qat.fake_quant %[[RELU]], %[[S1]], %{{.*}} {bits = 4 : i64, is_signed = false}
// CHECK: return %[[Q0]], %[[Q1]], %arg1
// OFF-LABEL: func.func @outputs
// OFF-NOT: output.
func.func @outputs(%x: tensor<2x8xf32>, %n: tensor<2xi64>)
    -> (tensor<2x4xf32> {qat.name = "logits"}, tensor<2x8xf32> {qat.name = "features"}, tensor<2xi64>) {
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %b = arith.constant dense<0.0> : tensor<4xf32>
  %r = nn.relu %x : tensor<2x8xf32>
  %y = nn.gemm %r, %w, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %y, %r, %n : tensor<2x4xf32>, tensor<2x8xf32>, tensor<2xi64>
}
