// RUN: qat-opt %s --split-input-file --qat-lower-nn-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @transpose
// CHECK: linalg.transpose ins(%{{.*}} : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<4x2x3xf32>) permutation = [2, 0, 1]
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = nn.transpose %x {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// Concat writes each input at its offset along the axis.
// CHECK-LABEL: func.func @concat
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0] [2, 3] [1, 1]
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 3] [2, 1] [1, 1]
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>) -> tensor<2x4xf32> {
  %0 = nn.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Gather wraps negative indices and reads with tensor.extract.
// CHECK-LABEL: func.func @gather
// CHECK: arith.index_cast
// CHECK: arith.cmpi slt
// CHECK: arith.select
// CHECK: tensor.extract
func.func @gather(%x: tensor<5x3xf32>, %i: tensor<2xi64>) -> tensor<2x3xf32> {
  %0 = nn.gather %x, %i {axis = 0 : i64} : (tensor<5x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Constant padding is tensor.pad with the value; negative pads crop first.
// CHECK-LABEL: func.func @pad_constant_crop
// CHECK: tensor.extract_slice %{{.*}}[1, 0] [3, 4] [1, 1]
// CHECK: %[[V:.*]] = tensor.extract %{{.*}}[] : tensor<f32>
// CHECK: tensor.pad %{{.*}} low[0, 2] high[0, 0]
// CHECK: tensor.yield %[[V]]
func.func @pad_constant_crop(%x: tensor<4x4xf32>, %v: tensor<f32>) -> tensor<3x6xf32> {
  %0 = nn.pad %x, %v {pads = array<i64: -1, 2, 0, 0>, mode = "constant"} : (tensor<4x4xf32>, tensor<f32>) -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}

// -----

// Edge padding clamps indices into the input.
// CHECK-LABEL: func.func @pad_edge
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: tensor.extract
func.func @pad_edge(%x: tensor<3xf32>) -> tensor<6xf32> {
  %v = arith.constant dense<0.0> : tensor<f32>
  %0 = nn.pad %x, %v {pads = array<i64: 1, 2>, mode = "edge"} : (tensor<3xf32>, tensor<f32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// A reshape that is neither a collapse nor an expand goes through 1-D.
// CHECK-LABEL: func.func @reshape_general
// CHECK: tensor.collapse_shape {{.*}} into tensor<6xf32>
// CHECK: tensor.expand_shape {{.*}} into tensor<3x2xf32>
func.func @reshape_general(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = nn.reshape %x : tensor<2x3xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// GatherElements: a generic over the indices; the loop index on the axis is
// replaced by the (wrapped) index read, the others are kept.
// CHECK-LABEL: func.func @gather_elements
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<2x4xi64>) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK: ^bb0(%[[RAW:.*]]: i64, %{{.*}}: f32):
// CHECK: %[[J:.*]] = linalg.index 1 : index
// CHECK: %[[I:.*]] = arith.index_cast %[[RAW]] : i64 to index
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[I]], %{{.*}} : index
// CHECK: %[[DIM:.*]] = arith.constant 3 : index
// CHECK: %[[W:.*]] = arith.addi %[[I]], %[[DIM]] : index
// CHECK: %[[AT:.*]] = arith.select %[[NEG]], %[[W]], %[[I]] : index
// CHECK: tensor.extract %{{.*}}[%[[AT]], %[[J]]] : tensor<3x4xf32>
// CHECK: ^bb0(%[[RAW2:.*]]: i32, %{{.*}}: f32):
// CHECK: %[[ROW:.*]] = linalg.index 0 : index
// CHECK: %[[I2:.*]] = arith.index_cast %[[RAW2]] : i32 to index
// CHECK: %[[DIM2:.*]] = arith.constant 4 : index
// CHECK: %[[W2:.*]] = arith.addi %[[I2]], %[[DIM2]] : index
// CHECK: %[[AT2:.*]] = arith.select %{{.*}}, %[[W2]], %[[I2]] : index
// CHECK: tensor.extract %{{.*}}[%[[ROW]], %[[AT2]]] : tensor<3x4xf32>
func.func @gather_elements(%x: tensor<3x4xf32>, %i: tensor<2x4xi64>, %j: tensor<3x2xi32>) -> (tensor<2x4xf32>, tensor<3x2xf32>) {
  %0 = nn.gather_elements %x, %i {axis = 0 : i64} : (tensor<3x4xf32>, tensor<2x4xi64>) -> tensor<2x4xf32>
  %1 = nn.gather_elements %x, %j {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3x2xi32>) -> tensor<3x2xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<3x2xf32>
}
