# Dropout (inference) -> no op: the output is the input value. Opset 7: ratio
# attribute; opset 12+: optional ratio / training_mode inputs and an optional
# mask output, which a model may name without using.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/v7.onnx | FileCheck %s --check-prefix=V7
# RUN: qat-translate --import-onnx %t/v13_ratio.onnx | FileCheck %s --check-prefix=V13RATIO
# RUN: qat-translate --import-onnx %t/v13_unused_mask.onnx | FileCheck %s --check-prefix=V13MASK

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


main({f.__name__: f for f in [v7, v13_ratio, v13_unused_mask]})
