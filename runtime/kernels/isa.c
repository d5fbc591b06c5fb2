/*===- isa.c - which instruction-set level the kernels run at ---------------===*/
#include "isa.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kNames[] = {"generic", "avx2", "avx512", "avx512-vnni"};

/* -1: not chosen yet (first use takes the host's level). Written by
 * qat_isa_init, which qat_model_create calls before any kernel runs. */
static int chosen = -1;

qat_isa_level qat_isa_host(void) {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl"))
    return __builtin_cpu_supports("avx512vnni") ? QAT_ISA_AVX512_VNNI : QAT_ISA_AVX512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return QAT_ISA_AVX2;
  return QAT_ISA_GENERIC;
}

qat_isa_level qat_isa(void) {
  int level = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
  if (level < 0) {
    level = (int)qat_isa_host();
    __atomic_store_n(&chosen, level, __ATOMIC_RELAXED);
  }
  return (qat_isa_level)level;
}

const char *qat_isa_name(qat_isa_level level) {
  return (unsigned)level < sizeof(kNames) / sizeof(kNames[0]) ? kNames[level] : NULL;
}

int qat_isa_init(char *error, unsigned long size) {
  qat_isa_level host = qat_isa_host();
  const char *value = getenv("QAT_ISA");
  int level = (int)host;
  if (value && *value) {
    level = -1;
    for (int i = 0; i < (int)(sizeof(kNames) / sizeof(kNames[0])); ++i)
      if (strcmp(value, kNames[i]) == 0)
        level = i;
    if (level < 0) {
      snprintf(error, size, "QAT_ISA='%.32s' is not one of generic, avx2, avx512, avx512-vnni",
               value);
      return 1;
    }
    if (level > (int)host) {
      snprintf(error, size, "QAT_ISA=%s is above what this CPU runs (%s)", kNames[level],
               kNames[host]);
      return 1;
    }
  }
  __atomic_store_n(&chosen, level, __ATOMIC_RELAXED);
  return 0;
}
