"""Inputs of Inputs/ints.mlir in DIR (argv[1]): x.npy (int64), y.pb (int8 in int32_data)."""
import os
import sys

import numpy as np
from onnx import TensorProto, helper

d = sys.argv[1]
os.makedirs(d, exist_ok=True)
np.save(os.path.join(d, "x.npy"), np.array([[1, -2, 3], [2**40, 5, -6]], dtype=np.int64))
with open(os.path.join(d, "y.pb"), "wb") as f:
    f.write(helper.make_tensor("y", TensorProto.INT8, [3], [-3, 4, 11]).SerializeToString())
