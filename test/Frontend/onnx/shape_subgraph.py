# Shape arithmetic as PyTorch exports it for x.view(x.size(0), -1):
# Shape -> Gather -> Unsqueeze -> Concat -> Reshape. With static shapes the
# integer subgraph folds to constants and only one nn.reshape of the data
# remains: no nn.gather, nn.concat, nn.mul or extra nn.reshape.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/handbuilt_v13.onnx | FileCheck %s --check-prefix=VIEW
# RUN: qat-translate --import-onnx %t/handbuilt_v11.onnx | FileCheck %s --check-prefix=VIEW
# RUN: qat-translate --import-onnx %t/torch_view_v11.onnx --shape x=2x3x4x5 | FileCheck %s --check-prefix=VIEW
# RUN: qat-translate --import-onnx %t/torch_view_v13.onnx --shape x=2x3x4x5 | FileCheck %s --check-prefix=VIEW
# RUN: qat-translate --import-onnx %t/torch_tokens_v13.onnx --shape x=2x3x4x5 | FileCheck %s --check-prefix=TOKENS

import io
import warnings

import onnx
from onnx_fixture import array, graph_model, main, node, tensor


# VIEW-LABEL: func.func @main_graph(%arg0: tensor<2x3x4x5xf32> {qat.name = "x"}) -> (tensor<2x60xf32> {qat.name = "y"})
# VIEW-NOT: nn.gather
# VIEW-NOT: nn.concat
# VIEW-NOT: nn.reshape
# VIEW: %[[Y:.*]] = nn.reshape %arg0 : tensor<2x3x4x5xf32> -> tensor<2x60xf32>
# VIEW-NOT: nn.gather
# VIEW-NOT: nn.concat
# VIEW-NOT: nn.reshape
# VIEW: return %[[Y]] : tensor<2x60xf32>
def handbuilt(opset):
    if opset >= 13:
        unsqueeze = [node("Constant", [], ["uaxes"], value=tensor("u", array([0], "i64"))),
                     node("Unsqueeze", ["n", "uaxes"], ["n1"])]
    else:
        unsqueeze = [node("Unsqueeze", ["n"], ["n1"], axes=[0])]
    return graph_model(
        [node("Shape", ["x"], ["s"]),
         node("Constant", [], ["i0"], value=tensor("i", array(0, "i64"))),
         node("Gather", ["s", "i0"], ["n"], axis=0)] + unsqueeze +
        [node("Constant", [], ["m1"], value=tensor("m", array([-1], "i64"))),
         node("Concat", ["n1", "m1"], ["shape"], axis=0),
         node("Reshape", ["x", "shape"], ["y"])],
        [("x", "f32", [2, 3, 4, 5])], [("y", "f32", 2)], opset=opset)


def handbuilt_v13():
    return handbuilt(13)


def handbuilt_v11():
    return handbuilt(11)


def torch_export(forward, opset):
    """Exported with a dynamic batch dim, so the shape ops stay in the model
    (the test fixes the batch with --shape)."""
    import torch

    class M(torch.nn.Module):
        def forward(self, x):
            return forward(x)

    f = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(M(), torch.randn(2, 3, 4, 5), f, opset_version=opset,
                          input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})
    model = onnx.load_from_string(f.getvalue())
    onnx.checker.check_model(model)
    assert "Shape" in [n.op_type for n in model.graph.node], "the export folded the shapes"
    return model


def torch_view_v11():
    return torch_export(lambda x: x.view(x.size(0), -1), 11)


def torch_view_v13():
    return torch_export(lambda x: x.view(x.size(0), -1), 13)


# b, c, h, w = x.shape; x.reshape(b, c, h * w).transpose(1, 2): four
# Shape -> Gather chains, a Mul of two dims, three Unsqueezes and a Concat.
# TOKENS-LABEL: func.func @main_graph(%arg0: tensor<2x3x4x5xf32> {qat.name = "x"}) -> (tensor<2x20x3xf32> {qat.name = "y"})
# TOKENS-NOT: nn.gather
# TOKENS-NOT: nn.mul
# TOKENS-NOT: nn.concat
# TOKENS-NOT: nn.reshape
# TOKENS: %[[R:.*]] = nn.reshape %arg0 : tensor<2x3x4x5xf32> -> tensor<2x3x20xf32>
# TOKENS-NOT: nn.reshape
# TOKENS: %[[Y:.*]] = nn.transpose %[[R]] {perm = array<i64: 0, 2, 1>} : tensor<2x3x20xf32> -> tensor<2x20x3xf32>
# TOKENS: return %[[Y]]
def torch_tokens_v13():
    def forward(x):
        b, c, h, w = x.shape
        return x.reshape(b, c, h * w).transpose(1, 2)
    return torch_export(forward, 13)


main({f.__name__: f for f in [handbuilt_v13, handbuilt_v11, torch_view_v11, torch_view_v13,
                              torch_tokens_v13]})
