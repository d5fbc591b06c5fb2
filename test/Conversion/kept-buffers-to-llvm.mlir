// RUN: qat-opt %s --qat-kept-buffers-to-llvm --finalize-memref-to-llvm="use-aligned-alloc use-generic-functions" --convert-func-to-llvm --reconcile-unrealized-casts | FileCheck %s

// An allocation marked by qat-zero-padding-once takes its block from the
// pool's list for its site (alignment, bytes rounded up to it, site); an
// unmarked one is the pool's plain allocation; both are freed the same way.
// CHECK-LABEL: llvm.func @kept
// CHECK-DAG: %[[A:.*]] = llvm.mlir.constant(64 : i64) : i64
// CHECK-DAG: %[[N:.*]] = llvm.mlir.constant(192 : i64) : i64
// CHECK-DAG: %[[S:.*]] = llvm.mlir.constant(3 : i64) : i64
// CHECK: llvm.call @qat_buffer_alloc_kept(%[[A]], %[[N]], %[[S]]) : (i64, i64, i64) -> !llvm.ptr
// CHECK: llvm.call @_mlir_memref_to_llvm_aligned_alloc
// CHECK: llvm.call @_mlir_memref_to_llvm_free
// CHECK: llvm.call @_mlir_memref_to_llvm_free
func.func @kept(%i: index) -> i8 {
  %p = memref.alloc() {alignment = 64 : i64, qat.kept_buffer_site = 3 : i64} : memref<2x3x30xi8>
  %q = memref.alloc() : memref<8xi8>
  %c0 = arith.constant 0 : index
  %v = memref.load %p[%c0, %c0, %i] : memref<2x3x30xi8>
  memref.store %v, %q[%c0] : memref<8xi8>
  memref.dealloc %p : memref<2x3x30xi8>
  memref.dealloc %q : memref<8xi8>
  return %v : i8
}
