"""Writes one small model per kernel configuration into DIR (argv[1]):
DIR/<case>/model.onnx, input_0.npy and ref/output_0.npy (PyTorch's output),
and prints the case names. The cases cover what the runtime kernels and the
epilogues they absorb handle: depthwise convolutions (strides 1 and 2,
dilation, 3x3 and 5x5, widths below, at and above one 16-lane vector, with
and without bias), convolutions with a bias + ReLU / ReLU6 / residual add,
a pointwise (GEMM) convolution with ReLU6, stride-2 convolutions (7x7 with
padding, 1x1), channel counts that do not fill the 12-row micro-kernel, the
direct convolution of few input channels or one block of filters, stride-1
windows read in place, and grouped convolutions (per-group kernel calls for one image), and fully
connected layers at batch 1 (one-column kernels) and 5 (transposed stores),
and HardSwish after each kernel family.
"""
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
out_dir = sys.argv[1]


class Depthwise(nn.Module):
    def __init__(self, c, k, stride, dilation, bias, act):
        super().__init__()
        self.conv = nn.Conv2d(c, c, k, stride, dilation * (k // 2), dilation, groups=c, bias=bias)
        self.act = act

    def forward(self, x):
        return self.act(self.conv(x))


class Residual(nn.Module):
    """conv -> ReLU -> conv, + input, ReLU (a ResNet basic block)."""

    def __init__(self, c):
        super().__init__()
        self.a = nn.Conv2d(c, c, 3, padding=1)
        self.b = nn.Conv2d(c, c, 3, padding=1)

    def forward(self, x):
        return F.relu(self.b(F.relu(self.a(x))) + x)


class PointwiseResidual(nn.Module):
    """relu(conv1x1(x) + x)."""

    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 1)

    def forward(self, x):
        return F.relu(self.conv(x) + x)


class SqueezeExcitation(nn.Module):
    """conv1x1 -> HardSwish, then x * hardsigmoid(fc(relu(fc(avgpool(x))))):
    mobilenet_v3's block, whose scale and pool loop over [C, 49] rows
    (qat-keep-inner-loops keeps those inner loops for the vectorizer)."""

    def __init__(self, c, squeeze):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 1)
        self.fc1 = nn.Conv2d(c, squeeze, 1)
        self.fc2 = nn.Conv2d(squeeze, c, 1)

    def forward(self, x):
        x = F.hardswish(self.conv(x))
        s = F.adaptive_avg_pool2d(x, 1)
        s = F.hardsigmoid(self.fc2(F.relu(self.fc1(s))))
        return x * s


class Single(nn.Module):
    def __init__(self, conv, act):
        super().__init__()
        self.conv, self.act = conv, act

    def forward(self, x):
        return self.act(self.conv(x))


identity = nn.Identity()
cases = {
    "dw3_s1_w7": (Depthwise(8, 3, 1, 1, True, F.relu6), (1, 8, 7, 7)),
    "dw3_s1_w16_nobias": (Depthwise(4, 3, 1, 1, False, identity), (1, 4, 16, 16)),
    "dw3_s2_w33": (Depthwise(6, 3, 2, 1, True, F.relu6), (2, 6, 33, 35)),
    "dw5_s1_d2_w20": (Depthwise(5, 5, 1, 2, True, F.relu), (1, 5, 20, 19)),
    "dw5_s2_w28": (Depthwise(16, 5, 2, 1, True, identity), (1, 16, 28, 28)),
    # 5x5 stride 1 (its own AVX-512 plane): three column strips, the last
    # of 8, and a last row group of 1.
    "dw5_s1_w40": (Depthwise(4, 5, 1, 1, True, F.relu), (1, 4, 37, 40)),
    # Small stride-1 planes in strips across rows (depthwise_flat_avx512.c):
    # 5x5 on 7x7 at batch 2 without bias (4 strips, 4 planes at a time and
    # the rest one by one); 13 strips of a 14x14 plane, one plane at a time;
    # a row dilation on 6x5 (dw3_s1_w7 and dw3_s1_w16_nobias above take it
    # too).
    "dw5_s1_w7_batch2": (Depthwise(23, 5, 1, 1, False, identity), (2, 23, 7, 7)),
    "dw5_s1_w14_relu6": (Depthwise(5, 5, 1, 1, True, F.relu6), (1, 5, 14, 14)),
    "dw3_s1_d2_w5": (Single(nn.Conv2d(4, 4, 3, 1, (2, 1), dilation=(2, 1), groups=4), F.relu),
                     (1, 4, 6, 5)),
    # Max pooling (the pooling kernel): a ceil-mode window past the input,
    # padding, a ReLU before it; batch 2 of a 2x2 window.
    "maxpool3_s2_ceil": (Single(nn.ReLU(), lambda x: F.max_pool2d(x, 3, 2, ceil_mode=True)),
                         (1, 6, 37, 35)),
    "maxpool3_s1_p1": (Single(nn.MaxPool2d(3, 1, 1), identity), (1, 4, 19, 40)),
    "maxpool2_s2_batch2": (Single(nn.MaxPool2d(2, 2), identity), (2, 3, 16, 33)),
    "conv_residual_c20": (Residual(20), (1, 20, 15, 17)),
    "conv_relu6_s2_c13": (Single(nn.Conv2d(3, 13, 3, 2, 1), F.relu6), (2, 3, 23, 21)),
    "conv_relu_c64_k300": (Single(nn.Conv2d(300, 64, 3, padding=1), F.relu), (1, 300, 9, 9)),
    "pointwise_relu6": (Single(nn.Conv2d(24, 40, 1), F.relu6), (1, 24, 14, 14)),
    "conv7_s2_w37": (Single(nn.Conv2d(3, 16, 7, 2, 3), F.relu), (1, 3, 37, 40)),
    "conv1_s2_downsample": (Single(nn.Conv2d(16, 24, 1, 2), identity), (2, 16, 15, 15)),
    # Few input channels, or fewer than 24 filters (conv_direct_avx512.c):
    # 16-filter blocks (the last partial), strips inside the row (unmasked
    # loads) and at its ends, stride 1 with valid padding and with a row
    # dilation, a residual block of 3 channels.
    "stem3_s2_c40_w70": (Single(nn.Conv2d(3, 40, 3, 2, 1), F.relu6), (1, 3, 66, 75)),
    "stem5_s1_valid_c20": (Single(nn.Conv2d(4, 20, 5), F.relu), (1, 4, 19, 53)),
    "stem5_s1_d2x1_c20": (Single(nn.Conv2d(4, 20, 5, 1, (4, 2), dilation=(2, 1)), F.relu),
                          (1, 4, 19, 53)),
    "conv_residual_c3": (Residual(3), (1, 3, 20, 37)),
    # One block of 16 filters (conv_direct_avx512.c too): regnet's groups of
    # 16 on a 7x7 image (strips of 16 outputs across rows, the last of 1),
    # at stride 2 (strips per row); with a row dilation on 10x9 and a
    # residual block of 16 channels they are windows (conv_window_avx512.c).
    "grouped_g16_w7_relu": (Single(nn.Conv2d(64, 64, 3, 1, 1, groups=4), F.relu), (1, 64, 7, 7)),
    "grouped_g16_s2": (Single(nn.Conv2d(32, 32, 3, 2, 1, groups=2), identity), (1, 32, 15, 13)),
    "grouped_g16_d2x1": (Single(nn.Conv2d(32, 32, 3, 1, (2, 1), dilation=(2, 1), groups=2),
                                F.relu6), (1, 32, 10, 9)),
    "conv_residual_c16": (Residual(16), (1, 16, 9, 10)),
    # Pointwise convolutions on small images, computed as C^T = X^T W^T on
    # AVX-512 (sgemm.c): the bias along C^T's columns, a residual, two K
    # blocks (K = 300) with a last 6-column panel and an 8-row tile.
    "pointwise_c96_w7_relu": (Single(nn.Conv2d(40, 96, 1), F.relu), (1, 40, 7, 7)),
    "pointwise_residual_c96_w7": (PointwiseResidual(96), (1, 96, 7, 7)),
    "pointwise_k300_c70_relu6": (Single(nn.Conv2d(300, 70, 1), F.relu6), (1, 300, 4, 5)),
    # Convolutions computed pixel-major on AVX-512 (C^T = im2col^T W^T,
    # sgemm.c): a residual block on 7x7 (panels across output rows,
    # gathered), stride 2 down to 7x7, and 28-pixel rows at stride 1 and 2
    # (panels inside one row: masked loads; the last across two), their
    # reductions (K = 288) too long for the direct convolution.
    "conv_residual_c96_w7": (Residual(96), (1, 96, 7, 7)),
    "conv3_s2_c64_to_w7": (Single(nn.Conv2d(32, 64, 3, 2, 1), F.relu), (1, 32, 14, 14)),
    "conv3_s1_c64_w28": (Single(nn.Conv2d(32, 64, 3, 1, 1), F.relu6), (1, 32, 2, 28)),
    "conv3_s2_c64_w28": (Single(nn.Conv2d(32, 64, 3, 2, 1), identity), (1, 32, 4, 56)),
    # Stride-1 windows read in place (conv_window_avx512.c): a residual
    # block of 40 channels (tiles of 12 and a last of 4 rows; a last panel
    # of 31 outputs across rows), a 5x3 window with a row dilation and no
    # bias (20 filters over two K blocks: 8-row tiles; a last panel of 15:
    # one half), a batch of 2 with ReLU6, one K block of 8 channels.
    "window_residual_c40": (Residual(40), (1, 40, 15, 17)),
    "window_5x3_d2x1_nobias": (Single(nn.Conv2d(30, 20, (5, 3), 1, (4, 1), dilation=(2, 1),
                                                bias=False), identity), (1, 30, 11, 13)),
    "window_batch2_relu6": (Single(nn.Conv2d(32, 28, 3, 1, 1), F.relu6), (2, 32, 6, 40)),
    "window_c8_f32": (Single(nn.Conv2d(8, 32, 3, 1, 1), F.relu), (1, 8, 9, 50)),
    # Stride 2 as windows over four phase planes per channel: odd sizes
    # (a last zero row and column in the planes), two K blocks, a last
    # panel of 16; a column dilation of 2 without bias. Valid padding at
    # strides 2 and 1: output rows narrower than the planes', so panels run
    # inside rows (one of 10 outputs per row; 32 + 5).
    "window_s2_c40_odd": (Single(nn.Conv2d(40, 36, 3, 2, 1), F.relu), (1, 40, 29, 31)),
    "window_s2_d2_nobias": (Single(nn.Conv2d(8, 24, 3, 2, 2, dilation=2, bias=False), identity),
                            (1, 8, 20, 22)),
    "window_s2_valid": (Single(nn.Conv2d(8, 24, 3, 2, 0), F.relu), (1, 8, 20, 22)),
    "window_s1_valid": (Single(nn.Conv2d(16, 30, 3), F.relu6), (1, 16, 12, 39)),
    # Grouped: one image runs a kernel convolution per group (channel slices
    # of the buffers, the bias + ReLU fused per group); a batch takes loops.
    "grouped_g4_relu": (Single(nn.Conv2d(32, 48, 3, 1, 1, groups=4), F.relu), (1, 32, 13, 11)),
    "grouped_g3_s2_batch2": (Single(nn.Conv2d(12, 6, 3, 2, 1, groups=3), identity), (2, 12, 9, 9)),
    # Fully connected (x W^T): batch 1 is computed as C^T = W x^T by the
    # one-column kernels (70 rows: a partial 64-row panel; K = 300: two K
    # blocks); larger batches run the wide kernels on the cached packed W^T,
    # batch 29 with two full 12-row A panels packed by transposes (the second
    # K block's 44 columns: two 16-column transposes and 12 single columns)
    # and a partial one.
    "fc_batch1_relu": (Single(nn.Linear(300, 70), F.relu), (1, 300)),
    "fc_batch5": (Single(nn.Linear(300, 70), identity), (5, 300)),
    "fc_batch29": (Single(nn.Linear(300, 70), identity), (29, 300)),
    # ConvTranspose = zero insertion + border pad + the ordinary convolution
    # kernel on the flipped, channel-swapped weight (a U-Net/FCN upsampler;
    # grouped with output_padding; dilated with a crop).
    "deconv_s2_g2_op1": (Single(nn.ConvTranspose2d(8, 6, 3, 2, 1, output_padding=1, groups=2),
                                F.relu), (1, 8, 7, 9)),
    "deconv_s3_d2_batch2": (Single(nn.ConvTranspose2d(5, 4, 4, 3, 2, dilation=2), identity),
                            (2, 5, 6, 5)),
    # HardSwish (mobilenet_v3) after each kernel family, in place on its
    # output: the direct convolution of a stem, a pointwise GEMM (full-width
    # rows and edge tiles), its pixel-major form on 7x7 (two K blocks),
    # depthwise in flat strips and in rows at stride 2, and a batch-1 fully
    # connected layer.
    "stem3_s2_c16_hswish": (Single(nn.Conv2d(3, 16, 3, 2, 1), F.hardswish), (2, 3, 30, 33)),
    "pointwise_hswish": (Single(nn.Conv2d(24, 40, 1), F.hardswish), (1, 24, 14, 15)),
    "pointwise_k300_w7_hswish": (Single(nn.Conv2d(300, 72, 1), F.hardswish), (1, 300, 7, 7)),
    "dw3_s1_w14_hswish": (Depthwise(16, 3, 1, 1, True, F.hardswish), (1, 16, 14, 14)),
    "dw5_s2_w28_hswish": (Depthwise(24, 5, 2, 1, True, F.hardswish), (1, 24, 28, 28)),
    "fc_batch1_hswish": (Single(nn.Linear(300, 70), F.hardswish), (1, 300)),
    "se_w7_batch2": (SqueezeExcitation(40, 16), (2, 40, 7, 7)),
}
for name, (model, shape) in cases.items():
    d = os.path.join(out_dir, name)
    os.makedirs(os.path.join(d, "ref"), exist_ok=True)
    model.eval()
    x = torch.randn(*shape)
    with torch.no_grad():
        y = model(x)
    torch.onnx.export(model, x, os.path.join(d, "model.onnx"), opset_version=17)
    np.save(os.path.join(d, "input_0.npy"), x.numpy())
    np.save(os.path.join(d, "ref", "output_0.npy"), y.numpy())
    print(name)
