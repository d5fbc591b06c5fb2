//===- tensorfile-test.cpp - drive runtime/TensorFile from lit tests -------===//
//
//   qat-tensorfile-test in.(pb|npy)                  print "dtype shape 'name'"
//   qat-tensorfile-test in.(pb|npy) out.pb out.npy   also write both formats,
//                                                    read them back, compare
//
// A reader error is one line on stderr and exit status 1, as in qat-run. The
// lit tests then compare the written files with numpy/onnx (exact).
//
//===----------------------------------------------------------------------===//
#include "runtime/TensorFile.h"

#include <cstdio>

static int fail(const std::string &message) {
  std::fprintf(stderr, "qat-tensorfile-test: error: %s\n", message.c_str());
  return 1;
}

static bool same(const qat::Tensor &a, const qat::Tensor &b) {
  return a.dtype == b.dtype && a.shape == b.shape && a.data == b.data;
}

int main(int argc, char **argv) {
  if (argc != 2 && argc != 4)
    return fail("usage: qat-tensorfile-test in [out.pb out.npy]");
  qat::Tensor tensor, back;
  std::string error;
  if (!qat::readTensorFile(argv[1], tensor, error))
    return fail(error);
  std::printf("%s %s '%s'\n", qat::dtypeName(tensor.dtype).c_str(),
              qat::shapeString(tensor.shape).c_str(), tensor.name.c_str());
  if (argc == 2)
    return 0;

  if (!qat::writeTensorProto(argv[2], tensor, error))
    return fail(error);
  if (!qat::readTensorProto(argv[2], back, error))
    return fail(error);
  if (!same(tensor, back) || back.name != tensor.name)
    return fail(std::string(argv[2]) + ": differs from the tensor written");

  bool written = qat::writeNpy(argv[3], tensor, error);
  if (tensor.dtype == 16) // bfloat16 has no NumPy dtype: the writer must refuse
    return written ? fail("wrote bfloat16 as .npy") : 0;
  if (!written)
    return fail(error);
  if (!qat::readNpy(argv[3], back, error))
    return fail(error);
  if (!same(tensor, back))
    return fail(std::string(argv[3]) + ": differs from the tensor written");
  return 0;
}
