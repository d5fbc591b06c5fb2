// RUN: qat-opt %s --qat-record-layers | FileCheck %s --check-prefix=RECORD
// RUN: qat-opt %s --qat-record-layers --qat-profile-layers | FileCheck %s

// qat-record-layers: one layer per node name, in program order, with the
// node's op and multiply-adds (the conv: 1 x 3 x 3 x 3 outputs times 2 x 3
// x 3 per filter = 486; the matmul: 3 x 4 outputs times K = 5); constants
// (the weight "w") are no layer.
// RECORD: module attributes {qat.layers = [{macs = 486 : i64, name = "c1", op = "nn.conv"}, {macs = 0 : i64, name = "r1", op = "nn.relu"}, {macs = 60 : i64, name = "m1", op = "nn.matmul"}]}

// qat-profile-layers: a mark before the first op of each layer's run (c1
// = 0, r1 = 1, c1 again after it = 0, m1 = 2), none for constants, -1
// before the return; the table as the JSON string qat_profile_layers()
// returns.
// CHECK-LABEL: func.func @main
// CHECK: %[[C0:.*]] = arith.constant 0 : i32
// CHECK-NEXT: call @qat_prof_mark(%[[C0]]) : (i32) -> ()
// CHECK-NEXT: nn.conv
// CHECK: %[[C1:.*]] = arith.constant 1 : i32
// CHECK-NEXT: call @qat_prof_mark(%[[C1]])
// CHECK-NEXT: nn.relu
// CHECK-NEXT: %[[C0B:.*]] = arith.constant 0 : i32
// CHECK-NEXT: call @qat_prof_mark(%[[C0B]])
// CHECK-NEXT: nn.add
// CHECK-NEXT: %[[C2:.*]] = arith.constant 2 : i32
// CHECK-NEXT: call @qat_prof_mark(%[[C2]])
// CHECK-NEXT: nn.matmul
// CHECK-NEXT: %[[END:.*]] = arith.constant -1 : i32
// CHECK-NEXT: call @qat_prof_mark(%[[END]])
// CHECK-NEXT: return
// CHECK: func.func private @qat_prof_mark(i32)
// CHECK: llvm.mlir.global internal constant @qat_profile_layers_json("[{\22macs\22:486,\22name\22:\22c1\22,\22op\22:\22nn.conv\22},{\22macs\22:0,\22name\22:\22r1\22,\22op\22:\22nn.relu\22},{\22macs\22:60,\22name\22:\22m1\22,\22op\22:\22nn.matmul\22}]\00")
// CHECK: llvm.func @qat_profile_layers() -> !llvm.ptr
// CHECK-NEXT: llvm.mlir.addressof @qat_profile_layers_json
// CHECK-NEXT: llvm.return
// CHECK-NOT: qat.layers
func.func @main(%x: tensor<1x2x5x5xf32>, %a: tensor<3x5xf32>, %b: tensor<5x4xf32>) -> (tensor<1x3x3x3xf32>, tensor<3x4xf32>) {
  %w = arith.constant dense<1.0> : tensor<3x2x3x3xf32> loc("w")
  %y = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x3x3xf32> loc("c1")
  %z = nn.relu %y : tensor<1x3x3x3xf32> loc("r1")
  %s = nn.add %z, %y : (tensor<1x3x3x3xf32>, tensor<1x3x3x3xf32>) -> tensor<1x3x3x3xf32> loc(fused["c1", "r1"])
  %m = nn.matmul %a, %b : (tensor<3x5xf32>, tensor<5x4xf32>) -> tensor<3x4xf32> loc("m1")
  return %s, %m : tensor<1x3x3x3xf32>, tensor<3x4xf32>
}
