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

// A reshape that is neither a collapse nor an expand, in runs of dimensions
// with equal products: each run collapses to one dimension and expands
// again, so the dimensions around the changed runs keep their strides (a
// slice of a wider row, ViT's query/key/value split, is not copied).
// CHECK-LABEL: func.func @reshape_runs
// CHECK: %[[C:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2]] : tensor<4x1x6xf32> into tensor<4x6xf32>
// CHECK: tensor.expand_shape %[[C]] {{\[}}[0], [1, 2]] output_shape [4, 2, 3] : tensor<4x6xf32> into tensor<4x2x3xf32>
func.func @reshape_runs(%x: tensor<4x1x6xf32>) -> tensor<4x2x3xf32> {
  %0 = nn.reshape %x : tensor<4x1x6xf32> -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// Trailing unit dimensions join the last run.
// CHECK-LABEL: func.func @reshape_runs_trailing_ones
// CHECK: %[[C:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2, 3]] : tensor<2x3x4x1xf32> into tensor<6x4xf32>
// CHECK: tensor.expand_shape %[[C]] {{\[}}[0], [1, 2]] output_shape [6, 2, 2] : tensor<6x4xf32> into tensor<6x2x2xf32>
func.func @reshape_runs_trailing_ones(%x: tensor<2x3x4x1xf32>) -> tensor<6x2x2xf32> {
  %0 = nn.reshape %x : tensor<2x3x4x1xf32> -> tensor<6x2x2xf32>
  return %0 : tensor<6x2x2xf32>
}

// -----

// One run (no dimension lines up) goes through 1-D.
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

// -----

// GatherND: a generic over the result (no inputs) that reads each index
// tuple from the indices with tensor.extract, wraps a negative index and
// clamps it into the addressed dim (maxsi 0, minsi dim - 1); the batch dims
// and the trailing dims come from the loop indices. batch_dims 1, tuples of
// length 1 address dim 1 (3 rows: clamped to 2).
// CHECK-LABEL: func.func @gather_nd
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>, %[[I:.*]]: tensor<2x5x1xi64>)
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel", "parallel"]
// CHECK-NOT: ins(
// CHECK-SAME: outs(%{{.*}} : tensor<2x5x4xf32>)
// CHECK-DAG: %[[B:.*]] = linalg.index 0 : index
// CHECK-DAG: %[[J:.*]] = linalg.index 1 : index
// CHECK-DAG: %[[K:.*]] = linalg.index 2 : index
// CHECK: %[[RAW:.*]] = tensor.extract %[[I]][%[[B]], %[[J]], %{{.*}}] : tensor<2x5x1xi64>
// CHECK: %[[IDX:.*]] = arith.index_cast %[[RAW]] : i64 to index
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[IDX]], %{{.*}} : index
// CHECK-DAG: %[[DIM:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[UP:.*]] = arith.addi %[[IDX]], %[[DIM]] : index
// CHECK: %[[W:.*]] = arith.select %[[NEG]], %[[UP]], %[[IDX]] : index
// CHECK-DAG: %[[LAST:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[LO:.*]] = arith.maxsi %[[W]], %{{.*}} : index
// CHECK: %[[AT:.*]] = arith.minsi %[[LO]], %[[LAST]] : index
// CHECK: %[[V:.*]] = tensor.extract %[[X]][%[[B]], %[[AT]], %[[K]]] : tensor<2x3x4xf32>
// CHECK: linalg.yield %[[V]] : f32
func.func @gather_nd(%x: tensor<2x3x4xf32>, %i: tensor<2x5x1xi64>) -> tensor<2x5x4xf32> {
  %0 = nn.gather_nd %x, %i {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x5x1xi64>) -> tensor<2x5x4xf32>
  return %0 : tensor<2x5x4xf32>
}

// -----

// One tuple addressing both dims: a rank-0 generic; unsigned indices are
// zero-extended (index_castui); each entry is clamped into its own dim.
// CHECK-LABEL: func.func @gather_nd_unsigned_scalar
// CHECK-SAME: (%[[X:.*]]: tensor<3x4xf32>, %[[I:.*]]: tensor<2xi8>)
// CHECK: linalg.generic {{.*}}iterator_types = []{{.*}} outs(%{{.*}} : tensor<f32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[R0:.*]] = tensor.extract %[[I]][%[[C0]]] : tensor<2xi8>
// CHECK: %[[I0:.*]] = arith.index_castui %[[R0]] : i8 to index
// CHECK: %[[L0:.*]] = arith.maxsi %{{.*}}, %{{.*}} : index
// CHECK: %[[A0:.*]] = arith.minsi %[[L0]], %{{.*}} : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[R1:.*]] = tensor.extract %[[I]][%[[C1]]] : tensor<2xi8>
// CHECK: %[[I1:.*]] = arith.index_castui %[[R1]] : i8 to index
// CHECK-DAG: %[[LAST1:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[L1:.*]] = arith.maxsi %{{.*}}, %{{.*}} : index
// CHECK: %[[A1:.*]] = arith.minsi %[[L1]], %[[LAST1]] : index
// CHECK: %[[V:.*]] = tensor.extract %[[X]][%[[A0]], %[[A1]]] : tensor<3x4xf32>
// CHECK: linalg.yield %[[V]] : f32
func.func @gather_nd_unsigned_scalar(%x: tensor<3x4xf32>, %i: tensor<2xui8>) -> tensor<f32> {
  %0 = nn.gather_nd %x, %i {batch_dims = 0 : i64} : (tensor<3x4xf32>, tensor<2xui8>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// ScatterElements: a loop nest over the updates carrying the result (first
// the input); each step reads the index at the same position, clamps it
// into the axis and inserts the update there (reduction none: the old value
// is not read).
// CHECK-LABEL: func.func @scatter_elements
// CHECK-SAME: (%[[X:.*]]: tensor<3x4xf32>, %[[I:.*]]: tensor<2x4xi64>, %[[U:.*]]: tensor<2x4xf32>)
// CHECK-NOT: linalg.generic
// CHECK-DAG: %[[N0:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[N1:.*]] = arith.constant 4 : index
// CHECK: %[[R:.*]] = scf.for %[[A:.*]] = %{{.*}} to %[[N0]] step %{{.*}} iter_args(%[[T0:.*]] = %[[X]]) -> (tensor<3x4xf32>)
// CHECK: %[[R1:.*]] = scf.for %[[B:.*]] = %{{.*}} to %[[N1]] step %{{.*}} iter_args(%[[T1:.*]] = %[[T0]]) -> (tensor<3x4xf32>)
// CHECK: %[[RAW:.*]] = tensor.extract %[[I]][%[[A]], %[[B]]] : tensor<2x4xi64>
// CHECK: arith.index_cast %[[RAW]] : i64 to index
// CHECK: arith.maxsi
// CHECK: %[[AT:.*]] = arith.minsi %{{.*}}, %{{.*}} : index
// CHECK: %[[V:.*]] = tensor.extract %[[U]][%[[A]], %[[B]]] : tensor<2x4xf32>
// CHECK-NOT: tensor.extract %[[T1]]
// CHECK: %[[NEW:.*]] = tensor.insert %[[V]] into %[[T1]][%[[AT]], %[[B]]] : tensor<3x4xf32>
// CHECK: scf.yield %[[NEW]] : tensor<3x4xf32>
// CHECK: scf.yield %[[R1]] : tensor<3x4xf32>
// CHECK: return %[[R]] : tensor<3x4xf32>
func.func @scatter_elements(%x: tensor<3x4xf32>, %i: tensor<2x4xi64>, %u: tensor<2x4xf32>) -> tensor<3x4xf32> {
  %0 = nn.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "none"} : (tensor<3x4xf32>, tensor<2x4xi64>, tensor<2x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// reduction add along axis 1: the value at the target is read from the
// carried tensor and added to the update before the insert.
// CHECK-LABEL: func.func @scatter_elements_add
// CHECK-SAME: (%[[X:.*]]: tensor<3x4xf32>, %[[I:.*]]: tensor<3x2xi32>, %[[U:.*]]: tensor<3x2xf32>)
// CHECK: scf.for %[[A:.*]] = {{.*}} iter_args(%[[T0:.*]] = %[[X]]) -> (tensor<3x4xf32>)
// CHECK: scf.for %[[B:.*]] = {{.*}} iter_args(%[[T1:.*]] = %[[T0]]) -> (tensor<3x4xf32>)
// CHECK: %[[RAW:.*]] = tensor.extract %[[I]][%[[A]], %[[B]]] : tensor<3x2xi32>
// CHECK: arith.index_cast %[[RAW]] : i32 to index
// CHECK-DAG: %[[LAST:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[LO:.*]] = arith.maxsi %{{.*}}, %{{.*}} : index
// CHECK: %[[AT:.*]] = arith.minsi %[[LO]], %[[LAST]] : index
// CHECK-DAG: %[[V:.*]] = tensor.extract %[[U]][%[[A]], %[[B]]] : tensor<3x2xf32>
// CHECK-DAG: %[[OLD:.*]] = tensor.extract %[[T1]][%[[A]], %[[AT]]] : tensor<3x4xf32>
// CHECK: %[[SUM:.*]] = arith.addf %[[OLD]], %[[V]] : f32
// CHECK: %[[NEW:.*]] = tensor.insert %[[SUM]] into %[[T1]][%[[A]], %[[AT]]] : tensor<3x4xf32>
// CHECK: scf.yield %[[NEW]] : tensor<3x4xf32>
func.func @scatter_elements_add(%x: tensor<3x4xf32>, %i: tensor<3x2xi32>, %u: tensor<3x2xf32>) -> tensor<3x4xf32> {
  %0 = nn.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "add"} : (tensor<3x4xf32>, tensor<3x2xi32>, tensor<3x2xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// The other reductions: mul / min on floats (mulf, minimumf), max / min on
// unsigned integers (maxui, minui; the element type becomes signless).
// CHECK-LABEL: func.func @scatter_elements_reductions
// CHECK: scf.for
// CHECK: %[[V0:.*]] = tensor.extract %{{.*}} : tensor<3xf32>
// CHECK: %[[O0:.*]] = tensor.extract %{{.*}} : tensor<5xf32>
// CHECK: arith.mulf %[[O0]], %[[V0]] : f32
// CHECK: scf.for
// CHECK: %[[V1:.*]] = tensor.extract %{{.*}} : tensor<3xf32>
// CHECK: %[[O1:.*]] = tensor.extract %{{.*}} : tensor<5xf32>
// CHECK: arith.minimumf %[[O1]], %[[V1]] : f32
// CHECK: scf.for {{.*}} -> (tensor<5xi8>)
// CHECK: %[[V2:.*]] = tensor.extract %{{.*}} : tensor<3xi8>
// CHECK: %[[O2:.*]] = tensor.extract %{{.*}} : tensor<5xi8>
// CHECK: arith.maxui %[[O2]], %[[V2]] : i8
// CHECK: scf.for {{.*}} -> (tensor<5xi8>)
// CHECK: %[[V3:.*]] = tensor.extract %{{.*}} : tensor<3xi8>
// CHECK: %[[O3:.*]] = tensor.extract %{{.*}} : tensor<5xi8>
// CHECK: arith.minui %[[O3]], %[[V3]] : i8
func.func @scatter_elements_reductions(%x: tensor<5xf32>, %i: tensor<3xi64>, %u: tensor<3xf32>, %y: tensor<5xui8>, %v: tensor<3xui8>) -> (tensor<5xf32>, tensor<5xf32>, tensor<5xui8>, tensor<5xui8>) {
  %0 = nn.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "mul"} : (tensor<5xf32>, tensor<3xi64>, tensor<3xf32>) -> tensor<5xf32>
  %1 = nn.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "min"} : (tensor<5xf32>, tensor<3xi64>, tensor<3xf32>) -> tensor<5xf32>
  %2 = nn.scatter_elements %y, %i, %v {axis = 0 : i64, reduction = "max"} : (tensor<5xui8>, tensor<3xi64>, tensor<3xui8>) -> tensor<5xui8>
  %3 = nn.scatter_elements %y, %i, %v {axis = 0 : i64, reduction = "min"} : (tensor<5xui8>, tensor<3xi64>, tensor<3xui8>) -> tensor<5xui8>
  return %0, %1, %2, %3 : tensor<5xf32>, tensor<5xf32>, tensor<5xui8>, tensor<5xui8>
}

// -----

// ScatterND with reduction max: loops over the updates [2, 3]; the tuple
// (length 1) is read at [i, 0] and clamped into dim 0 (4 rows), the rest of
// the target is the trailing loop index; floats combine with maximumf.
// CHECK-LABEL: func.func @scatter_nd_max
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>, %[[I:.*]]: tensor<2x1xi64>, %[[U:.*]]: tensor<2x3xf32>)
// CHECK: %[[R:.*]] = scf.for %[[A:.*]] = {{.*}} iter_args(%[[T0:.*]] = %[[X]]) -> (tensor<4x3xf32>)
// CHECK: scf.for %[[B:.*]] = {{.*}} iter_args(%[[T1:.*]] = %[[T0]]) -> (tensor<4x3xf32>)
// CHECK: %[[RAW:.*]] = tensor.extract %[[I]][%[[A]], %{{.*}}] : tensor<2x1xi64>
// CHECK: arith.index_cast %[[RAW]] : i64 to index
// CHECK-DAG: %[[LAST:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[LO:.*]] = arith.maxsi %{{.*}}, %{{.*}} : index
// CHECK: %[[AT:.*]] = arith.minsi %[[LO]], %[[LAST]] : index
// CHECK-DAG: %[[V:.*]] = tensor.extract %[[U]][%[[A]], %[[B]]] : tensor<2x3xf32>
// CHECK-DAG: %[[OLD:.*]] = tensor.extract %[[T1]][%[[AT]], %[[B]]] : tensor<4x3xf32>
// CHECK: %[[M:.*]] = arith.maximumf %[[OLD]], %[[V]] : f32
// CHECK: %[[NEW:.*]] = tensor.insert %[[M]] into %[[T1]][%[[AT]], %[[B]]] : tensor<4x3xf32>
// CHECK: scf.yield %[[NEW]] : tensor<4x3xf32>
// CHECK: return %[[R]] : tensor<4x3xf32>
func.func @scatter_nd_max(%x: tensor<4x3xf32>, %i: tensor<2x1xi64>, %u: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %0 = nn.scatter_nd %x, %i, %u {reduction = "max"} : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tuples of length 2 with unsigned (index_castui) entries, each clamped into
// its dim; reduction min on signed integers is minsi.
// CHECK-LABEL: func.func @scatter_nd_min_tuples
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xi8>, %[[I:.*]]: tensor<2x2xi16>, %[[U:.*]]: tensor<2xi8>)
// CHECK: scf.for %[[A:.*]] = {{.*}} iter_args(%[[T:.*]] = %[[X]]) -> (tensor<4x3xi8>)
// CHECK-NOT: scf.for
// CHECK: %[[R0:.*]] = tensor.extract %[[I]][%[[A]], %{{.*}}] : tensor<2x2xi16>
// CHECK: arith.index_castui %[[R0]] : i16 to index
// CHECK: %[[A0:.*]] = arith.minsi %{{.*}}, %{{.*}} : index
// CHECK: %[[R1:.*]] = tensor.extract %[[I]][%[[A]], %{{.*}}] : tensor<2x2xi16>
// CHECK: arith.index_castui %[[R1]] : i16 to index
// CHECK: %[[A1:.*]] = arith.minsi %{{.*}}, %{{.*}} : index
// CHECK-DAG: %[[V:.*]] = tensor.extract %[[U]][%[[A]]] : tensor<2xi8>
// CHECK-DAG: %[[OLD:.*]] = tensor.extract %[[T]][%[[A0]], %[[A1]]] : tensor<4x3xi8>
// CHECK: %[[M:.*]] = arith.minsi %[[OLD]], %[[V]] : i8
// CHECK: tensor.insert %[[M]] into %[[T]][%[[A0]], %[[A1]]] : tensor<4x3xi8>
func.func @scatter_nd_min_tuples(%x: tensor<4x3xi8>, %i: tensor<2x2xui16>, %u: tensor<2xi8>) -> tensor<4x3xi8> {
  %0 = nn.scatter_nd %x, %i, %u {reduction = "min"} : (tensor<4x3xi8>, tensor<2x2xui16>, tensor<2xi8>) -> tensor<4x3xi8>
  return %0 : tensor<4x3xi8>
}

// -----

// A rank-0 update (one tuple addressing every dim): no loops, one insert
// into the input; integer mul is muli, integer add addi.
// CHECK-LABEL: func.func @scatter_nd_scalar_update
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xi32>, %[[I:.*]]: tensor<2xi64>, %[[U:.*]]: tensor<i32>, %[[J:.*]]: tensor<3x1xi64>, %[[W:.*]]: tensor<3x3xi32>)
// CHECK-NOT: scf.for
// CHECK: %[[A0:.*]] = arith.minsi %{{.*}}, %{{.*}} : index
// CHECK: %[[A1:.*]] = arith.minsi %{{.*}}, %{{.*}} : index
// CHECK-DAG: %[[V:.*]] = tensor.extract %[[U]][] : tensor<i32>
// CHECK-DAG: %[[OLD:.*]] = tensor.extract %[[X]][%[[A0]], %[[A1]]] : tensor<4x3xi32>
// CHECK: %[[P:.*]] = arith.muli %[[OLD]], %[[V]] : i32
// CHECK: %[[NEW:.*]] = tensor.insert %[[P]] into %[[X]][%[[A0]], %[[A1]]] : tensor<4x3xi32>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[NEW]]) -> (tensor<4x3xi32>)
// CHECK: arith.addi %{{.*}}, %{{.*}} : i32
func.func @scatter_nd_scalar_update(%x: tensor<4x3xi32>, %i: tensor<2xi64>, %u: tensor<i32>, %j: tensor<3x1xi64>, %w: tensor<3x3xi32>) -> tensor<4x3xi32> {
  %0 = nn.scatter_nd %x, %i, %u {reduction = "mul"} : (tensor<4x3xi32>, tensor<2xi64>, tensor<i32>) -> tensor<4x3xi32>
  %1 = nn.scatter_nd %0, %j, %w {reduction = "add"} : (tensor<4x3xi32>, tensor<3x1xi64>, tensor<3x3xi32>) -> tensor<4x3xi32>
  return %1 : tensor<4x3xi32>
}
