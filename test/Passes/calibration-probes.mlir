// RUN: qat-opt %s --qat-calibration-probes | FileCheck %s

// Activation quantizers go (activations flow in float) and their inputs are
// returned, named after the scale parameters; the weight quantizer stays.
// CHECK-LABEL: func.func @main_graph
// CHECK-SAME: -> (tensor<1x2x4x4xf32> {qat.name = "out"}, tensor<1x1x4x4xf32> {qat.name = "conv1.input_scale"}, tensor<1x2x4x4xf32> {qat.name = "relu.input_scale"})
// CHECK: %[[W:.*]] = qat.fake_quant %{{.*}} {axis = 0 : i64, bits = 4 : i64}
// CHECK: %[[C:.*]] = nn.conv %arg0, %[[W]]
// CHECK-NOT: qat.fake_quant
// CHECK: %[[R:.*]] = nn.relu %[[C]]
// CHECK: return %[[R]], %arg0, %[[C]]
func.func @main_graph(%x: tensor<1x1x4x4xf32>) -> (tensor<1x2x4x4xf32> {qat.name = "out"}) {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %sx = qat.parameter "conv1.input_scale" = dense<0.1> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i32>
  %xq = qat.fake_quant %x, %sx, %z {bits = 4 : i64} : tensor<1x1x4x4xf32>, tensor<f32>, tensor<i32>
  %sw = qat.parameter "conv1.weight_scale" = dense<0.1> : tensor<2xf32>
  %zw = arith.constant dense<0> : tensor<2xi32>
  %wq = qat.fake_quant %w, %sw, %zw {bits = 4 : i64, axis = 0 : i64} : tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<2xi32>
  %c = nn.conv %xq, %wq {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %sr = qat.parameter "relu.input_scale" = dense<0.1> : tensor<f32>
  %cq = qat.fake_quant %c, %sr, %z {bits = 8 : i64} : tensor<1x2x4x4xf32>, tensor<f32>, tensor<i32>
  %r = nn.relu %cq : tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}

// With keep-quantizers the model stays quantized; the inputs are still returned.
// RUN: qat-opt %s --qat-calibration-probes=keep-quantizers | FileCheck %s --check-prefix=KEEP
// KEEP-LABEL: func.func @main_graph
// KEEP: %[[XQ:.*]] = qat.fake_quant %arg0
// KEEP: %[[C:.*]] = nn.conv %[[XQ]]
// KEEP: %[[CQ:.*]] = qat.fake_quant %[[C]]
// KEEP: %[[R:.*]] = nn.relu %[[CQ]]
// KEEP: return %[[R]], %arg0, %[[C]]
