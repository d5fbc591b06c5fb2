// RUN: qat-opt %s --split-input-file --qat-lower-nn-to-linalg | FileCheck %s

// nn.resize: per resized dim a compile-time tap table (rows: output index;
// columns: the input index and, for linear / cubic, the weight of each tap,
// clamped into the input), as ONNX's reference computes them. Nearest is
// one gather generic over the output; linear and cubic one generic per
// resized dim, the last dim first; a dim whose table is the identity keeps
// reading linalg.index.

// Nearest, asymmetric, floor: H 2 -> 4 reads floor(o / 2), W 2 -> 6 reads
// floor(o / 3); N and C have no table.
// CHECK-LABEL: func.func @nearest_asymmetric_floor
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x2x2xf32>)
// CHECK-DAG: %[[H:.*]] = arith.constant dense<{{\[}}[0], [0], [1], [1]]> : tensor<4x1xindex>
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[}}[0], [0], [0], [1], [1], [1]]> : tensor<6x1xindex>
// CHECK-NOT: tensor<1x1xindex>
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x1x4x6xf32>
// CHECK: %[[Y:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%[[E]] : tensor<1x1x4x6xf32>)
// CHECK: %[[N:.*]] = linalg.index 0 : index
// CHECK: %[[C:.*]] = linalg.index 1 : index
// CHECK: %[[OH:.*]] = linalg.index 2 : index
// CHECK: %[[OW:.*]] = linalg.index 3 : index
// CHECK: %[[IH:.*]] = tensor.extract %[[H]][%[[OH]], %{{.*}}] : tensor<4x1xindex>
// CHECK: %[[IW:.*]] = tensor.extract %[[W]][%[[OW]], %{{.*}}] : tensor<6x1xindex>
// CHECK: %[[V:.*]] = tensor.extract %[[X]][%[[N]], %[[C]], %[[IH]], %[[IW]]] : tensor<1x1x2x2xf32>
// CHECK-NOT: arith.mulf
// CHECK: linalg.yield %[[V]] : f32
// CHECK-NOT: linalg.generic
// CHECK: return %[[Y]]
func.func @nearest_asymmetric_floor(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x6xf32> {
  %0 = nn.resize %x {coordinate_transformation_mode = "asymmetric", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "nearest", nearest_mode = "floor", roi = array<f64>, scales = array<f64: 1.0, 1.0, 2.0, 3.0>} : tensor<1x1x2x2xf32> -> tensor<1x1x4x6xf32>
  return %0 : tensor<1x1x4x6xf32>
}

// -----

// Half-pixel 4 -> 2 maps o to 2 o + 0.5: round_prefer_floor takes 0 and 2,
// round_prefer_ceil 1 and 3.
// CHECK-LABEL: func.func @nearest_rounding
// CHECK: arith.constant dense<{{\[}}[0], [2]]> : tensor<2x1xindex>
// CHECK: linalg.generic
// CHECK: arith.constant dense<{{\[}}[1], [3]]> : tensor<2x1xindex>
// CHECK: linalg.generic
func.func @nearest_rounding(%x: tensor<4xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %0 = nn.resize %x {coordinate_transformation_mode = "half_pixel", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "nearest", nearest_mode = "round_prefer_floor", roi = array<f64>, scales = array<f64: 0.5>} : tensor<4xf32> -> tensor<2xf32>
  %1 = nn.resize %x {coordinate_transformation_mode = "half_pixel", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "nearest", nearest_mode = "round_prefer_ceil", roi = array<f64>, scales = array<f64: 0.5>} : tensor<4xf32> -> tensor<2xf32>
  return %0, %1 : tensor<2xf32>, tensor<2xf32>
}

// -----

// Nearest on integers (ui8 is i8 after type conversion): the same gather.
// CHECK-LABEL: func.func @nearest_unsigned
// CHECK: %[[T:.*]] = arith.constant dense<{{\[}}[0], [0], [1], [1]]> : tensor<4x1xindex>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x4xi8>)
// CHECK: %[[R:.*]] = linalg.index 0 : index
// CHECK: %[[O:.*]] = linalg.index 1 : index
// CHECK: %[[I:.*]] = tensor.extract %[[T]][%[[O]], %{{.*}}] : tensor<4x1xindex>
// CHECK: tensor.extract %{{.*}}[%[[R]], %[[I]]] : tensor<1x2xi8>
func.func @nearest_unsigned(%x: tensor<1x2xui8>) -> tensor<1x4xui8> {
  %0 = nn.resize %x {coordinate_transformation_mode = "asymmetric", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "nearest", nearest_mode = "floor", roi = array<f64>, scales = array<f64: 1.0, 2.0>} : tensor<1x2xui8> -> tensor<1x4xui8>
  return %0 : tensor<1x4xui8>
}

// -----

// Bilinear half-pixel 2 -> 4 on H and W: output o reads (o + 0.5) / 2 - 0.5
// = -0.25, 0.25, 0.75, 1.25 (neighbours clamped to the edge). Two generics,
// W first (1x2x2x4), then H (1x2x4x4), each adding two weighted taps; N and
// C are untouched.
// CHECK-LABEL: func.func @bilinear
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x2x2xf32>)
// CHECK: %[[WI:.*]] = arith.constant dense<{{\[}}[0, 0], [0, 1], [0, 1], [1, 1]]> : tensor<4x2xindex>
// CHECK: %[[WW:.*]] = arith.constant dense<{{\[}}[2.500000e-01, 7.500000e-01], [7.500000e-01, 2.500000e-01], [2.500000e-01, 7.500000e-01], [7.500000e-01, 2.500000e-01]]> : tensor<4x2xf32>
// CHECK: %[[WPASS:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x2x2x4xf32>)
// CHECK: %[[N:.*]] = linalg.index 0 : index
// CHECK: %[[C:.*]] = linalg.index 1 : index
// CHECK: %[[H:.*]] = linalg.index 2 : index
// CHECK: %[[OW:.*]] = linalg.index 3 : index
// CHECK: %[[I0:.*]] = tensor.extract %[[WI]][%[[OW]], %{{.*}}] : tensor<4x2xindex>
// CHECK: %[[W0:.*]] = tensor.extract %[[WW]][%[[OW]], %{{.*}}] : tensor<4x2xf32>
// CHECK: %[[V0:.*]] = tensor.extract %[[X]][%[[N]], %[[C]], %[[H]], %[[I0]]] : tensor<1x2x2x2xf32>
// CHECK: %[[P0:.*]] = arith.mulf %[[W0]], %[[V0]] : f32
// CHECK: %[[I1:.*]] = tensor.extract %[[WI]][%[[OW]], %{{.*}}] : tensor<4x2xindex>
// CHECK: %[[W1:.*]] = tensor.extract %[[WW]][%[[OW]], %{{.*}}] : tensor<4x2xf32>
// CHECK: %[[V1:.*]] = tensor.extract %[[X]][%[[N]], %[[C]], %[[H]], %[[I1]]] : tensor<1x2x2x2xf32>
// CHECK: %[[P1:.*]] = arith.mulf %[[W1]], %[[V1]] : f32
// CHECK: %[[S:.*]] = arith.addf %[[P0]], %[[P1]] : f32
// CHECK: linalg.yield %[[S]] : f32
// CHECK: %[[HI:.*]] = arith.constant dense<{{\[}}[0, 0], [0, 1], [0, 1], [1, 1]]> : tensor<4x2xindex>
// CHECK: %[[HPASS:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x2x4x4xf32>)
// CHECK: %[[N2:.*]] = linalg.index 0 : index
// CHECK: %[[C2:.*]] = linalg.index 1 : index
// CHECK: %[[OH:.*]] = linalg.index 2 : index
// CHECK: %[[W:.*]] = linalg.index 3 : index
// CHECK: %[[J0:.*]] = tensor.extract %[[HI]][%[[OH]], %{{.*}}] : tensor<4x2xindex>
// CHECK: tensor.extract %[[WPASS]][%[[N2]], %[[C2]], %[[J0]], %[[W]]] : tensor<1x2x2x4xf32>
// CHECK: arith.addf
// CHECK-NOT: linalg.generic
// CHECK: return %[[HPASS]] : tensor<1x2x4x4xf32>
func.func @bilinear(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x4x4xf32> {
  %0 = nn.resize %x {coordinate_transformation_mode = "half_pixel", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "linear", nearest_mode = "round_prefer_floor", roi = array<f64>, scales = array<f64: 1.0, 1.0, 2.0, 2.0>} : tensor<1x2x2x2xf32> -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// Linear with one resized dim: one pass (H, dim 0), W untouched.
// CHECK-LABEL: func.func @linear_one_dim
// CHECK: arith.constant dense<{{.*}}> : tensor<4x2xindex>
// CHECK: arith.constant dense<{{.*}}> : tensor<4x2xf32>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4x3xf32>)
// CHECK-NOT: linalg.generic
func.func @linear_one_dim(%x: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %0 = nn.resize %x {coordinate_transformation_mode = "align_corners", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "linear", nearest_mode = "round_prefer_floor", roi = array<f64>, scales = array<f64: 2.0, 1.0>} : tensor<2x3xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Cubic (a = -0.75) asymmetric 4 -> 8: 4 taps x - 1 .. x + 2 around
// floor(o / 2); an integer coordinate weighs 1 on itself, a half one
// -0.09375, 0.59375, 0.59375, -0.09375.
// CHECK-LABEL: func.func @cubic
// CHECK: arith.constant dense<{{\[}}[0, 0, 0, 1], [0, 0, 1, 2], [0, 0, 1, 2], [0, 1, 2, 3], [0, 1, 2, 3], [1, 2, 3, 3], [1, 2, 3, 3], [2, 3, 3, 3]]> : tensor<8x4xindex>
// CHECK: arith.constant dense<{{\[}}[0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00], [-9.375000e-02, 5.937500e-01, 5.937500e-01, -9.375000e-02], [0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00], [-9.375000e-02, 5.937500e-01, 5.937500e-01, -9.375000e-02], {{.*}}]]> : tensor<8x4xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel"]
// CHECK: arith.mulf
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK-NOT: arith.mulf
// CHECK: linalg.yield
// CHECK-NOT: linalg.generic
func.func @cubic(%x: tensor<4xf32>) -> tensor<8xf32> {
  %0 = nn.resize %x {coordinate_transformation_mode = "asymmetric", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "cubic", nearest_mode = "round_prefer_floor", roi = array<f64>, scales = array<f64: 2.0>} : tensor<4xf32> -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// exclude_outside drops the taps outside the input and renormalizes: with
// a = -0.5 the last output (x = 3.5, taps 2..5) keeps -0.0625 and 0.5625 of
// total 0.5, i.e. -0.125 and 1.125.
// CHECK-LABEL: func.func @cubic_exclude_outside
// CHECK: arith.constant dense<{{\[}}[0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00], [0.000000e+00, {{.*}}], {{.*}}, [-6.250000e-02, 5.625000e-01, 5.625000e-01, -6.250000e-02], {{.*}}, [-1.250000e-01, 1.125000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<8x4xf32>
func.func @cubic_exclude_outside(%x: tensor<4xf32>) -> tensor<8xf32> {
  %0 = nn.resize %x {coordinate_transformation_mode = "asymmetric", cubic_coeff_a = -5.000000e-01 : f32, exclude_outside = true, extrapolation_value = 0.000000e+00 : f32, mode = "cubic", nearest_mode = "round_prefer_floor", roi = array<f64>, scales = array<f64: 2.0>} : tensor<4xf32> -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// tf_crop_and_resize, linear: W maps o to o + 1 (roi 0.5 .. 1.5 of a
// length-3 dim); o = 2 reads 3, outside the input, and yields the
// extrapolation value. Dim 0 (length 1, roi 0 .. 1) is the identity.
// CHECK-LABEL: func.func @crop_and_resize_linear
// CHECK: %[[EXTRA:.*]] = arith.constant 1.000000e+01 : f32
// CHECK: arith.constant dense<{{\[}}[0, 1], [1, 2], [2, 2]]> : tensor<3x2xindex>
// CHECK: %[[OUT:.*]] = arith.constant dense<[false, false, true]> : tensor<3xi1>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x3xf32>)
// CHECK: %[[O:.*]] = linalg.index 1 : index
// CHECK: %[[S:.*]] = arith.addf
// CHECK: %[[IS:.*]] = tensor.extract %[[OUT]][%[[O]]] : tensor<3xi1>
// CHECK: %[[V:.*]] = arith.select %[[IS]], %[[EXTRA]], %[[S]] : f32
// CHECK: linalg.yield %[[V]] : f32
// CHECK-NOT: linalg.generic
func.func @crop_and_resize_linear(%x: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %0 = nn.resize %x {coordinate_transformation_mode = "tf_crop_and_resize", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 1.000000e+01 : f32, mode = "linear", nearest_mode = "round_prefer_floor", roi = array<f64: 0.0, 0.5, 1.0, 1.5>, scales = array<f64: 1.0, 1.0>} : tensor<1x3xf32> -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// tf_crop_and_resize, nearest: W 4 -> 3 over roi 0 .. 2 reads 0, 3, 6; 6 is
// outside (clamped to 3, then replaced by -1).
// CHECK-LABEL: func.func @crop_and_resize_nearest
// CHECK: %[[EXTRA:.*]] = arith.constant -1.000000e+00 : f32
// CHECK: %[[T:.*]] = arith.constant dense<{{\[}}[0], [3], [3]]> : tensor<3x1xindex>
// CHECK: %[[OUT:.*]] = arith.constant dense<[false, false, true]> : tensor<3xi1>
// CHECK: linalg.generic
// CHECK: %[[R:.*]] = linalg.index 0 : index
// CHECK: %[[O:.*]] = linalg.index 1 : index
// CHECK: %[[I:.*]] = tensor.extract %[[T]][%[[O]], %{{.*}}] : tensor<3x1xindex>
// CHECK: %[[V:.*]] = tensor.extract %{{.*}}[%[[R]], %[[I]]] : tensor<2x4xf32>
// CHECK: %[[IS:.*]] = tensor.extract %[[OUT]][%[[O]]] : tensor<3xi1>
// CHECK: %[[Y:.*]] = arith.select %[[IS]], %[[EXTRA]], %[[V]] : f32
// CHECK: linalg.yield %[[Y]] : f32
func.func @crop_and_resize_nearest(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %0 = nn.resize %x {coordinate_transformation_mode = "tf_crop_and_resize", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = -1.000000e+00 : f32, mode = "nearest", nearest_mode = "round_prefer_floor", roi = array<f64: 0.0, 0.0, 1.0, 2.0>, scales = array<f64: 1.0, 0.75>} : tensor<2x4xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Every dim the identity: linear passes the input through; nearest is a
// plain copy (no table).
// CHECK-LABEL: func.func @identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[Y:.*]]: tensor<2x3xi8>)
// CHECK-NOT: tensor<{{.*}}xindex>
// CHECK: %[[C:.*]] = linalg.generic
// CHECK: %[[R:.*]] = linalg.index 0 : index
// CHECK: %[[K:.*]] = linalg.index 1 : index
// CHECK: tensor.extract %[[Y]][%[[R]], %[[K]]] : tensor<2x3xi8>
// CHECK-NOT: linalg.generic
// CHECK: return %[[X]], %[[C]]
func.func @identity(%x: tensor<2x3xf32>, %y: tensor<2x3xi8>) -> (tensor<2x3xf32>, tensor<2x3xi8>) {
  %0 = nn.resize %x {coordinate_transformation_mode = "half_pixel", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "linear", nearest_mode = "round_prefer_floor", roi = array<f64>, scales = array<f64: 1.0, 1.0>} : tensor<2x3xf32> -> tensor<2x3xf32>
  %1 = nn.resize %y {coordinate_transformation_mode = "align_corners", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "nearest", nearest_mode = "round_prefer_floor", roi = array<f64>, scales = array<f64: 1.0, 1.0>} : tensor<2x3xi8> -> tensor<2x3xi8>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xi8>
}

// -----

// An empty result is an empty tensor.
// CHECK-LABEL: func.func @empty_result
// CHECK: %[[E:.*]] = tensor.empty() : tensor<0x4xf32>
// CHECK-NOT: linalg.generic
// CHECK: return %[[E]]
func.func @empty_result(%x: tensor<1x2xf32>) -> tensor<0x4xf32> {
  %0 = nn.resize %x {coordinate_transformation_mode = "asymmetric", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "linear", nearest_mode = "floor", roi = array<f64>, scales = array<f64: 0.5, 2.0>} : tensor<1x2xf32> -> tensor<0x4xf32>
  return %0 : tensor<0x4xf32>
}

// -----

// Integer tf_crop_and_resize: the extrapolation value truncated to the type.
// CHECK-LABEL: func.func @crop_nearest_int
// CHECK: %[[E:.*]] = arith.constant 7 : i32
// CHECK: linalg.generic
// CHECK: arith.select %{{.*}}, %[[E]], %{{.*}} : i32
func.func @crop_nearest_int(%x: tensor<1x4xi32>) -> tensor<1x8xi32> {
  %0 = nn.resize %x {coordinate_transformation_mode = "tf_crop_and_resize", cubic_coeff_a = -7.5e-01 : f32, exclude_outside = false, extrapolation_value = 7.5 : f32, mode = "nearest", nearest_mode = "round_prefer_floor", roi = array<f64: 0.0, 0.0, 1.0, 1.5>, scales = array<f64: 1.0, 2.0>} : tensor<1x4xi32> -> tensor<1x8xi32>
  return %0 : tensor<1x8xi32>
}
