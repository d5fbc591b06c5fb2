// RUN: qat-opt %s --split-input-file --qat-integer-kernels | FileCheck %s

// (The GEMM bodies are placeholders: the pass reads the operands and the
// marker, the generic stays as the generic-level branch.)
// A marked integer GEMM on buffers becomes a dispatch on qat_isa(): the
// generated VNNI kernel (level >= 3), the AVX2 kernel (>= 1), or the
// generic loops. With 8-bit weights (pair_bound 2 * 255 * 127 > 32767) the
// AVX2 kernel splits the weights into nibbles; each kernel carries its own
// target features. The VNNI kernel covers the rows in 8-row tiles (16 zmm
// accumulators) and the last 4 rows in a 4-row tile.
// CHECK-LABEL: func.func @gemm
// CHECK: %[[L:.*]] = call @qat_isa() : () -> i32
// CHECK: arith.cmpi sge, %[[L]], %{{.*}} : i32
// CHECK: scf.if
// CHECK: func.call @qat_int_gemm_vnni_ur_12x8x32(%arg0, %arg1, %arg2)
// CHECK: } else {
// CHECK: scf.if
// CHECK: func.call @qat_int_gemm_avx2_split_ur_12x8x32(%arg0, %arg1, %arg2)
// CHECK: } else {
// CHECK: linalg.generic
// CHECK-NOT: qat.int_gemm
// CHECK-LABEL: func.func private @qat_int_gemm_vnni_ur_12x8x32
// CHECK-SAME: target_features = #llvm.target_features<["+avx512f", "+avx512bw", "+avx512vnni"]>
// CHECK: scf.for
// CHECK: scf.for %{{.*}} = %{{.*}} to %c8 step %c8
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>)
// CHECK: vector.load %arg1[{{.*}}] : memref<2x32xi32>, vector<16xi32>
// CHECK: vector.broadcast %{{.*}} : i32 to vector<16xi32>
// CHECK-COUNT-16: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK: scf.for %{{.*}} = %c8{{.*}} to %c12 step %c4
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>)
// CHECK-COUNT-8: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK-NOT: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK: return
// CHECK-LABEL: func.func private @qat_int_gemm_avx2_split_ur_12x8x32
// CHECK-SAME: target_features = #llvm.target_features<["+avx2"]>
// CHECK: arith.shrsi
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pmadd.ub.sw"
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d2 floordiv 4, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @gemm(%a: memref<12x8xi8>, %w: memref<2x32xi32>, %c: memref<12x32xi32>) {
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<12x8xi8>, memref<2x32xi32>) outs(%c : memref<12x32xi32>) attrs = {qat.int_gemm = {pair_bound = 64770 : i64, rows_unsigned = true}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extui %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  return
}

// -----

// 4-bit weights (pair_bound 2 * 15 * 8): vpmaddubsw cannot saturate, no
// split. Signed rows (the weights of a convolution): the column words are
// vpmaddubsw's unsigned operand. One kernel per shape, shared by the two
// GEMMs.
// CHECK-LABEL: func.func @small_weights
// CHECK: func.call @qat_int_gemm_avx2_sr_8x8x32
// CHECK: func.call @qat_int_gemm_avx2_sr_8x8x32
// CHECK-LABEL: func.func private @qat_int_gemm_avx2_sr_8x8x32
// CHECK-NOT: arith.shrsi
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pmadd.ub.sw"
// CHECK-NOT: func.func private @qat_int_gemm_avx2_sr_8x8x32
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d2 floordiv 4, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @small_weights(%a: memref<8x8xi8>, %w: memref<2x32xi32>, %c: memref<8x32xi32>, %d: memref<8x32xi32>) {
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<8x8xi8>, memref<2x32xi32>) outs(%c : memref<8x32xi32>) attrs = {qat.int_gemm = {pair_bound = 240 : i64, rows_unsigned = false}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extui %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<8x8xi8>, memref<2x32xi32>) outs(%d : memref<8x32xi32>) attrs = {qat.int_gemm = {pair_bound = 240 : i64, rows_unsigned = false}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extui %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  return
}

// -----

// Panel-major weight words [N / 32, K / 4, 32] (matrix products): the
// kernel reads the panel of its column tile (the AVX2 tile is half a
// panel: c0 mod 32 picks the half).
// CHECK-LABEL: func.func private @qat_int_gemm_avx2_ur_4x8x64
// CHECK: %[[P:.*]] = arith.divui %{{.*}}, %{{.*}} : index
// CHECK: %[[H:.*]] = arith.remui %{{.*}}, %{{.*}} : index
// CHECK: %[[O:.*]] = arith.addi %[[H]], %{{.*}} : index
// CHECK: vector.load %arg1[%[[P]], %{{.*}}, %[[O]]] : memref<2x2x32xi32>, vector<8xi32>
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d1 floordiv 32, d2 floordiv 4, d1 mod 32)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @panels(%a: memref<4x8xi8>, %w: memref<2x2x32xi32>, %c: memref<4x64xi32>) {
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<4x8xi8>, memref<2x2x32xi32>) outs(%c : memref<4x64xi32>) attrs = {qat.int_gemm = {pair_bound = 240 : i64, rows_unsigned = true}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extui %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  return
}

// -----

// C zero-filled just before the GEMM: the kernels start from zero ("z"),
// and only the portable branch keeps the fill.
// CHECK-LABEL: func.func @zero_start
// CHECK: func.call @qat_int_gemm_vnni_ur_z_4x8x32
// CHECK: func.call @qat_int_gemm_avx2_ur_z_4x8x32
// CHECK: } else {
// CHECK-NEXT: linalg.fill
// CHECK-NEXT: linalg.generic
// CHECK-LABEL: func.func private @qat_int_gemm_vnni_ur_z_4x8x32
// CHECK-NOT: vector.load %arg2
// CHECK: vector.store
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d2 floordiv 4, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @zero_start(%a: memref<4x8xi8>, %w: memref<2x32xi32>, %c: memref<4x32xi32>) {
  %z = arith.constant 0 : i32
  linalg.fill ins(%z : i32) outs(%c : memref<4x32xi32>)
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<4x8xi8>, memref<2x32xi32>) outs(%c : memref<4x32xi32>) attrs = {qat.int_gemm = {pair_bound = 240 : i64, rows_unsigned = true}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extui %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  return
}

// -----

// A depthwise convolution (stride 2, output rows of 20 = one whole tile
// and a masked tail of 4): the AVX-512 kernel (level >= 2), the AVX2
// kernel, or the loops. Per tap one 32-byte row load (unmasked in the
// whole tile, a masked transfer in the tail) keeps every second byte,
// widens to i32 and multiplies by the tap's broadcast weight.
// CHECK-LABEL: func.func @depthwise
// CHECK: %[[L:.*]] = call @qat_isa() : () -> i32
// CHECK: func.call @qat_int_dw_vnni_u_3x41x41_k3x3_s2x2_d1x1_n1(%arg0, %arg1, %arg2)
// CHECK: func.call @qat_int_dw_avx512_u_3x41x41_k3x3_s2x2_d1x1_n1(%arg0, %arg1, %arg2)
// CHECK: func.call @qat_int_dw_avx2_u_3x41x41_k3x3_s2x2_d1x1_n1(%arg0, %arg1, %arg2)
// CHECK: } else {
// CHECK-NEXT: linalg.generic
// With VNNI (unsigned levels, a row of three taps in a word): per row of
// taps one masked load of the 31 bytes the 16 columns read, vpermd to start
// 128-bit lane k at column 4k's window, vpshufb to each column's taps
// (stride 2: bytes 0 1 2, 2 3 4, 4 5 6, 6 7 8 of the lane), one vpdpbusd
// with the row's weight word. The masked tail tile (4 columns from 16)
// takes the same rows, its loads stopping at the row's end (9 bytes from
// column 32), its store masked; nothing widens tap by tap.
// CHECK-LABEL: func.func private @qat_int_dw_vnni_u_3x41x41_k3x3_s2x2_d1x1_n1
// CHECK-SAME: target_features = #llvm.target_features<["+avx512f", "+avx512bw", "+avx512vnni"]>
// CHECK-NOT: arith.extui {{.*}} : vector<16xi8> to vector<16xi32>
// CHECK: vector.maskedload %arg0[{{.*}}], %{{.*}}, %{{.*}} : memref<1x3x41x41xi8>, vector<64xi1>, vector<64xi8> into vector<64xi8>
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.permvar.si.512"
// CHECK: arith.constant dense<[0, 1, 2, -128, 2, 3, 4, -128, 4, 5, 6, -128, 6, 7, 8, -128,
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.pshuf.b.512"
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK: scf.for %{{.*}} = %c16{{.*}} to %c20
// CHECK: arith.constant dense<[true, true, true, true, true, true, true, true, true, false,
// CHECK: vector.maskedload %arg0
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK-NOT: arith.extui {{.*}} : vector<16xi8> to vector<16xi32>
// CHECK: vector.transfer_write %{{.*}}, %arg2
// CHECK-LABEL: func.func private @qat_int_dw_avx512_u_3x41x41_k3x3_s2x2_d1x1_n1
// CHECK-SAME: target_features = #llvm.target_features<["+avx512f", "+avx512bw"]>
// CHECK-COUNT-9: vector.broadcast %{{.*}} : i32 to vector<16xi32>
// CHECK: scf.for
// CHECK: vector.load %arg2{{.*}} : memref<1x3x20x20xi32>, vector<16xi32>
// CHECK: vector.load %arg0{{.*}} : memref<1x3x41x41xi8>, vector<32xi8>
// CHECK: vector.shuffle {{.*}} [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]
// CHECK: arith.extui {{.*}} : vector<16xi8> to vector<16xi32>
// CHECK: vector.store
// CHECK: scf.for
// CHECK: vector.transfer_read %arg0{{.*}} : memref<1x3x41x41xi8>, vector<32xi8>
// CHECK: vector.transfer_write
// CHECK-LABEL: func.func private @qat_int_dw_avx2_u_3x41x41_k3x3_s2x2_d1x1_n1
// CHECK-SAME: target_features = #llvm.target_features<["+avx2"]>
#x = affine_map<(n, c, y, x, ky, kx) -> (n, c, y * 2 + ky, x * 2 + kx)>
#k = affine_map<(n, c, y, x, ky, kx) -> (c, ky, kx)>
#o = affine_map<(n, c, y, x, ky, kx) -> (n, c, y, x)>
func.func @depthwise(%in: memref<1x3x41x41xi8>, %w: memref<3x3x3xi8>, %out: memref<1x3x20x20xi32>) {
  linalg.generic {indexing_maps = [#x, #k, #o], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%in, %w : memref<1x3x41x41xi8>, memref<3x3x3xi8>) outs(%out : memref<1x3x20x20xi32>) attrs = {qat.int_depthwise = {dilations = array<i64: 1, 1>, strides = array<i64: 2, 2>, x_unsigned = true}} {
  ^bb0(%x: i8, %y: i8, %acc: i32):
    %0 = arith.extui %x : i8 to i32
    %1 = arith.extsi %y : i8 to i32
    %2 = arith.muli %0, %1 : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  return
}

// -----

// 4-bit weights two per byte (`field_bits = 4`, words of eight K): per word load
// the kernel moves the low nibbles to the top of their bytes (<< 4, & 0xF0F0F0F0
// = -252645136), then masks the high ones where they are: each byte is 16
// times its signed field, so the sums start at zero, are 16 times the true
// ones (16 K 255 8 < 2^31) and are shifted back (>> 4, exact) before C's
// start is added. The rows' quadruples at k and k + 4 meet the two fields.
// CHECK-LABEL: func.func private @qat_int_gemm_vnni_ur_n4h_4x16x32
// CHECK: %[[C:.*]] = vector.load %arg2[{{.*}}] : memref<4x32xi32>, vector<16xi32>
// CHECK: %[[ZERO:.*]] = arith.constant dense<0> : vector<16xi32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[ZERO]],
// CHECK: %[[W:.*]] = vector.load %arg1[{{.*}}] : memref<1x2x32xi32>, vector<16xi32>
// CHECK: %[[FOUR:.*]] = arith.constant dense<4> : vector<16xi32>
// CHECK: %[[LOW:.*]] = arith.shli %[[W]], %[[FOUR]] : vector<16xi32>
// CHECK: %[[TOP:.*]] = arith.constant dense<-252645136> : vector<16xi32>
// CHECK: arith.andi %[[LOW]], %[[TOP]] : vector<16xi32>
// CHECK-NOT: arith.xori
// CHECK-COUNT-8: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK: arith.andi %[[W]], %{{.*}} : vector<16xi32>
// CHECK-COUNT-8: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK: scf.yield
// CHECK: %[[SUM:.*]] = arith.shrsi %{{.*}}#0, %{{.*}} : vector<16xi32>
// CHECK: arith.addi %[[SUM]], %[[C]] : vector<16xi32>
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d1 floordiv 32, d2 floordiv 8, d1 mod 32)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @nibbles(%a: memref<4x16xi8>, %w: memref<1x2x32xi32>, %c: memref<4x32xi32>) {
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<4x16xi8>, memref<1x2x32xi32>) outs(%c : memref<4x32xi32>) attrs = {qat.int_gemm = {field_bits = 4 : i64, pair_bound = 4080 : i64, rows_unsigned = true}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extui %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  return
}

// -----

// When 16 times the largest sum could reach 2^31 (pair_bound 2^24: 16 K
// 2^23 >= 2^31), the fields are sign-extended in place instead
// ((n & 0x0F0F0F0F) ^ 8 - 8 per byte) and the sums are the true ones.
// CHECK-LABEL: func.func private @qat_int_gemm_vnni_ur_n4_4x16x32
// CHECK: %[[W:.*]] = vector.load %arg1[{{.*}}] : memref<1x2x32xi32>, vector<16xi32>
// CHECK: arith.andi %[[W]], %{{.*}} : vector<16xi32>
// CHECK: arith.xori %{{.*}} : vector<64xi8>
// CHECK: arith.subi %{{.*}} : vector<64xi8>
// CHECK-COUNT-8: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK: arith.shrui %[[W]], %{{.*}} : vector<16xi32>
// CHECK-COUNT-8: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK-NOT: arith.shrsi
// CHECK: return
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d1 floordiv 32, d2 floordiv 8, d1 mod 32)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @nibbles_exact(%a: memref<4x16xi8>, %w: memref<1x2x32xi32>, %c: memref<4x32xi32>) {
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<4x16xi8>, memref<1x2x32xi32>) outs(%c : memref<4x32xi32>) attrs = {qat.int_gemm = {field_bits = 4 : i64, pair_bound = 16777216 : i64, rows_unsigned = true}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extui %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  return
}

// -----

// 2-bit weights four per byte (`field_bits = 2`, words of sixteen K): per
// word load the kernel moves fields 0..2 to the top of their bytes (<< 6,
// 4, 2) and masks each with 0xC0C0C0C0 (= -1061109568; field 3 is there
// already): products 64 times the true ones, the sums shifted back by 6.
// The rows' quadruples at k, k + 4, k + 8 and k + 12 meet the fields.
// CHECK-LABEL: func.func private @qat_int_gemm_vnni_ur_n2h_4x16x32
// CHECK: %[[W:.*]] = vector.load %arg1[{{.*}}] : memref<1x1x32xi32>, vector<16xi32>
// CHECK: arith.shli %[[W]], %{{.*}} : vector<16xi32>
// CHECK: arith.andi %{{.*}}, %{{.*}} : vector<16xi32>
// CHECK-COUNT-8: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK: arith.shli %[[W]], %{{.*}} : vector<16xi32>
// CHECK-COUNT-8: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK: arith.shli %[[W]], %{{.*}} : vector<16xi32>
// CHECK-COUNT-8: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK: %{{.*}} = arith.constant dense<-1061109568> : vector<16xi32>
// CHECK: arith.andi %[[W]], %{{.*}} : vector<16xi32>
// CHECK-COUNT-8: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK-NOT: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK: arith.shrsi
// CHECK: return
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d1 floordiv 32, d2 floordiv 16, d1 mod 32)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @crumbs(%a: memref<4x16xi8>, %w: memref<1x1x32xi32>, %c: memref<4x32xi32>) {
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<4x16xi8>, memref<1x1x32xi32>) outs(%c : memref<4x32xi32>) attrs = {qat.int_gemm = {field_bits = 2 : i64, pair_bound = 1020 : i64, rows_unsigned = true}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extui %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  return
}

// -----

// A single row (a GEMV): one-row tiles sum four interleaved quadruples into
// separate accumulators (2 x 4 registers: the dot product's latency is
// hidden), add them after the loop, and finish the quadruples past the
// last multiple of four (K = 24: six quadruples, two after the loop).
// CHECK-LABEL: func.func private @qat_int_gemm_vnni_ur_1x24x32
// CHECK: scf.for %{{.*}} = %{{.*}} to %c4{{.*}} step %c4{{.*}} iter_args({{.*}}) -> (vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>)
// CHECK-COUNT-8: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK: scf.yield
// CHECK-COUNT-6: arith.addi %{{.*}}, %{{.*}} : vector<16xi32>
// CHECK-COUNT-4: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK-NOT: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK-COUNT-2: vector.store
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d1 floordiv 32, d2 floordiv 4, d1 mod 32)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @gemv(%a: memref<1x24xi8>, %w: memref<1x6x32xi32>, %c: memref<1x32xi32>) {
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<1x24xi8>, memref<1x6x32xi32>) outs(%c : memref<1x32xi32>) attrs = {qat.int_gemm = {pair_bound = 240 : i64, rows_unsigned = true}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extui %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  return
}

// -----

// The image-words form of a stride-1 3x3 convolution (`window` = [KH, KW,
// pitch, step]): the word operand is the packed image, [C / 4, columns +
// reach]; the kernel loops over its word rows and unrolls the nine taps,
// each loading the row at the tile's column plus the tap's offset
// (t / 3 * 6 + t mod 3: 0, 1, 2, 6, 7, 8, 12, 13, 14), nine quadruples of
// eight vpdpbusd for a 4-row tile.
// CHECK-LABEL: func.func @image_words
// CHECK: func.call @qat_int_gemm_vnni_sr_w3x3p6s1_4x72x32(%arg0, %arg1, %arg2)
// CHECK-LABEL: func.func private @qat_int_gemm_vnni_sr_w3x3p6s1_4x72x32
// CHECK: %[[ROWS:.*]]:8 = scf.for %[[Q:[^ ]*]] = %c0{{.*}} to %c2{{.*}} step %c1{{.*}} iter_args
// CHECK: arith.muli %[[Q]], %c9
// CHECK: vector.load %arg1[%[[Q]], %{{.*}}] : memref<2x46xi32>, vector<16xi32>
// CHECK-COUNT-8: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK: arith.addi %{{.*}}, %c14{{.*}} : index
// CHECK: vector.load %arg1[%[[Q]], %{{.*}}] : memref<2x46xi32>, vector<16xi32>
// CHECK-COUNT-8: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK: scf.yield
// CHECK: vector.store %[[ROWS]]#0, %arg2
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d2 floordiv 36, (((d2 floordiv 4) mod 9) floordiv 3) * 6 + (d2 floordiv 4) mod 3 + d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @image_words(%a: memref<4x72xi8>, %w: memref<2x46xi32>, %c: memref<4x32xi32>) {
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<4x72xi8>, memref<2x46xi32>) outs(%c : memref<4x32xi32>) attrs = {qat.int_gemm = {pair_bound = 30 : i64, rows_unsigned = false, window = array<i64: 3, 3, 6, 1>}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extsi %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  return
}

// -----

// The requantization that reads the sums through views (a column subview,
// an expand_shape to NCHW) with constants per output channel (a [1, M, 1,
// 1] bias and a [M] multiplier) moves into the kernels' stores: they write
// bytes to D (shaped like C) through the body on vectors, the row constants
// loaded per row (padding row 3 reads channel 2's), the accumulators
// starting at the row's bias (the body's first addition); the portable branch
// computes D from C with the same body; the consumer becomes a byte copy of
// D's views, and D is freed after it.
// CHECK-LABEL: func.func @epilogue
// CHECK: %[[D:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4x32xi8>
// CHECK: func.call @qat_int_gemm_vnni_sr_z_e0_4x8x32(%arg0, %arg1, %[[D]], %arg3, %arg4)
// CHECK: } else {
// CHECK: func.call @qat_int_gemm_avx2_split_sr_z_e0_4x8x32(%arg0, %arg1, %[[D]], %arg3, %arg4)
// CHECK: } else {
// CHECK: linalg.fill
// CHECK: linalg.generic
// CHECK: %[[CR:.*]] = memref.subview %arg2[0, 0] [3, 32] [1, 1]
// CHECK: %[[DR:.*]] = memref.subview %[[D]][0, 0] [3, 32] [1, 1]
// CHECK: linalg.generic {{.*}} ins(%[[CR]], %arg3, %arg4 : {{.*}}) outs(%[[DR]] : {{.*}})
// CHECK: arith.muli
// CHECK: arith.trunci {{.*}} : i32 to i8
// CHECK: %[[V:.*]] = memref.subview %[[D]][0, 0] [3, 30] [1, 1]
// CHECK: %[[E:.*]] = memref.expand_shape %[[V]] {{\[}}[0, 1], [2, 3]] output_shape [1, 3, 5, 6]
// CHECK: linalg.generic {{.*}} ins(%[[E]] : {{.*}}) outs(%arg5 : memref<1x3x5x6xi8>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: i8, %{{.*}}: i8):
// CHECK-NEXT: linalg.yield %[[IN]] : i8
// CHECK: memref.dealloc %[[D]]
// CHECK-LABEL: func.func private @qat_int_gemm_vnni_sr_z_e0_4x8x32
// CHECK: arith.minsi %{{.*}}, %c2{{.*}} : index
// CHECK: %[[B:.*]] = memref.load %arg3[%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] : memref<1x3x1x1xi32>
// CHECK: memref.load %arg4[%{{.*}}] : memref<3xi32>
// The bias is where the row's accumulators start, not an addition after.
// CHECK: %[[S:.*]] = vector.broadcast %[[B]] : i32 to vector<16xi32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[S]], %{{.*}} = %[[S]],
// CHECK-NOT: arith.addi %{{.*}}, %{{.*}} : vector<16xi32>
// CHECK: arith.muli %{{.*}}, %{{.*}} : vector<16xi32>
// CHECK: arith.shrsi %{{.*}}, %{{.*}} : vector<16xi32>
// CHECK: arith.trunci %{{.*}} : vector<16xi32> to vector<16xi8>
// CHECK: vector.store %{{.*}}, %arg2[%{{.*}}, %{{.*}}] : memref<4x32xi8>, vector<16xi8>
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d2 floordiv 4, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#bias = affine_map<(d0, d1, d2, d3) -> (d0, d1, 0, 0)>
#row = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @epilogue(%a: memref<4x8xi8>, %w: memref<2x32xi32>, %c: memref<4x32xi32>, %bias: memref<1x3x1x1xi32>, %m: memref<3xi32>, %out: memref<1x3x5x6xi8>) {
  %zero = arith.constant 0 : i32
  %shift = arith.constant 4 : i32
  linalg.fill ins(%zero : i32) outs(%c : memref<4x32xi32>)
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<4x8xi8>, memref<2x32xi32>) outs(%c : memref<4x32xi32>) attrs = {qat.int_gemm = {pair_bound = 64770 : i64, rows_unsigned = false}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extsi %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  %v = memref.subview %c[0, 0] [3, 30] [1, 1] : memref<4x32xi32> to memref<3x30xi32, strided<[32, 1]>>
  %e = memref.expand_shape %v [[0, 1], [2, 3]] output_shape [1, 3, 5, 6] : memref<3x30xi32, strided<[32, 1]>> into memref<1x3x5x6xi32, strided<[96, 32, 6, 1]>>
  linalg.generic {indexing_maps = [#id, #bias, #row, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%e, %bias, %m : memref<1x3x5x6xi32, strided<[96, 32, 6, 1]>>, memref<1x3x1x1xi32>, memref<3xi32>) outs(%out : memref<1x3x5x6xi8>) {
  ^bb0(%s: i32, %b: i32, %k: i32, %o: i8):
    %0 = arith.addi %s, %b : i32
    %1 = arith.muli %0, %k : i32
    %2 = arith.shrsi %1, %shift : i32
    %3 = arith.trunci %2 : i32 to i8
    linalg.yield %3 : i8
  }
  return
}

// -----

// The requantization's output is the interior of a zero-padded buffer (the
// next depthwise layer's input) and its image rows are 16 wide: the
// kernels store the bytes there themselves, at offset + channel * plane +
// h * pitch + w of the buffer taken flat, so no D is written and copied.
// The padded buffer, its fill and the interior view move before the
// dispatch; only the portable branch allocates D and copies its view into
// the interior.
// CHECK-LABEL: func.func @epilogue_into_padded
// CHECK: %[[P:.*]] = memref.alloc() : memref<1x3x4x18xi8>
// CHECK: linalg.fill {{.*}} outs(%[[P]] : memref<1x3x4x18xi8>)
// CHECK: %[[I:.*]] = memref.subview %[[P]][0, 0, 1, 1] [1, 3, 2, 16] [1, 1, 1, 1]
// CHECK: %[[F:.*]] = memref.collapse_shape %[[P]] {{\[}}[0, 1, 2, 3]] : memref<1x3x4x18xi8> into memref<216xi8>
// CHECK: func.call @qat_int_gemm_vnni_sr_z_e0_3x8x32_into_2x16p72r18o19(%arg0, %arg1, %[[F]], %arg3)
// CHECK: func.call @qat_int_gemm_avx2_split_sr_z_e0_3x8x32_into_2x16p72r18o19(%arg0, %arg1, %[[F]], %arg3)
// CHECK: } else {
// CHECK: %[[D:.*]] = memref.alloc() {alignment = 64 : i64} : memref<3x32xi8>
// CHECK: linalg.generic
// CHECK: linalg.generic {{.*}} outs(%[[D]] : memref<3x32xi8>)
// CHECK: %[[E:.*]] = memref.expand_shape %[[D]]
// CHECK: linalg.generic {{.*}} ins(%[[E]] : memref<1x3x2x16xi8>) outs(%[[I]] :
// CHECK: memref.dealloc %[[D]]
// CHECK: }
// CHECK-NOT: memref.alloc() {alignment = 64 : i64} : memref<3x32xi8>
// CHECK: memref.copy %[[P]], %arg4
// CHECK-LABEL: func.func private @qat_int_gemm_vnni_sr_z_e0_3x8x32_into_2x16p72r18o19(%{{.*}}: memref<3x8xi8>, %{{.*}}: memref<2x32xi32>, %{{.*}}: memref<216xi8>, %{{.*}}: memref<3xi32>)
// CHECK: arith.divui %{{.*}}, %c16{{.*}} : index
// CHECK: arith.remui %{{.*}}, %c16{{.*}} : index
// CHECK: vector.store %{{.*}}, %arg2[%{{.*}}] : memref<216xi8>, vector<16xi8>
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d2 floordiv 4, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#row = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @epilogue_into_padded(%a: memref<3x8xi8>, %w: memref<2x32xi32>, %c: memref<3x32xi32>, %m: memref<3xi32>, %next: memref<1x3x4x18xi8>) {
  %zero = arith.constant 0 : i32
  %zero8 = arith.constant 0 : i8
  %shift = arith.constant 4 : i32
  linalg.fill ins(%zero : i32) outs(%c : memref<3x32xi32>)
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<3x8xi8>, memref<2x32xi32>) outs(%c : memref<3x32xi32>) attrs = {qat.int_gemm = {pair_bound = 64770 : i64, rows_unsigned = false}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extsi %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  %padded = memref.alloc() : memref<1x3x4x18xi8>
  linalg.fill ins(%zero8 : i8) outs(%padded : memref<1x3x4x18xi8>)
  %interior = memref.subview %padded[0, 0, 1, 1] [1, 3, 2, 16] [1, 1, 1, 1] : memref<1x3x4x18xi8> to memref<1x3x2x16xi8, strided<[216, 72, 18, 1], offset: 19>>
  %e = memref.expand_shape %c [[0, 1], [2, 3]] output_shape [1, 3, 2, 16] : memref<3x32xi32> into memref<1x3x2x16xi32>
  linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%e, %m : memref<1x3x2x16xi32>, memref<3xi32>) outs(%interior : memref<1x3x2x16xi8, strided<[216, 72, 18, 1], offset: 19>>) {
  ^bb0(%s: i32, %k: i32, %o: i8):
    %1 = arith.muli %s, %k : i32
    %2 = arith.shrsi %1, %shift : i32
    %3 = arith.trunci %2 : i32 to i8
    linalg.yield %3 : i8
  }
  memref.copy %padded, %next : memref<1x3x4x18xi8> to memref<1x3x4x18xi8>
  memref.dealloc %padded : memref<1x3x4x18xi8>
  return
}

// -----

// The same, but the padded buffer is read before the requantization writes
// it: the kernels keep writing D.
// CHECK-LABEL: func.func @padded_read_before
// CHECK: %[[D:.*]] = memref.alloc() {alignment = 64 : i64} : memref<3x32xi8>
// CHECK: func.call @qat_int_gemm_vnni_sr_z_e0_3x8x32(%arg0, %arg1, %[[D]], %arg3)
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d2 floordiv 4, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#row = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @padded_read_before(%a: memref<3x8xi8>, %w: memref<2x32xi32>, %c: memref<3x32xi32>, %m: memref<3xi32>, %next: memref<1x3x4x18xi8>) {
  %zero = arith.constant 0 : i32
  %zero8 = arith.constant 0 : i8
  %shift = arith.constant 4 : i32
  %padded = memref.alloc() : memref<1x3x4x18xi8>
  linalg.fill ins(%zero8 : i8) outs(%padded : memref<1x3x4x18xi8>)
  %interior = memref.subview %padded[0, 0, 1, 1] [1, 3, 2, 16] [1, 1, 1, 1] : memref<1x3x4x18xi8> to memref<1x3x2x16xi8, strided<[216, 72, 18, 1], offset: 19>>
  linalg.fill ins(%zero : i32) outs(%c : memref<3x32xi32>)
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<3x8xi8>, memref<2x32xi32>) outs(%c : memref<3x32xi32>) attrs = {qat.int_gemm = {pair_bound = 64770 : i64, rows_unsigned = false}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extsi %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  memref.copy %padded, %next : memref<1x3x4x18xi8> to memref<1x3x4x18xi8>
  %e = memref.expand_shape %c [[0, 1], [2, 3]] output_shape [1, 3, 2, 16] : memref<3x32xi32> into memref<1x3x2x16xi32>
  linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%e, %m : memref<1x3x2x16xi32>, memref<3xi32>) outs(%interior : memref<1x3x2x16xi8, strided<[216, 72, 18, 1], offset: 19>>) {
  ^bb0(%s: i32, %k: i32, %o: i8):
    %1 = arith.muli %s, %k : i32
    %2 = arith.shrsi %1, %shift : i32
    %3 = arith.trunci %2 : i32 to i8
    linalg.yield %3 : i8
  }
  memref.dealloc %padded : memref<1x3x4x18xi8>
  return
}

// -----

// The requantization of (sums << 14) + bias (both without signed overflow,
// as IntegerToLinalg makes them): ((x << 14) + b) m + K >> (e + 31) is
// rewritten x m + ((b m + K) >> 14) >> (e + 17), the same integer, in the
// consumer's body before the kernels take it: the bias and rounding term is
// one value per row and no lane is shifted left or has the bias added.
// CHECK-LABEL: func.func @accumulator_shift
// CHECK: } else {
// CHECK: } else {
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK-NOT: arith.shli
// CHECK: %[[T:.*]] = arith.shrsi %{{.*}}, %c14{{.*}} : i64
// CHECK: arith.addi %{{.*}}, %[[T]] : i64
// CHECK: arith.addi %{{.*}}, %c17{{.*}} : i64
// CHECK: linalg.yield
// CHECK-LABEL: func.func private @qat_int_gemm_vnni_sr_z_e0_4x8x32
// CHECK-NOT: arith.shli %{{.*}} : vector<16xi32>
// CHECK: vector.store
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d2 floordiv 4, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @accumulator_shift(%a: memref<4x8xi8>, %w: memref<2x32xi32>, %c: memref<4x32xi32>, %bias: memref<4xi32>, %m: memref<4xi32>, %shift: memref<4xi32>, %out: memref<4x32xi8>) {
  %zero = arith.constant 0 : i32
  linalg.fill ins(%zero : i32) outs(%c : memref<4x32xi32>)
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<4x8xi8>, memref<2x32xi32>) outs(%c : memref<4x32xi32>) attrs = {qat.int_gemm = {pair_bound = 64770 : i64, rows_unsigned = false}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extsi %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  linalg.generic {indexing_maps = [#id, #row, #row, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%c, %bias, %m, %shift : memref<4x32xi32>, memref<4xi32>, memref<4xi32>, memref<4xi32>) outs(%out : memref<4x32xi8>) {
  ^bb0(%s: i32, %b: i32, %k: i32, %e: i32, %o: i8):
    %c14 = arith.constant 14 : i32
    %t = arith.shli %s, %c14 overflow<nsw> : i32
    %u = arith.addi %t, %b overflow<nsw> : i32
    %v = arith.extsi %u : i32 to i64
    %mm = arith.extsi %k : i32 to i64
    %p = arith.muli %v, %mm : i64
    %z = arith.constant 0 : i32
    %neg = arith.subi %z, %e : i32
    %ee = arith.maxsi %neg, %z : i32
    %e64 = arith.extsi %ee : i32 to i64
    %nudge = arith.constant 1073741824 : i64
    %q = arith.addi %p, %nudge : i64
    %c31 = arith.constant 31 : i64
    %n = arith.addi %e64, %c31 : i64
    %r = arith.shrsi %q, %n : i64
    %r32 = arith.trunci %r : i64 to i32
    %y = arith.trunci %r32 : i32 to i8
    linalg.yield %y : i8
  }
  return
}

// -----

// The pixel rows' sums [pixels, channels] (rows unsigned: C's columns are
// the output channels) read through a column subview, an expand_shape, a
// transpose into a buffer of its own and an expand_shape to NCHW, by a
// consumer with per-channel constants and an f32 output (a dequantization):
// the kernels store f32 to D, the constants read as vectors along the
// columns (collapsed to 1-D, channels 40..63 masked); the portable branch
// indexes them by C's column; the consumer copies D's transposed view.
// CHECK: #[[BIAS:.*]] = affine_map<(d0, d1) -> (0, d1, 0, 0)>
// CHECK: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @pixel_rows_epilogue
// CHECK: %[[D:.*]] = memref.alloc() {alignment = 64 : i64} : memref<6x64xf32>
// CHECK: func.call @qat_int_gemm_vnni_ur_z_e0_6x8x64(%arg0, %arg1, %[[D]], %arg3, %arg4)
// CHECK: } else {
// CHECK: linalg.fill
// CHECK: linalg.generic
// CHECK: %[[CR:.*]] = memref.subview %arg2[0, 0] [6, 40] [1, 1]
// CHECK: %[[DR:.*]] = memref.subview %[[D]][0, 0] [6, 40] [1, 1]
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[BIAS]], #[[ROW]], #{{.*}}], {{.*}} ins(%[[CR]], %arg3, %arg4 : {{.*}}) outs(%[[DR]] : {{.*}})
// CHECK: arith.sitofp {{.*}} : i32 to f32
// CHECK: %[[V:.*]] = memref.subview %[[D]][0, 0] [6, 40] [1, 1]
// CHECK: %[[E:.*]] = memref.expand_shape %[[V]]
// CHECK: %[[T:.*]] = memref.transpose %[[E]] (d0, d1, d2) -> (d0, d2, d1)
// CHECK: %[[N:.*]] = memref.expand_shape %[[T]] {{\[}}[0], [1], [2, 3]] output_shape [1, 40, 2, 3]
// CHECK: linalg.generic {{.*}} ins(%[[N]] : {{.*}}) outs(%arg5 : memref<1x40x2x3xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[IN]] : f32
// CHECK-NOT: linalg.transpose
// CHECK: memref.dealloc %[[D]]
// CHECK-LABEL: func.func private @qat_int_gemm_vnni_ur_z_e0_6x8x64
// CHECK: %[[B1:.*]] = memref.collapse_shape %arg3 {{\[}}[0, 1, 2, 3]] : memref<1x40x1x1xi32> into memref<40xi32>
// CHECK: vector.transfer_read %[[B1]][%{{.*}}], %{{.*}} : memref<40xi32>, vector<16xi32>
// CHECK: vector.transfer_read %arg4[%{{.*}}], %{{.*}} : memref<40xi32>, vector<16xi32>
// CHECK: arith.sitofp %{{.*}} : vector<16xi32> to vector<16xf32>
// CHECK: vector.store %{{.*}}, %arg2[%{{.*}}, %{{.*}}] : memref<6x64xf32>, vector<16xf32>
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d2 floordiv 4, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#bias = affine_map<(d0, d1, d2, d3) -> (d0, d1, 0, 0)>
#row = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @pixel_rows_epilogue(%a: memref<6x8xi8>, %w: memref<2x64xi32>, %c: memref<6x64xi32>, %bias: memref<1x40x1x1xi32>, %m: memref<40xi32>, %out: memref<1x40x2x3xf32>) {
  %zero = arith.constant 0 : i32
  linalg.fill ins(%zero : i32) outs(%c : memref<6x64xi32>)
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<6x8xi8>, memref<2x64xi32>) outs(%c : memref<6x64xi32>) attrs = {qat.int_gemm = {pair_bound = 64770 : i64, rows_unsigned = true}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extui %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  %v = memref.subview %c[0, 0] [6, 40] [1, 1] : memref<6x64xi32> to memref<6x40xi32, strided<[64, 1]>>
  %e = memref.expand_shape %v [[0, 1], [2]] output_shape [1, 6, 40] : memref<6x40xi32, strided<[64, 1]>> into memref<1x6x40xi32, strided<[384, 64, 1]>>
  %t = memref.alloc() : memref<1x40x6xi32>
  linalg.transpose ins(%e : memref<1x6x40xi32, strided<[384, 64, 1]>>) outs(%t : memref<1x40x6xi32>) permutation = [0, 2, 1]
  %n = memref.expand_shape %t [[0], [1], [2, 3]] output_shape [1, 40, 2, 3] : memref<1x40x6xi32> into memref<1x40x2x3xi32>
  linalg.generic {indexing_maps = [#id, #bias, #row, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%n, %bias, %m : memref<1x40x2x3xi32>, memref<1x40x1x1xi32>, memref<40xi32>) outs(%out : memref<1x40x2x3xf32>) {
  ^bb0(%s: i32, %b: i32, %k: i32, %o: f32):
    %0 = arith.addi %s, %b : i32
    %1 = arith.muli %0, %k : i32
    %2 = arith.sitofp %1 : i32 to f32
    linalg.yield %2 : f32
  }
  memref.dealloc %t : memref<1x40x6xi32>
  return
}
// -----

// A residual addition's other levels (an input of the consumer's own
// shape) are copied through the views into a buffer shaped like C before
// the GEMM; the kernels read them at the tile's lanes.
// CHECK-LABEL: func.func @epilogue_residual
// CHECK: %[[D:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4x32xi8>
// CHECK: %[[R:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4x32xi8>
// CHECK: %[[RV:.*]] = memref.subview %[[R]][0, 0] [3, 30] [1, 1]
// CHECK: %[[RE:.*]] = memref.expand_shape %[[RV]]
// CHECK: linalg.generic {{.*}} ins(%arg4 : memref<1x3x5x6xi8>) outs(%[[RE]] : {{.*}})
// CHECK: func.call @qat_int_gemm_vnni_sr_z_e0_4x8x32(%arg0, %arg1, %[[D]], %arg3, %[[R]])
// CHECK: memref.dealloc %[[R]]
// CHECK-LABEL: func.func private @qat_int_gemm_vnni_sr_z_e0_4x8x32
// CHECK: vector.load %arg4[%{{.*}}, %{{.*}}] : memref<4x32xi8>, vector<16xi8>
// CHECK: arith.extui %{{.*}} : vector<16xi8> to vector<16xi32>
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d2 floordiv 4, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#row = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @epilogue_residual(%a: memref<4x8xi8>, %w: memref<2x32xi32>, %c: memref<4x32xi32>, %m: memref<3xi32>, %res: memref<1x3x5x6xi8>, %out: memref<1x3x5x6xi8>) {
  %zero = arith.constant 0 : i32
  linalg.fill ins(%zero : i32) outs(%c : memref<4x32xi32>)
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<4x8xi8>, memref<2x32xi32>) outs(%c : memref<4x32xi32>) attrs = {qat.int_gemm = {pair_bound = 64770 : i64, rows_unsigned = false}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extsi %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  %v = memref.subview %c[0, 0] [3, 30] [1, 1] : memref<4x32xi32> to memref<3x30xi32, strided<[32, 1]>>
  %e = memref.expand_shape %v [[0, 1], [2, 3]] output_shape [1, 3, 5, 6] : memref<3x30xi32, strided<[32, 1]>> into memref<1x3x5x6xi32, strided<[96, 32, 6, 1]>>
  linalg.generic {indexing_maps = [#id, #row, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%e, %m, %res : memref<1x3x5x6xi32, strided<[96, 32, 6, 1]>>, memref<3xi32>, memref<1x3x5x6xi8>) outs(%out : memref<1x3x5x6xi8>) {
  ^bb0(%s: i32, %k: i32, %r: i8, %o: i8):
    %0 = arith.muli %s, %k : i32
    %1 = arith.extui %r : i8 to i32
    %2 = arith.addi %0, %1 : i32
    %3 = arith.trunci %2 : i32 to i8
    linalg.yield %3 : i8
  }
  return
}

// -----

// A residual that lives in a buffer whose rows are as far apart as C's
// views put them (a padded buffer of the same pitch: the block input a
// window GEMM over the padded width adds back) is read in place: a view of
// that buffer shaped like C, rows 42 apart, instead of a copy.
// CHECK-LABEL: func.func @epilogue_residual_in_place
// CHECK: %[[P:.*]] = memref.alloc() : memref<1x4x7x6xi8>
// CHECK: %[[SV:.*]] = memref.subview %[[P]][0, 0, 1, 0] [1, 4, 5, 6] [1, 1, 1, 1]
// CHECK: %[[D:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4x32xi8>
// CHECK-NEXT: %[[RV:.*]] = memref.reinterpret_cast %[[SV]] to offset: [6], sizes: [4, 32], strides: [42, 1] : {{.*}} to memref<4x32xi8, strided<[42, 1], offset: 6>>
// CHECK-NOT: linalg.generic {{.*}} ins(%[[SV]]
// CHECK: func.call @qat_int_gemm_vnni_sr_z_e0_4x8x32(%arg0, %arg1, %[[D]], %arg3, %[[RV]])
// CHECK-NOT: memref.dealloc %[[RV]]
// CHECK-LABEL: func.func private @qat_int_gemm_vnni_sr_z_e0_4x8x32
// CHECK: vector.load %arg4[%{{.*}}, %{{.*}}] : memref<4x32xi8, strided<[42, 1], offset: 6>>, vector<16xi8>
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d2 floordiv 4, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#row = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @epilogue_residual_in_place(%a: memref<4x8xi8>, %w: memref<2x32xi32>, %c: memref<4x32xi32>, %m: memref<4xi32>, %x: memref<1x4x5x6xi8>, %out: memref<1x4x5x6xi8>) {
  %zero = arith.constant 0 : i32
  %z8 = arith.constant 0 : i8
  %p = memref.alloc() : memref<1x4x7x6xi8>
  linalg.fill ins(%z8 : i8) outs(%p : memref<1x4x7x6xi8>)
  %res = memref.subview %p[0, 0, 1, 0] [1, 4, 5, 6] [1, 1, 1, 1] : memref<1x4x7x6xi8> to memref<1x4x5x6xi8, strided<[168, 42, 6, 1], offset: 6>>
  memref.copy %x, %res : memref<1x4x5x6xi8> to memref<1x4x5x6xi8, strided<[168, 42, 6, 1], offset: 6>>
  linalg.fill ins(%zero : i32) outs(%c : memref<4x32xi32>)
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<4x8xi8>, memref<2x32xi32>) outs(%c : memref<4x32xi32>) attrs = {qat.int_gemm = {pair_bound = 64770 : i64, rows_unsigned = false}} {
  ^bb0(%x0: i8, %y: i32, %acc: i32):
    %0 = arith.extsi %x0 : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  %v = memref.subview %c[0, 0] [4, 30] [1, 1] : memref<4x32xi32> to memref<4x30xi32, strided<[32, 1]>>
  %e = memref.expand_shape %v [[0, 1], [2, 3]] output_shape [1, 4, 5, 6] : memref<4x30xi32, strided<[32, 1]>> into memref<1x4x5x6xi32, strided<[128, 32, 6, 1]>>
  linalg.generic {indexing_maps = [#id, #row, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%e, %m, %res : memref<1x4x5x6xi32, strided<[128, 32, 6, 1]>>, memref<4xi32>, memref<1x4x5x6xi8, strided<[168, 42, 6, 1], offset: 6>>) outs(%out : memref<1x4x5x6xi8>) {
  ^bb0(%s: i32, %k: i32, %r: i8, %o: i8):
    %0 = arith.muli %s, %k : i32
    %1 = arith.extui %r : i8 to i32
    %2 = arith.addi %0, %1 : i32
    %3 = arith.trunci %2 : i32 to i8
    linalg.yield %3 : i8
  }
  memref.dealloc %p : memref<1x4x7x6xi8>
  return
}

// -----

// A depthwise convolution whose sums are read directly by the
// requantization (same NCHW index, a per-channel multiplier): the kernels
// store the consumer's bytes into its output (here the interior of a padded
// buffer) and the dispatch sits where the consumer was, after the output's
// fill; the consumer stays only in the portable branch, after the loops.
// CHECK-LABEL: func.func @depthwise_epilogue
// CHECK: linalg.fill ins(%{{.*}} : i8) outs(%arg4
// CHECK: %[[O:.*]] = memref.subview %arg4[0, 0, 1, 1] [1, 3, 20, 20] [1, 1, 1, 1]
// CHECK: call @qat_isa()
// CHECK: func.call @qat_int_dw_vnni_uz_3x41x41_k3x3_s2x2_d1x1_n1_e0(%arg0, %arg1, %[[O]], %arg3)
// CHECK: func.call @qat_int_dw_avx512_uz_3x41x41_k3x3_s2x2_d1x1_n1_e0(%arg0, %arg1, %[[O]], %arg3)
// CHECK: func.call @qat_int_dw_avx2_uz_3x41x41_k3x3_s2x2_d1x1_n1_e0(%arg0, %arg1, %[[O]], %arg3)
// CHECK: } else {
// CHECK-NEXT: linalg.fill ins(%{{.*}} : i32) outs(%arg2
// CHECK-NEXT: linalg.generic
// CHECK: linalg.generic {{.*}} ins(%arg2, %arg3 : memref<1x3x20x20xi32>, memref<3xi32>) outs(%[[O]]
// CHECK-LABEL: func.func private @qat_int_dw_avx512_uz_3x41x41_k3x3_s2x2_d1x1_n1_e0
// CHECK: memref.load %arg3[%{{.*}}] : memref<3xi32>
// CHECK: arith.muli %{{.*}}, %{{.*}} : vector<16xi32>
// CHECK: arith.trunci %{{.*}} : vector<16xi32> to vector<16xi8>
// CHECK: vector.store %{{.*}}, %arg2[{{.*}}] : memref<1x3x20x20xi8, strided<[1587, 529, 23, 1], offset: 24>>, vector<16xi8>
// CHECK: vector.transfer_write %{{.*}}, %arg2[{{.*}}] : vector<16xi8>, memref<1x3x20x20xi8, strided<[1587, 529, 23, 1], offset: 24>>
#x = affine_map<(n, c, y, x, ky, kx) -> (n, c, y * 2 + ky, x * 2 + kx)>
#k = affine_map<(n, c, y, x, ky, kx) -> (c, ky, kx)>
#o = affine_map<(n, c, y, x, ky, kx) -> (n, c, y, x)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#row = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @depthwise_epilogue(%in: memref<1x3x41x41xi8>, %w: memref<3x3x3xi8>, %out: memref<1x3x20x20xi32>, %m: memref<3xi32>, %next: memref<1x3x23x23xi8>) {
  %zero = arith.constant 0 : i32
  %zb = arith.constant 0 : i8
  linalg.fill ins(%zero : i32) outs(%out : memref<1x3x20x20xi32>)
  linalg.generic {indexing_maps = [#x, #k, #o], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%in, %w : memref<1x3x41x41xi8>, memref<3x3x3xi8>) outs(%out : memref<1x3x20x20xi32>) attrs = {qat.int_depthwise = {dilations = array<i64: 1, 1>, strides = array<i64: 2, 2>, x_unsigned = true}} {
  ^bb0(%x: i8, %y: i8, %acc: i32):
    %0 = arith.extui %x : i8 to i32
    %1 = arith.extsi %y : i8 to i32
    %2 = arith.muli %0, %1 : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  linalg.fill ins(%zb : i8) outs(%next : memref<1x3x23x23xi8>)
  %o = memref.subview %next[0, 0, 1, 1] [1, 3, 20, 20] [1, 1, 1, 1] : memref<1x3x23x23xi8> to memref<1x3x20x20xi8, strided<[1587, 529, 23, 1], offset: 24>>
  linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%out, %m : memref<1x3x20x20xi32>, memref<3xi32>) outs(%o : memref<1x3x20x20xi8, strided<[1587, 529, 23, 1], offset: 24>>) {
  ^bb0(%s: i32, %k: i32, %r: i8):
    %0 = arith.muli %s, %k : i32
    %1 = arith.trunci %0 : i32 to i8
    linalg.yield %1 : i8
  }
  return
}

// -----

// An i64 chain ending in an i32 (here the Q31 multiply, min((x m + 2^30)
// >> 31, 2^31 - 1)) runs in the kernel on the i32 lanes: the chain twice
// on 8 i64 lanes, once for the even lanes (sign-extended in place: shl,
// shrsi) and once for the odd ones (shrsi), so each product is one
// vpmuldq; the channel's multiplier is extended once as a scalar; the odd
// results are shifted up and a blend takes each half (the chain on 16 i64
// lanes cloned before it is dead code). With two K quadruples the work is
// the epilogue's: the rows are the outer loop and each row's multiplier is
// loaded once, before the loop over column tiles.
// CHECK-LABEL: func.func private @qat_int_gemm_vnni_sr_z_e0_4x8x32
// CHECK: scf.for %{{.*}} = %c0 to %c4 step %c4
// CHECK-COUNT-4: memref.load %arg3
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c32 step %c32
// CHECK: %[[W:.*]] = vector.bitcast %{{.*}} : vector<16xi32> to vector<8xi64>
// CHECK: %[[EVEN:.*]] = arith.shli %[[W]]
// CHECK: %[[X:.*]] = arith.shrsi %[[EVEN]]
// CHECK: %[[M:.*]] = arith.extsi %{{.*}} : i32 to i64
// CHECK: %[[MV:.*]] = vector.broadcast %[[M]] : i64 to vector<8xi64>
// CHECK: arith.muli %[[X]], %[[MV]] : vector<8xi64>
// CHECK: arith.minsi %{{.*}} : vector<8xi64>
// CHECK: %[[W2:.*]] = vector.bitcast %{{.*}} : vector<16xi32> to vector<8xi64>
// CHECK: %[[X2:.*]] = arith.shrsi %[[W2]]
// CHECK: %[[M2:.*]] = vector.broadcast %{{.*}} : i64 to vector<8xi64>
// CHECK: arith.muli %[[X2]], %[[M2]] : vector<8xi64>
// CHECK: arith.minsi %{{.*}} : vector<8xi64>
// CHECK: arith.shli %{{.*}} : vector<8xi64>
// CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<16xi1>, vector<16xi32>
// CHECK: vector.store %{{.*}}, %arg2[%{{.*}}, %{{.*}}] : memref<4x32xi8>, vector<16xi8>
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d2 floordiv 4, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @epilogue_q31(%a: memref<4x8xi8>, %w: memref<2x32xi32>, %c: memref<4x32xi32>, %m: memref<4xi32>, %out: memref<4x32xi8>) {
  %zero = arith.constant 0 : i32
  %nudge = arith.constant 1073741824 : i64
  %c31 = arith.constant 31 : i64
  %max = arith.constant 2147483647 : i64
  linalg.fill ins(%zero : i32) outs(%c : memref<4x32xi32>)
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<4x8xi8>, memref<2x32xi32>) outs(%c : memref<4x32xi32>) attrs = {qat.int_gemm = {pair_bound = 64770 : i64, rows_unsigned = false}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extsi %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%c, %m : memref<4x32xi32>, memref<4xi32>) outs(%out : memref<4x32xi8>) {
  ^bb0(%s: i32, %k: i32, %o: i8):
    %0 = arith.extsi %s : i32 to i64
    %1 = arith.extsi %k : i32 to i64
    %2 = arith.muli %0, %1 : i64
    %3 = arith.addi %2, %nudge : i64
    %4 = arith.shrsi %3, %c31 : i64
    %5 = arith.minsi %4, %max : i64
    %6 = arith.trunci %5 : i64 to i32
    %7 = arith.trunci %6 : i32 to i8
    linalg.yield %7 : i8
  }
  return
}

// -----

// A stride-1 window GEMM computes its columns over the padded width: the
// consumer reads the sums through a strided view that bufferization copied
// into a buffer of its own and collapsed. The epilogue still runs in the
// kernels' stores: the copy and its buffer go, the consumer becomes a copy
// of D's strided view into its output (the collapse undone: the output's
// own buffer), and the residual input, collapsed after the GEMM, is read
// through the same views (its collapse hoisted above the GEMM).
// CHECK-LABEL: func.func @epilogue_through_copy
// CHECK-NOT: memref<1x3x2x3xi32>
// CHECK: %[[D:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4x32xi8>
// CHECK: %[[R:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4x32xi8>
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : memref<1x3x2x3xi8>) outs(%{{.*}} : memref<1x3x2x3xi8, strided<[128, 32, 4, 1]>>)
// CHECK: func.call @qat_int_gemm_vnni_sr_z_e0_4x8x32(%arg0, %arg1, %[[D]], %arg3, %[[R]])
// CHECK: %[[DV:.*]] = memref.subview %{{.*}}[0, 0, 0, 0] [1, 3, 2, 3] [1, 1, 1, 1] : memref<1x4x8x4xi8>
// CHECK: linalg.generic {{.*}} ins(%[[DV]] : {{.*}}) outs(%arg5 : memref<1x3x2x3xi8>)
// CHECK-NOT: memref.copy
// CHECK: return
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d2 floordiv 4, d1)>
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
#row = affine_map<(d0, d1, d2) -> (d1)>
func.func @epilogue_through_copy(%a: memref<4x8xi8>, %w: memref<2x32xi32>, %c: memref<4x32xi32>, %m: memref<3xi32>, %res: memref<1x3x2x3xi8>, %out: memref<1x3x2x3xi8>) {
  %zero = arith.constant 0 : i32
  linalg.fill ins(%zero : i32) outs(%c : memref<4x32xi32>)
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<4x8xi8>, memref<2x32xi32>) outs(%c : memref<4x32xi32>) attrs = {qat.int_gemm = {pair_bound = 64770 : i64, rows_unsigned = false}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extsi %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  // Columns n = 4 oh + ow over a padded width of 4; 3 of them are pixels.
  %e = memref.expand_shape %c [[0, 1], [2, 3]] output_shape [1, 4, 8, 4] : memref<4x32xi32> into memref<1x4x8x4xi32>
  %v = memref.subview %e[0, 0, 0, 0] [1, 3, 2, 3] [1, 1, 1, 1] : memref<1x4x8x4xi32> to memref<1x3x2x3xi32, strided<[128, 32, 4, 1]>>
  %own = memref.alloc() : memref<1x3x2x3xi32>
  memref.copy %v, %own : memref<1x3x2x3xi32, strided<[128, 32, 4, 1]>> to memref<1x3x2x3xi32>
  %flat = memref.collapse_shape %own [[0], [1], [2, 3]] : memref<1x3x2x3xi32> into memref<1x3x6xi32>
  %resflat = memref.collapse_shape %res [[0], [1], [2, 3]] : memref<1x3x2x3xi8> into memref<1x3x6xi8>
  %outflat = memref.collapse_shape %out [[0], [1], [2, 3]] : memref<1x3x2x3xi8> into memref<1x3x6xi8>
  linalg.generic {indexing_maps = [#id, #row, #id, #id], iterator_types = ["parallel", "parallel", "parallel"]} ins(%flat, %m, %resflat : memref<1x3x6xi32>, memref<3xi32>, memref<1x3x6xi8>) outs(%outflat : memref<1x3x6xi8>) {
  ^bb0(%s: i32, %k: i32, %r: i8, %o: i8):
    %0 = arith.muli %s, %k : i32
    %1 = arith.extui %r : i8 to i32
    %2 = arith.addi %0, %1 : i32
    %3 = arith.trunci %2 : i32 to i8
    linalg.yield %3 : i8
  }
  memref.dealloc %own : memref<1x3x2x3xi32>
  return
}

// -----

// The residual input is written after the GEMM (a downsample computed after
// the block's second convolution): the GEMM moves down to where its sums
// are read, with the deallocation of its packed input, so the kernels can
// read the residual; the words are still packed before.
// CHECK-LABEL: func.func @epilogue_sinks_gemm
// CHECK: linalg.generic {{.*}} outs(%[[WORDS:.*]] : memref<2x32xi32>)
// CHECK: linalg.generic {{.*}} outs(%arg4 : memref<1x3x5x6xi8>)
// CHECK: func.call @qat_int_gemm_vnni_sr_z_e0_4x8x32(%arg0, %[[WORDS]], %{{.*}}, %arg3, %{{.*}})
// CHECK: memref.dealloc %[[WORDS]]
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d2 floordiv 4, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#row = affine_map<(d0, d1, d2, d3) -> (d1)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @epilogue_sinks_gemm(%a: memref<4x8xi8>, %wsrc: memref<2x32xi32>, %c: memref<4x32xi32>, %m: memref<3xi32>, %res: memref<1x3x5x6xi8>, %out: memref<1x3x5x6xi8>, %x: memref<1x3x5x6xi8>) {
  %zero = arith.constant 0 : i32
  %words = memref.alloc() : memref<2x32xi32>
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%wsrc : memref<2x32xi32>) outs(%words : memref<2x32xi32>) {
  ^bb0(%i: i32, %o: i32):
    linalg.yield %i : i32
  }
  linalg.fill ins(%zero : i32) outs(%c : memref<4x32xi32>)
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %words : memref<4x8xi8>, memref<2x32xi32>) outs(%c : memref<4x32xi32>) attrs = {qat.int_gemm = {pair_bound = 64770 : i64, rows_unsigned = false}} {
  ^bb0(%x0: i8, %y: i32, %acc: i32):
    %0 = arith.extsi %x0 : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  memref.dealloc %words : memref<2x32xi32>
  // The residual, written after the GEMM.
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : memref<1x3x5x6xi8>) outs(%res : memref<1x3x5x6xi8>) {
  ^bb0(%i: i8, %o: i8):
    linalg.yield %i : i8
  }
  %v = memref.subview %c[0, 0] [3, 30] [1, 1] : memref<4x32xi32> to memref<3x30xi32, strided<[32, 1]>>
  %e = memref.expand_shape %v [[0, 1], [2, 3]] output_shape [1, 3, 5, 6] : memref<3x30xi32, strided<[32, 1]>> into memref<1x3x5x6xi32, strided<[96, 32, 6, 1]>>
  linalg.generic {indexing_maps = [#id, #row, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%e, %m, %res : memref<1x3x5x6xi32, strided<[96, 32, 6, 1]>>, memref<3xi32>, memref<1x3x5x6xi8>) outs(%out : memref<1x3x5x6xi8>) {
  ^bb0(%s: i32, %k: i32, %r: i8, %o: i8):
    %0 = arith.muli %s, %k : i32
    %1 = arith.extui %r : i8 to i32
    %2 = arith.addi %0, %1 : i32
    %3 = arith.trunci %2 : i32 to i8
    linalg.yield %3 : i8
  }
  return
}

// -----

// Few column tiles (2) on a product large enough for the threads (6.5M
// byte products): the parallel loop runs over (column tile, chunk of the
// tall row tiles) units, 2 x 12, each chunk its share of the 12 8-row
// tiles and the last one the 4-row tile too (the threads' shares of 2
// column tiles alone would be whole halves).
// CHECK-LABEL: func.func private @qat_int_gemm_vnni_ur_100x1024x64
// CHECK: scf.for %[[U:.*]] = %c0 to %c24 step %c1 {
// CHECK: arith.divui %[[U]], %c12
// CHECK: %[[CHUNK:.*]] = arith.remui %[[U]], %c12
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c8
// CHECK: %[[LAST:.*]] = arith.cmpi eq, %[[CHUNK]], %c11
// CHECK: scf.if %[[LAST]] {
// CHECK: scf.for %{{.*}} = %c96 to %c100 step %c4
// CHECK: } {qat.parallel}
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d2 floordiv 4, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @gemm_few_columns(%a: memref<100x1024xi8>, %w: memref<256x64xi32>, %c: memref<100x64xi32>) {
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<100x1024xi8>, memref<256x64xi32>) outs(%c : memref<100x64xi32>) attrs = {qat.int_gemm = {pair_bound = 64770 : i64, rows_unsigned = true}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extui %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  return
}
