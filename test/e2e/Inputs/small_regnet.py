#!/usr/bin/python3
"""A small RegNet (torchvision's RegNet class, random weights) for the
integer tests: regnet_x_400mf's 22 blocks (depths 1, 2, 7, 12) of grouped
3x3 convolutions (groups of 8 channels) and residual adds, on widths of 8
to 64 channels and a 32x32 input, so that it compiles in seconds.

    small_regnet.py DIR   # writes DIR/small_regnet.onnx and DIR/small_regnet_x.npy
"""
import io
import os
import sys
import warnings

import numpy as np
import torch
from torchvision.models.regnet import BlockParams, RegNet


def main():
    out = sys.argv[1]
    torch.manual_seed(0)
    torch.set_num_threads(1)
    blocks = BlockParams(depths=[1, 2, 7, 12], widths=[8, 16, 32, 64], group_widths=[8] * 4,
                         bottleneck_multipliers=[1.0] * 4, strides=[2] * 4, se_ratio=None)
    model = RegNet(blocks, num_classes=10, stem_width=8).eval()
    x = torch.randn(1, 3, 32, 32)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        buf = io.BytesIO()
        torch.onnx.export(model, x, buf, opset_version=13, input_names=["input"],
                          output_names=["output"])
    with open(os.path.join(out, "small_regnet.onnx"), "wb") as f:
        f.write(buf.getvalue())
    np.save(os.path.join(out, "small_regnet_x.npy"), x.numpy())


if __name__ == "__main__":
    main()
