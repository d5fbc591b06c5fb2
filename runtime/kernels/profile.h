/*===- profile.h - per-layer timers of a library built with --profile -----===
 *
 * `qat-compile --profile` instruments the model's functions: before the
 * first op of each layer (the ops carrying one ONNX node's name, in program
 * order) the code calls qat_prof_mark(layer), and before returning
 * qat_prof_mark(-1). Each mark closes the running layer's interval, so the
 * time between two marks belongs to the layer the first one opened. The
 * library also defines qat_profile_layers(): a JSON array, one entry per
 * layer id, {"name", "op", "macs"} (macs: the ONNX node's multiply-adds,
 * 0 for nodes without a contraction).
 *
 * Counters are per process (one model run at a time: qat-run's use).
 *===----------------------------------------------------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_PROFILE_H
#define QAT_RUNTIME_KERNELS_PROFILE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The instrumented code's call: close the running layer, open `layer`
/// (-1: none).
void qat_prof_mark(int32_t layer);

/// Zero every layer's time and count.
void qat_profile_reset(void);

/// Copies the first `n` layers' total nanoseconds and entry counts since
/// the last reset; returns how many layers were ever marked (ids + 1).
int32_t qat_profile_read(int64_t *nanoseconds, int64_t *entries, int32_t n);

/// Defined by an instrumented library: the layers' table (see above).
const char *qat_profile_layers(void);

#ifdef __cplusplus
}
#endif

#endif
