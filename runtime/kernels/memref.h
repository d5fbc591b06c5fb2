/*===- memref.h - MLIR's memref descriptors, as the kernels receive them ----===*
 *
 * A function with llvm.emit_c_interface takes each memref operand as a
 * pointer to this struct (the C interface of the MLIR-to-LLVM lowering).
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_MEMREF_H
#define QAT_RUNTIME_KERNELS_MEMREF_H

#include <stdint.h>

#define QAT_MEMREF_F32(rank)                                                                \
  typedef struct {                                                                          \
    float *allocated, *aligned;                                                             \
    int64_t offset, sizes[rank], strides[rank];                                             \
  } qat_memref##rank##d_f32

QAT_MEMREF_F32(1);
QAT_MEMREF_F32(2);
QAT_MEMREF_F32(3);
QAT_MEMREF_F32(4);

#undef QAT_MEMREF_F32

/* 8-bit levels (maxpool_levels.c). */
typedef struct {
  int8_t *allocated, *aligned;
  int64_t offset, sizes[4], strides[4];
} qat_memref4d_i8;

#endif
