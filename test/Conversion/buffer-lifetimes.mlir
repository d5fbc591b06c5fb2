// RUN: qat-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(qat-buffer-lifetimes))' | FileCheck %s

// Two layers' buffers allocated up front and freed at the end (as
// buffer-deallocation-pipeline leaves them): each moves to right before its
// first use and its deallocation to right after its last, through views.
// CHECK-LABEL: func.func @layers
// CHECK-NEXT: %[[A:.*]] = memref.alloc() : memref<16xf32>
// CHECK-NEXT: call @produce(%[[A]])
// CHECK-NEXT: %[[B:.*]] = memref.alloc() : memref<16xf32>
// CHECK-NEXT: call @consume(%[[A]], %[[B]])
// CHECK-NEXT: %[[V:.*]] = memref.expand_shape %[[A]]
// CHECK-NEXT: call @read2d(%[[V]])
// CHECK-NEXT: memref.dealloc %[[A]]
// CHECK-NEXT: call @consume(%[[B]], %arg0)
// CHECK-NEXT: memref.dealloc %[[B]]
// CHECK-NEXT: return
func.func private @produce(memref<16xf32>)
func.func private @consume(memref<16xf32>, memref<16xf32>)
func.func private @read2d(memref<4x4xf32>)
func.func @layers(%out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  call @produce(%a) : (memref<16xf32>) -> ()
  call @consume(%a, %b) : (memref<16xf32>, memref<16xf32>) -> ()
  %v = memref.expand_shape %a [[0, 1]] output_shape [4, 4] : memref<16xf32> into memref<4x4xf32>
  call @read2d(%v) : (memref<4x4xf32>) -> ()
  call @consume(%b, %out) : (memref<16xf32>, memref<16xf32>) -> ()
  memref.dealloc %a : memref<16xf32>
  memref.dealloc %b : memref<16xf32>
  return
}

// -----

// A use inside a loop counts at the loop: the buffer lives until it ends.
// CHECK-LABEL: func.func @nested
// CHECK: scf.for
// CHECK: memref.store
// CHECK: }
// CHECK-NEXT: memref.dealloc
// CHECK-NEXT: call @later
func.func private @later()
func.func @nested(%x: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() : memref<4xf32>
  scf.for %i = %c0 to %c4 step %c1 {
    memref.store %x, %a[%i] : memref<4xf32>
  }
  call @later() : () -> ()
  memref.dealloc %a : memref<4xf32>
  return
}

// -----

// Left alone: the address taken as an integer (it may be used anywhere), and
// a returned buffer (no deallocation to move).
// CHECK-LABEL: func.func @escapes
// CHECK: memref.alloc() : memref<4xf32>
// CHECK-NEXT: memref.alloc() : memref<8xf32>
// CHECK-NEXT: memref.extract_aligned_pointer_as_index
// CHECK-NEXT: call @later
// CHECK-NEXT: memref.dealloc
// CHECK-NEXT: return
func.func private @later()
func.func @escapes() -> (index, memref<8xf32>) {
  %a = memref.alloc() : memref<4xf32>
  %r = memref.alloc() : memref<8xf32>
  %p = memref.extract_aligned_pointer_as_index %a : memref<4xf32> -> index
  call @later() : () -> ()
  memref.dealloc %a : memref<4xf32>
  return %p, %r : index, memref<8xf32>
}

// -----

// Allocated and freed, never used: both go.
// CHECK-LABEL: func.func @unused
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.dealloc
// CHECK: return
func.func @unused() {
  %a = memref.alloc() : memref<4xf32>
  memref.dealloc %a : memref<4xf32>
  return
}

// -----

// Yielded out of a region (the scf.if's result is the buffer too): left
// alone, and so is a buffer stored as a value into another (which itself
// is freed after the store, its last use).
// CHECK-LABEL: func.func @yielded
// CHECK: %[[A:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT: %[[S:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT: %[[BOX:.*]] = memref.alloc() : memref<1xmemref<4xf32>>
// CHECK-NEXT: memref.store %[[S]], %[[BOX]]
// CHECK-NEXT: memref.dealloc %[[BOX]]
// CHECK: call @later
// CHECK-NEXT: memref.dealloc %[[A]]
// CHECK-NEXT: memref.dealloc %[[S]]
// CHECK-NEXT: return
func.func private @later()
func.func private @read(memref<4xf32>)
func.func @yielded(%c: i1) {
  %c0 = arith.constant 0 : index
  %a = memref.alloc() : memref<4xf32>
  %s = memref.alloc() : memref<4xf32>
  %box = memref.alloc() : memref<1xmemref<4xf32>>
  memref.store %s, %box[%c0] : memref<1xmemref<4xf32>>
  %r = scf.if %c -> memref<4xf32> {
    scf.yield %a : memref<4xf32>
  } else {
    scf.yield %a : memref<4xf32>
  }
  call @read(%r) : (memref<4xf32>) -> ()
  call @later() : () -> ()
  memref.dealloc %a : memref<4xf32>
  memref.dealloc %s : memref<4xf32>
  memref.dealloc %box : memref<1xmemref<4xf32>>
  return
}
