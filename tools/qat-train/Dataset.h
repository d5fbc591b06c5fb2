//===- Dataset.h - training and test data for qat-train ---------*- C++ -*-===//
#ifndef QAT_TOOLS_QATTRAIN_DATASET_H
#define QAT_TOOLS_QATTRAIN_DATASET_H

#include <cstdint>
#include <string>
#include <vector>

namespace qat::train {

/// Samples as float32 rows of `sampleSize` values and integer labels.
struct Dataset {
  std::vector<float> x;
  std::vector<int64_t> y;
  int64_t count = 0, sampleSize = 0;
};

/// Fashion-MNIST (or MNIST) from `dir`: {train,t10k}-{images-idx3,labels-idx1}-ubyte
/// [.gz], pixels scaled by 1/255.
bool loadFashionMnist(const std::string &dir, bool train, Dataset &data, std::string &error);

/// Samples [N, ...] (float32) and labels [N] (any integer type) from .npy files.
bool loadNpyPair(const std::string &xPath, const std::string &yPath, Dataset &data,
                 std::string &error);

/// (x - mean) / std on every value.
void normalize(Dataset &data, float mean, float std);

/// Checks the data against a model input of `sampleSize` values and
/// `classes` outputs; `what` names the split in the error.
bool checkDataset(const Dataset &data, int64_t sampleSize, int64_t classes,
                  const std::string &what, std::string &error);

/// The order of the samples in `epoch`: a Fisher-Yates shuffle driven by a
/// std::mt19937_64 seeded from (seed, epoch), the same on every machine.
std::vector<int64_t> epochOrder(int64_t count, uint64_t seed, int64_t epoch);

} // namespace qat::train

#endif // QAT_TOOLS_QATTRAIN_DATASET_H
