// qat-keep-inner-loops: an innermost loop of more than 16 and fewer than 256
// static iterations inside another loop is kept from LLVM's full unroller
// (which would leave the enclosing loop to be vectorized with gathers).
// RUN: qat-opt %s --qat-keep-inner-loops | FileCheck %s
// RUN: qat-opt %s --qat-keep-inner-loops --convert-scf-to-cf --convert-arith-to-llvm \
// RUN:   --convert-func-to-llvm --convert-cf-to-llvm --qat-loop-annotations-to-llvm \
// RUN:   --reconcile-unrealized-casts | FileCheck %s --check-prefix=LLVM

// CHECK-DAG: #[[UNROLL:.*]] = #llvm.loop_unroll<disable = true>
// CHECK-DAG: #[[KEEP:.*]] = #llvm.loop_annotation<unroll = #[[UNROLL]]>

// CHECK-LABEL: func.func @plane_rows
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:           } {llvm.loop_annotation = #[[KEEP]]}
// CHECK-NOT:     llvm.loop_annotation
// CHECK:         return
// LLVM-LABEL: llvm.func @plane_rows
// LLVM:         llvm.br ^{{.*}} {loop_annotation = #{{.*}}}
// LLVM-NOT:     llvm.loop_annotation
func.func @plane_rows(%x: memref<8x49xf32>, %s: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c49 = arith.constant 49 : index
  scf.for %i = %c0 to %c8 step %c1 {
    scf.for %j = %c0 to %c49 step %c1 {
      %v = memref.load %x[%i, %j] : memref<8x49xf32>
      %k = memref.load %s[%i] : memref<8xf32>
      %m = arith.mulf %v, %k : f32
      memref.store %m, %x[%i, %j] : memref<8x49xf32>
    }
  }
  return
}

// Left alone: a vector's worth or less, 256 or more, a dynamic trip count,
// a loop with nothing around it.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT:     llvm.loop_annotation
// CHECK:         return
func.func @left_alone(%x: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c16 = arith.constant 16 : index
  %c256 = arith.constant 256 : index
  %f = arith.constant 1.0 : f32
  scf.for %i = %c0 to %c2 step %c1 {
    scf.for %j = %c0 to %c16 step %c1 {
      memref.store %f, %x[%j] : memref<?xf32>
    }
    scf.for %j = %c0 to %c256 step %c1 {
      memref.store %f, %x[%j] : memref<?xf32>
    }
    scf.for %j = %c0 to %n step %c1 {
      memref.store %f, %x[%j] : memref<?xf32>
    }
  }
  scf.for %j = %c0 to %c256 step %c16 {
    memref.store %f, %x[%j] : memref<?xf32>
  }
  return
}
