// qat-build-train-step on a one-layer W4A4 classifier: @train_step's named
// arguments and their roles (TR freezes the weight scale; LR learns it),
// the results (loss, correct, lr, updated parameters and state, the TR
// rate/target/running/TALR), LSQ's gradient scales 1 / sqrt(N qmax) (the
// weight's 18 elements; one sample's 6 activations), the SGD momentum
// updates, the transition count of the weight between its old and new
// values, Adam's state under schedule=lr, and the error for an unknown
// frozen parameter. The numbers are checked end to end elsewhere
// (test/e2e/train-agreement.test against PyTorch).
// RUN: qat-opt %s --qat-build-train-step="schedule=tr optimizer=sgd lr=0.05 total-steps=100" | FileCheck %s --check-prefix=TR
// RUN: qat-opt %s --qat-build-train-step="schedule=lr optimizer=adam" | FileCheck %s --check-prefix=LR
// RUN: not qat-opt %s --qat-build-train-step="frozen=nope" 2>&1 | FileCheck %s --check-prefix=FROZEN

// TR-LABEL: func.func @eval_step(
// TR: nn.nll_loss {{.*}}ignore_index = -1
// TR-LABEL: func.func @train_step(
// TR-SAME: qat.name = "fc.input_scale", qat.role = "param"
// TR-SAME: qat.name = "fc.weight", qat.role = "param"
// TR-SAME: qat.name = "fc.bias", qat.role = "param"
// TR-SAME: qat.name = "fc.weight_scale", qat.role = "frozen"
// TR-SAME: qat.name = "input", qat.role = "input"
// TR-SAME: qat.name = "step", qat.role = "state"
// TR-SAME: qat.name = "labels", qat.role = "labels"
// TR-SAME: qat.name = "fc.input_scale.momentum", qat.role = "state"
// TR-SAME: qat.name = "tr.fc.weight.running", qat.role = "state"
// TR-SAME: qat.name = "tr.fc.weight.talr", qat.role = "state"
// TR-SAME: -> (tensor<f32> {qat.name = "loss"}, tensor<i64> {qat.name = "correct"}, tensor<f32> {qat.name = "lr"}
// TR-SAME: tensor<3x6xf32> {qat.name = "fc.weight"}, tensor<f32> {qat.name = "tr.fc.weight.rate"}, tensor<f32> {qat.name = "tr.fc.weight.target"}, tensor<f32> {qat.name = "tr.fc.weight.running"}, tensor<f32> {qat.name = "tr.fc.weight.talr"}
// TR-SAME: tensor<i64> {qat.name = "step"})
// TR: qat.fake_quant %arg4, %arg0, %{{.*}} {bits = 4 : i64, qat.lsq_elements = 6 : i64}
// TR: qat.fake_quant_grad %arg1, %arg3, {{.*}} {axis = 0 : i64, bits = 4 : i64, grad_scale = 0.08908708{{[0-9]*}} : f64}
// TR: qat.fake_quant_grad %arg4, %arg0, {{.*}} {bits = 4 : i64, grad_scale = 0.15430334{{[0-9]*}} : f64}
// TR: %[[W:.*]], %{{.*}} = qat.momentum_update %{{.*}}, %{{.*}}, %arg1, %{{.*}}, %{{.*}} {alpha = 0.899999976 : f32
// TR: qat.transition_rate %arg1, %[[W]], %arg3, %{{.*}} {axis = 0 : i64, bits = 4 : i64}

// LR-LABEL: func.func @train_step(
// LR-SAME: qat.name = "fc.weight_scale", qat.role = "param"
// LR-SAME: qat.name = "fc.weight_scale.adam_m", qat.role = "state"
// LR-NOT: qat.transition_rate
// LR-COUNT-4: qat.adam_update

// FROZEN: error: frozen parameter 'nope' is not a parameter of the model
func.func @main_graph(%x: tensor<4x6xf32> {qat.name = "input"}) -> (tensor<4x3xf32> {qat.name = "logits"}) {
  %sx = qat.parameter "fc.input_scale" = dense<0.05> : tensor<f32>
  %z = arith.constant dense<0> : tensor<i32>
  %xq = qat.fake_quant %x, %sx, %z {bits = 4 : i64} : tensor<4x6xf32>, tensor<f32>, tensor<i32>
  %w = arith.constant dense<[[0.1, -0.2, 0.3, 0.4, -0.5, 0.6], [0.2, 0.1, -0.1, 0.3, 0.2, -0.4], [-0.3, 0.2, 0.5, -0.1, 0.1, 0.2]]> : tensor<3x6xf32> loc("fc.weight")
  %sw = qat.parameter "fc.weight_scale" = dense<[0.1, 0.1, 0.1]> : tensor<3xf32>
  %zw = arith.constant dense<0> : tensor<3xi32>
  %wq = qat.fake_quant %w, %sw, %zw {bits = 4 : i64, axis = 0 : i64} : tensor<3x6xf32>, tensor<3xf32>, tensor<3xi32>
  %b = arith.constant dense<[0.0, 0.1, -0.1]> : tensor<3xf32> loc("fc.bias")
  %y = nn.gemm %xq, %wq, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<4x6xf32>, tensor<3x6xf32>, tensor<3xf32>) -> tensor<4x3xf32> loc("fc")
  return %y : tensor<4x3xf32>
}
