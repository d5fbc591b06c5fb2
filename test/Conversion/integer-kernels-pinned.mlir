// RUN: qat-opt %s --split-input-file --qat-integer-kernels=isa=avx2 | FileCheck %s --check-prefix=AVX2
// RUN: qat-opt %s --split-input-file --qat-integer-kernels=isa=avx512-vnni | FileCheck %s --check-prefix=VNNI
// RUN: qat-opt %s --split-input-file --qat-integer-kernels=isa=generic | FileCheck %s --check-prefix=GENERIC
// RUN: not qat-opt %s --split-input-file --qat-integer-kernels=isa=sse2 2>&1 | FileCheck %s --check-prefix=BAD

// A pinned variant (qat-compile --target-cpu): one kernel behind one
// qat_isa() check, the portable loops otherwise; `generic` emits none.
// AVX2-LABEL: func.func @gemm
// AVX2: %[[L:.*]] = call @qat_isa() : () -> i32
// AVX2: scf.if
// AVX2-NEXT: func.call @qat_int_gemm_avx2_ur_4x8x32
// AVX2-NEXT: } else {
// AVX2-NEXT: linalg.generic
// AVX2-NOT: vnni
// VNNI-LABEL: func.func @gemm
// VNNI: func.call @qat_int_gemm_vnni_ur_4x8x32
// VNNI-NEXT: } else {
// VNNI-NEXT: linalg.generic
// VNNI-NOT: avx2
// GENERIC-LABEL: func.func @gemm
// GENERIC-NOT: qat_isa
// GENERIC: linalg.generic
// GENERIC-NOT: func.func private
// BAD: qat-integer-kernels: unknown isa 'sse2' (all, avx512-vnni, avx512, avx2, generic)
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#w = affine_map<(d0, d1, d2) -> (d2 floordiv 4, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @gemm(%a: memref<4x8xi8>, %w: memref<2x32xi32>, %c: memref<4x32xi32>) {
  linalg.generic {indexing_maps = [#a, #w, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %w : memref<4x8xi8>, memref<2x32xi32>) outs(%c : memref<4x32xi32>) attrs = {qat.int_gemm = {pair_bound = 240 : i64, rows_unsigned = true}} {
  ^bb0(%x: i8, %y: i32, %acc: i32):
    %0 = arith.extui %x : i8 to i32
    %2 = arith.muli %0, %y : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  return
}
