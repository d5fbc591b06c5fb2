# ConvTranspose -> the ordinary convolution (nn.conv, stride 1, no pads) of
# the input with (stride - 1) zeros inserted between neighbours (nn.reshape
# to [N, C, D1, 1, D2, 1, ...], nn.pad of the inserted axes at their end,
# nn.reshape back to [N, C, D1 s1, D2 s2, ...]) and padded (nn.pad) by
# dilation (kernel - 1) - pad on each side (plus output_padding, minus the
# stride - 1 trailing zeros, at the end), with the weight [C, F/g, k...]
# regrouped to [F, C/g, k...] (nn.reshape, nn.transpose, nn.reshape) and
# its window flipped (nn.slice, strides -1).
# ONNX: out = stride (in - 1) + output_padding + (kernel - 1) dilation + 1
# - pad_begin - pad_end. output_shape (or auto_pad SAME_*: in * stride)
# gives total = that without pads - output, split (total / 2 first for
# SAME_UPPER, total - total / 2 first otherwise); an output_shape beyond
# the natural length extends the end. VALID pads nothing.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/defaults.onnx | FileCheck %s --check-prefix=DEFAULTS
# RUN: qat-translate --import-onnx %t/strides_output_padding.onnx | FileCheck %s --check-prefix=STRIDES
# RUN: qat-translate --import-onnx %t/groups.onnx | FileCheck %s --check-prefix=GROUPS
# RUN: qat-translate --import-onnx %t/dilations.onnx | FileCheck %s --check-prefix=DIL
# RUN: qat-translate --import-onnx %t/pads.onnx | FileCheck %s --check-prefix=PADS
# RUN: qat-translate --import-onnx %t/same_upper.onnx | FileCheck %s --check-prefix=SUPPER
# RUN: qat-translate --import-onnx %t/same_lower.onnx | FileCheck %s --check-prefix=SLOWER
# RUN: qat-translate --import-onnx %t/valid.onnx | FileCheck %s --check-prefix=AUTOVALID
# RUN: qat-translate --import-onnx %t/output_shape.onnx | FileCheck %s --check-prefix=OUTSHAPE
# RUN: qat-translate --import-onnx %t/output_shape_nc.onnx | FileCheck %s --check-prefix=OUTSHAPE
# RUN: qat-translate --import-onnx %t/output_shape_larger.onnx | FileCheck %s --check-prefix=LARGER
# RUN: qat-translate --import-onnx %t/conv1d.onnx | FileCheck %s --check-prefix=CONV1D
# RUN: qat-translate --import-onnx %t/conv3d.onnx | FileCheck %s --check-prefix=CONV3D
# RUN: not qat-translate --import-onnx %t/weight_channels.onnx 2>&1 | FileCheck %s --check-prefix=WCHAN
# RUN: not qat-translate --import-onnx %t/group_not_dividing.onnx 2>&1 | FileCheck %s --check-prefix=GROUPDIV
# RUN: not qat-translate --import-onnx %t/group_zero.onnx 2>&1 | FileCheck %s --check-prefix=GROUP0
# RUN: not qat-translate --import-onnx %t/output_padding_too_large.onnx 2>&1 | FileCheck %s --check-prefix=OPLARGE
# RUN: not qat-translate --import-onnx %t/output_padding_negative.onnx 2>&1 | FileCheck %s --check-prefix=OPNEG
# RUN: not qat-translate --import-onnx %t/strides_length.onnx 2>&1 | FileCheck %s --check-prefix=STRLEN
# RUN: not qat-translate --import-onnx %t/dilations_length.onnx 2>&1 | FileCheck %s --check-prefix=DILLEN
# RUN: not qat-translate --import-onnx %t/pads_length.onnx 2>&1 | FileCheck %s --check-prefix=PADLEN
# RUN: not qat-translate --import-onnx %t/output_padding_length.onnx 2>&1 | FileCheck %s --check-prefix=OPLEN
# RUN: not qat-translate --import-onnx %t/output_shape_length.onnx 2>&1 | FileCheck %s --check-prefix=OSLEN
# RUN: not qat-translate --import-onnx %t/negative_pads.onnx 2>&1 | FileCheck %s --check-prefix=NEGPADS
# RUN: not qat-translate --import-onnx %t/kernel_shape_mismatch.onnx 2>&1 | FileCheck %s --check-prefix=KSHAPE
# RUN: not qat-translate --import-onnx %t/zero_stride.onnx 2>&1 | FileCheck %s --check-prefix=POSITIVE
# RUN: not qat-translate --import-onnx %t/zero_dilation.onnx 2>&1 | FileCheck %s --check-prefix=POSITIVE
# RUN: not qat-translate --import-onnx %t/bad_auto_pad.onnx 2>&1 | FileCheck %s --check-prefix=AUTOPAD
# RUN: not qat-translate --import-onnx %t/rank_2.onnx 2>&1 | FileCheck %s --check-prefix=RANK
# RUN: not qat-translate --import-onnx %t/rank_mismatch.onnx 2>&1 | FileCheck %s --check-prefix=RANK
# RUN: not qat-translate --import-onnx %t/pads_leave_nothing.onnx 2>&1 | FileCheck %s --check-prefix=NOTHING
# RUN: not qat-translate --import-onnx %t/output_shape_zero.onnx 2>&1 | FileCheck %s --check-prefix=NOTHING
# RUN: not qat-translate --import-onnx %t/bias_size.onnx 2>&1 | FileCheck %s --check-prefix=BIAS
# RUN: not qat-translate --import-onnx %t/mixed_types.onnx 2>&1 | FileCheck %s --check-prefix=MIXED
# RUN: not qat-translate --import-onnx %t/strides_not_ints.onnx 2>&1 | FileCheck %s --check-prefix=STRTYPE
# RUN: not qat-translate --import-onnx %t/group_not_int.onnx 2>&1 | FileCheck %s --check-prefix=GROUPTYPE

from onnx import helper

from onnx_fixture import main, single


def conv_transpose(x, w, b=None, check=True, opset=13, **attrs):
    """x, w, b: shapes (f32). check=False declares the output's rank only."""
    inputs = [("x", "f32", x), ("w", "f32", w)] + ([("b", "f32", b)] if b else [])
    out = ("y", "f32") if check else ("y", "f32", len(x))
    return single("ConvTranspose", inputs, [out], attrs, opset=opset, check=check)


def bad(x, w, b=None, **attrs):
    return conv_transpose(x, w, b, check=False, **attrs)


# Stride 1: no zeros inserted; a border of kernel - 1 = 2: 3 - 1 + 3 = 5.
# The weight [C=2, F=3, 3, 3] becomes [F=3, C=2, 3, 3], flipped.
# DEFAULTS-LABEL: func.func @main_graph(%arg0: tensor<1x2x3x3xf32> {qat.name = "x"}, %arg1: tensor<2x3x3x3xf32> {qat.name = "w"}) -> (tensor<1x3x5x5xf32> {qat.name = "y"})
# DEFAULTS-NOT: nn.reshape %arg0
# DEFAULTS: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<f32>
# DEFAULTS: %[[X:.*]] = nn.pad %arg0, %[[ZERO]] {mode = "constant", pads = array<i64: 0, 0, 2, 2, 0, 0, 2, 2>} : (tensor<1x2x3x3xf32>, tensor<f32>) -> tensor<1x2x7x7xf32>
# DEFAULTS: %[[G:.*]] = nn.reshape %arg1 : tensor<2x3x3x3xf32> -> tensor<1x2x3x3x3xf32>
# DEFAULTS: %[[T:.*]] = nn.transpose %[[G]] {perm = array<i64: 0, 2, 1, 3, 4>} : tensor<1x2x3x3x3xf32> -> tensor<1x3x2x3x3xf32>
# DEFAULTS: %[[F:.*]] = nn.reshape %[[T]] : tensor<1x3x2x3x3xf32> -> tensor<3x2x3x3xf32>
# DEFAULTS: %[[W:.*]] = nn.slice %[[F]] {offsets = array<i64: 0, 0, 2, 2>, sizes = array<i64: 3, 2, 3, 3>, strides = array<i64: 1, 1, -1, -1>} : tensor<3x2x3x3xf32> -> tensor<3x2x3x3xf32>
# DEFAULTS: %[[Y:.*]] = nn.conv %[[X]], %[[W]] {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x7x7xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x5x5xf32>
# DEFAULTS: return %[[Y]] : tensor<1x3x5x5xf32>
def defaults():
    return conv_transpose([1, 2, 3, 3], [2, 3, 3, 3])


# Stride 2: one zero after each element ([1, 2, 3, 1, 4, 1] padded at the
# end of the inserted axes, merged to 6x8); border 2 - 1 = 1 at the start,
# 2 - 1 + 1 (output_padding) - 1 (the trailing zero) = 1 at the end:
# 2 * 2 + 1 + 3 - 2 = 6 and 2 * 3 + 1 + 3 - 2 = 8. The bias goes to the conv.
# STRIDES-LABEL: func.func @main_graph
# STRIDES: %[[S:.*]] = nn.reshape %arg0 : tensor<1x2x3x4xf32> -> tensor<1x2x3x1x4x1xf32>
# STRIDES: %[[Z:.*]] = nn.pad %[[S]], %{{.*}} {mode = "constant", pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1>} : (tensor<1x2x3x1x4x1xf32>, tensor<f32>) -> tensor<1x2x3x2x4x2xf32>
# STRIDES: %[[M:.*]] = nn.reshape %[[Z]] : tensor<1x2x3x2x4x2xf32> -> tensor<1x2x6x8xf32>
# STRIDES: %[[X:.*]] = nn.pad %[[M]], %{{.*}} {mode = "constant", pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x2x6x8xf32>, tensor<f32>) -> tensor<1x2x8x10xf32>
# STRIDES: nn.transpose %{{.*}} {perm = array<i64: 0, 2, 1, 3, 4>} : tensor<1x2x4x3x3xf32> -> tensor<1x4x2x3x3xf32>
# STRIDES: %[[W:.*]] = nn.slice {{.*}} : tensor<4x2x3x3xf32> -> tensor<4x2x3x3xf32>
# STRIDES: nn.conv %[[X]], %[[W]], %arg2 {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x8x10xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>) -> tensor<1x4x6x8xf32>
def strides_output_padding():
    return conv_transpose([1, 2, 3, 4], [2, 4, 3, 3], [4], strides=[2, 2], pads=[1, 1, 1, 1],
                          output_padding=[1, 1])


# group 2: the weight [C=4, F/g=3, 3, 3] -> [g=2, C/g=2, 3, 3, 3] -> [2, 3,
# 2, 3, 3] -> [F=6, C/g=2, 3, 3]; the conv keeps group 2.
# GROUPS-LABEL: func.func @main_graph
# GROUPS: nn.reshape %arg1 : tensor<4x3x3x3xf32> -> tensor<2x2x3x3x3xf32>
# GROUPS: nn.transpose %{{.*}} {perm = array<i64: 0, 2, 1, 3, 4>} : tensor<2x2x3x3x3xf32> -> tensor<2x3x2x3x3xf32>
# GROUPS: nn.reshape %{{.*}} : tensor<2x3x2x3x3xf32> -> tensor<6x2x3x3xf32>
# GROUPS: nn.slice %{{.*}} {offsets = array<i64: 0, 0, 2, 2>, sizes = array<i64: 6, 2, 3, 3>, strides = array<i64: 1, 1, -1, -1>}
# GROUPS: nn.conv {{.*}} {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<2x4x9x9xf32>, tensor<6x2x3x3xf32>) -> tensor<2x6x7x7xf32>
def groups():
    return conv_transpose([2, 4, 5, 5], [4, 3, 3, 3], group=2)


# Dilations (2, 3) on a 3x2 kernel reach 4 and 3: border 4 and 3 each side,
# 3 + 4 + 1 = 8 and 3 + 3 + 1 = 7; the conv keeps the dilations.
# DIL-LABEL: func.func @main_graph
# DIL: nn.pad %arg0, %{{.*}} {mode = "constant", pads = array<i64: 0, 0, 4, 3, 0, 0, 4, 3>} : (tensor<1x1x4x4xf32>, tensor<f32>) -> tensor<1x1x12x10xf32>
# DIL: nn.slice %{{.*}} {offsets = array<i64: 0, 0, 2, 1>, sizes = array<i64: 1, 1, 3, 2>, strides = array<i64: 1, 1, -1, -1>}
# DIL: nn.conv {{.*}} {dilations = array<i64: 2, 3>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x12x10xf32>, tensor<1x1x3x2xf32>) -> tensor<1x1x8x7xf32>
def dilations():
    return conv_transpose([1, 1, 4, 4], [1, 1, 3, 2], dilations=[2, 3])


# pads (begin H 1, W 0; end H 2, W 1) shrink the border 2: H 1 and 0, W 2
# and 1: 6 - 3 = 3, 6 - 1 = 5.
# PADS-LABEL: func.func @main_graph
# PADS: nn.pad %arg0, %{{.*}} {mode = "constant", pads = array<i64: 0, 0, 1, 2, 0, 0, 0, 1>} : (tensor<1x1x4x4xf32>, tensor<f32>) -> tensor<1x1x5x7xf32>
# PADS: nn.conv {{.*}} : (tensor<1x1x5x7xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x5xf32>
def pads():
    return conv_transpose([1, 1, 4, 4], [1, 1, 3, 3], pads=[1, 0, 2, 1])


# SAME_*: out = in * stride (6, 8); total = 2 (in - 1) + 3 - out = 1 both
# ways. SAME_UPPER crops it at the end (border 2 and 2 - 1 - 1 = 0),
# SAME_LOWER at the start (border 1 and 2 - 0 - 1 = 1).
# SUPPER-LABEL: func.func @main_graph
# SUPPER: nn.pad %{{.*}}, %{{.*}} {mode = "constant", pads = array<i64: 0, 0, 2, 2, 0, 0, 0, 0>} : (tensor<1x1x6x8xf32>, tensor<f32>) -> tensor<1x1x8x10xf32>
# SUPPER: nn.conv {{.*}} : (tensor<1x1x8x10xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x8xf32>
def same_upper():
    return conv_transpose([1, 1, 3, 4], [1, 1, 3, 3], strides=[2, 2], auto_pad="SAME_UPPER")


# SLOWER-LABEL: func.func @main_graph
# SLOWER: nn.pad %{{.*}}, %{{.*}} {mode = "constant", pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x1x6x8xf32>, tensor<f32>) -> tensor<1x1x8x10xf32>
# SLOWER: nn.conv {{.*}} : (tensor<1x1x8x10xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x8xf32>
def same_lower():
    return conv_transpose([1, 1, 3, 4], [1, 1, 3, 3], strides=[2, 2], auto_pad="SAME_LOWER")


# auto_pad VALID pads nothing (the model's are ignored): 2 * 2 + 3 = 7.
# AUTOVALID-LABEL: func.func @main_graph
# AUTOVALID: nn.pad %{{.*}}, %{{.*}} {mode = "constant", pads = array<i64: 0, 0, 2, 2, 0, 0, 1, 1>} : (tensor<1x1x6x6xf32>, tensor<f32>) -> tensor<1x1x9x9xf32>
# AUTOVALID: nn.conv {{.*}} -> tensor<1x1x7x7xf32>
def valid():
    return conv_transpose([1, 1, 3, 3], [1, 1, 3, 3], strides=[2, 2], auto_pad="VALID",
                          check=False, pads=[1, 1, 1, 1])


# output_shape (6, 5) of a natural 7x7: total 1 and 2, the larger half
# first (NOTSET): H crops 1 at the start (border 1, 2 - 0 - 1 = 1), W one
# each side (border 1, 2 - 1 - 1 = 0). The given pads are ignored; an
# output_shape with N and C is read the same way.
# OUTSHAPE-LABEL: func.func @main_graph
# OUTSHAPE-SAME: -> (tensor<1x1x6x5xf32> {qat.name = "y"})
# OUTSHAPE: nn.pad %{{.*}}, %{{.*}} {mode = "constant", pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 0>} : (tensor<1x1x6x6xf32>, tensor<f32>) -> tensor<1x1x8x7xf32>
# OUTSHAPE: nn.conv {{.*}} : (tensor<1x1x8x7xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x6x5xf32>
def output_shape():
    return conv_transpose([1, 1, 3, 3], [1, 1, 3, 3], strides=[2, 2], output_shape=[6, 5],
                          pads=[3, 3, 3, 3])


def output_shape_nc():
    return conv_transpose([1, 1, 3, 3], [1, 1, 3, 3], strides=[2, 2], output_shape=[1, 1, 6, 5],
                          check=False)


# output_shape (9, 8) beyond the natural 7x7 extends the end by 2 and 1:
# border 2 at the start, 2 + 2 - 1 = 3 and 2 + 1 - 1 = 2 at the end.
# LARGER-LABEL: func.func @main_graph
# LARGER-SAME: -> (tensor<1x1x9x8xf32> {qat.name = "y"})
# LARGER: nn.pad %{{.*}}, %{{.*}} {mode = "constant", pads = array<i64: 0, 0, 2, 2, 0, 0, 3, 2>} : (tensor<1x1x6x6xf32>, tensor<f32>) -> tensor<1x1x11x10xf32>
# LARGER: nn.conv {{.*}} : (tensor<1x1x11x10xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x9x8xf32>
def output_shape_larger():
    return conv_transpose([1, 1, 3, 3], [1, 1, 3, 3], strides=[2, 2], output_shape=[9, 8])


# 1-D, stride 3, kernel 4: 3 * 4 + 4 = 16; two zeros after each element
# (5 -> 15), border 3 and 3 - 2 = 1.
# CONV1D-LABEL: func.func @main_graph(%arg0: tensor<1x2x5xf32> {qat.name = "x"}, %arg1: tensor<2x3x4xf32> {qat.name = "w"}) -> (tensor<1x3x16xf32> {qat.name = "y"})
# CONV1D: nn.reshape %arg0 : tensor<1x2x5xf32> -> tensor<1x2x5x1xf32>
# CONV1D: nn.pad %{{.*}}, %{{.*}} {mode = "constant", pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 2>} : (tensor<1x2x5x1xf32>, tensor<f32>) -> tensor<1x2x5x3xf32>
# CONV1D: nn.reshape %{{.*}} : tensor<1x2x5x3xf32> -> tensor<1x2x15xf32>
# CONV1D: nn.pad %{{.*}}, %{{.*}} {mode = "constant", pads = array<i64: 0, 0, 3, 0, 0, 1>} : (tensor<1x2x15xf32>, tensor<f32>) -> tensor<1x2x19xf32>
# CONV1D: nn.transpose %{{.*}} {perm = array<i64: 0, 2, 1, 3>} : tensor<1x2x3x4xf32> -> tensor<1x3x2x4xf32>
# CONV1D: nn.slice %{{.*}} {offsets = array<i64: 0, 0, 3>, sizes = array<i64: 3, 2, 4>, strides = array<i64: 1, 1, -1>} : tensor<3x2x4xf32> -> tensor<3x2x4xf32>
# CONV1D: nn.conv {{.*}} {dilations = array<i64: 1>, group = 1 : i64, pads = array<i64: 0, 0>, strides = array<i64: 1>} : (tensor<1x2x19xf32>, tensor<3x2x4xf32>) -> tensor<1x3x16xf32>
def conv1d():
    return conv_transpose([1, 2, 5], [2, 3, 4], strides=[3])


# 3-D, strides (2, 1, 2): zeros only along D and W.
# CONV3D-LABEL: func.func @main_graph
# CONV3D: nn.pad %{{.*}}, %{{.*}} {mode = "constant", pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1>} : (tensor<1x1x2x1x2x1x2x1xf32>, tensor<f32>) -> tensor<1x1x2x2x2x1x2x2xf32>
# CONV3D: nn.reshape %{{.*}} : tensor<1x1x2x2x2x1x2x2xf32> -> tensor<1x1x4x2x4xf32>
# CONV3D: nn.pad %{{.*}}, %{{.*}} {mode = "constant", pads = array<i64: 0, 0, 1, 1, 1, 0, 0, 0, 1, 0>} : (tensor<1x1x4x2x4xf32>, tensor<f32>) -> tensor<1x1x5x4x5xf32>
# CONV3D: nn.conv {{.*}} {dilations = array<i64: 1, 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0, 0, 0>, strides = array<i64: 1, 1, 1>} : (tensor<1x1x5x4x5xf32>, tensor<2x1x2x2x2xf32>) -> tensor<1x2x4x3x4xf32>
def conv3d():
    return conv_transpose([1, 1, 2, 2, 2], [1, 2, 2, 2, 2], strides=[2, 1, 2])


# WCHAN: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): the weight's first dim (3) must equal the input channels (2)
def weight_channels():
    return bad([1, 2, 3, 3], [3, 2, 3, 3])


# GROUPDIV: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): group 3 must be positive and divide the 4 input channels
def group_not_dividing():
    return bad([1, 4, 3, 3], [4, 2, 3, 3], group=3)


# GROUP0: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): group 0 must be positive and divide the 4 input channels
def group_zero():
    return bad([1, 4, 3, 3], [4, 2, 3, 3], group=0)


# OPLARGE: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): output_padding 2 must be below the stride or the dilation
def output_padding_too_large():
    return bad([1, 1, 3, 3], [1, 1, 3, 3], strides=[2, 2], output_padding=[1, 2])


# OPNEG: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): output_padding -1 must be below the stride or the dilation
def output_padding_negative():
    return bad([1, 1, 3, 3], [1, 1, 3, 3], strides=[2, 2], output_padding=[-1, 0])


# STRLEN: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): strides must have 2 entries, got 1
def strides_length():
    return bad([1, 1, 3, 3], [1, 1, 3, 3], strides=[2])


# DILLEN: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): dilations must have 2 entries, got 3
def dilations_length():
    return bad([1, 1, 3, 3], [1, 1, 3, 3], dilations=[1, 1, 1])


# PADLEN: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): pads must have 4 entries, got 2
def pads_length():
    return bad([1, 1, 3, 3], [1, 1, 3, 3], pads=[1, 1])


# OPLEN: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): output_padding must have 2 entries, got 1
def output_padding_length():
    return bad([1, 1, 3, 3], [1, 1, 3, 3], strides=[2, 2], output_padding=[1])


# OSLEN: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): output_shape must have 2 entries
def output_shape_length():
    return bad([1, 1, 3, 3], [1, 1, 3, 3], output_shape=[5, 5, 5])


# NEGPADS: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): pads must be non-negative
def negative_pads():
    return bad([1, 1, 3, 3], [1, 1, 3, 3], pads=[0, -1, 0, 0])


# KSHAPE: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): kernel_shape does not match the weight shape
def kernel_shape_mismatch():
    return bad([1, 1, 3, 3], [1, 1, 3, 3], kernel_shape=[3, 2])


# POSITIVE: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): kernel, strides and dilations must be positive
def zero_stride():
    return bad([1, 1, 3, 3], [1, 1, 3, 3], strides=[0, 1])


def zero_dilation():
    return bad([1, 1, 3, 3], [1, 1, 3, 3], dilations=[1, 0])


# AUTOPAD: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): auto_pad 'SAME' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID
def bad_auto_pad():
    return bad([1, 1, 3, 3], [1, 1, 3, 3], auto_pad="SAME")


# RANK: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): ConvTranspose needs input and weight of one rank >= 3
def rank_2():
    return bad([2, 3], [3, 4])


def rank_mismatch():
    return bad([1, 2, 3, 3], [2, 3, 3])


# Natural length 2 + 2 - 1 = 3, pads 2 + 1 crop it all.
# NOTHING: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): pads leave no output along spatial dim 0
def pads_leave_nothing():
    return bad([1, 1, 2, 2], [1, 1, 2, 2], pads=[2, 0, 1, 0])


def output_shape_zero():
    return bad([1, 1, 3, 3], [1, 1, 3, 3], output_shape=[0, 5])


# BIAS: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): conv bias must have shape [3]
def bias_size():
    return bad([1, 2, 3, 3], [2, 3, 3, 3], [2])


# MIXED: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): operands must have one element type
def mixed_types():
    return single("ConvTranspose", [("x", "f32", [1, 1, 3, 3]), ("w", "f16", [1, 1, 3, 3])],
                  [("y", "f32", 4)], check=False)


# STRTYPE: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): attribute 'strides' must be a list of ints
def strides_not_ints():
    m = bad([1, 1, 3, 3], [1, 1, 3, 3])
    m.graph.node[0].attribute.append(helper.make_attribute("strides", 2))
    return m


# GROUPTYPE: error: {{.*}}node 'convtranspose_0' (ConvTranspose, opset 13): attribute 'group' must be an int
def group_not_int():
    m = bad([1, 1, 3, 3], [1, 1, 3, 3])
    m.graph.node[0].attribute.append(helper.make_attribute("group", [1]))
    return m


main({f.__name__: f for f in [
    defaults, strides_output_padding, groups, dilations, pads, same_upper, same_lower, valid,
    output_shape, output_shape_nc, output_shape_larger, conv1d, conv3d,
    weight_channels, group_not_dividing, group_zero, output_padding_too_large,
    output_padding_negative, strides_length, dilations_length, pads_length,
    output_padding_length, output_shape_length, negative_pads, kernel_shape_mismatch,
    zero_stride, zero_dilation, bad_auto_pad, rank_2, rank_mismatch, pads_leave_nothing,
    output_shape_zero, bias_size, mixed_types, strides_not_ints, group_not_int]})
