/*===- isa.h - which instruction-set level the kernels run at ---------------===*
 *
 * Every kernel family has variants per x86 level; they pick one through
 * qat_isa(), never through cpuid directly, so one switch forces every family
 * to a lower level: the environment variable QAT_ISA (generic, avx2, avx512,
 * avx512-vnni), read when a model instance is created (qat_isa_init, called
 * by qat_model_create). A level above the host's is an error, not a silent
 * downgrade. The test suite runs each level the host can run.
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_ISA_H
#define QAT_RUNTIME_KERNELS_ISA_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum qat_isa_level {
  QAT_ISA_GENERIC = 0,     /* baseline x86-64: portable C loops */
  QAT_ISA_AVX2 = 1,        /* AVX2 + FMA (Zen 3, Haswell...) */
  QAT_ISA_AVX512 = 2,      /* AVX-512 F/BW/DQ/VL */
  QAT_ISA_AVX512_VNNI = 3, /* ... and VNNI (vpdpbusd) */
} qat_isa_level;

/* The highest level this CPU runs. */
qat_isa_level qat_isa_host(void);

/* The level the kernels use: the host's unless QAT_ISA chose a lower one. */
qat_isa_level qat_isa(void);

/* Reads QAT_ISA. Returns 0, or non-zero with a one-line reason in `error`
 * (size bytes) when the value is unknown or above the host's level; the
 * level then stays what it was. */
int qat_isa_init(char *error, unsigned long size);

/* "generic", "avx2", "avx512", "avx512-vnni"; NULL for a bad level. */
const char *qat_isa_name(qat_isa_level level);

#ifdef __cplusplus
}
#endif

#endif
