// RUN: qat-opt %s --split-input-file --qat-lower-nn-to-linalg | FileCheck %s

// Per tensor: the scale and zero point are read through the empty map; the
// level is clamp(roundeven(x / s) + z, qmin, qmax) in float.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @fake_quant_per_tensor
// CHECK-DAG: %[[QMIN:.*]] = arith.constant -8.000000e+00 : f32
// CHECK-DAG: %[[QMAX:.*]] = arith.constant 7.000000e+00 : f32
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[SCALAR]], #[[SCALAR]], #[[ID]]]
// CHECK: ^bb0(%[[X:[[:alnum:]_]+]]: f32, %[[S:[[:alnum:]_]+]]: f32, %[[Z:[[:alnum:]_]+]]: i8, %{{.*}}: f32):
// CHECK:   %[[ZF:.*]] = arith.sitofp %[[Z]] : i8 to f32
// CHECK:   %[[D:.*]] = arith.divf %[[X]], %[[S]]
// CHECK:   %[[R:.*]] = math.roundeven %[[D]]
// CHECK:   %[[V:.*]] = arith.addf %[[R]], %[[ZF]]
// CHECK:   %[[LO:.*]] = arith.maximumf %[[V]], %[[QMIN]]
// CHECK:   %[[Q:.*]] = arith.minimumf %[[LO]], %[[QMAX]]
// CHECK:   %[[C:.*]] = arith.subf %[[Q]], %[[ZF]]
// CHECK:   %[[XQ:.*]] = arith.mulf %[[C]], %[[S]]
// CHECK:   linalg.yield %[[XQ]]
func.func @fake_quant_per_tensor(%x: tensor<4x32xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<4x32xf32> {
  %0 = qat.fake_quant %x, %s, %z {bits = 4 : i64} : tensor<4x32xf32>, tensor<f32>, tensor<i8>
  return %0 : tensor<4x32xf32>
}

// -----

// Per axis: one scale per entry of dimension 1; unsigned narrow range.
// CHECK-DAG: #[[AXIS:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @fake_quant_per_axis
// CHECK-DAG: arith.constant 1.000000e+00 : f32
// CHECK-DAG: arith.constant 2.550000e+02 : f32
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[AXIS]], #[[AXIS]], #{{.*}}]
// CHECK: arith.uitofp %{{.*}} : i8 to f32
func.func @fake_quant_per_axis(%x: tensor<1x16x8x8xf32>, %s: tensor<16xf32>, %z: tensor<16xui8>) -> tensor<1x16x8x8xf32> {
  %0 = qat.fake_quant %x, %s, %z {bits = 8 : i64, is_signed = false, narrow_range, axis = 1 : i64} : tensor<1x16x8x8xf32>, tensor<16xf32>, tensor<16xui8>
  return %0 : tensor<1x16x8x8xf32>
}

// -----

// Per group: blocks of 8 along axis 1 share a scale.
// CHECK-DAG: #[[GROUP:.*]] = affine_map<(d0, d1) -> (d0, d1 floordiv 8)>
// CHECK-LABEL: func.func @fake_quant_per_group
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[GROUP]], #[[GROUP]], #{{.*}}]
func.func @fake_quant_per_group(%x: tensor<4x32xf32>, %s: tensor<4x4xf32>, %z: tensor<4x4xf32>) -> tensor<4x32xf32> {
  %0 = qat.fake_quant %x, %s, %z {bits = 4 : i64, axis = 1 : i64, group_size = 8 : i64} : tensor<4x32xf32>, tensor<4x4xf32>, tensor<4x4xf32>
  return %0 : tensor<4x32xf32>
}

// -----

// Run-time bits: clamped to [1, 6], qmax = 2^(b-1) - 1, qmin = -2^(b-1),
// computed once before the loop nest.
// CHECK-LABEL: func.func @fake_quant_runtime_bits
// CHECK: %[[B:.*]] = tensor.extract %{{.*}}[] : tensor<i32>
// CHECK: %[[B1:.*]] = arith.maxsi %[[B]], %{{.*}} : i32
// CHECK: %[[B2:.*]] = arith.minsi %[[B1]], %{{.*}} : i32
// CHECK: %[[E:.*]] = arith.subi %[[B2]], %{{.*}} : i32
// CHECK: %[[L:.*]] = arith.shli %{{.*}}, %[[E]] : i32
// CHECK: %[[QMAX:.*]] = arith.subi %[[L]], %{{.*}} : i32
// CHECK: %[[QMIN:.*]] = arith.subi %{{.*}}, %[[L]] : i32
// CHECK-DAG: arith.sitofp %[[QMIN]] : i32 to f32
// CHECK-DAG: arith.sitofp %[[QMAX]] : i32 to f32
// CHECK: linalg.generic
func.func @fake_quant_runtime_bits(%x: tensor<4x32xf32>, %s: tensor<f32>, %z: tensor<i8>, %b: tensor<i32>) -> tensor<4x32xf32> {
  %0 = qat.fake_quant %x, %s, %z bits(%b) {bits = 6 : i64} : tensor<4x32xf32>, tensor<f32>, tensor<i8>, tensor<i32>
  return %0 : tensor<4x32xf32>
}

// -----

// quantize stores the clamped level; unsigned storage converts with fptoui.
// CHECK-LABEL: func.func @quantize_unsigned
// CHECK: linalg.generic
// CHECK:   math.roundeven
// CHECK:   arith.minimumf
// CHECK:   %[[Q:.*]] = arith.fptoui %{{.*}} : f32 to i8
// CHECK:   linalg.yield %[[Q]] : i8
// CHECK: -> tensor<4x32xi8>
func.func @quantize_unsigned(%x: tensor<4x32xf32>, %s: tensor<f32>, %z: tensor<ui8>) -> tensor<4x32xui8> {
  %0 = qat.quantize %x, %s, %z {bits = 8 : i64, is_signed = false} : (tensor<4x32xf32>, tensor<f32>, tensor<ui8>) -> tensor<4x32xui8>
  return %0 : tensor<4x32xui8>
}

// -----

// dequantize does not clamp: (q - z) * s.
// CHECK-LABEL: func.func @dequantize_per_axis
// CHECK-NOT: arith.constant
// CHECK: linalg.generic
// CHECK: ^bb0(%[[Q:[[:alnum:]_]+]]: i8, %[[S:[[:alnum:]_]+]]: f32, %[[Z:[[:alnum:]_]+]]: i8
// CHECK-DAG: %[[ZF:.*]] = arith.sitofp %[[Z]] : i8 to f32
// CHECK-DAG: %[[QF:.*]] = arith.sitofp %[[Q]] : i8 to f32
// CHECK:   %[[C:.*]] = arith.subf %[[QF]], %[[ZF]]
// CHECK:   arith.mulf %[[C]], %[[S]]
// CHECK-NOT: arith.minimumf
// CHECK:   linalg.yield
func.func @dequantize_per_axis(%q: tensor<8x3xi8>, %s: tensor<3xf32>, %z: tensor<3xi8>) -> tensor<8x3xf32> {
  %0 = qat.dequantize %q, %s, %z {bits = 4 : i64, axis = 1 : i64} : (tensor<8x3xi8>, tensor<3xf32>, tensor<3xi8>) -> tensor<8x3xf32>
  return %0 : tensor<8x3xf32>
}

// -----

// Requantization in one rounding shift: r = (ab + 2^30 + 2^(30+e) -
// [ab < -2^30] 2^31) >> (31 + e), clamped to [low - z, high - z], plus z.
// The [ab < -2^30] term only lowers an r that is <= 0 already, so it is
// kept for signed levels (low - z = -125 < 0) and dropped when the clamp's
// lower bound is >= 0 (unsigned levels after a ReLU: 2 - 0).
// CHECK-LABEL: func.func @requantize_rounding
// CHECK: linalg.generic
// CHECK: arith.muli %{{.*}}, %{{.*}} : i64
// CHECK: arith.cmpi slt, %{{.*}}, %c-1073741824_i64 : i64
// CHECK: arith.subi
// CHECK: arith.shrsi
// CHECK: linalg.yield
// CHECK: linalg.generic
// CHECK: arith.muli %{{.*}}, %{{.*}} : i64
// CHECK-NOT: arith.cmpi slt
// CHECK: arith.shrsi
// CHECK: linalg.yield
func.func @requantize_rounding(%acc: tensor<4x8xi32>, %m: tensor<8xi32>, %s: tensor<8xi32>, %m0: tensor<i32>, %s0: tensor<i32>) -> (tensor<4x8xi8>, tensor<4x8xui8>) {
  %a = qat.requantize %acc, %m, %s {axis = 1 : i64, bits = 8 : i64, zero_point = -3 : i64} : (tensor<4x8xi32>, tensor<8xi32>, tensor<8xi32>) -> tensor<4x8xi8>
  %b = qat.requantize %acc, %m0, %s0 {bits = 4 : i64, is_signed = false, qmin = 2 : i64, qmax = 12 : i64} : (tensor<4x8xi32>, tensor<i32>, tensor<i32>) -> tensor<4x8xui8>
  return %a, %b : tensor<4x8xi8>, tensor<4x8xui8>
}
