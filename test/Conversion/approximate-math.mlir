// RUN: qat-opt %s --qat-approximate-math | FileCheck %s

// float32 exp/expm1/tanh/erf/log/log1p/log2 become polynomial arithmetic
// (vectorizable); float64 keeps the libm-backed op; float16 computes in f32.

// CHECK-LABEL: func.func @f32_ops
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK-NOT: math.erf
// CHECK-NOT: math.log
// CHECK: math.fma
// CHECK: return
func.func @f32_ops(%x: f32) -> (f32, f32, f32, f32, f32, f32, f32) {
  %0 = math.exp %x : f32
  %1 = math.expm1 %x : f32
  %2 = math.tanh %x : f32
  %3 = math.erf %x : f32
  %4 = math.log %x : f32
  %5 = math.log1p %x : f32
  %6 = math.log2 %x : f32
  return %0, %1, %2, %3, %4, %5, %6 : f32, f32, f32, f32, f32, f32, f32
}

// CHECK-LABEL: func.func @f64_kept
// CHECK: math.exp %{{.*}} : f64
func.func @f64_kept(%x: f64) -> f64 {
  %0 = math.exp %x : f64
  return %0 : f64
}

// CHECK-LABEL: func.func @f16_through_f32
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK-NOT: math.exp
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @f16_through_f32(%x: f16) -> f16 {
  %0 = math.exp %x : f16
  return %0 : f16
}

// Other math ops (sin, cos, atan...) keep their libm calls.
// CHECK-LABEL: func.func @others_kept
// CHECK: math.sin
// CHECK: math.atan
func.func @others_kept(%x: f32) -> (f32, f32) {
  %0 = math.sin %x : f32
  %1 = math.atan %x : f32
  return %0, %1 : f32, f32
}
