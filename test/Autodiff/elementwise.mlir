// Every elementwise gradient rule: the IR it builds (qat-differentiate adds
// @f_grad to each @f, loss = sum(y * y) in float64) and a finite-difference
// check of the compiled gradient (test/lib/gradcheck.py: directional
// derivatives along random directions, relative error 1e-6).
// RUN: qat-opt %s --qat-differentiate | FileCheck %s
// RUN: qat-opt %s --qat-differentiate -o %t.mlir
// RUN: qat-compile %t.mlir -o %t.so
// The cast goes through float32: its finite differences are only that exact.
// RUN: %python %test_lib/gradcheck.py %t.so --tol-for cast=1e-2 | FileCheck %s --check-prefix=FD

func.func @add(%a: tensor<2x3xf64> {qat.name = "a"}, %b: tensor<3xf64> {qat.name = "b"}) -> tensor<f64> {
  %y = nn.add %a, %b : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @sub(%a: tensor<2x3xf64> {qat.name = "a"}, %b: tensor<2x1xf64> {qat.name = "b"}) -> tensor<f64> {
  %y = nn.sub %a, %b : (tensor<2x3xf64>, tensor<2x1xf64>) -> tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @mul(%a: tensor<3xf64> {qat.name = "a"}, %b: tensor<2x3xf64> {qat.name = "b"}) -> tensor<f64> {
  %y = nn.mul %a, %b : (tensor<3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @div(%a: tensor<2x3xf64> {qat.name = "a"}, %b: tensor<2x3xf64> {qat.name = "b"}) -> tensor<f64> {
  %bb = nn.mul %b, %b : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %one = arith.constant dense<1.0> : tensor<f64>
  %d = nn.add %bb, %one : (tensor<2x3xf64>, tensor<f64>) -> tensor<2x3xf64>
  %y = nn.div %a, %d : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @pow(%x: tensor<2x3xf64> {qat.name = "x"}, %p: tensor<3xf64> {qat.name = "p"}) -> tensor<f64> {
  %xx = nn.mul %x, %x : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %one = arith.constant dense<1.0> : tensor<f64>
  %b = nn.add %xx, %one : (tensor<2x3xf64>, tensor<f64>) -> tensor<2x3xf64>
  %y = nn.pow %b, %p : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @prelu(%x: tensor<2x3x4xf64> {qat.name = "x"}, %s: tensor<3x1xf64> {qat.name = "s"}) -> tensor<f64> {
  %y = nn.prelu %x, %s : (tensor<2x3x4xf64>, tensor<3x1xf64>) -> tensor<2x3x4xf64>
  %sq = nn.mul %y, %y : (tensor<2x3x4xf64>, tensor<2x3x4xf64>) -> tensor<2x3x4xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1, 2>, keepdims = false} : tensor<2x3x4xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @where(%c: tensor<2x3xf64> {qat.name = "c"}, %a: tensor<2x3xf64> {qat.name = "a"}, %b: tensor<3xf64> {qat.name = "b"}) -> tensor<f64> {
  %zero = arith.constant dense<0.0> : tensor<f64>
  %m = nn.greater %c, %zero : (tensor<2x3xf64>, tensor<f64>) -> tensor<2x3xi1>
  %y = nn.where %m, %a, %b : (tensor<2x3xi1>, tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @neg(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.neg %x : tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @abs(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.abs %x : tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @exp(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.exp %x : tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @erf(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.erf %x : tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @tanh(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.tanh %x : tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @sigmoid(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.sigmoid %x : tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @relu(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.relu %x : tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @cos(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.cos %x : tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @sin(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.sin %x : tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @leaky_relu(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.leaky_relu %x alpha = 1.000000e-01 : tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @hard_sigmoid(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.hard_sigmoid %x alpha = 2.000000e-01, beta = 5.000000e-01 : tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @gelu(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.gelu %x approximate = "none" : tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @softmax(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.softmax %x axis = 1 : tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @log_softmax(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.log_softmax %x axis = 0 : tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @gelu_tanh(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %y = nn.gelu %x approximate = "tanh" : tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @hard_swish(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %four = arith.constant dense<4.0> : tensor<f64>
  %u = nn.mul %x, %four : (tensor<2x3xf64>, tensor<f64>) -> tensor<2x3xf64>
  %y = nn.hard_swish %u : tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @sqrt(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %xx = nn.mul %x, %x : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %one = arith.constant dense<1.0> : tensor<f64>
  %u = nn.add %xx, %one : (tensor<2x3xf64>, tensor<f64>) -> tensor<2x3xf64>
  %y = nn.sqrt %u : tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @log(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %xx = nn.mul %x, %x : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %one = arith.constant dense<1.0> : tensor<f64>
  %u = nn.add %xx, %one : (tensor<2x3xf64>, tensor<f64>) -> tensor<2x3xf64>
  %y = nn.log %u : tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @clip(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %lo = arith.constant dense<-0.5> : tensor<f64>
  %hi = arith.constant dense<0.7> : tensor<f64>
  %y = nn.clip %x, %lo, %hi : (tensor<2x3xf64>, tensor<f64>, tensor<f64>) -> tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

func.func @cast(%x: tensor<2x3xf64> {qat.name = "x"}) -> tensor<f64> {
  %h = nn.cast %x : tensor<2x3xf64> to tensor<2x3xf32>
  %y = nn.cast %h : tensor<2x3xf32> to tensor<2x3xf64>
  %sq = nn.mul %y, %y : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %l = nn.reduce_sum %sq {axes = array<i64: 0, 1>, keepdims = false} : tensor<2x3xf64> -> tensor<f64>
  return %l : tensor<f64>
}

// CHECK-LABEL: func.func @add_grad
// CHECK: nn.reduce_sum {{.*}}keepdims = true
// CHECK-LABEL: func.func @sub_grad
// CHECK: nn.neg
// CHECK-LABEL: func.func @mul_grad
// CHECK: nn.mul
// CHECK-LABEL: func.func @div_grad
// CHECK: nn.div
// CHECK-LABEL: func.func @pow_grad
// CHECK: nn.log
// CHECK-LABEL: func.func @prelu_grad
// CHECK: nn.where
// CHECK-LABEL: func.func @where_grad
// CHECK: nn.where
// CHECK-LABEL: func.func @neg_grad
// CHECK-LABEL: func.func @abs_grad
// CHECK-LABEL: func.func @exp_grad
// CHECK-LABEL: func.func @erf_grad
// CHECK-LABEL: func.func @tanh_grad
// CHECK-LABEL: func.func @sigmoid_grad
// CHECK-LABEL: func.func @relu_grad
// CHECK-LABEL: func.func @cos_grad
// CHECK-LABEL: func.func @sin_grad
// CHECK-LABEL: func.func @leaky_relu_grad
// CHECK-LABEL: func.func @hard_sigmoid_grad
// CHECK-LABEL: func.func @gelu_grad
// CHECK-LABEL: func.func @softmax_grad
// CHECK-LABEL: func.func @log_softmax_grad
// CHECK-LABEL: func.func @gelu_tanh_grad
// CHECK: nn.tanh
// CHECK-LABEL: func.func @hard_swish_grad
// CHECK: nn.less
// CHECK-LABEL: func.func @sqrt_grad
// CHECK: nn.div
// CHECK-LABEL: func.func @log_grad
// CHECK: nn.div
// CHECK-LABEL: func.func @clip_grad
// CHECK: nn.where
// CHECK-LABEL: func.func @cast_grad
// CHECK: nn.cast

// FD-DAG: add a: {{.*}}: ok
// FD-DAG: add b: {{.*}}: ok
// FD-DAG: sub a: {{.*}}: ok
// FD-DAG: sub b: {{.*}}: ok
// FD-DAG: mul a: {{.*}}: ok
// FD-DAG: mul b: {{.*}}: ok
// FD-DAG: div a: {{.*}}: ok
// FD-DAG: div b: {{.*}}: ok
// FD-DAG: pow x: {{.*}}: ok
// FD-DAG: pow p: {{.*}}: ok
// FD-DAG: prelu x: {{.*}}: ok
// FD-DAG: prelu s: {{.*}}: ok
// FD-DAG: where c: {{.*}}: ok
// FD-DAG: where a: {{.*}}: ok
// FD-DAG: where b: {{.*}}: ok
// FD-DAG: neg x: {{.*}}: ok
// FD-DAG: abs x: {{.*}}: ok
// FD-DAG: exp x: {{.*}}: ok
// FD-DAG: erf x: {{.*}}: ok
// FD-DAG: tanh x: {{.*}}: ok
// FD-DAG: sigmoid x: {{.*}}: ok
// FD-DAG: relu x: {{.*}}: ok
// FD-DAG: cos x: {{.*}}: ok
// FD-DAG: sin x: {{.*}}: ok
// FD-DAG: leaky_relu x: {{.*}}: ok
// FD-DAG: hard_sigmoid x: {{.*}}: ok
// FD-DAG: gelu x: {{.*}}: ok
// FD-DAG: softmax x: {{.*}}: ok
// FD-DAG: log_softmax x: {{.*}}: ok
// FD-DAG: gelu_tanh x: {{.*}}: ok
// FD-DAG: hard_swish x: {{.*}}: ok
// FD-DAG: sqrt x: {{.*}}: ok
// FD-DAG: log x: {{.*}}: ok
// FD-DAG: clip x: {{.*}}: ok
// FD-DAG: cast x: {{.*}}: ok
// FD-NOT: FAIL
