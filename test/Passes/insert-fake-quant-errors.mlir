// Bad options and override files are one error each.
// RUN: not qat-opt %s --qat-insert-fake-quant="w-bits=1" 2>&1 | FileCheck %s --check-prefix=BITS
// RUN: not qat-opt %s --qat-insert-fake-quant="a-bits=17" 2>&1 | FileCheck %s --check-prefix=BITS
// BITS: error: qat-insert-fake-quant: w-bits and a-bits must be 2..16
// RUN: not qat-opt %s --qat-insert-fake-quant="w-granularity=per-row" 2>&1 | FileCheck %s --check-prefix=GRAN
// GRAN: error: qat-insert-fake-quant: w-granularity must be per-channel, per-tensor, per-group or shift-group (got 'per-row')
// RUN: not qat-opt %s --qat-insert-fake-quant="w-granularity=per-group" 2>&1 | FileCheck %s --check-prefix=GROUP
// GROUP: error: qat-insert-fake-quant: group-size > 0 goes with w-granularity=per-group or shift-group
// RUN: not qat-opt %s --qat-insert-fake-quant="w-granularity=shift-group" 2>&1 | FileCheck %s --check-prefix=GROUP
// RUN: not qat-opt %s --qat-insert-fake-quant="w-granularity=shift-group group-size=4 max-shift=16" 2>&1 | FileCheck %s --check-prefix=SHIFT
// SHIFT: error: qat-insert-fake-quant: max-shift must be 0..15 (got 16)
// RUN: not qat-opt %s --qat-insert-fake-quant="quantizer=mse" 2>&1 | FileCheck %s --check-prefix=QUANT
// QUANT: error: qat-insert-fake-quant: quantizer must be lsq or minmax (got 'mse')
// RUN: not qat-opt %s --qat-insert-fake-quant="rounding=up" 2>&1 | FileCheck %s --check-prefix=ROUND
// ROUND: error: qat-insert-fake-quant: rounding must be divide or reciprocal (got 'up')
// RUN: not qat-opt %s --qat-insert-fake-quant="skip=conv9" 2>&1 | FileCheck %s --check-prefix=SKIP
// SKIP: error: qat-insert-fake-quant: skip: unknown layer 'conv9'

// RUN: rm -rf %t && mkdir -p %t
// RUN: not qat-opt %s --qat-insert-fake-quant="override-file=%t/missing.json" 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: qat-insert-fake-quant: override file '{{.*}}missing.json': No such file or directory
// RUN: echo '{"conv1": {"w-bits": 4,}' > %t/syntax.json
// RUN: not qat-opt %s --qat-insert-fake-quant="override-file=%t/syntax.json" 2>&1 | FileCheck %s --check-prefix=SYNTAX
// SYNTAX: error: qat-insert-fake-quant: override file '{{.*}}syntax.json': invalid JSON:
// RUN: echo '[1, 2]' > %t/array.json
// RUN: not qat-opt %s --qat-insert-fake-quant="override-file=%t/array.json" 2>&1 | FileCheck %s --check-prefix=ARRAY
// ARRAY: error: qat-insert-fake-quant: override file '{{.*}}array.json': expected an object of layer name -> bits
// RUN: echo '{"conv2": {"w-bits": 4}}' > %t/unknown.json
// RUN: not qat-opt %s --qat-insert-fake-quant="override-file=%t/unknown.json" 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: qat-insert-fake-quant: override file '{{.*}}unknown.json': unknown layer 'conv2'
// RUN: echo '{"conv1": {"w-bits": 32}}' > %t/range.json
// RUN: not qat-opt %s --qat-insert-fake-quant="override-file=%t/range.json" 2>&1 | FileCheck %s --check-prefix=RANGE
// RANGE: error: qat-insert-fake-quant: override file '{{.*}}range.json': layer 'conv1': w-bits must be an integer in 2..16
// RUN: echo '{"conv1": {"bits": 4}}' > %t/key.json
// RUN: not qat-opt %s --qat-insert-fake-quant="override-file=%t/key.json" 2>&1 | FileCheck %s --check-prefix=KEY
// KEY: error: qat-insert-fake-quant: override file '{{.*}}key.json': layer 'conv1': unknown key 'bits' (expected w-bits, a-bits)
func.func @one_layer(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32> loc("conv1")
  return %0 : tensor<1x2x4x4xf32>
}
