# Shape -> arith.constant (input shapes are static): a 1-D i64 tensor of the
# dims; opset 15 start/end select a range of them (negative counts from the end).
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/full.onnx | FileCheck %s --check-prefix=FULL
# RUN: qat-translate --import-onnx %t/start_end.onnx | FileCheck %s --check-prefix=STARTEND
# RUN: qat-translate --import-onnx %t/scalar.onnx | FileCheck %s --check-prefix=SCALAR
# RUN: qat-translate --import-onnx %t/after_op.onnx | FileCheck %s --check-prefix=AFTEROP

from onnx_fixture import graph_model, main, node, single


# FULL-LABEL: func.func @main_graph(%arg0: tensor<2x3x4xf32> {qat.name = "x"}) -> (tensor<3xi64> {qat.name = "y"})
# FULL-NOT: nn.
# FULL: %[[S:.*]] = arith.constant dense<[2, 3, 4]> : tensor<3xi64>
# FULL-NOT: nn.
# FULL: return %[[S]] : tensor<3xi64>
def full():
    return single("Shape", [("x", "f32", [2, 3, 4])], [("y", "i64")])


# start 1, end -1 on [2, 3, 4, 5]: [3, 4].
# STARTEND-LABEL: func.func @main_graph
# STARTEND: %[[S:.*]] = arith.constant dense<[3, 4]> : tensor<2xi64>
# STARTEND: return %[[S]] : tensor<2xi64>
def start_end():
    return single("Shape", [("x", "f32", [2, 3, 4, 5])], [("y", "i64")], dict(start=1, end=-1),
                  opset=15)


# A rank-0 input has shape [] (a 0-element 1-D tensor).
# SCALAR-LABEL: func.func @main_graph
# SCALAR: arith.constant dense<> : tensor<0xi64>
def scalar():
    return single("Shape", [("x", "f32", [])], [("y", "i64")])



# The shape of a computed value (a Transpose's result) is static too.
# AFTEROP-LABEL: func.func @main_graph
# AFTEROP: arith.constant dense<[4, 3, 2]> : tensor<3xi64>
def after_op():
    return graph_model([node("Transpose", ["x"], ["t"]), node("Shape", ["t"], ["y"])],
                       [("x", "f32", [2, 3, 4])], [("y", "i64")])


main({f.__name__: f for f in [full, start_end, scalar, after_op]})
