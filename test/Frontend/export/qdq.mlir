// A fake-quant graph exported to ONNX and imported back: every fake_quant is
// QuantizeLinear -> Clip (4 bits in int8/uint8) -> DequantizeLinear.
// RUN: qat-translate --export-onnx %s -o %t.onnx
// RUN: qat-translate --import-onnx %t.onnx | FileCheck %s
// qat-fold-qdq turns the groups back into the 4-bit fake quantizers.
// RUN: qat-translate --import-onnx %t.onnx | qat-opt --qat-fold-qdq | FileCheck %s --check-prefix=FOLD
// FOLD: qat.fake_quant %arg0, {{.*}} {bits = 4 : i64} : tensor<1x2x4x4xf32>, tensor<f32>, tensor<i8>
// FOLD: qat.fake_quant {{.*}} {axis = 0 : i64, bits = 4 : i64} : tensor<3x2x1x1xf32>, tensor<3xf32>, tensor<3xi8>
// FOLD-NOT: qat.quantize
// RUN: %python -c "import onnx; m = onnx.load('%t.onnx'); onnx.checker.check_model(m, full_check=True); print([n.op_type for n in m.graph.node]); print([n.name for n in m.graph.node if n.op_type == 'Conv'])" | FileCheck %s --check-prefix=NODES
// NODES: ['QuantizeLinear', 'Clip', 'DequantizeLinear', 'QuantizeLinear', 'Clip', 'DequantizeLinear', 'Conv', 'Relu', 'Identity']
// NODES: ['conv1']

// CHECK-LABEL: func.func @main_graph(%arg0: tensor<1x2x4x4xf32> {qat.name = "image"}) -> (tensor<1x3x4x4xf32> {qat.name = "features"})
// Signed activations: int8 storage, Clip to [-8, 7].
// CHECK: %[[LO:.*]] = arith.constant dense<-8> : tensor<i8>
// CHECK: %[[HI:.*]] = arith.constant dense<7> : tensor<i8>
// CHECK: %[[Q:.*]] = qat.quantize %arg0, {{.*}} {bits = 8 : i64} : (tensor<1x2x4x4xf32>, tensor<f32>, tensor<i8>) -> tensor<1x2x4x4xi8>
// CHECK: %[[C:.*]] = nn.clip %[[Q]], %[[LO]], %[[HI]]
// CHECK: %[[X:.*]] = qat.dequantize %[[C]]
// Weights per output channel (axis 0).
// CHECK: qat.quantize {{.*}} {axis = 0 : i64, bits = 8 : i64} : (tensor<3x2x1x1xf32>, tensor<3xf32>, tensor<3xi8>) -> tensor<3x2x1x1xi8>
// CHECK: %[[W:.*]] = qat.dequantize {{.*}} {axis = 0 : i64, bits = 8 : i64}
// CHECK: %[[Y:.*]] = nn.conv %[[X]], %[[W]]
// CHECK: nn.relu %[[Y]]
func.func @main_graph(%x: tensor<1x2x4x4xf32> {qat.name = "image"}) -> (tensor<1x3x4x4xf32> {qat.name = "features"}) {
  %w = arith.constant dense<[[[[0.5]], [[-1.0]]], [[[0.25]], [[0.75]]], [[[1.0]], [[2.0]]]]> : tensor<3x2x1x1xf32>
  %sx = qat.parameter "conv1.input_scale" = dense<0.5> : tensor<f32>
  %zx = arith.constant dense<0> : tensor<i32>
  %xq = qat.fake_quant %x, %sx, %zx {bits = 4 : i64} : tensor<1x2x4x4xf32>, tensor<f32>, tensor<i32>
  %sw = qat.parameter "conv1.weight_scale" = dense<[0.125, 0.1, 0.25]> : tensor<3xf32>
  %zw = arith.constant dense<0> : tensor<3xi32>
  %wq = qat.fake_quant %w, %sw, %zw {bits = 4 : i64, axis = 0 : i64} : tensor<3x2x1x1xf32>, tensor<3xf32>, tensor<3xi32>
  %y = nn.conv %xq, %wq {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32> loc("conv1")
  %r = nn.relu %y : tensor<1x3x4x4xf32>
  return %r : tensor<1x3x4x4xf32>
}
