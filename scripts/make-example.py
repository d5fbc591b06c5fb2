#!/usr/bin/python3
"""Builds the bundled example: a small Fashion-MNIST-shaped CNN.

    scripts/make-example.py [--out-dir examples] [--index 0]

Writes (all small, committed):
  small_cnn.onnx            the model, random weights (torch.manual_seed(0)),
                            exported by torch.onnx.export at opset 13 with
                            do_constant_folding=True (BatchNorm folds into Conv);
                            input 'input' 1x1x28x28 f32, output 'logits' 1x10
  small_cnn_input_0.pb      one Fashion-MNIST test image as an ONNX TensorProto
                            (float32, 1x1x28x28, pixels scaled to [0, 1])
  small_cnn_input_0.label   its label: the class index (0-9) on one line
  small_cnn_output_0.pb     PyTorch's logits for that image (a reference for
                            end-to-end tests; untrained, so not a prediction)

Architecture: [conv3x3(pad 1) - batchnorm - relu - maxpool2] x 2 (1->8->16
channels, 28->14->7), flatten, linear 784->10.
Fashion-MNIST classes: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat,
5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot.
"""
import argparse
import gzip
import io
import os
import struct
import sys
import warnings

import numpy as np
import onnx
from onnx import numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATASET = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    """An IDX file (optionally gzip'ed) as a numpy array."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError("%s: not an unsigned-byte IDX file" % path)
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def build(torch):
    nn = torch.nn

    class SmallCNN(nn.Module):
        def __init__(self):
            super().__init__()
            self.features = nn.Sequential(
                nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(8, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2))
            self.classifier = nn.Linear(16 * 7 * 7, 10)

        def forward(self, x):
            return self.classifier(torch.flatten(self.features(x), 1))

    torch.manual_seed(0)
    model = SmallCNN()
    # Non-trivial BatchNorm statistics, so the folded convolution differs
    # from the raw one.
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.5, 1.5)
    return model.eval()


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out-dir", default=os.path.join(ROOT, "examples"))
    ap.add_argument("--index", type=int, default=0, help="test-set image to save")
    ap.add_argument("--dataset", default=DATASET)
    args = ap.parse_args()

    import torch
    torch.set_num_threads(1)
    os.makedirs(args.out_dir, exist_ok=True)
    model = build(torch)

    images = read_idx(os.path.join(args.dataset, "t10k-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(args.dataset, "t10k-labels-idx1-ubyte.gz"))
    image = (images[args.index].astype(np.float32) / 255.0).reshape(1, 1, 28, 28)
    label = int(labels[args.index])

    onnx_path = os.path.join(args.out_dir, "small_cnn.onnx")
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        buf = io.BytesIO()
        torch.onnx.export(model, torch.zeros(1, 1, 28, 28), buf, opset_version=13,
                          do_constant_folding=True, input_names=["input"],
                          output_names=["logits"])
        logits = model(torch.from_numpy(image)).numpy()
    exported = onnx.load_from_string(buf.getvalue())
    exported.producer_name = "qat-mlir scripts/make-example.py"
    exported.doc_string = ("Small Fashion-MNIST-shaped CNN with random weights "
                           "(torch.manual_seed(0)); see scripts/make-example.py")
    onnx.checker.check_model(exported)
    onnx.save(exported, onnx_path)

    with open(os.path.join(args.out_dir, "small_cnn_input_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(image, "input").SerializeToString())
    with open(os.path.join(args.out_dir, "small_cnn_input_0.label"), "w") as f:
        f.write("%d\n" % label)
    with open(os.path.join(args.out_dir, "small_cnn_output_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(logits.astype(np.float32), "logits").SerializeToString())
    print("wrote %s (%d bytes), input image %d (label %d), reference logits" % (
        onnx_path, os.path.getsize(onnx_path), args.index, label))
    return 0


if __name__ == "__main__":
    sys.exit(main())
