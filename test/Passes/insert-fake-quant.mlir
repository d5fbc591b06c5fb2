// RUN: qat-opt %s --qat-insert-fake-quant | FileCheck %s
// RUN: qat-opt %s --qat-insert-fake-quant="w-bits=4 a-bits=3 quantizer=minmax w-granularity=per-tensor rounding=reciprocal" | FileCheck %s --check-prefix=OPTS
// RUN: qat-opt %s --qat-insert-fake-quant="w-granularity=per-group group-size=2" | FileCheck %s --check-prefix=GROUP
// RUN: qat-opt %s --qat-insert-fake-quant="w-bits=4 w-granularity=shift-group group-size=8 max-shift=3" | FileCheck %s --check-prefix=SHIFT
// RUN: qat-opt %s --qat-insert-fake-quant="skip-first-last" | FileCheck %s --check-prefix=SKIP
// RUN: qat-opt %s --qat-insert-fake-quant="skip=fc override-file=%S/Inputs/override.json" | FileCheck %s --check-prefix=OVERRIDE
// RUN: qat-opt %s --qat-insert-fake-quant="quantize-residual-add a-asymmetric" | FileCheck %s --check-prefix=ADD

// Defaults: W8A8, per-channel LSQ weights, a signed input (the graph input),
// an unsigned one after ReLU. LSQ init for conv1's two channels (qmax = 127):
// 2 * mean|w| / sqrt(127) = 2 * [1, 2] / 11.2694 = [0.17747, 0.35495].
// CHECK-LABEL: func.func @two_layers
// CHECK: %[[SX:.*]] = qat.parameter "conv1.input_scale" = dense<0.0472440943> : tensor<f32>
// CHECK: %[[X:.*]] = qat.fake_quant %arg0, %[[SX]], %{{.*}} {bits = 8 : i64} : tensor<1x1x4x4xf32>
// CHECK: %[[SW:.*]] = qat.parameter "conv1.weight_scale" = dense<[0.177471295, 0.35494259]> : tensor<2xf32>
// CHECK: %[[W:.*]] = qat.fake_quant %{{.*}}, %[[SW]], %{{.*}} {axis = 0 : i64, bits = 8 : i64} : tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<2xi32>
// CHECK: %[[C:.*]] = nn.conv %[[X]], %[[W]]
// CHECK: %[[R:.*]] = nn.relu %[[C]]
// CHECK: %[[F:.*]] = nn.reshape %[[R]]
// The ReLU's output stays non-negative through the reshape: unsigned, 6 / 255.
// CHECK: %[[SA:.*]] = qat.parameter "fc.input_scale" = dense<0.0235294122> : tensor<f32>
// CHECK: %[[A:.*]] = qat.fake_quant %[[F]], %[[SA]], %{{.*}} {bits = 8 : i64, is_signed = false}
// Gemm weights with trans_b are per row.
// CHECK: qat.parameter "fc.weight_scale" {{.*}} : tensor<3xf32>
// CHECK: %[[B:.*]] = qat.fake_quant {{.*}} {axis = 0 : i64, bits = 8 : i64} : tensor<3x32xf32>
// CHECK: nn.gemm %[[A]], %[[B]]

// per-tensor min/max: max|w| / qmax = 2 / 7; activations 3 bits: 6 / 3, 6 / 7.
// OPTS-LABEL: func.func @two_layers
// OPTS: qat.parameter "conv1.input_scale" = dense<2.000000e+00>
// OPTS: qat.fake_quant {{.*}} {bits = 3 : i64, reciprocal_scale}
// OPTS: qat.parameter "conv1.weight_scale" = dense<0.285714298> : tensor<f32>
// OPTS: qat.fake_quant {{.*}} {bits = 4 : i64, reciprocal_scale} : tensor<2x1x1x1xf32>, tensor<f32>, tensor<i32>
// OPTS: qat.parameter "fc.input_scale" = dense<0.857142865>
// OPTS: {bits = 3 : i64, is_signed = false, reciprocal_scale}

// Groups of 2 input elements along the reduction axis (axis 1 of B for
// trans_b = true): 32 columns -> 16 scales per row.
// GROUP-LABEL: func.func @two_layers
// GROUP: qat.fake_quant {{.*}} {axis = 1 : i64, bits = 8 : i64, group_size = 2 : i64} : tensor<2x1x1x1xf32>, tensor<2x1x1x1xf32>, tensor<2x1x1x1xi32>
// GROUP: qat.fake_quant {{.*}} {axis = 1 : i64, bits = 8 : i64, group_size = 2 : i64} : tensor<3x32xf32>, tensor<3x16xf32>, tensor<3x16xi32>

// ShiftQuant: a per-channel scale parameter (LSQ over the channel), group
// scales from qat.shift_scale along the reduction axis (conv1: 1 input
// element, one group per channel; fc: 32 columns -> 4 groups of 8), and the
// per-group fake_quant on them. The weights stay constants: the shifts
// follow them when they train.
// SHIFT-LABEL: func.func @two_layers
// SHIFT: %[[CS:.*]] = qat.parameter "conv1.weight_scale" {{.*}} : tensor<2xf32>
// SHIFT: %[[CG:.*]] = qat.shift_scale %{{.*}}, %[[CS]] {axis = 0 : i64, group_axis = 1 : i64, group_size = 8 : i64, max_shift = 3 : i64} : (tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<2x1x1x1xf32>
// SHIFT: qat.fake_quant %{{.*}}, %[[CG]], %{{.*}} {axis = 1 : i64, bits = 4 : i64, group_size = 8 : i64} : tensor<2x1x1x1xf32>, tensor<2x1x1x1xf32>, tensor<2x1x1x1xi32>
// SHIFT: %[[FS:.*]] = qat.parameter "fc.weight_scale" {{.*}} : tensor<3xf32>
// SHIFT: %[[FG:.*]] = qat.shift_scale %{{.*}}, %[[FS]] {{.*}} : (tensor<3x32xf32>, tensor<3xf32>) -> tensor<3x4xf32>
// SHIFT: qat.fake_quant %{{.*}}, %[[FG]], %{{.*}} {axis = 1 : i64, bits = 4 : i64, group_size = 8 : i64} : tensor<3x32xf32>, tensor<3x4xf32>, tensor<3x4xi32>

// SKIP-LABEL: func.func @two_layers
// SKIP-NOT: qat.fake_quant

// Inputs/override.json: conv1 -> W2, A4; fc is skipped.
// OVERRIDE-LABEL: func.func @two_layers
// OVERRIDE: qat.fake_quant {{.*}} {bits = 4 : i64}
// OVERRIDE: qat.fake_quant {{.*}} {axis = 0 : i64, bits = 2 : i64}
// OVERRIDE: nn.conv
// OVERRIDE-NOT: qat.fake_quant

// Asymmetric activations: unsigned with a zero point parameter at 128.
// ADD-LABEL: func.func @two_layers
// ADD: qat.parameter "conv1.input_scale" = dense<0.0470588244>
// ADD: %[[Z:.*]] = qat.parameter "conv1.input_zero_point" = dense<1.280000e+02>
// ADD: qat.fake_quant %arg0, %{{.*}}, %[[Z]] {bits = 8 : i64, is_signed = false} : tensor<1x1x4x4xf32>, tensor<f32>, tensor<f32>
func.func @two_layers(%x: tensor<1x1x4x4xf32>) -> tensor<1x3xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[-2.0]]]]> : tensor<2x1x1x1xf32>
  %fcw = arith.constant dense<0.5> : tensor<3x32xf32>
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32> loc("conv1")
  %1 = nn.relu %0 : tensor<1x2x4x4xf32> loc("relu1")
  %2 = nn.reshape %1 : tensor<1x2x4x4xf32> -> tensor<1x32xf32>
  %3 = nn.gemm %2, %fcw {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<1x32xf32>, tensor<3x32xf32>) -> tensor<1x3xf32> loc("fc")
  return %3 : tensor<1x3xf32>
}
