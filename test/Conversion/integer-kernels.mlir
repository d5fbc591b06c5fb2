// RUN: qat-opt %s --split-input-file --qat-integer-kernels | FileCheck %s

// (The GEMM bodies are placeholders: the pass reads the operands and the
// marker, the generic stays as the generic-level branch.)
// A marked integer GEMM on buffers becomes a dispatch on qat_isa(): the
// generated VNNI kernel (level >= 3), the AVX2 kernel (>= 1), or the
// generic loops. With 8-bit weights (pair_bound 2 * 255 * 127 > 32767) the
// AVX2 kernel splits the weights into nibbles; each kernel carries its own
// target features.
// CHECK-LABEL: func.func @gemm
// CHECK: %[[L:.*]] = call @qat_isa() : () -> i32
// CHECK: arith.cmpi sge, %[[L]], %{{.*}} : i32
// CHECK: scf.if
// CHECK: func.call @qat_int_gemm_vnni_ur_8x8x32(%arg0, %arg1, %arg2)
// CHECK: } else {
// CHECK: scf.if
// CHECK: func.call @qat_int_gemm_avx2_split_ur_8x8x32(%arg0, %arg1, %arg2)
// CHECK: } else {
// CHECK: linalg.generic
// CHECK-NOT: qat.int_gemm
// CHECK-LABEL: func.func private @qat_int_gemm_vnni_ur_8x8x32
// CHECK-SAME: target_features = #llvm.target_features<["+avx512f", "+avx512bw", "+avx512vnni"]>
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>)
// CHECK: vector.load %arg1[{{.*}}] : memref<2x32xi32>, vector<16xi32>
// CHECK: vector.broadcast %{{.*}} : i32 to vector<16xi32>
// CHECK-COUNT-8: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK-LABEL: func.func private @qat_int_gemm_avx2_split_ur_8x8x32
// CHECK-SAME: target_features = #llvm.target_features<["+avx2"]>
// CHECK: arith.shrsi
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pmadd.ub.sw"
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d2 floordiv 4, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @gemm(%a: memref<8x8xi8>, %w: memref<2x32xi32>, %c: memref<8x32xi32>) {
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<8x8xi8>, memref<2x32xi32>) outs(%c : memref<8x32xi32>) attrs = {qat.int_gemm = {pair_bound = 64770 : i64, rows_unsigned = true}} {
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
