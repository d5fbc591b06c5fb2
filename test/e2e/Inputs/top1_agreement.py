"""top1_agreement.py INT.so FAKE.so IMAGES.gz LABELS.gz [--normalize MEAN,STD]:
runs both compiled models over every image of an IDX file (scaled by 1/255,
then (x - MEAN) / STD as qat-train normalizes Fashion-MNIST; the last batch
padded with zeros and its padding ignored) and prints how many top-1
predictions agree, each model's accuracy, and the largest output difference
relative to the largest fake-quant output."""
import gzip
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from gradcheck import Library  # noqa: E402


def idx(path):
    with gzip.open(path) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    int_lib, fake_lib = Library(sys.argv[1]), Library(sys.argv[2])
    images = idx(sys.argv[3]).astype(np.float32)[:, None] / 255
    if len(sys.argv) > 6 and sys.argv[5] == "--normalize":
        mean, std = (np.float32(v) for v in sys.argv[6].split(","))
        images = (images - mean) / std
    labels = idx(sys.argv[4]).astype(np.int64)
    batch = int_lib.functions["main_graph"][1][0][2][0]
    agree = correct_int = correct_fake = 0
    worst = 0.0
    for start in range(0, len(images), batch):
        x = images[start:start + batch]
        n = len(x)
        if n < batch:
            x = np.concatenate([x, np.zeros((batch - n,) + x.shape[1:], np.float32)])
        yi = int_lib.call("main_graph", [x])[0][:n]
        yf = fake_lib.call("main_graph", [x])[0][:n]
        agree += int((yi.argmax(1) == yf.argmax(1)).sum())
        correct_int += int((yi.argmax(1) == labels[start:start + n]).sum())
        correct_fake += int((yf.argmax(1) == labels[start:start + n]).sum())
        worst = max(worst, float(np.abs(yi - yf).max() / np.abs(yf).max()))
    total = len(images)
    print("top-1 agreement %d of %d (%.2f%%)" % (agree, total, 100.0 * agree / total))
    print("accuracy: integer %.2f%%, fake-quant %.2f%%" % (100.0 * correct_int / total,
                                                          100.0 * correct_fake / total))
    print("largest output difference %.2g of the largest output" % worst)
    if agree * 1000 < 995 * total:
        sys.exit("top1_agreement: below 99.5%")


if __name__ == "__main__":
    main()
