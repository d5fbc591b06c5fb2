# MaxUnpool -> nn.scatter_elements of X at I (both flattened) into zeros of
# the default shape flattened ((in - 1) stride + kernel - pads per spatial
# dim), reshaped; a larger constant output_shape pads zeros at the end.
# Errors: no kernel_shape, I of another shape than X, an output_shape
# smaller than the default, a constant index outside the output.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/with_output_shape.onnx | FileCheck %s --check-prefix=SHAPE
# RUN: not qat-translate --import-onnx %t/no_kernel.onnx 2>&1 | FileCheck %s --check-prefix=KERNEL
# RUN: not qat-translate --import-onnx %t/indices_shape.onnx 2>&1 | FileCheck %s --check-prefix=ISHAPE
# RUN: not qat-translate --import-onnx %t/output_smaller.onnx 2>&1 | FileCheck %s --check-prefix=SMALLER
# RUN: not qat-translate --import-onnx %t/index_out_of_range.onnx 2>&1 | FileCheck %s --check-prefix=RANGE

from onnx_fixture import array, main, single


def unpool(x_shape, i_shape, out_rank=4, inits=None, check=True, **attrs):
    inputs = [("x", "f32", x_shape)] + ([("i", "i64", i_shape)] if i_shape else [])
    return single("MaxUnpool", inputs, [("y", "f32", out_rank)], attrs, initializers=inits,
                  opset=11, check=check)


# SHAPE-LABEL: func.func @main_graph(%arg0: tensor<1x2x2x2xf32> {qat.name = "x"}, %arg1: tensor<1x2x2x2xi64> {qat.name = "i"}) -> (tensor<1x2x5x4xf32> {qat.name = "y"})
# SHAPE: %[[X:.*]] = nn.reshape %arg0 : tensor<1x2x2x2xf32> -> tensor<8xf32>
# SHAPE: %[[I:.*]] = nn.reshape %arg1 : tensor<1x2x2x2xi64> -> tensor<8xi64>
# SHAPE: %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<32xf32>
# SHAPE: %[[S:.*]] = nn.scatter_elements %[[Z]], %[[I]], %[[X]] {axis = 0 : i64, reduction = "none"} : (tensor<32xf32>, tensor<8xi64>, tensor<8xf32>) -> tensor<32xf32>
# SHAPE: %[[R:.*]] = nn.reshape %[[S]] : tensor<32xf32> -> tensor<1x2x4x4xf32>
# SHAPE: nn.pad %[[R]], %{{.*}} {mode = "constant", pads = array<i64: 0, 0, 0, 0, 0, 0, 1, 0>}
def with_output_shape():
    return unpool([1, 2, 2, 2], [1, 2, 2, 2], inits={"shape": array([1, 2, 5, 4], "i64")},
                  kernel_shape=[2, 2], strides=[2, 2])


# KERNEL: error: {{.*}}(MaxUnpool, opset 11): kernel_shape must hold one size per spatial dim (2)
def no_kernel():
    return unpool([1, 1, 2, 2], [1, 1, 2, 2], check=False)


# ISHAPE: error: {{.*}}(MaxUnpool, opset 11): I must have X's shape
def indices_shape():
    return unpool([1, 1, 2, 2], [1, 1, 2, 1], check=False, kernel_shape=[2, 2])


# SMALLER: error: {{.*}}(MaxUnpool, opset 11): output_shape is smaller than the unpooled shape in dim 3 (3 < 4)
def output_smaller():
    return unpool([1, 1, 2, 2], [1, 1, 2, 2], inits={"shape": array([1, 1, 4, 3], "i64")},
                  check=False, kernel_shape=[2, 2], strides=[2, 2])


# RANGE: error: {{.*}}(MaxUnpool, opset 11): index 16 is out of range for dimension 16
def index_out_of_range():
    return unpool([1, 1, 2, 2], None, check=False,
                  inits={"i": array([[[[0, 5], [10, 16]]]], "i64")}, kernel_shape=[2, 2],
                  strides=[2, 2])


main({f.__name__: f for f in [with_output_shape, no_kernel, indices_shape, output_smaller,
                              index_out_of_range]})
