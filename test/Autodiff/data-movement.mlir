// The gradient rules of data movement (reshape, expand, transpose, concat,
// slices with offsets, strides and negative strides, constant pads that also
// crop): their IR and a finite-difference check in float64.
// RUN: qat-opt %s --qat-differentiate | FileCheck %s
// RUN: qat-opt %s --qat-differentiate -o %t.mlir
// RUN: qat-compile %t.mlir -o %t.so
// RUN: %python %test_lib/gradcheck.py %t.so | FileCheck %s --check-prefix=FD

func.func @reshape(%x: tensor<2x6xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.reshape %x : tensor<2x6xf64> -> tensor<3x4xf64>
  %sq = nn.mul %y, %y : (tensor<3x4xf64>, tensor<3x4xf64>) -> tensor<3x4xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<3x4xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @expand(%x: tensor<3x1xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.expand %x : tensor<3x1xf64> -> tensor<2x3x4xf64>
  %sq = nn.mul %y, %y : (tensor<2x3x4xf64>, tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2>, keepdims = false} : tensor<2x3x4xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @transpose(%x: tensor<2x3x4xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.transpose %x {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf64> -> tensor<4x2x3xf64>
  %sq = nn.mul %y, %y : (tensor<4x2x3xf64>, tensor<4x2x3xf64>) -> tensor<4x2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2>, keepdims = false} : tensor<4x2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @concat(%a: tensor<2x3xf64> {qat.name = "a"}, %b: tensor<2x2xf64> {qat.name = "b"}) -> tensor<f64> {
  %y = nn.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf64>, tensor<2x2xf64>) -> tensor<2x5xf64>
  %sq = nn.mul %y, %y : (tensor<2x5xf64>, tensor<2x5xf64>) -> tensor<2x5xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x5xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @slice(%x: tensor<4x5xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.slice %x {offsets = array<i64: 1, 2>, sizes = array<i64: 2, 3>, strides = array<i64: 1, 1>} : tensor<4x5xf64> -> tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @slice_strided(%x: tensor<7x6xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.slice %x {offsets = array<i64: 1, 0>, sizes = array<i64: 3, 2>, strides = array<i64: 2, 3>} : tensor<7x6xf64> -> tensor<3x2xf64>
  %sq = nn.mul %y, %y : (tensor<3x2xf64>, tensor<3x2xf64>) -> tensor<3x2xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<3x2xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @slice_reversed(%x: tensor<6x4xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.slice %x {offsets = array<i64: 5, 3>, sizes = array<i64: 3, 4>, strides = array<i64: -2, -1>} : tensor<6x4xf64> -> tensor<3x4xf64>
  %sq = nn.mul %y, %y : (tensor<3x4xf64>, tensor<3x4xf64>) -> tensor<3x4xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<3x4xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @pad(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %v = arith.constant dense<0.5> : tensor<f64>
  %y = nn.pad %x, %v {pads = array<i64: 1, -1, 2, 1>, mode = "constant"} : (tensor<2x3xf64>, tensor<f64>) -> tensor<5x3xf64>
  %sq = nn.mul %y, %y : (tensor<5x3xf64>, tensor<5x3xf64>) -> tensor<5x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<5x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

// CHECK-LABEL: func.func @reshape_grad
// CHECK: nn.reshape {{.*}} -> tensor<2x6xf64>
// CHECK-LABEL: func.func @expand_grad
// CHECK: nn.reduce_sum
// CHECK-LABEL: func.func @transpose_grad
// CHECK: perm = array<i64: 1, 2, 0>
// CHECK-LABEL: func.func @concat_grad
// CHECK: nn.slice
// CHECK-LABEL: func.func @slice_grad
// CHECK: nn.pad
// CHECK-LABEL: func.func @slice_strided_grad
// CHECK: nn.pad
// CHECK-LABEL: func.func @slice_reversed_grad
// CHECK: nn.pad
// CHECK-LABEL: func.func @pad_grad
// CHECK: nn.pad

// FD-DAG: reshape x: {{.*}}: ok
// FD-DAG: expand x: {{.*}}: ok
// FD-DAG: transpose x: {{.*}}: ok
// FD-DAG: concat a: {{.*}}: ok
// FD-DAG: concat b: {{.*}}: ok
// FD-DAG: slice x: {{.*}}: ok
// FD-DAG: slice_strided x: {{.*}}: ok
// FD-DAG: slice_reversed x: {{.*}}: ok
// FD-DAG: pad x: {{.*}}: ok
// FD-NOT: FAIL
