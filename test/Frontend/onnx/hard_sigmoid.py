# HardSigmoid -> nn.hard_sigmoid alpha = <alpha>, beta = <beta>
# (ONNX defaults alpha 0.2, beta 0.5).
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/defaults.onnx | FileCheck %s --check-prefix=DEFAULTS
# RUN: qat-translate --import-onnx %t/explicit.onnx | FileCheck %s --check-prefix=EXPLICIT

from onnx_fixture import main, single


# DEFAULTS-LABEL: func.func @main_graph
# DEFAULTS: %[[Y:.*]] = nn.hard_sigmoid %arg0 alpha = 2.000000e-01, beta = 5.000000e-01 : tensor<2x3xf32>
# DEFAULTS: return %[[Y]]
def defaults():
    return single("HardSigmoid", [("x", "f32", [2, 3])], [("y", "f32")], opset=6)


# EXPLICIT-LABEL: func.func @main_graph
# EXPLICIT: nn.hard_sigmoid %arg0 alpha = 2.500000e-01, beta = 6.000000e-01 : tensor<1x3x4x4xf32>
def explicit():
    return single("HardSigmoid", [("x", "f32", [1, 3, 4, 4])], [("y", "f32")],
                  dict(alpha=0.25, beta=0.6))


main({f.__name__: f for f in [defaults, explicit]})
