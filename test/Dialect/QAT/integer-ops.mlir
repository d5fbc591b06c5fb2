// RUN: qat-opt %s | qat-opt | FileCheck %s
// RUN: qat-opt %s --mlir-print-op-generic | qat-opt | FileCheck %s

// The integer contractions and residual add of qat-lower-to-integer
// round-trip, and dequantize reads int32 accumulators (bits = 32).

// CHECK-LABEL: func.func @int_conv
// CHECK: qat.int_conv %{{.*}}, %{{.*}}, %{{.*}} {acc_shift = 12 : i64, dilations = array<i64: 1, 1>, group = 1 : i64, input_bits = 4 : i64, pad_value = 3 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, weight_bits = 4 : i64} : (tensor<1x4x8x8xui8>, tensor<6x4x3x3xi8>, tensor<6xi32>) -> tensor<1x6x4x4xi32>
// CHECK: qat.int_conv %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, group = 4 : i64, input_bits = 8 : i64, pad_value = -128 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, weight_bits = 8 : i64} : (tensor<1x4x8x8xi8>, tensor<4x1x3x3xi8>, tensor<4xi32>) -> tensor<1x4x6x6xi32>
func.func @int_conv(%x: tensor<1x4x8x8xui8>, %xs: tensor<1x4x8x8xi8>, %w: tensor<6x4x3x3xi8>,
                    %dw: tensor<4x1x3x3xi8>, %b: tensor<6xi32>, %db: tensor<4xi32>)
    -> (tensor<1x6x4x4xi32>, tensor<1x4x6x6xi32>) {
  %0 = qat.int_conv %x, %w, %b {acc_shift = 12 : i64, dilations = array<i64: 1, 1>, group = 1 : i64, input_bits = 4 : i64, pad_value = 3 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, weight_bits = 4 : i64} : (tensor<1x4x8x8xui8>, tensor<6x4x3x3xi8>, tensor<6xi32>) -> tensor<1x6x4x4xi32>
  %1 = qat.int_conv %xs, %dw, %db {dilations = array<i64: 1, 1>, group = 4 : i64, input_bits = 8 : i64, pad_value = -128 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, weight_bits = 8 : i64} : (tensor<1x4x8x8xi8>, tensor<4x1x3x3xi8>, tensor<4xi32>) -> tensor<1x4x6x6xi32>
  return %0, %1 : tensor<1x6x4x4xi32>, tensor<1x4x6x6xi32>
}

// CHECK-LABEL: func.func @int_matmul
// CHECK: qat.int_matmul %{{.*}}, %{{.*}}, %{{.*}} {acc_shift = 3 : i64, lhs_bits = 8 : i64, rhs_bits = 4 : i64} : (tensor<2x3x16xui8>, tensor<16x10xi8>, tensor<10xi32>) -> tensor<2x3x10xi32>
// CHECK: qat.dequantize %{{.*}}, %{{.*}}, %{{.*}} {axis = 2 : i64, bits = 32 : i64} : (tensor<2x3x10xi32>, tensor<10xf32>, tensor<10xi32>) -> tensor<2x3x10xf32>
func.func @int_matmul(%x: tensor<2x3x16xui8>, %w: tensor<16x10xi8>, %b: tensor<10xi32>,
                      %s: tensor<10xf32>, %z: tensor<10xi32>) -> tensor<2x3x10xf32> {
  %0 = qat.int_matmul %x, %w, %b {acc_shift = 3 : i64, lhs_bits = 8 : i64, rhs_bits = 4 : i64} : (tensor<2x3x16xui8>, tensor<16x10xi8>, tensor<10xi32>) -> tensor<2x3x10xi32>
  %1 = qat.dequantize %0, %s, %z {axis = 2 : i64, bits = 32 : i64} : (tensor<2x3x10xi32>, tensor<10xf32>, tensor<10xi32>) -> tensor<2x3x10xf32>
  return %1 : tensor<2x3x10xf32>
}

// CHECK-LABEL: func.func @int_add
// CHECK: qat.int_add %{{.*}}, %{{.*}} {bits = 8 : i64, is_signed = false, lhs_multiplier = 524288 : i64, lhs_zero_point = -3 : i64, qmax = 255 : i64, qmin = 4 : i64, rhs_multiplier = -1048575 : i64, rhs_zero_point = 200 : i64, shift = 21 : i64, zero_point = 4 : i64} : (tensor<1x8x4x4xi8>, tensor<1x8x4x4xui8>) -> tensor<1x8x4x4xui8>
// CHECK: qat.int_add %{{.*}}, %{{.*}} {bits = 4 : i64, lhs_multiplier = 1 : i64, lhs_zero_point = 0 : i64, rhs_multiplier = 2097151 : i64, rhs_zero_point = 0 : i64, shift = 0 : i64} : (tensor<3xi8>, tensor<3xi8>) -> tensor<3xi8>
func.func @int_add(%a: tensor<1x8x4x4xi8>, %b: tensor<1x8x4x4xui8>, %c: tensor<3xi8>)
    -> (tensor<1x8x4x4xui8>, tensor<3xi8>) {
  %0 = qat.int_add %a, %b {bits = 8 : i64, is_signed = false, lhs_multiplier = 524288 : i64, lhs_zero_point = -3 : i64, qmax = 255 : i64, qmin = 4 : i64, rhs_multiplier = -1048575 : i64, rhs_zero_point = 200 : i64, shift = 21 : i64, zero_point = 4 : i64} : (tensor<1x8x4x4xi8>, tensor<1x8x4x4xui8>) -> tensor<1x8x4x4xui8>
  %1 = qat.int_add %c, %c {bits = 4 : i64, lhs_multiplier = 1 : i64, lhs_zero_point = 0 : i64, rhs_multiplier = 2097151 : i64, rhs_zero_point = 0 : i64, shift = 0 : i64} : (tensor<3xi8>, tensor<3xi8>) -> tensor<3xi8>
  return %0, %1 : tensor<1x8x4x4xui8>, tensor<3xi8>
}

// ShiftQuant levels pre-shifted beyond 8 bits are stored in i16.
// CHECK-LABEL: func.func @wide_weights
// CHECK: qat.int_conv %{{.*}}, %{{.*}}, %{{.*}} {{.*}}weight_bits = 12 : i64} : (tensor<1x4x8x8xui8>, tensor<6x4x3x3xi16>, tensor<6xi32>) -> tensor<1x6x6x6xi32>
// CHECK: qat.int_matmul %{{.*}}, %{{.*}}, %{{.*}} {lhs_bits = 8 : i64, rhs_bits = 16 : i64} : (tensor<2x16xui8>, tensor<16x10xi16>, tensor<10xi32>) -> tensor<2x10xi32>
func.func @wide_weights(%x: tensor<1x4x8x8xui8>, %w: tensor<6x4x3x3xi16>, %b: tensor<6xi32>,
                        %y: tensor<2x16xui8>, %v: tensor<16x10xi16>, %c: tensor<10xi32>)
    -> (tensor<1x6x6x6xi32>, tensor<2x10xi32>) {
  %0 = qat.int_conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_bits = 8 : i64, pad_value = 0 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, weight_bits = 12 : i64} : (tensor<1x4x8x8xui8>, tensor<6x4x3x3xi16>, tensor<6xi32>) -> tensor<1x6x6x6xi32>
  %1 = qat.int_matmul %y, %v, %c {lhs_bits = 8 : i64, rhs_bits = 16 : i64} : (tensor<2x16xui8>, tensor<16x10xi16>, tensor<10xi32>) -> tensor<2x10xi32>
  return %0, %1 : tensor<1x6x6x6xi32>, tensor<2x10xi32>
}
