// RUN: qat-opt %s --split-input-file --qat-lower-nn-to-linalg | FileCheck %s

// Mean: a sum reduction, then a division by the element count; keepdims
// re-expands the reduced dimensions.
// CHECK-LABEL: func.func @reduce_mean_keepdims
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "reduction"]
// CHECK: arith.addf
// CHECK: arith.constant 1.200000e+01 : f32
// CHECK: arith.divf
// CHECK: tensor.expand_shape {{.*}} into tensor<2x1x1xf32>
func.func @reduce_mean_keepdims(%x: tensor<2x3x4xf32>) -> tensor<2x1x1xf32> {
  %0 = nn.reduce_mean %x {axes = array<i64: 1, 2>, keepdims = true} : tensor<2x3x4xf32> -> tensor<2x1x1xf32>
  return %0 : tensor<2x1x1xf32>
}

// -----

// Max starts at the type's lowest value (here -inf).
// CHECK-LABEL: func.func @reduce_max
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: arith.maximumf
func.func @reduce_max(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  %0 = nn.reduce_max %x {axes = array<i64: 1>, keepdims = false} : tensor<2x3xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Unsigned max reduction starts at 0 and compares unsigned.
// CHECK-LABEL: func.func @reduce_max_unsigned
// CHECK: arith.constant 0 : i8
// CHECK: arith.maxui
func.func @reduce_max_unsigned(%x: tensor<2x3xui8>) -> tensor<2xui8> {
  %0 = nn.reduce_max %x {axes = array<i64: 1>, keepdims = false} : tensor<2x3xui8> -> tensor<2xui8>
  return %0 : tensor<2xui8>
}

// -----

// BatchNorm: parameters broadcast along the channel dimension.
// CHECK-DAG: #[[PARAM:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, 0, 0)>
// CHECK-LABEL: func.func @batch_norm
// CHECK: linalg.generic {indexing_maps = [#{{[a-z0-9]+}}, #[[PARAM]], #[[PARAM]], #[[PARAM]], #[[PARAM]], #{{[a-z0-9]+}}]
// CHECK: arith.subf
// CHECK: math.sqrt
// CHECK: arith.divf
func.func @batch_norm(%x: tensor<1x3x4x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<1x3x4x4xf32> {
  %0 = nn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-05 : f32} : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

// LayerNorm as the ONNX function body: mean, centered, variance, 1/sqrt.
// The squares of the centered values are made inside the variance's
// reduction (in float32, then summed in float64), not written out.
// CHECK-LABEL: func.func @layer_norm
// CHECK: arith.divf
// CHECK: %[[D:.*]] = linalg.generic {{.*}} ins(%arg0, %{{.*}} : tensor<2x8xf32>, tensor<2x1xf32>)
// CHECK: arith.subf
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[D]] : tensor<2x8xf32>) outs(%{{.*}} : tensor<2xf64>)
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[OUT:.*]]: f64):
// CHECK-NEXT: %[[SQ:.*]] = arith.mulf %[[IN]], %[[IN]] : f32
// CHECK-NEXT: %[[WIDE:.*]] = arith.extf %[[SQ]] : f32 to f64
// CHECK-NEXT: arith.addf %[[OUT]], %[[WIDE]] : f64
// CHECK: arith.divf
// CHECK: math.sqrt
func.func @layer_norm(%x: tensor<2x8xf32>, %s: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<2x8xf32> {
  %0 = nn.layer_norm %x, %s, %b {axis = 1 : i64, epsilon = 1.0e-05 : f32} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// LogSoftmax: (x - max) - log(sum(exp(x - max))).
// CHECK-LABEL: func.func @log_softmax
// CHECK: arith.maximumf
// CHECK: math.exp
// CHECK: math.log
func.func @log_softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = nn.log_softmax %x axis = 1 : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// Min starts at the type's highest value: +inf, the signed maximum, or all
// ones for unsigned (printed as -1), and compares as the type says.
// CHECK-LABEL: func.func @reduce_min
// CHECK: %[[PINF:.*]] = arith.constant 0x7F800000 : f32
// CHECK: linalg.fill ins(%[[PINF]] : f32)
// CHECK: iterator_types = ["parallel", "reduction"]
// CHECK: arith.minimumf
// CHECK: %[[IMAX:.*]] = arith.constant 2147483647 : i32
// CHECK: linalg.fill ins(%[[IMAX]] : i32)
// CHECK: arith.minsi
// CHECK: %[[UMAX:.*]] = arith.constant -1 : i8
// CHECK: linalg.fill ins(%[[UMAX]] : i8)
// CHECK: arith.minui
func.func @reduce_min(%x: tensor<2x3xf32>, %i: tensor<2x3xi32>, %u: tensor<2x3xui8>) -> (tensor<2xf32>, tensor<2xi32>, tensor<2xui8>) {
  %0 = nn.reduce_min %x {axes = array<i64: 1>, keepdims = false} : tensor<2x3xf32> -> tensor<2xf32>
  %1 = nn.reduce_min %i {axes = array<i64: 1>, keepdims = false} : tensor<2x3xi32> -> tensor<2xi32>
  %2 = nn.reduce_min %u {axes = array<i64: 1>, keepdims = false} : tensor<2x3xui8> -> tensor<2xui8>
  return %0, %1, %2 : tensor<2xf32>, tensor<2xi32>, tensor<2xui8>
}

// -----

// Prod starts at 1 and multiplies; keepdims re-expands the reduced dim.
// CHECK-LABEL: func.func @reduce_prod
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: linalg.fill ins(%[[ONE]] : f32)
// CHECK: iterator_types = ["reduction", "parallel"]
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK: tensor.expand_shape {{.*}} into tensor<1x3xf32>
// CHECK: %[[IONE:.*]] = arith.constant 1 : i64
// CHECK: linalg.fill ins(%[[IONE]] : i64)
// CHECK: iterator_types = ["reduction", "reduction"]
// CHECK: arith.muli %{{.*}}, %{{.*}} : i64
func.func @reduce_prod(%x: tensor<2x3xf32>, %i: tensor<2x3xi64>) -> (tensor<1x3xf32>, tensor<i64>) {
  %0 = nn.reduce_prod %x {axes = array<i64: 0>, keepdims = true} : tensor<2x3xf32> -> tensor<1x3xf32>
  %1 = nn.reduce_prod %i {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xi64> -> tensor<i64>
  return %0, %1 : tensor<1x3xf32>, tensor<i64>
}

// -----

// ArgMin: one reduction carrying (minimum, index) from (highest value, -1);
// an element is taken first or when the running minimum is greater (first
// index on ties), or greater or equal with select_last_index.
// CHECK-LABEL: func.func @argmin
// CHECK: %[[PINF:.*]] = arith.constant 0x7F800000 : f32
// CHECK: linalg.fill ins(%[[PINF]] : f32)
// CHECK: %[[NONE:.*]] = arith.constant -1 : i64
// CHECK: linalg.fill ins(%[[NONE]] : i64)
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: ^bb0(%[[X:.*]]: f32, %[[BEST:.*]]: f32, %[[IDX:.*]]: i64):
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: %[[I64:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK: %[[BETTER:.*]] = arith.cmpf ogt, %[[BEST]], %[[X]] : f32
// CHECK: %[[FIRST:.*]] = arith.cmpi slt, %[[IDX]], %{{.*}} : i64
// CHECK: %[[TAKE:.*]] = arith.ori %[[FIRST]], %[[BETTER]] : i1
// CHECK: %[[V:.*]] = arith.select %[[TAKE]], %[[X]], %[[BEST]] : f32
// CHECK: %[[J:.*]] = arith.select %[[TAKE]], %[[I64]], %[[IDX]] : i64
// CHECK: linalg.yield %[[V]], %[[J]] : f32, i64
// CHECK: tensor.expand_shape {{.*}} into tensor<2x1xi64>
// CHECK: %[[UMAX:.*]] = arith.constant -1 : i8
// CHECK: linalg.fill ins(%[[UMAX]] : i8)
// CHECK: ^bb0(%[[UX:.*]]: i8, %[[UBEST:.*]]: i8, %{{.*}}: i64):
// CHECK: arith.cmpi uge, %[[UBEST]], %[[UX]] : i8
// CHECK: %[[SMAX:.*]] = arith.constant 2147483647 : i32
// CHECK: linalg.fill ins(%[[SMAX]] : i32)
// CHECK: iterator_types = ["reduction", "parallel"]
// CHECK: ^bb0(%[[SX:.*]]: i32, %[[SBEST:.*]]: i32, %{{.*}}: i64):
// CHECK: linalg.index 0 : index
// CHECK: arith.cmpi sgt, %[[SBEST]], %[[SX]] : i32
func.func @argmin(%x: tensor<2x5xf32>, %u: tensor<7xui8>, %i: tensor<3x4xi32>) -> (tensor<2x1xi64>, tensor<i64>, tensor<4xi64>) {
  %0 = nn.argmin %x {axis = 1 : i64, keepdims = true, select_last_index = false} : tensor<2x5xf32> -> tensor<2x1xi64>
  %1 = nn.argmin %u {axis = 0 : i64, keepdims = false, select_last_index = true} : tensor<7xui8> -> tensor<i64>
  %2 = nn.argmin %i {axis = 0 : i64, keepdims = false, select_last_index = false} : tensor<3x4xi32> -> tensor<4xi64>
  return %0, %1, %2 : tensor<2x1xi64>, tensor<i64>, tensor<4xi64>
}

// -----

// CumSum is a masked reduction: an extra reduction loop j (the last) runs
// over the axis and the element at j is added where j <= i (ule), j < i
// (exclusive, ult), j >= i (reverse, uge) or j > i (both, ugt), i being the
// output's index along the axis.
// CHECK-DAG: #[[IN1:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[IN0:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[VIN:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[VOUT:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @cumsum
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[V:.*]]: tensor<5xi64>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[IN1]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]] : tensor<2x3xf32>) outs(%[[INIT]] : tensor<2x3xf32>)
// CHECK: ^bb0(%[[E:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: %[[J:.*]] = linalg.index 2 : index
// CHECK: %[[KEEP:.*]] = arith.cmpi ule, %[[J]], %[[I]] : index
// CHECK: %[[T:.*]] = arith.select %[[KEEP]], %[[E]], %{{.*}} : f32
// CHECK: %[[S:.*]] = arith.addf %[[ACC]], %[[T]] : f32
// CHECK: linalg.yield %[[S]] : f32
// CHECK: linalg.generic {indexing_maps = [#[[VIN]], #[[VOUT]]], iterator_types = ["parallel", "reduction"]} ins(%[[V]] : tensor<5xi64>)
// CHECK: %[[VI:.*]] = linalg.index 0 : index
// CHECK: %[[VJ:.*]] = linalg.index 1 : index
// CHECK: arith.cmpi ugt, %[[VJ]], %[[VI]] : index
// CHECK: arith.addi
// CHECK: linalg.generic {indexing_maps = [#[[IN0]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK: %[[I0:.*]] = linalg.index 0 : index
// CHECK: %[[J0:.*]] = linalg.index 2 : index
// CHECK: arith.cmpi ult, %[[J0]], %[[I0]] : index
// CHECK: linalg.generic {indexing_maps = [#[[IN0]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK: arith.cmpi uge, %{{.*}}, %{{.*}} : index
func.func @cumsum(%x: tensor<2x3xf32>, %v: tensor<5xi64>) -> (tensor<2x3xf32>, tensor<5xi64>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = nn.cumsum %x {axis = 1 : i64, exclusive = false, reverse = false} : tensor<2x3xf32>
  %1 = nn.cumsum %v {axis = 0 : i64, exclusive = true, reverse = true} : tensor<5xi64>
  %2 = nn.cumsum %x {axis = 0 : i64, exclusive = true, reverse = false} : tensor<2x3xf32>
  %3 = nn.cumsum %x {axis = 0 : i64, exclusive = false, reverse = true} : tensor<2x3xf32>
  return %0, %1, %2, %3 : tensor<2x3xf32>, tensor<5xi64>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// top_k: the ranks (elements before each one, along the axis: better, or
// equal with a lower index) as a reduction of the input against itself,
// then each output position takes the element of its rank. NaN ranks above
// every number (ugt and ord), two NaNs are equal (uno, uno).
// CHECK-LABEL: func.func @top_k
// CHECK-SAME: (%[[X:[a-z0-9]*]]: tensor<2x5xf32>,
// CHECK: %[[RANKS:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]], %[[X]] : tensor<2x5xf32>, tensor<2x5xf32>) outs(%{{.*}} : tensor<2x5xi64>)
// CHECK: ^bb0(%[[XI:.*]]: f32, %[[XJ:.*]]: f32, %[[N:.*]]: i64):
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: %[[J:.*]] = linalg.index 2 : index
// CHECK: arith.cmpf ugt, %[[XJ]], %[[XI]] : f32
// CHECK: arith.cmpf ord, %[[XI]], %[[XI]] : f32
// CHECK: arith.cmpf oeq, %[[XJ]], %[[XI]] : f32
// CHECK: arith.cmpf uno, %[[XJ]], %[[XJ]] : f32
// CHECK: arith.cmpf uno, %[[XI]], %[[XI]] : f32
// CHECK: arith.cmpi ult, %[[J]], %[[I]] : index
// CHECK: arith.extui %{{.*}} : i1 to i64
// CHECK: arith.addi %[[N]], %{{.*}} : i64
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]], %[[RANKS]] : tensor<2x5xf32>, tensor<2x5xi64>) outs(%{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<2x3xi64>)
// CHECK: arith.cmpi eq
// CHECK: arith.select
// CHECK: arith.select
// The smallest: ult and ord on the candidate (NaN last); integers compare
// as their signedness says.
// CHECK: arith.cmpf ult
// CHECK: arith.cmpi ult, %{{.*}}, %{{.*}} : i8
func.func @top_k(%x: tensor<2x5xf32>, %u: tensor<6xui8>) -> (tensor<2x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>, tensor<2x3xi64>, tensor<2xui8>, tensor<2xi64>) {
  %0:2 = nn.top_k %x {axis = 1 : i64, k = 3 : i64, largest = true} : tensor<2x5xf32> -> tensor<2x3xf32>, tensor<2x3xi64>
  %1:2 = nn.top_k %x {axis = 1 : i64, k = 3 : i64, largest = false} : tensor<2x5xf32> -> tensor<2x3xf32>, tensor<2x3xi64>
  %2:2 = nn.top_k %u {axis = 0 : i64, k = 2 : i64, largest = false} : tensor<6xui8> -> tensor<2xui8>, tensor<2xi64>
  return %0#0, %0#1, %1#0, %1#1, %2#0, %2#1 : tensor<2x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>, tensor<2x3xi64>, tensor<2xui8>, tensor<2xi64>
}
