// RUN: qat-opt %s --split-input-file --qat-lower-nn-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @sigmoid
// CHECK: arith.negf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: arith.divf
func.func @sigmoid(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.sigmoid %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Exact GELU: 0.5 x (1 + erf(x / sqrt(2))).
// CHECK-LABEL: func.func @gelu_exact
// CHECK: arith.constant 0.707106769 : f32
// CHECK: math.erf
func.func @gelu_exact(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.gelu %x approximate = "none" : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @gelu_tanh
// CHECK: arith.constant 4.471500e-02 : f32
// CHECK: math.tanh
func.func @gelu_tanh(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.gelu %x approximate = "tanh" : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// HardSwish: x * clamp(x / 6 + 1/2, 0, 1).
// CHECK-LABEL: func.func @hard_swish
// CHECK: arith.constant 0.166666672 : f32
// CHECK: arith.minimumf
// CHECK: arith.maximumf
// CHECK: arith.mulf
func.func @hard_swish(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.hard_swish %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @leaky_relu
// CHECK: arith.cmpf olt
// CHECK: arith.select
func.func @leaky_relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.leaky_relu %x alpha = 1.0e-01 : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Rank-0 bounds map to () in the generic.
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @clip
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[SCALAR]], #[[SCALAR]], #{{.*}}]
// CHECK: arith.maximumf
// CHECK: arith.minimumf
func.func @clip(%x: tensor<4xf32>, %lo: tensor<f32>, %hi: tensor<f32>) -> tensor<4xf32> {
  %0 = nn.clip %x, %lo, %hi : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// ONNX Cast: float -> int truncates, unsigned sources zero-extend, anything
// -> bool compares with zero.
// CHECK-LABEL: func.func @casts
// CHECK: arith.fptosi %{{.*}} : f32 to i32
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// CHECK: arith.cmpf une
// CHECK: arith.extui %{{.*}} : i8 to i64
func.func @casts(%f: tensor<4xf32>, %u: tensor<4xui8>) -> (tensor<4xi32>, tensor<4xf32>, tensor<4xi1>, tensor<4xi64>) {
  %0 = nn.cast %f : tensor<4xf32> to tensor<4xi32>
  %1 = nn.cast %u : tensor<4xui8> to tensor<4xf32>
  %2 = nn.cast %f : tensor<4xf32> to tensor<4xi1>
  %3 = nn.cast %u : tensor<4xui8> to tensor<4xi64>
  return %0, %1, %2, %3 : tensor<4xi32>, tensor<4xf32>, tensor<4xi1>, tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @pow_and_prelu
// CHECK: math.powf
// CHECK: arith.select
func.func @pow_and_prelu(%x: tensor<2x3xf32>, %e: tensor<f32>, %s: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = nn.pow %x, %e : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %1 = nn.prelu %x, %s : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Floor, ceil and round (ties to even, ONNX Round) map to math ops.
// CHECK-LABEL: func.func @rounding
// CHECK: math.floor
// CHECK: math.ceil
// CHECK: math.roundeven
func.func @rounding(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = nn.floor %x : tensor<8xf32>
  %1 = nn.ceil %0 : tensor<8xf32>
  %2 = nn.round %1 : tensor<8xf32>
  return %2 : tensor<8xf32>
}
