// An op on the path to the loss without a gradient rule is one error naming
// it (and its layer); so is a configuration a rule does not handle.
// RUN: qat-opt %s --split-input-file --qat-differentiate="functions=gather,reflect,vector" --verify-diagnostics
// The layer (the ONNX node name in the location) is named too.
// RUN: sed 's/-> tensor<2x3xf32>$/-> tensor<2x3xf32> loc("embed")/' %s | not qat-opt --split-input-file --qat-differentiate 2>&1 | FileCheck %s
// CHECK: error: {{.*}}no gradient rule for 'nn.gather' (layer 'embed')

func.func @gather(%x: tensor<4x3xf32>) -> tensor<f32> {
  %i = arith.constant dense<[0, 2]> : tensor<2xi64>
  // expected-error @below {{no gradient rule for 'nn.gather'}}
  %g = nn.gather %x, %i {axis = 0 : i64} : (tensor<4x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  %s = nn.reduce_sum %g {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// -----

func.func @reflect(%x: tensor<4xf32>) -> tensor<f32> {
  %v = arith.constant dense<0.0> : tensor<f32>
  // expected-error @below {{'nn.pad' op has no gradient rule in 'reflect' mode}}
  %p = nn.pad %x, %v {pads = array<i64: 1, 1>, mode = "reflect"} : (tensor<4xf32>, tensor<f32>) -> tensor<6xf32>
  %s = nn.reduce_sum %p {axes = array<i64: 0>, keepdims = false} : tensor<6xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// -----

// Nothing to differentiate: a function whose first result is not a scalar.
// expected-error @below {{cannot differentiate @vector: its first result is not a rank-0 float tensor}}
func.func @vector(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
