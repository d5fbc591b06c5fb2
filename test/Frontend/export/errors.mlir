// What ONNX cannot express is one error line naming every op (per-group
// quantization exports, at opset 21).
// RUN: not qat-translate --export-onnx %s -o %t.onnx 2>&1 | FileCheck %s
// CHECK: qat-translate: error: {{.*}}errors.mlir: cannot export 3 ops: qat.fake_quant 'torch': reciprocal_scale (PyTorch's rounding) has no ONNX form; quantize with rounding=divide; qat.fake_quant 'switch': a run-time bit-width has no ONNX form; nn.gelu 'act': no ONNX export
// CHECK-NOT: error
// RUN: not qat-translate --export-onnx %s 2>&1 | FileCheck %s --check-prefix=STDOUT
// STDOUT: qat-translate: error: --export-onnx writes a binary model: give -o model.onnx
// RUN: not qat-translate --export-onnx %s --import-onnx -o %t.onnx 2>&1 | FileCheck %s --check-prefix=BOTH
// BOTH: qat-translate: error: choose one translation: --import-onnx or --export-onnx
// RUN: echo 'func.func @main_graph(' > %t.bad.mlir
// RUN: not qat-translate --export-onnx %t.bad.mlir -o %t.onnx 2>&1 | FileCheck %s --check-prefix=PARSE
// PARSE: qat-translate: error: {{.*}}bad.mlir: 1:23: expected non-function type
func.func @main_graph(%x: tensor<4x8xf32>, %b: tensor<i32>) -> tensor<4x8xf32> {
  %s = arith.constant dense<1.0> : tensor<4x2xf32>
  %z = arith.constant dense<0> : tensor<4x2xi32>
  %s0 = arith.constant dense<1.0> : tensor<f32>
  %z0 = arith.constant dense<0> : tensor<i32>
  %0 = qat.fake_quant %x, %s, %z {bits = 4 : i64, axis = 1 : i64, group_size = 4 : i64} : tensor<4x8xf32>, tensor<4x2xf32>, tensor<4x2xi32> loc("grouped")
  %1 = qat.fake_quant %0, %s0, %z0 {bits = 4 : i64, reciprocal_scale} : tensor<4x8xf32>, tensor<f32>, tensor<i32> loc("torch")
  %2 = qat.fake_quant %1, %s0, %z0 bits(%b) {bits = 8 : i64} : tensor<4x8xf32>, tensor<f32>, tensor<i32>, tensor<i32> loc("switch")
  %3 = nn.gelu %2 approximate = "none" : tensor<4x8xf32> loc("act")
  return %3 : tensor<4x8xf32>
}
