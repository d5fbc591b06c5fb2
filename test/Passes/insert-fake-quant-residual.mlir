// RUN: qat-opt %s --qat-insert-fake-quant="quantize-residual-add" | FileCheck %s

// Residual additions of two activations (and only those) get quantizers;
// a matmul of two activations quantizes both.
// CHECK-LABEL: func.func @residual
// CHECK: qat.parameter "mm.input_scale"
// CHECK: qat.parameter "mm.input1_scale"
// CHECK: nn.matmul
// CHECK: qat.parameter "res.input0_scale"
// CHECK: qat.parameter "res.input1_scale"
// CHECK: nn.add
// CHECK-NOT: qat.fake_quant
// CHECK: return
func.func @residual(%x: tensor<4x4xf32>, %y: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %c = arith.constant dense<1.0> : tensor<4x4xf32>
  %0 = nn.matmul %x, %y : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32> loc("mm")
  %1 = nn.add %0, %x : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32> loc("res")
  %2 = nn.add %1, %c : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32> loc("bias")
  return %2 : tensor<4x4xf32>
}
