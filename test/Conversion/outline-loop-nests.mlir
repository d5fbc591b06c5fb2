// RUN: qat-opt %s --qat-outline-loop-nests="min-ops=4" | FileCheck %s
// RUN: qat-opt %s --qat-outline-loop-nests | FileCheck %s --check-prefix=SMALL
// RUN: qat-opt %s --qat-outline-loop-nests="min-ops=4" --convert-scf-to-cf --finalize-memref-to-llvm \
// RUN:   --convert-arith-to-llvm --convert-func-to-llvm --qat-outlined-noalias \
// RUN:   --reconcile-unrealized-casts | FileCheck %s --check-prefix=LLVM

// Each top-level loop nest of a public function becomes a call of an
// internal, never-inlined function; constants are cloned in, buffers and
// other values defined above are passed.
// CHECK-LABEL: func.func @model(
// CHECK-SAME: %[[IN:.*]]: memref<64xf32>, %[[OUT:.*]]: memref<64xf32>)
// CHECK: %[[T:.*]] = memref.alloc()
// CHECK: call @model_nest0(%[[IN]], %[[T]])
// CHECK: %[[V:.*]] = memref.subview %[[T]]
// CHECK: call @model_nest1(%[[T]], %[[V]], %[[OUT]])
// CHECK-NOT: scf.for
// CHECK: return
// CHECK: func.func private @model_nest0(%{{.*}}: memref<64xf32>, %{{.*}}: memref<64xf32>)
// CHECK-SAME: passthrough = ["noinline"], qat.noalias_arguments = array<i32: 6>
// CHECK-DAG: arith.constant 0 : index
// CHECK-DAG: arith.constant 64 : index
// CHECK: scf.for
// CHECK: math.exp
// CHECK: return
// CHECK: func.func private @model_nest1({{.*}}) attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"]}

// Nests below min-ops (8 by default; these have 6 and 7) stay where they are.
// SMALL-LABEL: func.func @model(
// SMALL-COUNT-2: scf.for
// SMALL-NOT: call @model_nest

// The alias facts reach the LLVM dialect; only the aligned pointer of the allocation
// the first nest writes is noalias (its input is the caller's buffer); the
// second nest reads two views of one allocation, so neither is.
// LLVM-LABEL: llvm.func internal @model_nest0(
// LLVM-SAME: %arg6: !llvm.ptr {llvm.noalias}
// LLVM-NOT: qat.noalias_arguments
// LLVM-SAME: passthrough = ["noinline"]
// LLVM-LABEL: llvm.func internal @model_nest1(
// LLVM-NOT: llvm.noalias
// LLVM-SAME: passthrough = ["noinline"]
func.func @model(%in: memref<64xf32>, %out: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c32 = arith.constant 32 : index
  %t = memref.alloc() : memref<64xf32>
  scf.for %i = %c0 to %c64 step %c1 {
    %x = memref.load %in[%i] : memref<64xf32>
    %e = math.exp %x : f32
    %y = arith.addf %e, %x : f32
    memref.store %y, %t[%i] : memref<64xf32>
  }
  %v = memref.subview %t[32] [32] [1] : memref<64xf32> to memref<32xf32, strided<[1], offset: 32>>
  scf.for %i = %c0 to %c32 step %c1 {
    %a = memref.load %t[%i] : memref<64xf32>
    %b = memref.load %v[%i] : memref<32xf32, strided<[1], offset: 32>>
    %s = arith.addf %a, %b : f32
    %m = arith.mulf %s, %s : f32
    memref.store %m, %out[%i] : memref<64xf32>
  }
  memref.dealloc %t : memref<64xf32>
  return
}

// Private functions (the outlined ones themselves, kernels) are left alone.
// CHECK-LABEL: func.func private @helper
// CHECK: scf.for
func.func private @helper(%b: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %f = arith.constant 1.0 : f32
  scf.for %i = %c0 to %c8 step %c1 {
    %x = memref.load %b[%i] : memref<8xf32>
    %y = arith.addf %x, %f : f32
    %z = arith.mulf %y, %y : f32
    %w = arith.subf %z, %f : f32
    memref.store %w, %b[%i] : memref<8xf32>
  }
  return
}
