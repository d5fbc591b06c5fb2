func.func @twice(%x: tensor<4xf32> {qat.name = "x"}) -> tensor<4xf32> {
  %y = nn.add %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
func.func @main_graph(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func @sum_and_max(%x: tensor<4xf32>) -> (tensor<f32>, tensor<f32>) {
  %s = nn.reduce_sum %x {axes = array<i64: 0>, keepdims = false} : tensor<4xf32> -> tensor<f32>
  %m = nn.reduce_max %x {axes = array<i64: 0>, keepdims = false} : tensor<4xf32> -> tensor<f32>
  return %s, %m : tensor<f32>, tensor<f32>
}
