// RUN: qat-opt %s --split-input-file --qat-fold-qdq | FileCheck %s

// A QDQ pair is a fake quantization at the storage width.
// CHECK-LABEL: func.func @pair
// CHECK: %[[F:.*]] = qat.fake_quant %arg0, %arg1, %arg2 {bits = 8 : i64, is_signed = false} : tensor<8xf32>, tensor<f32>, tensor<ui8>
// CHECK-NEXT: return %[[F]]
func.func @pair(%x: tensor<8xf32>, %s: tensor<f32>, %z: tensor<ui8>) -> tensor<8xf32> {
  %q = qat.quantize %x, %s, %z {bits = 8 : i64, is_signed = false} : (tensor<8xf32>, tensor<f32>, tensor<ui8>) -> tensor<8xui8>
  %d = qat.dequantize %q, %s, %z {bits = 8 : i64, is_signed = false} : (tensor<8xui8>, tensor<f32>, tensor<ui8>) -> tensor<8xf32>
  return %d : tensor<8xf32>
}

// -----

// Clip to [-8, 7] on int8 levels: 4 bits, per axis.
// CHECK-LABEL: func.func @clip_signed
// CHECK: qat.fake_quant %arg0, %arg1, %arg2 {axis = 0 : i64, bits = 4 : i64} : tensor<3x4xf32>, tensor<3xf32>, tensor<3xi8>
// CHECK-NOT: nn.clip
func.func @clip_signed(%x: tensor<3x4xf32>, %s: tensor<3xf32>, %z: tensor<3xi8>) -> tensor<3x4xf32> {
  %lo = arith.constant dense<-8> : tensor<i8>
  %hi = arith.constant dense<7> : tensor<i8>
  %q = qat.quantize %x, %s, %z {bits = 8 : i64, axis = 0 : i64} : (tensor<3x4xf32>, tensor<3xf32>, tensor<3xi8>) -> tensor<3x4xi8>
  %c = nn.clip %q, %lo, %hi : (tensor<3x4xi8>, tensor<i8>, tensor<i8>) -> tensor<3x4xi8>
  %d = qat.dequantize %c, %s, %z {bits = 8 : i64, axis = 0 : i64} : (tensor<3x4xi8>, tensor<3xf32>, tensor<3xi8>) -> tensor<3x4xf32>
  return %d : tensor<3x4xf32>
}

// -----

// [-7, 7] is the narrow 4-bit range; [1, 15] the narrow unsigned one.
// CHECK-LABEL: func.func @clip_narrow
// CHECK: qat.fake_quant {{.*}} {bits = 4 : i64, narrow_range}
// CHECK: qat.fake_quant {{.*}} {bits = 4 : i64, is_signed = false, narrow_range}
func.func @clip_narrow(%x: tensor<8xf32>, %s: tensor<f32>, %z: tensor<i8>, %zu: tensor<ui8>) -> (tensor<8xf32>, tensor<8xf32>) {
  %lo = arith.constant dense<-7> : tensor<i8>
  %hi = arith.constant dense<7> : tensor<i8>
  %q = qat.quantize %x, %s, %z {bits = 8 : i64} : (tensor<8xf32>, tensor<f32>, tensor<i8>) -> tensor<8xi8>
  %c = nn.clip %q, %lo, %hi : (tensor<8xi8>, tensor<i8>, tensor<i8>) -> tensor<8xi8>
  %d = qat.dequantize %c, %s, %z {bits = 8 : i64} : (tensor<8xi8>, tensor<f32>, tensor<i8>) -> tensor<8xf32>
  %ulo = arith.constant dense<1> : tensor<ui8>
  %uhi = arith.constant dense<15> : tensor<ui8>
  %uq = qat.quantize %x, %s, %zu {bits = 8 : i64, is_signed = false} : (tensor<8xf32>, tensor<f32>, tensor<ui8>) -> tensor<8xui8>
  %uc = nn.clip %uq, %ulo, %uhi : (tensor<8xui8>, tensor<ui8>, tensor<ui8>) -> tensor<8xui8>
  %ud = qat.dequantize %uc, %s, %zu {bits = 8 : i64, is_signed = false} : (tensor<8xui8>, tensor<f32>, tensor<ui8>) -> tensor<8xf32>
  return %d, %ud : tensor<8xf32>, tensor<8xf32>
}

// -----

// A clip that is no quantization range, or different parameters on the two
// sides, stay as they are.
// CHECK-LABEL: func.func @not_groups
// CHECK-NOT: qat.fake_quant
// CHECK: nn.clip
// CHECK-NOT: qat.fake_quant
func.func @not_groups(%x: tensor<8xf32>, %s: tensor<f32>, %s2: tensor<f32>, %z: tensor<i8>) -> (tensor<8xf32>, tensor<8xf32>) {
  %lo = arith.constant dense<-5> : tensor<i8>
  %hi = arith.constant dense<9> : tensor<i8>
  %q = qat.quantize %x, %s, %z {bits = 8 : i64} : (tensor<8xf32>, tensor<f32>, tensor<i8>) -> tensor<8xi8>
  %c = nn.clip %q, %lo, %hi : (tensor<8xi8>, tensor<i8>, tensor<i8>) -> tensor<8xi8>
  %d = qat.dequantize %c, %s, %z {bits = 8 : i64} : (tensor<8xi8>, tensor<f32>, tensor<i8>) -> tensor<8xf32>
  %d2 = qat.dequantize %q, %s2, %z {bits = 8 : i64} : (tensor<8xi8>, tensor<f32>, tensor<i8>) -> tensor<8xf32>
  return %d, %d2 : tensor<8xf32>, tensor<8xf32>
}
