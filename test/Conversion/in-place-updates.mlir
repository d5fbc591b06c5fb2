// qat-update-inputs-in-place and qat-forward-output-buffers: a result named
// like an argument (a parameter's new value) is computed in the argument's
// buffer, other arguments are read-only, and every other result is computed
// in its out-param instead of a temporary copied there.
// RUN: qat-opt %s --qat-update-inputs-in-place | FileCheck %s --check-prefix=TENSOR
// RUN: qat-opt %s --pass-pipeline="builtin.module(qat-update-inputs-in-place,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},canonicalize,buffer-results-to-out-params{modify-public-functions},qat-forward-output-buffers)" | FileCheck %s --check-prefix=BUF

#id = affine_map<(d0) -> (d0)>

// TENSOR-LABEL: func.func @sgd(
// TENSOR-SAME: %[[P:.*]]: tensor<16xf32> {bufferization.writable = true, qat.name = "w"}
// TENSOR-SAME: %[[G:.*]]: tensor<16xf32> {bufferization.writable = false, qat.name = "g"}
// TENSOR-SAME: attributes {qat.updated_inputs = array<i64: 0, -1>}
// TENSOR: %[[NEW:.*]] = linalg.generic {{.*}} ins(%[[P]], %[[G]] : {{.*}}) outs(%[[P]] : tensor<16xf32>)
// TENSOR: %[[R:.*]] = bufferization.materialize_in_destination %[[NEW]] in %[[P]]
// TENSOR: return %[[R]], %{{.*}}

// The update writes into w's buffer, the norm straight into its out-param:
// no allocation, no copy.
// BUF-LABEL: func.func @sgd(
// BUF-SAME: %[[P:[a-z0-9]+]]: memref<16xf32> {{.*}}, %[[G:[a-z0-9]+]]: memref<16xf32> {{.*}}, %[[OUTP:[a-z0-9]+]]: memref<16xf32> {{.*}}, %[[OUTN:[a-z0-9]+]]: memref<f32>
// BUF-NOT: memref.alloc
// BUF-NOT: memref.copy
// BUF: linalg.generic {{.*}} ins(%[[G]] : memref<16xf32>) outs(%[[OUTN]] : memref<f32>)
// BUF: linalg.generic {{.*}} ins(%[[P]], %[[G]] : {{.*}}) outs(%[[P]] : memref<16xf32>)
// BUF-NOT: memref.copy
// BUF: return
func.func @sgd(%w: tensor<16xf32> {qat.name = "w"}, %g: tensor<16xf32> {qat.name = "g"})
    -> (tensor<16xf32> {qat.name = "w"}, tensor<f32> {qat.name = "norm"}) {
  %z = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<f32>
  %acc = linalg.fill ins(%z : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
  %norm = linalg.generic {indexing_maps = [#id, affine_map<(d0) -> ()>], iterator_types = ["reduction"]}
      ins(%g : tensor<16xf32>) outs(%acc : tensor<f32>) {
  ^bb0(%a: f32, %s: f32):
    %sq = arith.mulf %a, %a : f32
    %t = arith.addf %sq, %s : f32
    linalg.yield %t : f32
  } -> tensor<f32>
  %e = tensor.empty() : tensor<16xf32>
  %new = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%w, %g : tensor<16xf32>, tensor<16xf32>) outs(%e : tensor<16xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.subf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<16xf32>
  return %new, %norm : tensor<16xf32>, tensor<f32>
}

// The old value is read after the update (as the transition count reads
// the old and new weights): bufferization computes the update elsewhere and
// copies it into w's buffer once; the tied out-param is never written.
// BUF-LABEL: func.func @read_after_update(
// BUF-SAME: %[[W:[a-z0-9]+]]: memref<16xf32>
// BUF-SAME: %[[OUTW:[a-z0-9]+]]: memref<16xf32> {{.*}}, %[[OUTO:[a-z0-9]+]]: memref<f32>
// BUF: %[[TMP:.*]] = memref.alloc
// BUF: linalg.generic {{.*}} outs(%[[TMP]] : memref<16xf32>)
// BUF: memref.load %[[W]]
// BUF: memref.copy %[[TMP]], %[[W]]
// BUF-NOT: %[[OUTW]]
// BUF: return
func.func @read_after_update(%w: tensor<16xf32> {qat.name = "w"})
    -> (tensor<16xf32> {qat.name = "w"}, tensor<f32> {qat.name = "old0"}) {
  %e = tensor.empty() : tensor<16xf32>
  %new = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%w : tensor<16xf32>) outs(%e : tensor<16xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = arith.mulf %a, %a : f32
    linalg.yield %s : f32
  } -> tensor<16xf32>
  %c0 = arith.constant 0 : index
  %old = tensor.extract %w[%c0] : tensor<16xf32>
  %t = tensor.from_elements %old : tensor<f32>
  return %new, %t : tensor<16xf32>, tensor<f32>
}
