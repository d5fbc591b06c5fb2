# Dropout (inference) -> no op: the output is the input value. Opsets 1-6:
# is_test = 0 (the default) is training (random dropout) and is refused unless
# ratio = 0; opset 7: ratio attribute; opset 12+: optional ratio /
# training_mode inputs. The optional mask output (which a model may name
# without using) is all ones: of the input's type before opset 10, bool after.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/v7.onnx | FileCheck %s --check-prefix=V7
# RUN: qat-translate --import-onnx %t/v13_ratio.onnx | FileCheck %s --check-prefix=V13RATIO
# RUN: qat-translate --import-onnx %t/v13_unused_mask.onnx | FileCheck %s --check-prefix=V13MASK
# RUN: qat-translate --import-onnx %t/v6_is_test.onnx | FileCheck %s --check-prefix=V6TEST
# RUN: not qat-translate --import-onnx %t/v6_training.onnx 2>&1 | FileCheck %s --check-prefix=V6TRAIN
# RUN: qat-translate --import-onnx %t/v1_ratio_zero.onnx | FileCheck %s --check-prefix=V1RATIO0
# RUN: qat-translate --import-onnx %t/v9_mask.onnx | FileCheck %s --check-prefix=V9MASK
# RUN: qat-translate --import-onnx %t/v10_mask.onnx | FileCheck %s --check-prefix=V10MASK

from onnx_fixture import array, graph_model, main, node, single


# V7-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x"}) -> (tensor<2x3xf32> {qat.name = "y"})
# V7-NEXT: return %arg0 : tensor<2x3xf32>
def v7():
    return single("Dropout", [("x", "f32", [2, 3])], [("y", "f32")], dict(ratio=0.3), opset=7)


# V13RATIO-LABEL: func.func @main_graph
# V13RATIO-NOT: nn.
# V13RATIO: return %arg0 : tensor<2x3xf32>
def v13_ratio():
    return single("Dropout", [("x", "f32", [2, 3])], [("y", "f32")],
                  initializers={"ratio": array(0.5)})


# The mask output is named but unused by the graph.
# V13MASK-LABEL: func.func @main_graph
# V13MASK-NEXT: %[[Y:.*]] = nn.relu %arg0 : tensor<1x8xf32>
# V13MASK-NEXT: return %[[Y]] : tensor<1x8xf32>
def v13_unused_mask():
    return graph_model([node("Dropout", ["x"], ["d", "mask"]), node("Relu", ["d"], ["y"])],
                       [("x", "f32", [1, 8])], [("y", "f32")])


# Opset 6, is_test = 1: test mode, Y = X.
# V6TEST-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x"}) -> (tensor<2x3xf32> {qat.name = "y"})
# V6TEST-NEXT: return %arg0 : tensor<2x3xf32>
def v6_is_test():
    return single("Dropout", [("x", "f32", [2, 3])], [("y", "f32", 2)],
                  dict(is_test=1, ratio=0.3), opset=6)


# Opset 6, is_test = 0 (the default): a random dropout, training mode.
# V6TRAIN: error: {{.*}}node 'dropout_0' (Dropout, opset 6): Dropout with is_test = 0 drops at random (training mode), which is not supported on import; inference models set is_test = 1
def v6_training():
    return single("Dropout", [("x", "f32", [2, 3])], [("y", "f32", 2)], opset=6)


# Opset 1 (consumed_inputs), is_test = 0 but ratio 0: nothing is dropped.
# V1RATIO0-LABEL: func.func @main_graph
# V1RATIO0-NEXT: return %arg0 : tensor<2x3xf32>
def v1_ratio_zero():
    return single("Dropout", [("x", "f32", [2, 3])], [("y", "f32", 2)],
                  dict(ratio=0.0, consumed_inputs=[0]), opset=1)


# Opsets 1-9: the mask has the input's type (all ones: nothing dropped).
# V9MASK-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x"}) -> (tensor<2x3xf32> {qat.name = "y"}, tensor<2x3xf32> {qat.name = "mask"})
# V9MASK: %[[M:.*]] = arith.constant dense<1.000000e+00> : tensor<2x3xf32>
# V9MASK: return %arg0, %[[M]] : tensor<2x3xf32>, tensor<2x3xf32>
def v9_mask():
    return single("Dropout", [("x", "f32", [2, 3])], [("y", "f32", 2), ("mask", "f32", 2)],
                  opset=9)


# From opset 10 the mask is bool.
# V10MASK-LABEL: func.func @main_graph
# V10MASK: %[[M:.*]] = arith.constant dense<true> : tensor<2x3xi1>
# V10MASK: return %arg0, %[[M]] : tensor<2x3xf32>, tensor<2x3xi1>
def v10_mask():
    return single("Dropout", [("x", "f32", [2, 3])], [("y", "f32", 2), ("mask", "bool", 2)],
                  opset=10)


main({f.__name__: f for f in [v7, v13_ratio, v13_unused_mask, v6_is_test, v6_training,
                              v1_ratio_zero, v9_mask, v10_mask]})
