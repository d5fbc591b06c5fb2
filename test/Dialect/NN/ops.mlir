// RUN: qat-opt %s | qat-opt | FileCheck %s
// RUN: qat-opt %s --mlir-print-op-generic | qat-opt | FileCheck %s

// Round trip of every nn op through the custom and the generic form. The
// result types are the ones shape inference computes, so each case also
// checks the inference rule it exercises.

//===----------------------------------------------------------------------===//
// Elementwise unary ops.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @unary_float
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
func.func @unary_float(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  // CHECK: %[[A:.*]] = nn.sqrt %[[X]] : tensor<2x8xf32>
  // CHECK: %[[B:.*]] = nn.exp %[[A]] : tensor<2x8xf32>
  // CHECK: %[[C:.*]] = nn.log %[[B]] : tensor<2x8xf32>
  // CHECK: %[[D:.*]] = nn.erf %[[C]] : tensor<2x8xf32>
  // CHECK: %[[E:.*]] = nn.sigmoid %[[D]] : tensor<2x8xf32>
  // CHECK: %[[F:.*]] = nn.tanh %[[E]] : tensor<2x8xf32>
  // CHECK: %[[G:.*]] = nn.hard_swish %[[F]] : tensor<2x8xf32>
  // CHECK: %[[H:.*]] = nn.neg %[[G]] : tensor<2x8xf32>
  // CHECK: %[[I:.*]] = nn.abs %[[H]] : tensor<2x8xf32>
  // CHECK: %[[J:.*]] = nn.relu %[[I]] : tensor<2x8xf32>
  // CHECK: %[[K:.*]] = nn.floor %[[J]] : tensor<2x8xf32>
  // CHECK: %[[L:.*]] = nn.ceil %[[K]] : tensor<2x8xf32>
  // CHECK: %[[M:.*]] = nn.round %[[L]] : tensor<2x8xf32>
  // CHECK: return %[[M]]
  %0 = nn.sqrt %x : tensor<2x8xf32>
  %1 = nn.exp %0 : tensor<2x8xf32>
  %2 = nn.log %1 : tensor<2x8xf32>
  %3 = nn.erf %2 : tensor<2x8xf32>
  %4 = nn.sigmoid %3 : tensor<2x8xf32>
  %5 = nn.tanh %4 : tensor<2x8xf32>
  %6 = nn.hard_swish %5 : tensor<2x8xf32>
  %7 = nn.neg %6 : tensor<2x8xf32>
  %8 = nn.abs %7 : tensor<2x8xf32>
  %9 = nn.relu %8 : tensor<2x8xf32>
  %10 = nn.floor %9 : tensor<2x8xf32>
  %11 = nn.ceil %10 : tensor<2x8xf32>
  %12 = nn.round %11 : tensor<2x8xf32>
  return %12 : tensor<2x8xf32>
}

// neg, abs and relu also take integer tensors.
// CHECK-LABEL: func.func @unary_int
func.func @unary_int(%x: tensor<16xi8>) -> tensor<16xi8> {
  // CHECK: nn.neg %{{.*}} : tensor<16xi8>
  // CHECK: nn.abs %{{.*}} : tensor<16xi8>
  // CHECK: nn.relu %{{.*}} : tensor<16xi8>
  %0 = nn.neg %x : tensor<16xi8>
  %1 = nn.abs %0 : tensor<16xi8>
  %2 = nn.relu %1 : tensor<16xi8>
  return %2 : tensor<16xi8>
}

// CHECK-LABEL: func.func @unary_attrs
func.func @unary_attrs(%x: tensor<1x16x8x8xf16>) -> tensor<1x16x8x8xf16> {
  // CHECK: nn.leaky_relu %{{.*}} alpha = 1.000000e-01 : tensor<1x16x8x8xf16>
  // CHECK: nn.hard_sigmoid %{{.*}} alpha = 0.166666672, beta = 5.000000e-01 : tensor<1x16x8x8xf16>
  // CHECK: nn.gelu %{{.*}} approximate = "none" : tensor<1x16x8x8xf16>
  // CHECK: nn.gelu %{{.*}} approximate = "tanh" : tensor<1x16x8x8xf16>
  %0 = nn.leaky_relu %x alpha = 0.1 : tensor<1x16x8x8xf16>
  %1 = nn.hard_sigmoid %0 alpha = 0.166666672, beta = 0.5 : tensor<1x16x8x8xf16>
  %2 = nn.gelu %1 approximate = "none" : tensor<1x16x8x8xf16>
  %3 = nn.gelu %2 approximate = "tanh" : tensor<1x16x8x8xf16>
  return %3 : tensor<1x16x8x8xf16>
}

// Trigonometric and hyperbolic functions and their inverses, reciprocal,
// softplus and softsign (float only) and sign, of the operand's type.
// CHECK-LABEL: func.func @unary_float_math
// CHECK-SAME: (%[[X:.*]]: tensor<3x5xf32>)
func.func @unary_float_math(%x: tensor<3x5xf32>) -> tensor<3x5xf32> {
  // CHECK: %[[A:.*]] = nn.tan %[[X]] : tensor<3x5xf32>
  // CHECK: %[[B:.*]] = nn.acos %[[A]] : tensor<3x5xf32>
  // CHECK: %[[C:.*]] = nn.asin %[[B]] : tensor<3x5xf32>
  // CHECK: %[[D:.*]] = nn.atan %[[C]] : tensor<3x5xf32>
  // CHECK: %[[E:.*]] = nn.cosh %[[D]] : tensor<3x5xf32>
  // CHECK: %[[F:.*]] = nn.sinh %[[E]] : tensor<3x5xf32>
  // CHECK: %[[G:.*]] = nn.acosh %[[F]] : tensor<3x5xf32>
  // CHECK: %[[H:.*]] = nn.asinh %[[G]] : tensor<3x5xf32>
  // CHECK: %[[I:.*]] = nn.atanh %[[H]] : tensor<3x5xf32>
  // CHECK: %[[J:.*]] = nn.reciprocal %[[I]] : tensor<3x5xf32>
  // CHECK: %[[K:.*]] = nn.softplus %[[J]] : tensor<3x5xf32>
  // CHECK: %[[L:.*]] = nn.softsign %[[K]] : tensor<3x5xf32>
  // CHECK: %[[M:.*]] = nn.sign %[[L]] : tensor<3x5xf32>
  // CHECK: return %[[M]]
  %0 = nn.tan %x : tensor<3x5xf32>
  %1 = nn.acos %0 : tensor<3x5xf32>
  %2 = nn.asin %1 : tensor<3x5xf32>
  %3 = nn.atan %2 : tensor<3x5xf32>
  %4 = nn.cosh %3 : tensor<3x5xf32>
  %5 = nn.sinh %4 : tensor<3x5xf32>
  %6 = nn.acosh %5 : tensor<3x5xf32>
  %7 = nn.asinh %6 : tensor<3x5xf32>
  %8 = nn.atanh %7 : tensor<3x5xf32>
  %9 = nn.reciprocal %8 : tensor<3x5xf32>
  %10 = nn.softplus %9 : tensor<3x5xf32>
  %11 = nn.softsign %10 : tensor<3x5xf32>
  %12 = nn.sign %11 : tensor<3x5xf32>
  return %12 : tensor<3x5xf32>
}

// sign also takes integers (signed and unsigned); not takes i1 only.
// CHECK-LABEL: func.func @sign_and_not
func.func @sign_and_not(%i: tensor<4xi32>, %u: tensor<4xui8>, %b: tensor<2x2xi1>, %f: tensor<f64>) -> (tensor<4xi32>, tensor<4xui8>, tensor<2x2xi1>, tensor<f64>) {
  // CHECK: nn.sign %{{.*}} : tensor<4xi32>
  // CHECK: nn.sign %{{.*}} : tensor<4xui8>
  // CHECK: nn.not %{{.*}} : tensor<2x2xi1>
  // CHECK: nn.tan %{{.*}} : tensor<f64>
  %0 = nn.sign %i : tensor<4xi32>
  %1 = nn.sign %u : tensor<4xui8>
  %2 = nn.not %b : tensor<2x2xi1>
  %3 = nn.tan %f : tensor<f64>
  return %0, %1, %2, %3 : tensor<4xi32>, tensor<4xui8>, tensor<2x2xi1>, tensor<f64>
}

// CHECK-LABEL: func.func @unary_activations
func.func @unary_activations(%x: tensor<1x16x8x8xf32>, %h: tensor<4xf16>) -> (tensor<1x16x8x8xf32>, tensor<4xf16>) {
  // CHECK: nn.elu %{{.*}} alpha = 1.000000e+00 : tensor<1x16x8x8xf32>
  // CHECK: nn.celu %{{.*}} alpha = 2.000000e+00 : tensor<1x16x8x8xf32>
  // CHECK: nn.selu %{{.*}} alpha = 1.67326319, gamma = 1.05070102 : tensor<1x16x8x8xf32>
  // CHECK: nn.thresholded_relu %{{.*}} alpha = 1.250000e-01 : tensor<1x16x8x8xf32>
  // CHECK: nn.elu %{{.*}} alpha = 5.000000e-01 : tensor<4xf16>
  %0 = nn.elu %x alpha = 1.0 : tensor<1x16x8x8xf32>
  %1 = nn.celu %0 alpha = 2.0 : tensor<1x16x8x8xf32>
  %2 = nn.selu %1 alpha = 1.67326319, gamma = 1.05070102 : tensor<1x16x8x8xf32>
  %3 = nn.thresholded_relu %2 alpha = 0.125 : tensor<1x16x8x8xf32>
  %4 = nn.elu %h alpha = 0.5 : tensor<4xf16>
  return %3, %4 : tensor<1x16x8x8xf32>, tensor<4xf16>
}

// Float classification: an i1 tensor of the input's shape.
// CHECK-LABEL: func.func @float_tests
func.func @float_tests(%x: tensor<2x3xf32>, %s: tensor<f16>) -> (tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<i1>) {
  // CHECK: nn.is_nan %{{.*}} : tensor<2x3xf32> -> tensor<2x3xi1>
  // CHECK: nn.is_inf %{{.*}} {detect_negative = true, detect_positive = true} : tensor<2x3xf32> -> tensor<2x3xi1>
  // CHECK: nn.is_inf %{{.*}} {detect_negative = false, detect_positive = true} : tensor<2x3xf32> -> tensor<2x3xi1>
  // CHECK: nn.is_inf %{{.*}} {detect_negative = true, detect_positive = false} : tensor<f16> -> tensor<i1>
  %0 = nn.is_nan %x : tensor<2x3xf32> -> tensor<2x3xi1>
  %1 = nn.is_inf %x {detect_negative = true, detect_positive = true} : tensor<2x3xf32> -> tensor<2x3xi1>
  %2 = nn.is_inf %x {detect_negative = false, detect_positive = true} : tensor<2x3xf32> -> tensor<2x3xi1>
  %3 = nn.is_inf %s {detect_negative = true, detect_positive = false} : tensor<f16> -> tensor<i1>
  return %0, %1, %2, %3 : tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<i1>
}

// CHECK-LABEL: func.func @softmax
func.func @softmax(%x: tensor<2x12x64x64xf32>, %s: tensor<f32>) -> (tensor<2x12x64x64xf32>, tensor<2x12x64x64xf32>, tensor<f32>) {
  // CHECK: nn.softmax %{{.*}} axis = 3 : tensor<2x12x64x64xf32>
  // CHECK: nn.log_softmax %{{.*}} axis = 1 : tensor<2x12x64x64xf32>
  // CHECK: nn.softmax %{{.*}} axis = 0 : tensor<f32>
  %0 = nn.softmax %x axis = 3 : tensor<2x12x64x64xf32>
  %1 = nn.log_softmax %x axis = 1 : tensor<2x12x64x64xf32>
  %2 = nn.softmax %s axis = 0 : tensor<f32>
  return %0, %1, %2 : tensor<2x12x64x64xf32>, tensor<2x12x64x64xf32>, tensor<f32>
}

// CHECK-LABEL: func.func @clip
func.func @clip(%x: tensor<1x32x112x112xf32>, %lo: tensor<f32>, %hi: tensor<f32>,
                %q: tensor<8xi32>, %qlo: tensor<i32>, %qhi: tensor<i32>) -> (tensor<1x32x112x112xf32>, tensor<8xi32>) {
  // CHECK: nn.clip %{{.*}}, %{{.*}}, %{{.*}} : (tensor<1x32x112x112xf32>, tensor<f32>, tensor<f32>) -> tensor<1x32x112x112xf32>
  // CHECK: nn.clip %{{.*}}, %{{.*}}, %{{.*}} : (tensor<8xi32>, tensor<i32>, tensor<i32>) -> tensor<8xi32>
  %0 = nn.clip %x, %lo, %hi : (tensor<1x32x112x112xf32>, tensor<f32>, tensor<f32>) -> tensor<1x32x112x112xf32>
  %1 = nn.clip %q, %qlo, %qhi : (tensor<8xi32>, tensor<i32>, tensor<i32>) -> tensor<8xi32>
  return %0, %1 : tensor<1x32x112x112xf32>, tensor<8xi32>
}

// CHECK-LABEL: func.func @cast
func.func @cast(%x: tensor<2x3xf32>, %i: tensor<4xi64>, %u: tensor<4xui8>) -> (tensor<2x3xi8>, tensor<2x3xi1>, tensor<4xf32>, tensor<4xi32>) {
  // CHECK: nn.cast %{{.*}} : tensor<2x3xf32> to tensor<2x3xi8>
  // CHECK: nn.cast %{{.*}} : tensor<2x3xf32> to tensor<2x3xi1>
  // CHECK: nn.cast %{{.*}} : tensor<4xi64> to tensor<4xf32>
  // CHECK: nn.cast %{{.*}} : tensor<4xui8> to tensor<4xi32>
  %0 = nn.cast %x : tensor<2x3xf32> to tensor<2x3xi8>
  %1 = nn.cast %x : tensor<2x3xf32> to tensor<2x3xi1>
  %2 = nn.cast %i : tensor<4xi64> to tensor<4xf32>
  %3 = nn.cast %u : tensor<4xui8> to tensor<4xi32>
  return %0, %1, %2, %3 : tensor<2x3xi8>, tensor<2x3xi1>, tensor<4xf32>, tensor<4xi32>
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops (numpy broadcasting).
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @binary_broadcast
func.func @binary_broadcast(%x: tensor<1x16x8x8xf32>, %c: tensor<16x1x1xf32>, %s: tensor<f32>,
                            %row: tensor<8xf32>, %col: tensor<3x1xf32>) -> tensor<1x16x8x8xf32> {
  // CHECK: nn.add %{{.*}}, %{{.*}} : (tensor<1x16x8x8xf32>, tensor<16x1x1xf32>) -> tensor<1x16x8x8xf32>
  // CHECK: nn.sub %{{.*}}, %{{.*}} : (tensor<1x16x8x8xf32>, tensor<f32>) -> tensor<1x16x8x8xf32>
  // CHECK: nn.mul %{{.*}}, %{{.*}} : (tensor<8xf32>, tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  // CHECK: nn.div %{{.*}}, %{{.*}} : (tensor<3x1xf32>, tensor<8xf32>) -> tensor<3x8xf32>
  // CHECK: nn.pow %{{.*}}, %{{.*}} : (tensor<1x16x8x8xf32>, tensor<f32>) -> tensor<1x16x8x8xf32>
  // CHECK: nn.prelu %{{.*}}, %{{.*}} : (tensor<1x16x8x8xf32>, tensor<16x1x1xf32>) -> tensor<1x16x8x8xf32>
  %0 = nn.add %x, %c : (tensor<1x16x8x8xf32>, tensor<16x1x1xf32>) -> tensor<1x16x8x8xf32>
  %1 = nn.sub %0, %s : (tensor<1x16x8x8xf32>, tensor<f32>) -> tensor<1x16x8x8xf32>
  %2 = nn.mul %row, %1 : (tensor<8xf32>, tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  %3 = nn.div %col, %row : (tensor<3x1xf32>, tensor<8xf32>) -> tensor<3x8xf32>
  %4 = nn.pow %2, %s : (tensor<1x16x8x8xf32>, tensor<f32>) -> tensor<1x16x8x8xf32>
  %5 = nn.prelu %4, %c : (tensor<1x16x8x8xf32>, tensor<16x1x1xf32>) -> tensor<1x16x8x8xf32>
  return %5 : tensor<1x16x8x8xf32>
}

// Shape arithmetic on i64 vectors, as exported by PyTorch.
// CHECK-LABEL: func.func @binary_int
func.func @binary_int(%a: tensor<4xi64>, %b: tensor<i64>) -> tensor<4xi64> {
  // CHECK: nn.mul %{{.*}}, %{{.*}} : (tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
  // CHECK: nn.div %{{.*}}, %{{.*}} : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %0 = nn.mul %a, %b : (tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
  %1 = nn.div %0, %a : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %1 : tensor<4xi64>
}

// max, min and mod take any element type; and, or and xor i1; bit_shift
// unsigned integers. All broadcast.
// CHECK-LABEL: func.func @binary_new
func.func @binary_new(%x: tensor<2x3xf32>, %row: tensor<3xf32>, %i: tensor<4x1xi32>, %j: tensor<5xi32>,
                      %a: tensor<2x1xi1>, %b: tensor<3xi1>, %u: tensor<4xui8>, %n: tensor<ui8>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x5xi32>, tensor<4x5xi32>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<4xui8>, tensor<4xui8>) {
  // CHECK: nn.max %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.min %{{.*}}, %{{.*}} : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.mod %{{.*}}, %{{.*}} {fmod = true} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.mod %{{.*}}, %{{.*}} {fmod = false} : (tensor<4x1xi32>, tensor<5xi32>) -> tensor<4x5xi32>
  // CHECK: nn.max %{{.*}}, %{{.*}} : (tensor<4x1xi32>, tensor<5xi32>) -> tensor<4x5xi32>
  // CHECK: nn.and %{{.*}}, %{{.*}} : (tensor<2x1xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  // CHECK: nn.or %{{.*}}, %{{.*}} : (tensor<2x1xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  // CHECK: nn.xor %{{.*}}, %{{.*}} : (tensor<2x1xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  // CHECK: nn.bit_shift %{{.*}}, %{{.*}} {left = true} : (tensor<4xui8>, tensor<ui8>) -> tensor<4xui8>
  // CHECK: nn.bit_shift %{{.*}}, %{{.*}} {left = false} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %0 = nn.max %x, %row : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = nn.min %row, %x : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = nn.mod %x, %row {fmod = true} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %3 = nn.mod %i, %j {fmod = false} : (tensor<4x1xi32>, tensor<5xi32>) -> tensor<4x5xi32>
  %4 = nn.max %i, %j : (tensor<4x1xi32>, tensor<5xi32>) -> tensor<4x5xi32>
  %5 = nn.and %a, %b : (tensor<2x1xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  %6 = nn.or %a, %b : (tensor<2x1xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  %7 = nn.xor %a, %b : (tensor<2x1xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  %8 = nn.bit_shift %u, %n {left = true} : (tensor<4xui8>, tensor<ui8>) -> tensor<4xui8>
  %9 = nn.bit_shift %u, %8 {left = false} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x5xi32>, tensor<4x5xi32>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<4xui8>, tensor<4xui8>
}

//===----------------------------------------------------------------------===//
// Index of the extremum, triangles.
//===----------------------------------------------------------------------===//

// keepdims keeps the axis as a dimension of 1; without it the axis goes.
// CHECK-LABEL: func.func @argmin_argmax
func.func @argmin_argmax(%x: tensor<2x3x4xf32>, %u: tensor<7xui8>) -> (tensor<2x1x4xi64>, tensor<2x3xi64>, tensor<i64>, tensor<1x3x4xi64>) {
  // CHECK: nn.argmin %{{.*}} {axis = 1 : i64, keepdims = true, select_last_index = false} : tensor<2x3x4xf32> -> tensor<2x1x4xi64>
  // CHECK: nn.argmin %{{.*}} {axis = 2 : i64, keepdims = false, select_last_index = true} : tensor<2x3x4xf32> -> tensor<2x3xi64>
  // CHECK: nn.argmin %{{.*}} {axis = 0 : i64, keepdims = false, select_last_index = false} : tensor<7xui8> -> tensor<i64>
  // CHECK: nn.argmax %{{.*}} {axis = 0 : i64, keepdims = true, select_last_index = false} : tensor<2x3x4xf32> -> tensor<1x3x4xi64>
  %0 = nn.argmin %x {axis = 1 : i64, keepdims = true, select_last_index = false} : tensor<2x3x4xf32> -> tensor<2x1x4xi64>
  %1 = nn.argmin %x {axis = 2 : i64, keepdims = false, select_last_index = true} : tensor<2x3x4xf32> -> tensor<2x3xi64>
  %2 = nn.argmin %u {axis = 0 : i64, keepdims = false, select_last_index = false} : tensor<7xui8> -> tensor<i64>
  %3 = nn.argmax %x {axis = 0 : i64, keepdims = true, select_last_index = false} : tensor<2x3x4xf32> -> tensor<1x3x4xi64>
  return %0, %1, %2, %3 : tensor<2x1x4xi64>, tensor<2x3xi64>, tensor<i64>, tensor<1x3x4xi64>
}

// CHECK-LABEL: func.func @trilu
func.func @trilu(%x: tensor<3x4xf32>, %b: tensor<2x5x3x3xi32>) -> (tensor<3x4xf32>, tensor<2x5x3x3xi32>) {
  // CHECK: nn.trilu %{{.*}} {k = 0 : i64, upper = true} : tensor<3x4xf32>
  // CHECK: nn.trilu %{{.*}} {k = -2 : i64, upper = false} : tensor<2x5x3x3xi32>
  %0 = nn.trilu %x {k = 0 : i64, upper = true} : tensor<3x4xf32>
  %1 = nn.trilu %b {k = -2 : i64, upper = false} : tensor<2x5x3x3xi32>
  return %0, %1 : tensor<3x4xf32>, tensor<2x5x3x3xi32>
}

//===----------------------------------------------------------------------===//
// Linear algebra.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @matmul_2d
func.func @matmul_2d(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) -> tensor<4x16xf32> {
  // CHECK: nn.matmul %{{.*}}, %{{.*}} : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  %0 = nn.matmul %a, %b : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// CHECK-LABEL: func.func @matmul_batched
func.func @matmul_batched(%q: tensor<2x12x64x32xf32>, %k: tensor<2x12x32x64xf32>) -> tensor<2x12x64x64xf32> {
  // CHECK: nn.matmul %{{.*}}, %{{.*}} : (tensor<2x12x64x32xf32>, tensor<2x12x32x64xf32>) -> tensor<2x12x64x64xf32>
  %0 = nn.matmul %q, %k : (tensor<2x12x64x32xf32>, tensor<2x12x32x64xf32>) -> tensor<2x12x64x64xf32>
  return %0 : tensor<2x12x64x64xf32>
}

// Batch dimensions broadcast; a 2-D operand broadcasts against every batch.
// CHECK-LABEL: func.func @matmul_broadcast
func.func @matmul_broadcast(%a: tensor<2x1x4x8xf32>, %b: tensor<3x8x5xf32>, %w: tensor<8x5xf32>) -> (tensor<2x3x4x5xf32>, tensor<2x1x4x5xf32>) {
  // CHECK: nn.matmul %{{.*}}, %{{.*}} : (tensor<2x1x4x8xf32>, tensor<3x8x5xf32>) -> tensor<2x3x4x5xf32>
  // CHECK: nn.matmul %{{.*}}, %{{.*}} : (tensor<2x1x4x8xf32>, tensor<8x5xf32>) -> tensor<2x1x4x5xf32>
  %0 = nn.matmul %a, %b : (tensor<2x1x4x8xf32>, tensor<3x8x5xf32>) -> tensor<2x3x4x5xf32>
  %1 = nn.matmul %a, %w : (tensor<2x1x4x8xf32>, tensor<8x5xf32>) -> tensor<2x1x4x5xf32>
  return %0, %1 : tensor<2x3x4x5xf32>, tensor<2x1x4x5xf32>
}

// 1-D operands are promoted and the promoted dimension is dropped.
// CHECK-LABEL: func.func @matmul_1d
func.func @matmul_1d(%v: tensor<8xf32>, %m: tensor<2x8x5xf32>, %n: tensor<3x4x8xf32>) -> (tensor<2x5xf32>, tensor<3x4xf32>, tensor<f32>) {
  // CHECK: nn.matmul %{{.*}}, %{{.*}} : (tensor<8xf32>, tensor<2x8x5xf32>) -> tensor<2x5xf32>
  // CHECK: nn.matmul %{{.*}}, %{{.*}} : (tensor<3x4x8xf32>, tensor<8xf32>) -> tensor<3x4xf32>
  // CHECK: nn.matmul %{{.*}}, %{{.*}} : (tensor<8xf32>, tensor<8xf32>) -> tensor<f32>
  %0 = nn.matmul %v, %m : (tensor<8xf32>, tensor<2x8x5xf32>) -> tensor<2x5xf32>
  %1 = nn.matmul %n, %v : (tensor<3x4x8xf32>, tensor<8xf32>) -> tensor<3x4xf32>
  %2 = nn.matmul %v, %v : (tensor<8xf32>, tensor<8xf32>) -> tensor<f32>
  return %0, %1, %2 : tensor<2x5xf32>, tensor<3x4xf32>, tensor<f32>
}

// CHECK-LABEL: func.func @matmul_int
func.func @matmul_int(%a: tensor<4x8xi32>, %b: tensor<8x16xi32>) -> tensor<4x16xi32> {
  // CHECK: nn.matmul %{{.*}}, %{{.*}} : (tensor<4x8xi32>, tensor<8x16xi32>) -> tensor<4x16xi32>
  %0 = nn.matmul %a, %b : (tensor<4x8xi32>, tensor<8x16xi32>) -> tensor<4x16xi32>
  return %0 : tensor<4x16xi32>
}

// A linear layer: B transposed, C a bias row.
// CHECK-LABEL: func.func @gemm_with_c
// CHECK-SAME: (%[[A:.*]]: tensor<4x512xf32>, %[[B:.*]]: tensor<10x512xf32>, %[[C:.*]]: tensor<10xf32>
func.func @gemm_with_c(%a: tensor<4x512xf32>, %b: tensor<10x512xf32>, %c: tensor<10xf32>,
                       %col: tensor<4x1xf32>, %s: tensor<f32>) -> (tensor<4x10xf32>, tensor<4x10xf32>, tensor<4x10xf32>) {
  // CHECK: nn.gemm %[[A]], %[[B]], %[[C]] {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, trans_a = false, trans_b = true} : (tensor<4x512xf32>, tensor<10x512xf32>, tensor<10xf32>) -> tensor<4x10xf32>
  // CHECK: nn.gemm {{.*}} : (tensor<4x512xf32>, tensor<10x512xf32>, tensor<4x1xf32>) -> tensor<4x10xf32>
  // CHECK: nn.gemm {{.*}} : (tensor<4x512xf32>, tensor<10x512xf32>, tensor<f32>) -> tensor<4x10xf32>
  %0 = nn.gemm %a, %b, %c {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<4x512xf32>, tensor<10x512xf32>, tensor<10xf32>) -> tensor<4x10xf32>
  %1 = nn.gemm %a, %b, %col {alpha = 0.5 : f32, beta = 2.0 : f32, trans_a = false, trans_b = true} : (tensor<4x512xf32>, tensor<10x512xf32>, tensor<4x1xf32>) -> tensor<4x10xf32>
  %2 = nn.gemm %a, %b, %s {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<4x512xf32>, tensor<10x512xf32>, tensor<f32>) -> tensor<4x10xf32>
  return %0, %1, %2 : tensor<4x10xf32>, tensor<4x10xf32>, tensor<4x10xf32>
}

// CHECK-LABEL: func.func @gemm_without_c
func.func @gemm_without_c(%a: tensor<8x4xf32>, %b: tensor<8x16xf32>, %bt: tensor<16x4xf32>) -> (tensor<4x16xf32>, tensor<8x16xf32>) {
  // CHECK: nn.gemm %{{[^,]*}}, %{{[^,]*}} {{{.*}}trans_a = true, trans_b = false} : (tensor<8x4xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  // CHECK: nn.gemm %{{[^,]*}}, %{{[^,]*}} {{{.*}}trans_a = false, trans_b = true} : (tensor<8x4xf32>, tensor<16x4xf32>) -> tensor<8x16xf32>
  %0 = nn.gemm %a, %b {alpha = 1.0 : f32, beta = 0.0 : f32, trans_a = true, trans_b = false} : (tensor<8x4xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  %1 = nn.gemm %a, %bt {alpha = 1.0 : f32, beta = 0.0 : f32, trans_a = false, trans_b = true} : (tensor<8x4xf32>, tensor<16x4xf32>) -> tensor<8x16xf32>
  return %0, %1 : tensor<4x16xf32>, tensor<8x16xf32>
}

// The equation is explicit; a letter repeated within an operand reads its
// diagonal, letters missing from the output are summed.
// CHECK-LABEL: func.func @einsum
func.func @einsum(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %q: tensor<5x2x3xf32>, %k: tensor<5x3x4xf32>, %m: tensor<3x3xi32>, %v: tensor<4xf64>, %w: tensor<3xf64>) -> (tensor<2x4xf32>, tensor<5x2x4xf32>, tensor<3xi32>, tensor<i32>, tensor<4x3xf64>, tensor<3x2xf32>) {
  // CHECK: nn.einsum %{{.*}}, %{{.*}} {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  // CHECK: nn.einsum %{{.*}}, %{{.*}} {equation = "bij,bjk->bik"} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
  // CHECK: nn.einsum %{{.*}} {equation = "ii->i"} : (tensor<3x3xi32>) -> tensor<3xi32>
  // CHECK: nn.einsum %{{.*}} {equation = "ii->"} : (tensor<3x3xi32>) -> tensor<i32>
  // CHECK: nn.einsum %{{.*}}, %{{.*}} {equation = "i,j->ij"} : (tensor<4xf64>, tensor<3xf64>) -> tensor<4x3xf64>
  // CHECK: nn.einsum %{{.*}} {equation = "ij->ji"} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %0 = nn.einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = nn.einsum %q, %k {equation = "bij,bjk->bik"} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
  %2 = nn.einsum %m {equation = "ii->i"} : (tensor<3x3xi32>) -> tensor<3xi32>
  %3 = nn.einsum %m {equation = "ii->"} : (tensor<3x3xi32>) -> tensor<i32>
  %4 = nn.einsum %v, %w {equation = "i,j->ij"} : (tensor<4xf64>, tensor<3xf64>) -> tensor<4x3xf64>
  %5 = nn.einsum %a {equation = "ij->ji"} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<2x4xf32>, tensor<5x2x4xf32>, tensor<3xi32>, tensor<i32>, tensor<4x3xf64>, tensor<3x2xf32>
}

// Three operands, upper-case letters.
// CHECK-LABEL: func.func @einsum_three_operands
func.func @einsum_three_operands(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<4x5xf32>) -> tensor<5x2xf32> {
  // CHECK: nn.einsum %{{.*}}, %{{.*}}, %{{.*}} {equation = "AB,BC,CD->DA"} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<5x2xf32>
  %0 = nn.einsum %a, %b, %c {equation = "AB,BC,CD->DA"} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<5x2xf32>
  return %0 : tensor<5x2xf32>
}

//===----------------------------------------------------------------------===//
// Convolution.
//===----------------------------------------------------------------------===//

// (16 + 1 + 1 - 3) / 2 + 1 = 8.
// CHECK-LABEL: func.func @conv_1d
func.func @conv_1d(%x: tensor<1x4x16xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x8xf32> {
  // CHECK: nn.conv %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1>, group = 1 : i64, pads = array<i64: 1, 1>, strides = array<i64: 2>} : (tensor<1x4x16xf32>, tensor<8x4x3xf32>, tensor<8xf32>) -> tensor<1x8x8xf32>
  %0 = nn.conv %x, %w, %b {strides = array<i64: 2>, pads = array<i64: 1, 1>, dilations = array<i64: 1>, group = 1 : i64} : (tensor<1x4x16xf32>, tensor<8x4x3xf32>, tensor<8xf32>) -> tensor<1x8x8xf32>
  return %0 : tensor<1x8x8xf32>
}

// ResNet stem: 7x7 stride 2 pad 3 on 224x224 gives 112x112.
// CHECK-LABEL: func.func @conv_2d
func.func @conv_2d(%x: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>) -> tensor<1x64x112x112xf32> {
  // CHECK: nn.conv %{{[^,]*}}, %{{[^,]*}} {{{.*}}} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>) -> tensor<1x64x112x112xf32>
  %0 = nn.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 3, 3, 3, 3>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>) -> tensor<1x64x112x112xf32>
  return %0 : tensor<1x64x112x112xf32>
}

// Asymmetric pads [top, left, bottom, right] = [0, 1, 2, 1] and dilation 2
// (effective kernel 5): H = 10 + 0 + 2 - 5 + 1 = 8, W = 12 + 1 + 1 - 5 + 1 = 10.
// CHECK-LABEL: func.func @conv_2d_dilated_asymmetric
func.func @conv_2d_dilated_asymmetric(%x: tensor<2x8x10x12xf32>, %w: tensor<8x8x3x3xf32>) -> tensor<2x8x8x10xf32> {
  // CHECK: nn.conv {{.*}}dilations = array<i64: 2, 2>{{.*}}pads = array<i64: 0, 1, 2, 1>{{.*}} -> tensor<2x8x8x10xf32>
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 1, 2, 1>, dilations = array<i64: 2, 2>, group = 1 : i64} : (tensor<2x8x10x12xf32>, tensor<8x8x3x3xf32>) -> tensor<2x8x8x10xf32>
  return %0 : tensor<2x8x8x10xf32>
}

// CHECK-LABEL: func.func @conv_3d
func.func @conv_3d(%x: tensor<2x4x8x16x16xf32>, %w: tensor<8x4x3x3x3xf32>, %b: tensor<8xf32>) -> tensor<2x8x8x8x8xf32> {
  // CHECK: nn.conv {{.*}}strides = array<i64: 1, 2, 2>} : (tensor<2x4x8x16x16xf32>, tensor<8x4x3x3x3xf32>, tensor<8xf32>) -> tensor<2x8x8x8x8xf32>
  %0 = nn.conv %x, %w, %b {strides = array<i64: 1, 2, 2>, pads = array<i64: 1, 1, 1, 1, 1, 1>, dilations = array<i64: 1, 1, 1>, group = 1 : i64} : (tensor<2x4x8x16x16xf32>, tensor<8x4x3x3x3xf32>, tensor<8xf32>) -> tensor<2x8x8x8x8xf32>
  return %0 : tensor<2x8x8x8x8xf32>
}

// 4 groups of 2 input channels each.
// CHECK-LABEL: func.func @conv_grouped
func.func @conv_grouped(%x: tensor<1x8x14x14xf32>, %w: tensor<16x2x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x14x14xf32> {
  // CHECK: nn.conv {{.*}}group = 4 : i64{{.*}} : (tensor<1x8x14x14xf32>, tensor<16x2x3x3xf32>, tensor<16xf32>) -> tensor<1x16x14x14xf32>
  %0 = nn.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 4 : i64} : (tensor<1x8x14x14xf32>, tensor<16x2x3x3xf32>, tensor<16xf32>) -> tensor<1x16x14x14xf32>
  return %0 : tensor<1x16x14x14xf32>
}

// MobileNet depthwise 3x3 stride 2: (14 + 2 - 3) / 2 + 1 = 7.
// CHECK-LABEL: func.func @conv_depthwise
func.func @conv_depthwise(%x: tensor<1x32x14x14xf32>, %w: tensor<32x1x3x3xf32>) -> tensor<1x32x7x7xf32> {
  // CHECK: nn.conv {{.*}}group = 32 : i64{{.*}} : (tensor<1x32x14x14xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x7x7xf32>
  %0 = nn.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 32 : i64} : (tensor<1x32x14x14xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x7x7xf32>
  return %0 : tensor<1x32x7x7xf32>
}

// Depthwise with a channel multiplier of 2.
// CHECK-LABEL: func.func @conv_depthwise_multiplier
func.func @conv_depthwise_multiplier(%x: tensor<1x8x9x9xf16>, %w: tensor<16x1x3x3xf16>) -> tensor<1x16x7x7xf16> {
  // CHECK: nn.conv {{.*}} : (tensor<1x8x9x9xf16>, tensor<16x1x3x3xf16>) -> tensor<1x16x7x7xf16>
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 8 : i64} : (tensor<1x8x9x9xf16>, tensor<16x1x3x3xf16>) -> tensor<1x16x7x7xf16>
  return %0 : tensor<1x16x7x7xf16>
}

//===----------------------------------------------------------------------===//
// Pooling.
//===----------------------------------------------------------------------===//

// (112 + 1 + 1 - 3) / 2 + 1 = 56.
// CHECK-LABEL: func.func @max_pool_2d
func.func @max_pool_2d(%x: tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32> {
  // CHECK: nn.max_pool %{{.*}} {ceil_mode = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x64x112x112xf32> -> tensor<1x64x56x56xf32>
  %0 = nn.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<1x64x112x112xf32> -> tensor<1x64x56x56xf32>
  return %0 : tensor<1x64x56x56xf32>
}

// floor((7 - 2) / 2) + 1 = 3, but ceil((7 - 2) / 2) + 1 = 4.
// CHECK-LABEL: func.func @max_pool_ceil_mode
func.func @max_pool_ceil_mode(%x: tensor<1x16x7x7xf32>) -> (tensor<1x16x3x3xf32>, tensor<1x16x4x4xf32>) {
  // CHECK: nn.max_pool {{.*}}ceil_mode = false{{.*}} -> tensor<1x16x3x3xf32>
  // CHECK: nn.max_pool {{.*}}ceil_mode = true{{.*}} -> tensor<1x16x4x4xf32>
  %0 = nn.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false} : tensor<1x16x7x7xf32> -> tensor<1x16x3x3xf32>
  %1 = nn.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true} : tensor<1x16x7x7xf32> -> tensor<1x16x4x4xf32>
  return %0, %1 : tensor<1x16x3x3xf32>, tensor<1x16x4x4xf32>
}

// With ceil_mode, a last window that would start in the end padding is
// dropped: length 5, kernel 2, stride 2, pads 1/1 gives 3 windows, not 4.
// CHECK-LABEL: func.func @max_pool_1d_ceil_mode_drop
func.func @max_pool_1d_ceil_mode_drop(%x: tensor<1x4x5xf32>) -> tensor<1x4x3xf32> {
  // CHECK: nn.max_pool {{.*}}ceil_mode = true{{.*}} : tensor<1x4x5xf32> -> tensor<1x4x3xf32>
  %0 = nn.max_pool %x {kernel_shape = array<i64: 2>, strides = array<i64: 2>, pads = array<i64: 1, 1>, dilations = array<i64: 1>, ceil_mode = true} : tensor<1x4x5xf32> -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}

// Dilated max pooling (effective window 5).
// CHECK-LABEL: func.func @max_pool_dilated
func.func @max_pool_dilated(%x: tensor<1x2x12x12xf32>) -> tensor<1x2x8x8xf32> {
  // CHECK: nn.max_pool {{.*}}dilations = array<i64: 2, 2>{{.*}} -> tensor<1x2x8x8xf32>
  %0 = nn.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>, ceil_mode = false} : tensor<1x2x12x12xf32> -> tensor<1x2x8x8xf32>
  return %0 : tensor<1x2x8x8xf32>
}

// floor((10 + 2 - 3) / 2) + 1 = 5; with ceil_mode 6.
// CHECK-LABEL: func.func @avg_pool_2d
func.func @avg_pool_2d(%x: tensor<1x8x10x10xf32>) -> (tensor<1x8x5x5xf32>, tensor<1x8x6x6xf32>) {
  // CHECK: nn.avg_pool %{{.*}} {ceil_mode = false, count_include_pad = true, {{.*}}} : tensor<1x8x10x10xf32> -> tensor<1x8x5x5xf32>
  // CHECK: nn.avg_pool %{{.*}} {ceil_mode = true, count_include_pad = false, {{.*}}} : tensor<1x8x10x10xf32> -> tensor<1x8x6x6xf32>
  %0 = nn.avg_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = false, count_include_pad = true} : tensor<1x8x10x10xf32> -> tensor<1x8x5x5xf32>
  %1 = nn.avg_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = true, count_include_pad = false} : tensor<1x8x10x10xf32> -> tensor<1x8x6x6xf32>
  return %0, %1 : tensor<1x8x5x5xf32>, tensor<1x8x6x6xf32>
}

// Global average pooling as a 7x7 window.
// CHECK-LABEL: func.func @avg_pool_global
func.func @avg_pool_global(%x: tensor<1x512x7x7xf32>) -> tensor<1x512x1x1xf32> {
  // CHECK: nn.avg_pool {{.*}} : tensor<1x512x7x7xf32> -> tensor<1x512x1x1xf32>
  %0 = nn.avg_pool %x {kernel_shape = array<i64: 7, 7>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false, count_include_pad = false} : tensor<1x512x7x7xf32> -> tensor<1x512x1x1xf32>
  return %0 : tensor<1x512x1x1xf32>
}

// CHECK-LABEL: func.func @avg_pool_3d
func.func @avg_pool_3d(%x: tensor<1x4x8x8x8xf32>) -> tensor<1x4x4x4x4xf32> {
  // CHECK: nn.avg_pool {{.*}} : tensor<1x4x8x8x8xf32> -> tensor<1x4x4x4x4xf32>
  %0 = nn.avg_pool %x {kernel_shape = array<i64: 2, 2, 2>, strides = array<i64: 2, 2, 2>, pads = array<i64: 0, 0, 0, 0, 0, 0>, dilations = array<i64: 1, 1, 1>, ceil_mode = false, count_include_pad = true} : tensor<1x4x8x8x8xf32> -> tensor<1x4x4x4x4xf32>
  return %0 : tensor<1x4x4x4x4xf32>
}

//===----------------------------------------------------------------------===//
// Normalization.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @batch_norm
func.func @batch_norm(%x: tensor<1x16x8x8xf32>, %scale: tensor<16xf32>, %bias: tensor<16xf32>,
                      %mean: tensor<16xf32>, %var: tensor<16xf32>, %y: tensor<4x16xf32>) -> (tensor<1x16x8x8xf32>, tensor<4x16xf32>) {
  // CHECK: nn.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 9.99999974E-6 : f32} : (tensor<1x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
  // CHECK: nn.batch_norm {{.*}} -> tensor<4x16xf32>
  %0 = nn.batch_norm %x, %scale, %bias, %mean, %var {epsilon = 1.0e-5 : f32} : (tensor<1x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
  %1 = nn.batch_norm %y, %scale, %bias, %mean, %var {epsilon = 1.0e-3 : f32} : (tensor<4x16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<4x16xf32>
  return %0, %1 : tensor<1x16x8x8xf32>, tensor<4x16xf32>
}

// CHECK-LABEL: func.func @layer_norm
func.func @layer_norm(%x: tensor<2x10x64xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>, %g2: tensor<10x64xf32>) -> (tensor<2x10x64xf32>, tensor<2x10x64xf32>) {
  // CHECK: nn.layer_norm %{{.*}}, %{{.*}}, %{{.*}} {axis = 2 : i64, epsilon = 9.99999974E-6 : f32} : (tensor<2x10x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<2x10x64xf32>
  // CHECK: nn.layer_norm %{{[^,]*}}, %{{[^,]*}} {axis = 1 : i64, {{.*}}} : (tensor<2x10x64xf32>, tensor<10x64xf32>) -> tensor<2x10x64xf32>
  %0 = nn.layer_norm %x, %g, %b {axis = 2 : i64, epsilon = 1.0e-5 : f32} : (tensor<2x10x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<2x10x64xf32>
  %1 = nn.layer_norm %0, %g2 {axis = 1 : i64, epsilon = 1.0e-5 : f32} : (tensor<2x10x64xf32>, tensor<10x64xf32>) -> tensor<2x10x64xf32>
  return %0, %1 : tensor<2x10x64xf32>, tensor<2x10x64xf32>
}

//===----------------------------------------------------------------------===//
// Reductions.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @reduce_keepdims
func.func @reduce_keepdims(%x: tensor<1x64x7x7xf32>) -> (tensor<1x64x1x1xf32>, tensor<1x1x7x7xf32>, tensor<1x1x1x1xf32>) {
  // CHECK: nn.reduce_mean %{{.*}} {axes = array<i64: 2, 3>, keepdims = true} : tensor<1x64x7x7xf32> -> tensor<1x64x1x1xf32>
  // CHECK: nn.reduce_sum %{{.*}} {axes = array<i64: 1>, keepdims = true} : tensor<1x64x7x7xf32> -> tensor<1x1x7x7xf32>
  // CHECK: nn.reduce_max %{{.*}} {axes = array<i64: 0, 1, 2, 3>, keepdims = true} : tensor<1x64x7x7xf32> -> tensor<1x1x1x1xf32>
  %0 = nn.reduce_mean %x {axes = array<i64: 2, 3>, keepdims = true} : tensor<1x64x7x7xf32> -> tensor<1x64x1x1xf32>
  %1 = nn.reduce_sum %x {axes = array<i64: 1>, keepdims = true} : tensor<1x64x7x7xf32> -> tensor<1x1x7x7xf32>
  %2 = nn.reduce_max %x {axes = array<i64: 0, 1, 2, 3>, keepdims = true} : tensor<1x64x7x7xf32> -> tensor<1x1x1x1xf32>
  return %0, %1, %2 : tensor<1x64x1x1xf32>, tensor<1x1x7x7xf32>, tensor<1x1x1x1xf32>
}

// CHECK-LABEL: func.func @reduce_no_keepdims
func.func @reduce_no_keepdims(%x: tensor<1x64x7x7xf32>, %i: tensor<3x5xi32>) -> (tensor<1x64xf32>, tensor<1x7xf32>, tensor<f32>, tensor<3xi32>) {
  // CHECK: nn.reduce_mean %{{.*}} {axes = array<i64: 2, 3>, keepdims = false} : tensor<1x64x7x7xf32> -> tensor<1x64xf32>
  // CHECK: nn.reduce_sum %{{.*}} {axes = array<i64: 1, 3>, keepdims = false} : tensor<1x64x7x7xf32> -> tensor<1x7xf32>
  // CHECK: nn.reduce_max %{{.*}} {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<1x64x7x7xf32> -> tensor<f32>
  // CHECK: nn.reduce_max %{{.*}} {axes = array<i64: 1>, keepdims = false} : tensor<3x5xi32> -> tensor<3xi32>
  %0 = nn.reduce_mean %x {axes = array<i64: 2, 3>, keepdims = false} : tensor<1x64x7x7xf32> -> tensor<1x64xf32>
  %1 = nn.reduce_sum %x {axes = array<i64: 1, 3>, keepdims = false} : tensor<1x64x7x7xf32> -> tensor<1x7xf32>
  %2 = nn.reduce_max %x {axes = array<i64: 0, 1, 2, 3>, keepdims = false} : tensor<1x64x7x7xf32> -> tensor<f32>
  %3 = nn.reduce_max %i {axes = array<i64: 1>, keepdims = false} : tensor<3x5xi32> -> tensor<3xi32>
  return %0, %1, %2, %3 : tensor<1x64xf32>, tensor<1x7xf32>, tensor<f32>, tensor<3xi32>
}

// CHECK-LABEL: func.func @reduce_min_prod
func.func @reduce_min_prod(%x: tensor<2x3x4xf32>, %i: tensor<3x5xi64>, %u: tensor<6xui8>) -> (tensor<2x1x1xf32>, tensor<3xf32>, tensor<1x5xi64>, tensor<ui8>) {
  // CHECK: nn.reduce_min %{{.*}} {axes = array<i64: 1, 2>, keepdims = true} : tensor<2x3x4xf32> -> tensor<2x1x1xf32>
  // CHECK: nn.reduce_prod %{{.*}} {axes = array<i64: 0, 2>, keepdims = false} : tensor<2x3x4xf32> -> tensor<3xf32>
  // CHECK: nn.reduce_prod %{{.*}} {axes = array<i64: 0>, keepdims = true} : tensor<3x5xi64> -> tensor<1x5xi64>
  // CHECK: nn.reduce_min %{{.*}} {axes = array<i64: 0>, keepdims = false} : tensor<6xui8> -> tensor<ui8>
  %0 = nn.reduce_min %x {axes = array<i64: 1, 2>, keepdims = true} : tensor<2x3x4xf32> -> tensor<2x1x1xf32>
  %1 = nn.reduce_prod %x {axes = array<i64: 0, 2>, keepdims = false} : tensor<2x3x4xf32> -> tensor<3xf32>
  %2 = nn.reduce_prod %i {axes = array<i64: 0>, keepdims = true} : tensor<3x5xi64> -> tensor<1x5xi64>
  %3 = nn.reduce_min %u {axes = array<i64: 0>, keepdims = false} : tensor<6xui8> -> tensor<ui8>
  return %0, %1, %2, %3 : tensor<2x1x1xf32>, tensor<3xf32>, tensor<1x5xi64>, tensor<ui8>
}

// top_k: values of the input's element type and indices, axis of size k.
// CHECK-LABEL: func.func @top_k
func.func @top_k(%x: tensor<2x5x3xf32>, %u: tensor<7xui8>) -> (tensor<2x2x3xf32>, tensor<2x2x3xi64>, tensor<7xui8>, tensor<7xi64>) {
  // CHECK: nn.top_k %{{.*}} {axis = 1 : i64, k = 2 : i64, largest = true} : tensor<2x5x3xf32> -> tensor<2x2x3xf32>, tensor<2x2x3xi64>
  // CHECK: nn.top_k %{{.*}} {axis = 0 : i64, k = 7 : i64, largest = false} : tensor<7xui8> -> tensor<7xui8>, tensor<7xi64>
  %0:2 = nn.top_k %x {axis = 1 : i64, k = 2 : i64, largest = true} : tensor<2x5x3xf32> -> tensor<2x2x3xf32>, tensor<2x2x3xi64>
  %1:2 = nn.top_k %u {axis = 0 : i64, k = 7 : i64, largest = false} : tensor<7xui8> -> tensor<7xui8>, tensor<7xi64>
  return %0#0, %0#1, %1#0, %1#1 : tensor<2x2x3xf32>, tensor<2x2x3xi64>, tensor<7xui8>, tensor<7xi64>
}

// cumsum keeps the input's type.
// CHECK-LABEL: func.func @cumsum
func.func @cumsum(%x: tensor<2x3xf32>, %i: tensor<5xi64>, %u: tensor<2x2x4xui8>) -> (tensor<2x3xf32>, tensor<5xi64>, tensor<2x2x4xui8>) {
  // CHECK: nn.cumsum %{{.*}} {axis = 1 : i64, exclusive = false, reverse = false} : tensor<2x3xf32>
  // CHECK: nn.cumsum %{{.*}} {axis = 0 : i64, exclusive = true, reverse = true} : tensor<5xi64>
  // CHECK: nn.cumsum %{{.*}} {axis = 2 : i64, exclusive = true, reverse = false} : tensor<2x2x4xui8>
  %0 = nn.cumsum %x {axis = 1 : i64, exclusive = false, reverse = false} : tensor<2x3xf32>
  %1 = nn.cumsum %i {axis = 0 : i64, exclusive = true, reverse = true} : tensor<5xi64>
  %2 = nn.cumsum %u {axis = 2 : i64, exclusive = true, reverse = false} : tensor<2x2x4xui8>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<5xi64>, tensor<2x2x4xui8>
}

//===----------------------------------------------------------------------===//
// Data movement.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @reshape
func.func @reshape(%x: tensor<1x512x1x1xf32>, %s: tensor<1xi64>) -> (tensor<1x512xf32>, tensor<i64>) {
  // CHECK: nn.reshape %{{.*}} : tensor<1x512x1x1xf32> -> tensor<1x512xf32>
  // CHECK: nn.reshape %{{.*}} : tensor<1xi64> -> tensor<i64>
  %0 = nn.reshape %x : tensor<1x512x1x1xf32> -> tensor<1x512xf32>
  %1 = nn.reshape %s : tensor<1xi64> -> tensor<i64>
  return %0, %1 : tensor<1x512xf32>, tensor<i64>
}

// CHECK-LABEL: func.func @transpose
func.func @transpose(%x: tensor<1x3x4x5xf32>, %m: tensor<8x16xi8>) -> (tensor<1x4x5x3xf32>, tensor<16x8xi8>) {
  // CHECK: nn.transpose %{{.*}} {perm = array<i64: 0, 2, 3, 1>} : tensor<1x3x4x5xf32> -> tensor<1x4x5x3xf32>
  // CHECK: nn.transpose %{{.*}} {perm = array<i64: 1, 0>} : tensor<8x16xi8> -> tensor<16x8xi8>
  %0 = nn.transpose %x {perm = array<i64: 0, 2, 3, 1>} : tensor<1x3x4x5xf32> -> tensor<1x4x5x3xf32>
  %1 = nn.transpose %m {perm = array<i64: 1, 0>} : tensor<8x16xi8> -> tensor<16x8xi8>
  return %0, %1 : tensor<1x4x5x3xf32>, tensor<16x8xi8>
}

// CHECK-LABEL: func.func @concat
func.func @concat(%a: tensor<1x16x8x8xf32>, %b: tensor<1x32x8x8xf32>,
                  %d0: tensor<1xi64>, %d1: tensor<1xi64>, %d2: tensor<2xi64>) -> (tensor<1x48x8x8xf32>, tensor<4xi64>, tensor<1x16x8x8xf32>) {
  // CHECK: nn.concat %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<1x16x8x8xf32>, tensor<1x32x8x8xf32>) -> tensor<1x48x8x8xf32>
  // CHECK: nn.concat %{{.*}}, %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>, tensor<2xi64>) -> tensor<4xi64>
  // CHECK: nn.concat %{{[^,]*}} {axis = 3 : i64} : (tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  %0 = nn.concat %a, %b {axis = 1 : i64} : (tensor<1x16x8x8xf32>, tensor<1x32x8x8xf32>) -> tensor<1x48x8x8xf32>
  %1 = nn.concat %d0, %d1, %d2 {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>, tensor<2xi64>) -> tensor<4xi64>
  %2 = nn.concat %a {axis = 3 : i64} : (tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  return %0, %1, %2 : tensor<1x48x8x8xf32>, tensor<4xi64>, tensor<1x16x8x8xf32>
}

// CHECK-LABEL: func.func @slice
func.func @slice(%x: tensor<1x3x8x8xf32>) -> (tensor<1x2x3x2xf32>, tensor<1x3x8x8xf32>, tensor<1x3x4x8xf32>, tensor<1x3x0x8xf32>) {
  // CHECK: nn.slice %{{.*}} {offsets = array<i64: 0, 1, 2, 3>, sizes = array<i64: 1, 2, 3, 2>, strides = array<i64: 1, 1, 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x2x3x2xf32>
  %0 = nn.slice %x {offsets = array<i64: 0, 1, 2, 3>, sizes = array<i64: 1, 2, 3, 2>, strides = array<i64: 1, 1, 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x2x3x2xf32>
  // Flip along H (x[:, :, ::-1]): the first element taken is row 7.
  // CHECK: nn.slice %{{.*}} {offsets = array<i64: 0, 0, 7, 0>, sizes = array<i64: 1, 3, 8, 8>, strides = array<i64: 1, 1, -1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
  %1 = nn.slice %x {offsets = array<i64: 0, 0, 7, 0>, sizes = array<i64: 1, 3, 8, 8>, strides = array<i64: 1, 1, -1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
  // x[:, :, 6::-2]: rows 6, 4, 2, 0.
  // CHECK: nn.slice %{{.*}} {offsets = array<i64: 0, 0, 6, 0>, sizes = array<i64: 1, 3, 4, 8>, strides = array<i64: 1, 1, -2, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x8xf32>
  %2 = nn.slice %x {offsets = array<i64: 0, 0, 6, 0>, sizes = array<i64: 1, 3, 4, 8>, strides = array<i64: 1, 1, -2, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x8xf32>
  // An empty slice.
  // CHECK: nn.slice {{.*}} : tensor<1x3x8x8xf32> -> tensor<1x3x0x8xf32>
  %3 = nn.slice %x {offsets = array<i64: 0, 0, 0, 0>, sizes = array<i64: 1, 3, 0, 8>, strides = array<i64: 1, 1, 1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x0x8xf32>
  return %0, %1, %2, %3 : tensor<1x2x3x2xf32>, tensor<1x3x8x8xf32>, tensor<1x3x4x8xf32>, tensor<1x3x0x8xf32>
}

// CHECK-LABEL: func.func @gather
func.func @gather(%table: tensor<1000x64xf32>, %ids: tensor<2x7xi64>, %x: tensor<2x3x5xf32>, %i: tensor<i64>, %j: tensor<4xi32>) -> (tensor<2x7x64xf32>, tensor<2x5xf32>, tensor<2x3x4xf32>) {
  // CHECK: nn.gather %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<1000x64xf32>, tensor<2x7xi64>) -> tensor<2x7x64xf32>
  // CHECK: nn.gather %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<2x3x5xf32>, tensor<i64>) -> tensor<2x5xf32>
  // CHECK: nn.gather %{{.*}}, %{{.*}} {axis = 2 : i64} : (tensor<2x3x5xf32>, tensor<4xi32>) -> tensor<2x3x4xf32>
  %0 = nn.gather %table, %ids {axis = 0 : i64} : (tensor<1000x64xf32>, tensor<2x7xi64>) -> tensor<2x7x64xf32>
  %1 = nn.gather %x, %i {axis = 1 : i64} : (tensor<2x3x5xf32>, tensor<i64>) -> tensor<2x5xf32>
  %2 = nn.gather %x, %j {axis = 2 : i64} : (tensor<2x3x5xf32>, tensor<4xi32>) -> tensor<2x3x4xf32>
  return %0, %1, %2 : tensor<2x7x64xf32>, tensor<2x5xf32>, tensor<2x3x4xf32>
}

// The result has the indices' shape; outside the axis the indices may be
// smaller than the input.
// CHECK-LABEL: func.func @gather_elements
func.func @gather_elements(%x: tensor<3x3xf32>, %i: tensor<2x3xi64>, %y: tensor<4x5xi8>, %j: tensor<2x7xi32>) -> (tensor<2x3xf32>, tensor<2x7xi8>) {
  // CHECK: nn.gather_elements %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<3x3xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
  // CHECK: nn.gather_elements %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<4x5xi8>, tensor<2x7xi32>) -> tensor<2x7xi8>
  %0 = nn.gather_elements %x, %i {axis = 0 : i64} : (tensor<3x3xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
  %1 = nn.gather_elements %y, %j {axis = 1 : i64} : (tensor<4x5xi8>, tensor<2x7xi32>) -> tensor<2x7xi8>
  return %0, %1 : tensor<2x3xf32>, tensor<2x7xi8>
}

// gather_nd: indices[:-1] + input[batch_dims + r:] with r the last index
// dim; a tuple addressing every remaining dim gives single elements (a
// rank-0 result for rank-1 indices).
// CHECK-LABEL: func.func @gather_nd
func.func @gather_nd(%x: tensor<2x3x4xf32>, %i: tensor<5x1xi64>, %j: tensor<2x5x2xi32>, %k: tensor<3xui8>, %y: tensor<4x5xi8>, %l: tensor<2x1x1xi64>, %t: tensor<2x1x4xf32>) -> (tensor<5x3x4xf32>, tensor<2x5xf32>, tensor<f32>, tensor<2x1x5xi8>, tensor<2x1xf32>) {
  // CHECK: nn.gather_nd %{{.*}}, %{{.*}} {batch_dims = 0 : i64} : (tensor<2x3x4xf32>, tensor<5x1xi64>) -> tensor<5x3x4xf32>
  // CHECK: nn.gather_nd %{{.*}}, %{{.*}} {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x5x2xi32>) -> tensor<2x5xf32>
  // CHECK: nn.gather_nd %{{.*}}, %{{.*}} {batch_dims = 0 : i64} : (tensor<2x3x4xf32>, tensor<3xui8>) -> tensor<f32>
  // CHECK: nn.gather_nd %{{.*}}, %{{.*}} {batch_dims = 0 : i64} : (tensor<4x5xi8>, tensor<2x1x1xi64>) -> tensor<2x1x5xi8>
  // CHECK: nn.gather_nd %{{.*}}, %{{.*}} {batch_dims = 2 : i64} : (tensor<2x1x4xf32>, tensor<2x1x1xi64>) -> tensor<2x1xf32>
  %0 = nn.gather_nd %x, %i {batch_dims = 0 : i64} : (tensor<2x3x4xf32>, tensor<5x1xi64>) -> tensor<5x3x4xf32>
  %1 = nn.gather_nd %x, %j {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x5x2xi32>) -> tensor<2x5xf32>
  %2 = nn.gather_nd %x, %k {batch_dims = 0 : i64} : (tensor<2x3x4xf32>, tensor<3xui8>) -> tensor<f32>
  %3 = nn.gather_nd %y, %l {batch_dims = 0 : i64} : (tensor<4x5xi8>, tensor<2x1x1xi64>) -> tensor<2x1x5xi8>
  // Two batch dims, then tuples of length 1 address dim 2.
  %4 = nn.gather_nd %t, %l {batch_dims = 2 : i64} : (tensor<2x1x4xf32>, tensor<2x1x1xi64>) -> tensor<2x1xf32>
  return %0, %1, %2, %3, %4 : tensor<5x3x4xf32>, tensor<2x5xf32>, tensor<f32>, tensor<2x1x5xi8>, tensor<2x1xf32>
}

// scatter_elements and scatter_nd have the input's type; the reduction is
// a string (none, add, mul, max, min).
// CHECK-LABEL: func.func @scatter_elements
func.func @scatter_elements(%x: tensor<3x4xf32>, %i: tensor<2x4xi64>, %u: tensor<2x4xf32>, %y: tensor<4x5xui8>, %j: tensor<4x2xi32>, %v: tensor<4x2xui8>) -> (tensor<3x4xf32>, tensor<3x4xf32>, tensor<4x5xui8>, tensor<4x5xui8>) {
  // CHECK: nn.scatter_elements %{{.*}}, %{{.*}}, %{{.*}} {axis = 0 : i64, reduction = "none"} : (tensor<3x4xf32>, tensor<2x4xi64>, tensor<2x4xf32>) -> tensor<3x4xf32>
  // CHECK: nn.scatter_elements %{{.*}}, %{{.*}}, %{{.*}} {axis = 0 : i64, reduction = "add"} : (tensor<3x4xf32>, tensor<2x4xi64>, tensor<2x4xf32>) -> tensor<3x4xf32>
  // CHECK: nn.scatter_elements %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64, reduction = "max"} : (tensor<4x5xui8>, tensor<4x2xi32>, tensor<4x2xui8>) -> tensor<4x5xui8>
  // CHECK: nn.scatter_elements %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64, reduction = "mul"} : (tensor<4x5xui8>, tensor<4x2xi32>, tensor<4x2xui8>) -> tensor<4x5xui8>
  %0 = nn.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "none"} : (tensor<3x4xf32>, tensor<2x4xi64>, tensor<2x4xf32>) -> tensor<3x4xf32>
  %1 = nn.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "add"} : (tensor<3x4xf32>, tensor<2x4xi64>, tensor<2x4xf32>) -> tensor<3x4xf32>
  %2 = nn.scatter_elements %y, %j, %v {axis = 1 : i64, reduction = "max"} : (tensor<4x5xui8>, tensor<4x2xi32>, tensor<4x2xui8>) -> tensor<4x5xui8>
  %3 = nn.scatter_elements %y, %j, %v {axis = 1 : i64, reduction = "mul"} : (tensor<4x5xui8>, tensor<4x2xi32>, tensor<4x2xui8>) -> tensor<4x5xui8>
  return %0, %1, %2, %3 : tensor<3x4xf32>, tensor<3x4xf32>, tensor<4x5xui8>, tensor<4x5xui8>
}

// Updates have shape indices[:-1] + input[r:]: slices, single elements, one
// rank-0 update.
// CHECK-LABEL: func.func @scatter_nd
func.func @scatter_nd(%x: tensor<4x3xf32>, %i: tensor<2x1xi64>, %u: tensor<2x3xf32>, %j: tensor<5x2xi32>, %v: tensor<5xf32>, %k: tensor<2xui16>, %w: tensor<f32>) -> (tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>) {
  // CHECK: nn.scatter_nd %{{.*}}, %{{.*}}, %{{.*}} {reduction = "mul"} : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
  // CHECK: nn.scatter_nd %{{.*}}, %{{.*}}, %{{.*}} {reduction = "min"} : (tensor<4x3xf32>, tensor<5x2xi32>, tensor<5xf32>) -> tensor<4x3xf32>
  // CHECK: nn.scatter_nd %{{.*}}, %{{.*}}, %{{.*}} {reduction = "none"} : (tensor<4x3xf32>, tensor<2xui16>, tensor<f32>) -> tensor<4x3xf32>
  %0 = nn.scatter_nd %x, %i, %u {reduction = "mul"} : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %1 = nn.scatter_nd %0, %j, %v {reduction = "min"} : (tensor<4x3xf32>, tensor<5x2xi32>, tensor<5xf32>) -> tensor<4x3xf32>
  %2 = nn.scatter_nd %1, %k, %w {reduction = "none"} : (tensor<4x3xf32>, tensor<2xui16>, tensor<f32>) -> tensor<4x3xf32>
  return %0, %1, %2 : tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>
}

// CHECK-LABEL: func.func @pad
func.func @pad(%x: tensor<1x3x8x8xf32>, %v: tensor<f32>, %t: tensor<5xi64>, %iv: tensor<i64>) -> (tensor<1x3x10x10xf32>, tensor<1x3x12x12xf32>, tensor<1x3x9x11xf32>, tensor<1x3x6x6xf32>, tensor<7xi64>) {
  // CHECK: nn.pad %{{.*}}, %{{.*}} {mode = "constant", pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<f32>) -> tensor<1x3x10x10xf32>
  // CHECK: nn.pad %{{.*}}, %{{.*}} {mode = "reflect", pads = array<i64: 0, 0, 2, 2, 0, 0, 2, 2>} : (tensor<1x3x8x8xf32>, tensor<f32>) -> tensor<1x3x12x12xf32>
  // CHECK: nn.pad %{{.*}}, %{{.*}} {mode = "edge", pads = array<i64: 0, 0, 0, 3, 0, 0, 1, 0>} : (tensor<1x3x8x8xf32>, tensor<f32>) -> tensor<1x3x9x11xf32>
  // CHECK: nn.pad %{{.*}}, %{{.*}} {mode = "constant", pads = array<i64: 0, 0, -1, -1, 0, 0, -1, -1>} : (tensor<1x3x8x8xf32>, tensor<f32>) -> tensor<1x3x6x6xf32>
  // CHECK: nn.pad %{{.*}}, %{{.*}} {mode = "constant", pads = array<i64: 2, 0>} : (tensor<5xi64>, tensor<i64>) -> tensor<7xi64>
  %0 = nn.pad %x, %v {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = "constant"} : (tensor<1x3x8x8xf32>, tensor<f32>) -> tensor<1x3x10x10xf32>
  %1 = nn.pad %x, %v {pads = array<i64: 0, 0, 2, 2, 0, 0, 2, 2>, mode = "reflect"} : (tensor<1x3x8x8xf32>, tensor<f32>) -> tensor<1x3x12x12xf32>
  %2 = nn.pad %x, %v {pads = array<i64: 0, 0, 0, 3, 0, 0, 1, 0>, mode = "edge"} : (tensor<1x3x8x8xf32>, tensor<f32>) -> tensor<1x3x9x11xf32>
  // Negative pads crop.
  %3 = nn.pad %x, %v {pads = array<i64: 0, 0, -1, -1, 0, 0, -1, -1>, mode = "constant"} : (tensor<1x3x8x8xf32>, tensor<f32>) -> tensor<1x3x6x6xf32>
  %4 = nn.pad %t, %iv {pads = array<i64: 2, 0>, mode = "constant"} : (tensor<5xi64>, tensor<i64>) -> tensor<7xi64>
  return %0, %1, %2, %3, %4 : tensor<1x3x10x10xf32>, tensor<1x3x12x12xf32>, tensor<1x3x9x11xf32>, tensor<1x3x6x6xf32>, tensor<7xi64>
}

// nn.resize: the result type holds the output shape; scales and roi are
// f64 arrays (roi empty unless tf_crop_and_resize).
// CHECK-LABEL: func.func @resize
func.func @resize(%x: tensor<1x3x4x4xf32>, %u: tensor<2x2xui8>, %h: tensor<1x1x4x4xf16>) -> (tensor<1x3x8x8xf32>, tensor<1x3x2x6xf32>, tensor<6x2xui8>, tensor<1x1x3x3xf16>) {
  // CHECK: nn.resize %{{.*}} {coordinate_transformation_mode = "half_pixel", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "linear", nearest_mode = "round_prefer_floor", roi = array<f64>, scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : tensor<1x3x4x4xf32> -> tensor<1x3x8x8xf32>
  // CHECK: nn.resize %{{.*}} {coordinate_transformation_mode = "align_corners", cubic_coeff_a = -5.000000e-01 : f32, exclude_outside = true, extrapolation_value = 0.000000e+00 : f32, mode = "cubic", nearest_mode = "round_prefer_floor", roi = array<f64>, scales = array<f64: 1.000000e+00, 1.000000e+00, 5.000000e-01, 1.500000e+00>} : tensor<1x3x4x4xf32> -> tensor<1x3x2x6xf32>
  // CHECK: nn.resize %{{.*}} {coordinate_transformation_mode = "asymmetric", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "nearest", nearest_mode = "floor", roi = array<f64>, scales = array<f64: 3.000000e+00, 1.000000e+00>} : tensor<2x2xui8> -> tensor<6x2xui8>
  // CHECK: nn.resize %{{.*}} {coordinate_transformation_mode = "tf_crop_and_resize", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 1.000000e+01 : f32, mode = "nearest", nearest_mode = "ceil", roi = array<f64: 0.000000e+00, 0.000000e+00, 2.500000e-01, 2.500000e-01, 1.000000e+00, 1.000000e+00, 7.500000e-01, 7.500000e-01>, scales = array<f64: 1.000000e+00, 1.000000e+00, 7.500000e-01, 7.500000e-01>} : tensor<1x1x4x4xf16> -> tensor<1x1x3x3xf16>
  %0 = nn.resize %x {mode = "linear", coordinate_transformation_mode = "half_pixel", nearest_mode = "round_prefer_floor", cubic_coeff_a = -0.75 : f32, exclude_outside = false, extrapolation_value = 0.0 : f32, scales = array<f64: 1.0, 1.0, 2.0, 2.0>, roi = array<f64>} : tensor<1x3x4x4xf32> -> tensor<1x3x8x8xf32>
  %1 = nn.resize %x {mode = "cubic", coordinate_transformation_mode = "align_corners", nearest_mode = "round_prefer_floor", cubic_coeff_a = -0.5 : f32, exclude_outside = true, extrapolation_value = 0.0 : f32, scales = array<f64: 1.0, 1.0, 0.5, 1.5>, roi = array<f64>} : tensor<1x3x4x4xf32> -> tensor<1x3x2x6xf32>
  %2 = nn.resize %u {mode = "nearest", coordinate_transformation_mode = "asymmetric", nearest_mode = "floor", cubic_coeff_a = -0.75 : f32, exclude_outside = false, extrapolation_value = 0.0 : f32, scales = array<f64: 3.0, 1.0>, roi = array<f64>} : tensor<2x2xui8> -> tensor<6x2xui8>
  %3 = nn.resize %h {mode = "nearest", coordinate_transformation_mode = "tf_crop_and_resize", nearest_mode = "ceil", cubic_coeff_a = -0.75 : f32, exclude_outside = false, extrapolation_value = 10.0 : f32, scales = array<f64: 1.0, 1.0, 0.75, 0.75>, roi = array<f64: 0.0, 0.0, 0.25, 0.25, 1.0, 1.0, 0.75, 0.75>} : tensor<1x1x4x4xf16> -> tensor<1x1x3x3xf16>
  return %0, %1, %2, %3 : tensor<1x3x8x8xf32>, tensor<1x3x2x6xf32>, tensor<6x2xui8>, tensor<1x1x3x3xf16>
}

//===----------------------------------------------------------------------===//
// Training: batch statistics, with and without replicas, and the collective
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @batch_norm_train
func.func @batch_norm_train(%x: tensor<2x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>,
                            %dy: tensor<2x3x4x4xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>) {
  // CHECK: nn.batch_norm_train %{{.*}} {epsilon = 9.99999974E-6 : f32} : {{.*}} -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
  // CHECK: nn.batch_norm_train %{{.*}} {epsilon = 9.99999974E-6 : f32, replicas = 2 : i64}
  // CHECK: nn.batch_norm_grad %{{.*}} {epsilon = 9.99999974E-6 : f32, replicas = 2 : i64} : {{.*}} -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
  %y0, %m0, %v0 = nn.batch_norm_train %x, %s, %b {epsilon = 1.0e-5 : f32} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
  %y, %m, %v = nn.batch_norm_train %x, %s, %b {epsilon = 1.0e-5 : f32, replicas = 2 : i64} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
  %dx, %ds, %db = nn.batch_norm_grad %x, %s, %m, %v, %dy {epsilon = 1.0e-5 : f32, replicas = 2 : i64} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2x3x4x4xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
  return %dx, %ds : tensor<2x3x4x4xf32>, tensor<3xf32>
}

// CHECK-LABEL: func.func @all_reduce
func.func @all_reduce(%a: tensor<3x3xf32>, %b: tensor<f32>) -> (tensor<3x3xf32>, tensor<f32>) {
  // CHECK: nn.all_reduce %{{.*}}, %{{.*}} {mean, replicas = 4 : i64} : tensor<3x3xf32>, tensor<f32>
  // CHECK: nn.all_reduce %{{.*}} {replicas = 2 : i64} : tensor<f32>
  %0:2 = nn.all_reduce %a, %b {replicas = 4 : i64, mean} : tensor<3x3xf32>, tensor<f32>
  %1 = nn.all_reduce %0#1 {replicas = 2 : i64} : tensor<f32>
  return %0#0, %1 : tensor<3x3xf32>, tensor<f32>
}
