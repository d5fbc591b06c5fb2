# Transpose -> nn.transpose {perm}: result dim i is input dim perm[i]; no perm
# reverses the dims.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/default_perm.onnx | FileCheck %s --check-prefix=DEFAULT
# RUN: qat-translate --import-onnx %t/nchw_to_nhwc.onnx | FileCheck %s --check-prefix=NHWC
# RUN: qat-translate --import-onnx %t/matrix.onnx | FileCheck %s --check-prefix=MATRIX

from onnx_fixture import main, single


# DEFAULT-LABEL: func.func @main_graph(%arg0: tensor<2x3x4xf32> {qat.name = "x"}) -> (tensor<4x3x2xf32> {qat.name = "y"})
# DEFAULT: %[[Y:.*]] = nn.transpose %arg0 {perm = array<i64: 2, 1, 0>} : tensor<2x3x4xf32> -> tensor<4x3x2xf32>
# DEFAULT: return %[[Y]]
def default_perm():
    return single("Transpose", [("x", "f32", [2, 3, 4])], [("y", "f32")])


# NHWC-LABEL: func.func @main_graph
# NHWC: nn.transpose %arg0 {perm = array<i64: 0, 2, 3, 1>} : tensor<1x3x4x5xf32> -> tensor<1x4x5x3xf32>
def nchw_to_nhwc():
    return single("Transpose", [("x", "f32", [1, 3, 4, 5])], [("y", "f32")],
                  dict(perm=[0, 2, 3, 1]))


# MATRIX-LABEL: func.func @main_graph
# MATRIX: nn.transpose %arg0 {perm = array<i64: 1, 0>} : tensor<3x7xi64> -> tensor<7x3xi64>
def matrix():
    return single("Transpose", [("x", "i64", [3, 7])], [("y", "i64")], dict(perm=[1, 0]),
                  opset=6)


main({f.__name__: f for f in [default_perm, nchw_to_nhwc, matrix]})
