// A float64 classifier: its gradients cannot be summed over replicas (the
// runtime's sum is float32). Used by build-train-step-replicas.mlir.
func.func @main_graph(%x: tensor<2x4xf64> {qat.name = "input"}) -> (tensor<2x3xf64> {qat.name = "logits"}) {
  %w = arith.constant dense<0.1> : tensor<3x4xf64> loc("fc.weight")
  %b = arith.constant dense<0.0> : tensor<3xf64> loc("fc.bias")
  %y = nn.gemm %x, %w, %b {alpha = 1.0 : f32, beta = 1.0 : f32, trans_a = false, trans_b = true} : (tensor<2x4xf64>, tensor<3x4xf64>, tensor<3xf64>) -> tensor<2x3xf64> loc("fc")
  return %y : tensor<2x3xf64>
}
