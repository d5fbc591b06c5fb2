"""PyTorch models at batch 3 for batch-split.test, each also at batch 1.

    batch_split.py DIR            export DIR/<case>/{b3,b1}.onnx, x.npy (3
                                  images), x0..x2.npy (one each) and the
                                  PyTorch output want.npy; print the names
    batch_split.py --check DIR    compare DIR/<case>/split/output_0.npy (the
                                  batch-3 library) with PyTorch and, bit for
                                  bit, with the batch-1 library's outputs of
                                  the three images (DIR/<case>/one<i>/)

Separable: a CNN (conv, batch norm, ReLU, pooling, flatten, linear,
softmax), a channel shuffle with a concatenation of slices, a transformer
encoder block (multi-head attention merges the batch with the heads).
Not separable: a layer that subtracts the batch mean.
"""
import os
import sys
import warnings

import numpy as np
import torch
from torch import nn

BATCH = 3


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
            nn.Linear(16, 10))

    def forward(self, x):
        return torch.softmax(self.body(x), dim=1)


class Shuffle(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 1)
        self.dw = nn.Conv2d(4, 4, 3, padding=1, groups=4)

    def forward(self, x):
        y = self.conv(x)
        a, b = y[:, :4], y[:, 4:]
        y = torch.cat([a, torch.relu(self.dw(b))], dim=1)
        n, c, h, w = y.shape
        return y.view(n, 2, c // 2, h, w).transpose(1, 2).reshape(n, c, h, w)


class BatchMean(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        y = self.conv(x)
        return y - y.mean(dim=0, keepdim=True)


def cases():
    from torchvision.models.vision_transformer import EncoderBlock
    torch.manual_seed(0)
    return {
        "cnn": (Cnn(), (3, 16, 16)),
        "shuffle": (Shuffle(), (3, 10, 12)),
        "encoder": (EncoderBlock(2, 16, 32, 0.0, 0.0), (7, 16)),
        "batch_mean": (BatchMean(), (3, 8, 8)),
    }


def export(model, x, path):
    # Not under no_grad: PyTorch 1.13's fused attention path has no export.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, x, path, opset_version=17, input_names=["input"],
                          output_names=["output"], do_constant_folding=True)


def write(d):
    torch.set_num_threads(1)
    for name, (model, shape) in cases().items():
        model = model.eval()
        with torch.no_grad():  # batch-norm statistics that are not 0 and 1
            for m in model.modules():
                if isinstance(m, nn.BatchNorm2d):
                    m.running_mean.uniform_(-0.5, 0.5)
                    m.running_var.uniform_(0.5, 2.0)
        out = os.path.join(d, name)
        os.makedirs(out, exist_ok=True)
        x = torch.randn(BATCH, *shape, generator=torch.Generator().manual_seed(1))
        export(model, x, os.path.join(out, "b3.onnx"))
        export(model, x[:1], os.path.join(out, "b1.onnx"))
        np.save(os.path.join(out, "x.npy"), x.numpy())
        for i in range(BATCH):
            np.save(os.path.join(out, "x%d.npy" % i), x[i:i + 1].numpy())
        with torch.no_grad():
            np.save(os.path.join(out, "want.npy"), model(x).numpy())
        print(name)


def check(d):
    for name in cases():
        out = os.path.join(d, name)
        got = np.load(os.path.join(out, "split", "output_0.npy"))
        want = np.load(os.path.join(out, "want.npy"))
        err = float(np.max(np.abs(got - want)) / max(1.0, float(np.max(np.abs(want)))))
        report = "%s: torch %s" % (name, "ok" if got.shape == want.shape and err < 1e-5
                                    else "FAILED (rel %.3g)" % err)
        if name != "batch_mean":
            images = np.concatenate([np.load(os.path.join(out, "one%d" % i, "output_0.npy"))
                                     for i in range(BATCH)])
            report += ", per image %s" % ("same bits" if np.array_equal(got, images)
                                          else "FAILED")
        print(report)


if __name__ == "__main__":
    if sys.argv[1] == "--check":
        check(sys.argv[2])
    else:
        write(sys.argv[1])
