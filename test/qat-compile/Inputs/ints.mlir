// Integer model of test/qat-compile/emit-exe.test: x + x (int64), y * y (int8).
func.func @main_graph(%x: tensor<2x3xi64> {qat.name = "x"}, %y: tensor<3xi8> {qat.name = "y"}) -> (tensor<2x3xi64> {qat.name = "twice"}, tensor<3xi8> {qat.name = "y2"}) {
  %0 = nn.add %x, %x : (tensor<2x3xi64>, tensor<2x3xi64>) -> tensor<2x3xi64>
  %1 = nn.mul %y, %y : (tensor<3xi8>, tensor<3xi8>) -> tensor<3xi8>
  return %0, %1 : tensor<2x3xi64>, tensor<3xi8>
}
