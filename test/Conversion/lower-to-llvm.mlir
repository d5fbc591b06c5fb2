// RUN: qat-opt %s --qat-lower-to-llvm | FileCheck %s

// The whole pipeline ends in the LLVM dialect: results become out-params
// (caller buffers) and nothing of nn, linalg, tensor or memref is left.
// CHECK-LABEL: llvm.func @main_graph
// CHECK-NOT: nn.
// CHECK-NOT: linalg.
// CHECK-NOT: tensor.
// CHECK: llvm.func @_mlir_ciface_main_graph(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
func.func @main_graph(%x: tensor<1x4xf32>) -> tensor<1x4xf32> attributes {llvm.emit_c_interface} {
  %0 = nn.relu %x : tensor<1x4xf32>
  %1 = nn.softmax %0 axis = 1 : tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}
