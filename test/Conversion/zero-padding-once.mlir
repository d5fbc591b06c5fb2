// RUN: qat-opt %s --split-input-file --qat-zero-padding-once | FileCheck %s

// A padded input: zero fill, the interior written (not read), then read,
// then freed. The fill goes and the allocation is marked with its site:
// the pool keeps its block for it, the border still zero.
// CHECK-LABEL: func.func @padded
// CHECK: memref.alloc() {qat.kept_buffer_site = 1 : i64} : memref<1x2x6x6xi8>
// CHECK-NOT: linalg.fill
// CHECK: return
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @padded(%x: memref<1x2x4x4xi8>, %y: memref<1x2x6x6xi8>) {
  %c0 = arith.constant 0 : i8
  %p = memref.alloc() : memref<1x2x6x6xi8>
  linalg.fill ins(%c0 : i8) outs(%p : memref<1x2x6x6xi8>)
  %v = memref.subview %p[0, 0, 1, 1] [1, 2, 4, 4] [1, 1, 1, 1] : memref<1x2x6x6xi8> to memref<1x2x4x4xi8, strided<[72, 36, 6, 1], offset: 7>>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : memref<1x2x4x4xi8>) outs(%v : memref<1x2x4x4xi8, strided<[72, 36, 6, 1], offset: 7>>) {
  ^bb0(%in: i8, %out: i8):
    linalg.yield %in : i8
  }
  memref.copy %p, %y : memref<1x2x6x6xi8> to memref<1x2x6x6xi8>
  memref.dealloc %p : memref<1x2x6x6xi8>
  return
}

// -----

// Written through a call whose body only stores to it (a generated kernel),
// read by one that only loads, under the qat_isa() dispatch: marked too.
// CHECK-LABEL: func.func @kernel_calls
// CHECK: %[[P:.*]] = memref.alloc() {qat.kept_buffer_site = 1 : i64}
// CHECK-NOT: outs(%[[P]] : memref<20xi8>)
// CHECK: call @writer
func.func private @qat_isa() -> i32
func.func private @writer(%out: memref<16xi8, strided<[1], offset: ?>>) {
  %c0 = arith.constant 0 : index
  %v = arith.constant dense<3> : vector<16xi8>
  vector.store %v, %out[%c0] : memref<16xi8, strided<[1], offset: ?>>, vector<16xi8>
  return
}
func.func private @reader(%in: memref<20xi8>, %out: memref<4xi8>) {
  %c0 = arith.constant 0 : index
  %v = vector.load %in[%c0] : memref<20xi8>, vector<4xi8>
  vector.store %v, %out[%c0] : memref<4xi8>, vector<4xi8>
  return
}
func.func @kernel_calls(%y: memref<4xi8>) {
  %c0 = arith.constant 0 : i8
  %p = memref.alloc() : memref<20xi8>
  linalg.fill ins(%c0 : i8) outs(%p : memref<20xi8>)
  %v = memref.subview %p[2] [16] [1] : memref<20xi8> to memref<16xi8, strided<[1], offset: 2>>
  %cast = memref.cast %v : memref<16xi8, strided<[1], offset: 2>> to memref<16xi8, strided<[1], offset: ?>>
  %level = func.call @qat_isa() : () -> i32
  %c3 = arith.constant 3 : i32
  %vnni = arith.cmpi sge, %level, %c3 : i32
  scf.if %vnni {
    func.call @writer(%cast) : (memref<16xi8, strided<[1], offset: ?>>) -> ()
  } else {
    %x = arith.constant 3 : i8
    linalg.fill ins(%x : i8) outs(%v : memref<16xi8, strided<[1], offset: 2>>)
  }
  func.call @reader(%p, %y) : (memref<20xi8>, memref<4xi8>) -> ()
  memref.dealloc %p : memref<20xi8>
  return
}

// -----

// Each of these keeps its fill (but @whole_write): read before the interior
// is written (the read would see the last call's interior); a fill that is
// not zero; returned (no deallocation); passed to an external
// function; written under a condition that is not the ISA dispatch.
// CHECK-LABEL: func.func @read_before_write
// CHECK-NOT: qat.kept_buffer_site
// CHECK: linalg.fill
#id = affine_map<(d0) -> (d0)>
func.func @read_before_write(%x: memref<4xi8>, %y: memref<6xi8>) {
  %c0 = arith.constant 0 : i8
  %p = memref.alloc() : memref<6xi8>
  linalg.fill ins(%c0 : i8) outs(%p : memref<6xi8>)
  memref.copy %p, %y : memref<6xi8> to memref<6xi8>
  %v = memref.subview %p[1] [4] [1] : memref<6xi8> to memref<4xi8, strided<[1], offset: 1>>
  memref.copy %x, %v : memref<4xi8> to memref<4xi8, strided<[1], offset: 1>>
  memref.copy %p, %y : memref<6xi8> to memref<6xi8>
  memref.dealloc %p : memref<6xi8>
  return
}

// Written whole before it is read: the fill was dead, and goes too.
// CHECK-LABEL: func.func @whole_write
// CHECK: memref.alloc() {qat.kept_buffer_site = {{[0-9]+}} : i64}
// CHECK-NOT: linalg.fill
func.func @whole_write(%x: memref<6xi8>, %y: memref<6xi8>) {
  %c0 = arith.constant 0 : i8
  %p = memref.alloc() : memref<6xi8>
  linalg.fill ins(%c0 : i8) outs(%p : memref<6xi8>)
  memref.copy %x, %p : memref<6xi8> to memref<6xi8>
  memref.copy %p, %y : memref<6xi8> to memref<6xi8>
  memref.dealloc %p : memref<6xi8>
  return
}

// CHECK-LABEL: func.func @nonzero_fill
// CHECK-NOT: qat.kept_buffer_site
// CHECK: linalg.fill
func.func @nonzero_fill(%x: memref<4xi8>, %y: memref<6xi8>) {
  %c1 = arith.constant 1 : i8
  %p = memref.alloc() : memref<6xi8>
  linalg.fill ins(%c1 : i8) outs(%p : memref<6xi8>)
  %v = memref.subview %p[1] [4] [1] : memref<6xi8> to memref<4xi8, strided<[1], offset: 1>>
  memref.copy %x, %v : memref<4xi8> to memref<4xi8, strided<[1], offset: 1>>
  memref.copy %p, %y : memref<6xi8> to memref<6xi8>
  memref.dealloc %p : memref<6xi8>
  return
}

// CHECK-LABEL: func.func @returned
// CHECK-NOT: qat.kept_buffer_site
// CHECK: linalg.fill
func.func @returned(%x: memref<4xi8>) -> memref<6xi8> {
  %c0 = arith.constant 0 : i8
  %p = memref.alloc() : memref<6xi8>
  linalg.fill ins(%c0 : i8) outs(%p : memref<6xi8>)
  %v = memref.subview %p[1] [4] [1] : memref<6xi8> to memref<4xi8, strided<[1], offset: 1>>
  memref.copy %x, %v : memref<4xi8> to memref<4xi8, strided<[1], offset: 1>>
  return %p : memref<6xi8>
}

// CHECK-LABEL: func.func @external_call
// CHECK-NOT: qat.kept_buffer_site
// CHECK: linalg.fill
func.func private @unknown(memref<6xi8>)
func.func @external_call(%x: memref<4xi8>) {
  %c0 = arith.constant 0 : i8
  %p = memref.alloc() : memref<6xi8>
  linalg.fill ins(%c0 : i8) outs(%p : memref<6xi8>)
  %v = memref.subview %p[1] [4] [1] : memref<6xi8> to memref<4xi8, strided<[1], offset: 1>>
  memref.copy %x, %v : memref<4xi8> to memref<4xi8, strided<[1], offset: 1>>
  func.call @unknown(%p) : (memref<6xi8>) -> ()
  memref.dealloc %p : memref<6xi8>
  return
}

// CHECK-LABEL: func.func @conditional_write
// CHECK-NOT: qat.kept_buffer_site
// CHECK: linalg.fill
func.func @conditional_write(%x: memref<4xi8>, %y: memref<6xi8>, %flag: i1) {
  %c0 = arith.constant 0 : i8
  %p = memref.alloc() : memref<6xi8>
  linalg.fill ins(%c0 : i8) outs(%p : memref<6xi8>)
  %v = memref.subview %p[1] [4] [1] : memref<6xi8> to memref<4xi8, strided<[1], offset: 1>>
  scf.if %flag {
    memref.copy %x, %v : memref<4xi8> to memref<4xi8, strided<[1], offset: 1>>
  }
  memref.copy %p, %y : memref<6xi8> to memref<6xi8>
  memref.dealloc %p : memref<6xi8>
  return
}
