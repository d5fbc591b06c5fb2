// RUN: qat-opt %s --qat-outline-loop-nests="min-parallel-work=1000" | FileCheck %s
// RUN: qat-opt %s --qat-outline-loop-nests="min-parallel-work=1000" --convert-scf-to-cf \
// RUN:   --finalize-memref-to-llvm --convert-arith-to-llvm --convert-index-to-llvm \
// RUN:   --convert-func-to-llvm --qat-parallel-calls --reconcile-unrealized-casts \
// RUN:   | FileCheck %s --check-prefix=LLVM

// A marked loop of enough work becomes a function of its range: the values
// it uses, then its bounds; the step is the function's qat.parallel_range.
// A marked loop of little work (64 x 2 operations here) is outlined as any
// nest; the marks are gone.
// CHECK-LABEL: func.func @model(
// CHECK-SAME: %[[IN:.*]]: memref<4096xf32>, %[[OUT:.*]]: memref<4096xf32>
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C4096:.*]] = arith.constant 4096 : index
// CHECK: call @model_nest0(%[[IN]], %[[OUT]], %[[C0]], %[[C4096]])
// CHECK: call @model_nest1(%[[OUT]])
// CHECK: func.func private @model_nest0(%[[A:.*]]: memref<4096xf32>, %[[B:.*]]: memref<4096xf32>, %[[LO:.*]]: index, %[[HI:.*]]: index)
// CHECK-SAME: qat.parallel_range = 4 : i64
// CHECK: scf.for %{{.*}} = %[[LO]] to %[[HI]] step %{{.*}} {
// CHECK-NOT: qat.parallel}
// CHECK: func.func private @model_nest1(
// CHECK-NOT: qat.parallel_range
// CHECK-NOT: qat.parallel}
func.func @model(%in: memref<4096xf32>, %out: memref<4096xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c4096 = arith.constant 4096 : index
  scf.for %i = %c0 to %c4096 step %c4 {
    %x = memref.load %in[%i] : memref<4096xf32>
    %e = math.exp %x : f32
    %y = arith.addf %e, %x : f32
    %z = arith.mulf %y, %y : f32
    memref.store %z, %out[%i] : memref<4096xf32>
  } {qat.parallel}
  scf.for %i = %c0 to %c64 step %c1 {
    %x = memref.load %out[%i] : memref<4096xf32>
    %e = math.exp %x : f32
    %y = arith.addf %e, %x : f32
    %z = arith.mulf %y, %y : f32
    %w = arith.mulf %z, %y : f32
    %v = arith.mulf %w, %y : f32
    memref.store %v, %out[%i] : memref<4096xf32>
  } {qat.parallel}
  return
}

// In a private function with a body (an integer kernel's), only the marked
// loop is outlined, and the function's target features go with it.
// CHECK-LABEL: func.func private @kernel(
// CHECK: call @kernel_nest0(
// CHECK: func.func private @kernel_nest0(
// CHECK-SAME: qat.parallel_range = 1 : i64
// CHECK-SAME: target_features = #llvm.target_features<["+avx2"]>
func.func private @kernel(%b: memref<2048xf32>) attributes {target_features = #llvm.target_features<["+avx2"]>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2048 = arith.constant 2048 : index
  %f = arith.constant 1.0 : f32
  scf.for %i = %c0 to %c2048 step %c1 {
    %x = memref.load %b[%i] : memref<2048xf32>
    %y = arith.addf %x, %f : f32
    memref.store %y, %b[%i] : memref<2048xf32>
  } {qat.parallel}
  return
}

// In the LLVM dialect the call becomes qat_parallel_range(lo, hi, step,
// trampoline, arguments): the arguments stored into a struct allocated in
// the entry block, which the trampoline loads and passes on with its
// sub-range.
// LLVM-LABEL: llvm.func @model(
// LLVM: %[[ONE:.*]] = llvm.mlir.constant(1 : i64) : i64
// LLVM: %[[ARGS:.*]] = llvm.alloca %[[ONE]] x !llvm.struct<(ptr, ptr, i64, i64, i64, ptr, ptr, i64, i64, i64)>
// LLVM-COUNT-10: llvm.store
// LLVM: %[[FN:.*]] = llvm.mlir.addressof @model_nest0_range : !llvm.ptr
// LLVM: %[[STEP:.*]] = llvm.mlir.constant(4 : i64) : i64
// LLVM: llvm.call @qat_parallel_range(%{{.*}}, %{{.*}}, %[[STEP]], %[[FN]], %[[ARGS]])
// LLVM: llvm.call @model_nest1(
// LLVM-LABEL: llvm.func internal @model_nest0_range(%arg0: !llvm.ptr, %arg1: i64, %arg2: i64)
// LLVM-COUNT-10: llvm.load
// LLVM: llvm.call @model_nest0({{.*}}, %arg1, %arg2)
// LLVM: llvm.func @qat_parallel_range(i64, i64, i64, !llvm.ptr, !llvm.ptr)
