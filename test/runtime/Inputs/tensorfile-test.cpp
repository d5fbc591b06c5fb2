//===- tensorfile-test.cpp - drive runtime/TensorFile from lit tests -------===//
//
//   qat-tensorfile-test in.(pb|npy)                  print "dtype shape 'name'"
//   qat-tensorfile-test in.(pb|npy) out.pb out.npy   also write both formats,
//                                                    read them back, compare
//   qat-tensorfile-test in out.pb out.npy in2 ...    the same for each triple
//                                                    (one process: the round
//                                                    trip test runs 242)
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

/// Reads `in`, writes it as `outPb` and `outNpy`, reads both back.
static int roundTrip(const char *in, const char *outPb, const char *outNpy) {
  qat::Tensor tensor, back;
  std::string error;
  if (!qat::readTensorFile(in, tensor, error))
    return fail(error);
  std::printf("%s %s '%s'\n", qat::dtypeName(tensor.dtype).c_str(),
              qat::shapeString(tensor.shape).c_str(), tensor.name.c_str());
  if (!outPb)
    return 0;

  if (!qat::writeTensorProto(outPb, tensor, error))
    return fail(error);
  if (!qat::readTensorProto(outPb, back, error))
    return fail(error);
  if (!same(tensor, back) || back.name != tensor.name)
    return fail(std::string(outPb) + ": differs from the tensor written");

  bool written = qat::writeNpy(outNpy, tensor, error);
  if (tensor.dtype == 16) // bfloat16 has no NumPy dtype: the writer must refuse
    return written ? fail("wrote bfloat16 as .npy") : 0;
  if (!written)
    return fail(error);
  if (!qat::readNpy(outNpy, back, error))
    return fail(error);
  if (!same(tensor, back))
    return fail(std::string(outNpy) + ": differs from the tensor written");
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 2)
    return roundTrip(argv[1], nullptr, nullptr);
  if (argc < 4 || (argc - 1) % 3)
    return fail("usage: qat-tensorfile-test in [out.pb out.npy [in out.pb out.npy ...]]");
  for (int i = 1; i < argc; i += 3)
    if (int status = roundTrip(argv[i], argv[i + 1], argv[i + 2]))
      return status;
  return 0;
}
