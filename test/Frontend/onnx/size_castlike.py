# Size -> the input's element count as a rank-0 i64 constant (static shapes:
# no op is left). CastLike (opset 15) -> nn.cast to the element type of the
# second input ("target_type"), whose shape and values do not matter.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/size.onnx | FileCheck %s --check-prefix=SIZE
# RUN: qat-translate --import-onnx %t/size_rank0_v1.onnx | FileCheck %s --check-prefix=SIZE0
# RUN: qat-translate --import-onnx %t/size_empty.onnx | FileCheck %s --check-prefix=SIZEEMPTY
# RUN: qat-translate --import-onnx %t/castlike_float_to_int.onnx | FileCheck %s --check-prefix=F2I
# RUN: qat-translate --import-onnx %t/castlike_int_to_half.onnx | FileCheck %s --check-prefix=I2H
# RUN: qat-translate --import-onnx %t/castlike_to_bool.onnx | FileCheck %s --check-prefix=TOBOOL
# RUN: qat-translate --import-onnx %t/castlike_same_type.onnx | FileCheck %s --check-prefix=SAME
# RUN: not qat-translate --import-onnx %t/castlike_one_input.onnx 2>&1 | FileCheck %s --check-prefix=ONEINPUT

from onnx_fixture import main, single


# 2 * 3 * 4 = 24.
# SIZE-LABEL: func.func @main_graph(%arg0: tensor<2x3x4xf32> {qat.name = "x"}) -> (tensor<i64> {qat.name = "n"})
# SIZE-NOT: nn.
# SIZE: %[[N:.*]] = arith.constant dense<24> : tensor<i64>
# SIZE: return %[[N]] : tensor<i64>
def size():
    return single("Size", [("x", "f32", [2, 3, 4])], [("n", "i64")])


# A rank-0 tensor has one element.
# SIZE0-LABEL: func.func @main_graph
# SIZE0: %[[N:.*]] = arith.constant dense<1> : tensor<i64>
# SIZE0: return %[[N]]
def size_rank0_v1():
    return single("Size", [("x", "i8", [])], [("n", "i64")], opset=1)


# SIZEEMPTY-LABEL: func.func @main_graph
# SIZEEMPTY: %[[N:.*]] = arith.constant dense<0> : tensor<i64>
# SIZEEMPTY: return %[[N]]
def size_empty():
    return single("Size", [("x", "bool", [0, 5])], [("n", "i64")])


# F2I-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x"}, %arg1: tensor<1xi32> {qat.name = "like"}) -> (tensor<2x3xi32> {qat.name = "y"})
# F2I: %[[Y:.*]] = nn.cast %arg0 : tensor<2x3xf32> to tensor<2x3xi32>
# F2I: return %[[Y]] : tensor<2x3xi32>
def castlike_float_to_int():
    return single("CastLike", [("x", "f32", [2, 3]), ("like", "i32", [1])], [("y", "i32")],
                  opset=15)


# I2H-LABEL: func.func @main_graph
# I2H: nn.cast %arg0 : tensor<4xi64> to tensor<4xf16>
def castlike_int_to_half():
    return single("CastLike", [("x", "i64", [4]), ("like", "f16", [2, 2])], [("y", "f16")],
                  opset=15)


# TOBOOL-LABEL: func.func @main_graph
# TOBOOL: nn.cast %arg0 : tensor<3xf64> to tensor<3xi1>
def castlike_to_bool():
    return single("CastLike", [("x", "f64", [3]), ("like", "bool", [])], [("y", "bool")],
                  opset=15)


# A cast to the input's own type folds away.
# SAME-LABEL: func.func @main_graph
# SAME-NOT: nn.cast
# SAME: return %arg0 : tensor<2x2xf32>
def castlike_same_type():
    return single("CastLike", [("x", "f32", [2, 2]), ("like", "f32", [7])], [("y", "f32")],
                  opset=15)


# ONEINPUT: error: {{.*}}node 'castlike_0' (CastLike, opset 15): missing required input 1
def castlike_one_input():
    return single("CastLike", [("x", "f32", [2, 2])], [("y", "f32", 2)], opset=15, check=False)


main({f.__name__: f for f in [size, size_rank0_v1, size_empty, castlike_float_to_int,
                              castlike_int_to_half, castlike_to_bool, castlike_same_type,
                              castlike_one_input]})
