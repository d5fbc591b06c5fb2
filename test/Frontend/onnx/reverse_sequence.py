# ReverseSequence -> nn.gather_elements along time_axis with constant
# indices: len - 1 - t for the first len steps of each batch entry, t after.
# The lengths must be constants (frozen with --const-input when they are a
# graph input); a length outside [0, steps], a count other than the batch
# size, and axes other than 0 and 1 (one each) are errors.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/batch_major.onnx | FileCheck %s --check-prefix=BATCH
# RUN: not qat-translate --import-onnx %t/lens_input.onnx 2>&1 | FileCheck %s --check-prefix=INPUT
# RUN: not qat-translate --import-onnx %t/too_long.onnx 2>&1 | FileCheck %s --check-prefix=LONG
# RUN: not qat-translate --import-onnx %t/wrong_count.onnx 2>&1 | FileCheck %s --check-prefix=COUNT
# RUN: not qat-translate --import-onnx %t/same_axes.onnx 2>&1 | FileCheck %s --check-prefix=AXES

from onnx_fixture import array, main, single


def reverse(shape, lens, check=True, **attrs):
    return single("ReverseSequence", [("x", "f32", shape)], [("y", "f32", len(shape))], attrs,
                  initializers={"lens": array(lens, "i64")}, opset=13, check=check)


# Batch along axis 0, time along axis 1: row 0 reverses its 3 steps, row 1
# its first 2, row 2 none.
# BATCH-LABEL: func.func @main_graph
# BATCH: %[[I:.*]] = arith.constant dense<{{\[\[}}2, 1, 0], [1, 0, 2], [0, 1, 2]]> : tensor<3x3xi64>
# BATCH: nn.gather_elements %arg0, %[[I]] {axis = 1 : i64} : (tensor<3x3xf32>, tensor<3x3xi64>) -> tensor<3x3xf32>
def batch_major():
    return reverse([3, 3], [3, 2, 0], batch_axis=0, time_axis=1)


# INPUT: error: {{.*}}(ReverseSequence, opset 13): sequence_lens ('lens') must be a constant
def lens_input():
    return single("ReverseSequence", [("x", "f32", [3, 2]), ("lens", "i64", [2])],
                  [("y", "f32", 2)], opset=13, check=False)


# LONG: error: {{.*}}(ReverseSequence, opset 13): sequence length 4 is not in [0, 3]
def too_long():
    return reverse([3, 2], [4, 1], check=False)


# COUNT: error: {{.*}}(ReverseSequence, opset 13): sequence_lens has 3 values for a batch of 2
def wrong_count():
    return reverse([3, 2], [1, 1, 1], check=False)


# AXES: error: {{.*}}(ReverseSequence, opset 13): batch_axis and time_axis must be 0 and 1, one each (got 1 and 1)
def same_axes():
    return reverse([3, 2], [1, 1], check=False, time_axis=1)


main({f.__name__: f for f in [batch_major, lens_input, too_long, wrong_count, same_axes]})
