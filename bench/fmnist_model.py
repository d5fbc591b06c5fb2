"""The "training example model" of qat-mlir and the Fashion-MNIST reader.

Shared by scripts/make-train-example.py (ONNX export) and bench/torch_qat.py
(the PyTorch reference of the QAT recipe).

Architecture (input [N, 1, 28, 28] float32, output logits [N, 10]):

    conv1 Conv2d(1->32, 3x3, pad 1) - bn1 BatchNorm2d(32) - relu1 - pool1 MaxPool(2)   28 -> 14
    conv2 Conv2d(32->64, 3x3, pad 1) - bn2 BatchNorm2d(64) - relu2 - pool2 MaxPool(2)  14 -> 7
    flatten (64*7*7 = 3136) - fc1 Linear(3136->256) - relu3 - fc2 Linear(256->10)

Default PyTorch initialisation after torch.manual_seed(seed) (modules are
created in the order above, so the parameters are a function of the seed).
"""
import gzip
import os
import struct

import numpy as np
import torch
from torch import nn

DATASET = "/usr/share/datasets/fashion-mnist"
# Normalisation of the pixels: x/255, then (x - MEAN) / STD (float32).
MEAN = 0.2860
STD = 0.3530


def read_idx(path):
    """An IDX file (optionally gzip'ed, unsigned bytes) as a numpy array."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError("%s: not an unsigned-byte IDX file" % path)
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def normalize(images_u8):
    """uint8 [N, 28, 28] -> float32 [N, 1, 28, 28]: (x/255 - MEAN) / STD,
    every operation in float32 (x/255 first, then subtract, then divide)."""
    x = images_u8.astype(np.float32) / np.float32(255.0)
    x = (x - np.float32(MEAN)) / np.float32(STD)
    return x.reshape(-1, 1, 28, 28)


def load_fmnist(dataset=DATASET):
    """(train_x, train_y, test_x, test_y): normalised float32 images
    [N, 1, 28, 28] and int64 labels."""
    def part(images, labels):
        x = normalize(read_idx(os.path.join(dataset, images)))
        y = read_idx(os.path.join(dataset, labels)).astype(np.int64)
        return x, y
    trx, tr_y = part("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")
    tex, te_y = part("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
    return trx, tr_y, tex, te_y


class FmnistCNN(nn.Module):
    """conv1-bn1-relu1-pool1, conv2-bn2-relu2-pool2, flatten, fc1-relu3, fc2."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(32)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(64)
        self.relu2 = nn.ReLU()
        self.pool2 = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(64 * 7 * 7, 256)
        self.relu3 = nn.ReLU()
        self.fc2 = nn.Linear(256, 10)

    def forward(self, x):
        x = self.pool1(self.relu1(self.bn1(self.conv1(x))))
        x = self.pool2(self.relu2(self.bn2(self.conv2(x))))
        x = self.flatten(x)
        return self.fc2(self.relu3(self.fc1(x)))


def build_model(seed=0):
    """The training example model: torch.manual_seed(seed), then default
    PyTorch init (modules created in the order above); train mode."""
    torch.manual_seed(seed)
    return FmnistCNN()
