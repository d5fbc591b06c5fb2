// qat-build-train-step replicas=2: a data-parallel @train_step for two
// processes, each on half of the global batch. BatchNorm takes both shards'
// statistics (replicas on nn.batch_norm_train and its gradient), one
// nn.all_reduce averages every parameter gradient before the optimizer,
// the running variance is unbiased with the global count (32 values per
// channel here, 64 over both: m n / (n - 1) = 0.1 * 64 / 63), the function
// says how many replicas it needs, and @eval_step has no collective. L1
// normalization (qat-use-l1-norm) on batch statistics gets `replicas` the
// same way. Then the errors: replicas < 1, float64 parameters.
// RUN: qat-opt %s --qat-build-train-step="replicas=2 lr=0.1" | FileCheck %s
// RUN: qat-opt %s --qat-build-train-step="lr=0.1" | FileCheck %s --check-prefix=ONE
// RUN: not qat-opt %s --qat-build-train-step="replicas=0" 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: not qat-opt %S/Inputs/replicas-f64.mlir --qat-build-train-step="replicas=2" 2>&1 | FileCheck %s --check-prefix=F64
// RUN: qat-opt %s --pass-pipeline="builtin.module(qat-use-l1-norm,qat-build-train-step{replicas=2})" | FileCheck %s --check-prefix=L1

// CHECK-LABEL: func.func @eval_step
// CHECK-NOT: all_reduce
// CHECK-NOT: replicas
// CHECK-LABEL: func.func @train_step
// CHECK-SAME: attributes {qat.replicas = 2 : i64}
// CHECK: %{{.*}}, %[[MEAN:.*]], %[[VAR:.*]] = nn.batch_norm_train {{.*}}replicas = 2 : i64}
// CHECK: %[[DX:.*]], %[[DS:.*]], %[[DB:.*]] = nn.batch_norm_grad %{{.*}}, %{{.*}}, %[[MEAN]], %[[VAR]], %{{.*}} {{.*}}replicas = 2 : i64}
// CHECK: %[[G:.*]]:5 = nn.all_reduce %{{.*}}, %[[DS]], %[[DB]], %{{.*}}, %{{.*}} {mean, replicas = 2 : i64} : tensor<2x1x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<3x32xf32>, tensor<3xf32>
// CHECK-NOT: nn.all_reduce
// CHECK: %[[UNBIAS:.*]] = arith.constant dense<0.101587303> : tensor<f32>
// CHECK: nn.mul %[[VAR]], %[[UNBIAS]]

// One process: no collective, the local count (0.1 * 32 / 31).
// ONE-NOT: all_reduce
// ONE-NOT: replicas
// ONE: arith.constant dense<0.103225805> : tensor<f32>

// ZERO: error: qat-build-train-step: replicas must be in 1..1048576 (got 0)
// F64: error: qat-build-train-step: replicas > 1 needs float32 parameters ('fc.weight' is 'f64')
// L1-LABEL: func.func @eval_step
// L1: qat.l1_norm %{{.*}} running(%{{.*}}) {epsilon = 9.99999974E-6 : f32, mode = "batch"}
// L1-LABEL: func.func @train_step
// L1: qat.l1_norm %{{.*}} {epsilon = 9.99999974E-6 : f32, mode = "batch", replicas = 2 : i64}
// L1: nn.all_reduce {{.*}} {mean, replicas = 2 : i64} : tensor<2x1x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<3x32xf32>, tensor<3xf32>

func.func @main_graph(%x: tensor<2x1x4x4xf32> {qat.name = "input"}) -> (tensor<2x3xf32> {qat.name = "logits"}) {
  %w = arith.constant dense<0.1> : tensor<2x1x3x3xf32> loc("conv.weight")
  %c = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<2x1x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<2x2x4x4xf32> loc("conv")
  %s = arith.constant dense<[1.0, 0.5]> : tensor<2xf32> loc("bn.weight")
  %b = arith.constant dense<[0.0, 0.1]> : tensor<2xf32> loc("bn.bias")
  %m = arith.constant dense<0.0> : tensor<2xf32> loc("bn.running_mean")
  %v = arith.constant dense<1.0> : tensor<2xf32> loc("bn.running_var")
  %n = nn.batch_norm %c, %s, %b, %m, %v {epsilon = 1.0e-5 : f32} : (tensor<2x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2x4x4xf32> loc("bn")
  %r = nn.relu %n : tensor<2x2x4x4xf32>
  %f = nn.reshape %r : tensor<2x2x4x4xf32> -> tensor<2x32xf32>
  %fw = arith.constant dense<0.01> : tensor<3x32xf32> loc("fc.weight")
  %fb = arith.constant dense<0.0> : tensor<3xf32> loc("fc.bias")
  %y = nn.gemm %f, %fw, %fb {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<2x32xf32>, tensor<3x32xf32>, tensor<3xf32>) -> tensor<2x3xf32> loc("fc")
  return %y : tensor<2x3xf32>
}
