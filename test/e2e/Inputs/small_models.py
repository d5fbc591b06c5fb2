#!/usr/bin/python3
"""Small torchvision models (random weights) for the integer tests, so that
they compile in seconds:

  small_regnet      torchvision's RegNet class with regnet_x_400mf's 22
                    blocks (depths 1, 2, 7, 12) of grouped 3x3 convolutions
                    (groups of 8 channels) and residual adds, on widths of 8
                    to 64 channels, a 32x32 input;
  small_squeezenet  squeezenet1_1's fire modules (concatenations of a 1x1
                    and a 3x3 expansion after ReLU) at full width on a 64x64
                    input, 10 classes;
  small_shufflenet  shufflenet_v2_x0_5 (channel splits, concatenations and
                    channel shuffles) on a 64x64 input, 10 classes.

    small_models.py DIR NAME   # writes DIR/NAME.onnx and DIR/NAME_x.npy
"""
import io
import os
import sys
import warnings

import numpy as np
import torch
from torchvision.models.regnet import BlockParams, RegNet
from torchvision.models.shufflenetv2 import ShuffleNetV2
from torchvision.models.squeezenet import SqueezeNet


def build(name):
    if name == "small_regnet":
        blocks = BlockParams(depths=[1, 2, 7, 12], widths=[8, 16, 32, 64],
                             group_widths=[8] * 4, bottleneck_multipliers=[1.0] * 4,
                             strides=[2] * 4, se_ratio=None)
        return RegNet(blocks, num_classes=10, stem_width=8), (1, 3, 32, 32)
    if name == "small_squeezenet":
        return SqueezeNet(version="1_1", num_classes=10), (1, 3, 64, 64)
    if name == "small_shufflenet":
        return ShuffleNetV2([4, 8, 4], [24, 48, 96, 192, 1024], num_classes=10), (1, 3, 64, 64)
    sys.exit("small_models: unknown model '%s'" % name)


def main():
    out, name = sys.argv[1], sys.argv[2]
    torch.manual_seed(0)
    torch.set_num_threads(1)
    model, shape = build(name)
    model.eval()
    x = torch.randn(*shape)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        buf = io.BytesIO()
        torch.onnx.export(model, x, buf, opset_version=13, input_names=["input"],
                          output_names=["output"])
    with open(os.path.join(out, name + ".onnx"), "wb") as f:
        f.write(buf.getvalue())
    np.save(os.path.join(out, name + "_x.npy"), x.numpy())


if __name__ == "__main__":
    main()
