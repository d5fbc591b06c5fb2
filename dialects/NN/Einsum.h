//===- Einsum.h - nn.einsum equations ---------------------------*- C++ -*-===//
//
// nn.einsum holds an explicit equation without ellipsis ("ab,bc->ac"): one
// letter per operand dim, the output's letters unique and each found in
// some input. A letter repeated within one operand takes its diagonal.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_DIALECTS_NN_EINSUM_H
#define QAT_DIALECTS_NN_EINSUM_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <map>
#include <optional>
#include <string>

namespace qat::nn {
struct EinsumEquation {
  llvm::SmallVector<std::string> inputs;
  std::string output;
  /// Every letter, the output's first (in their order), then the summed
  /// ones in order of first appearance: the loop order of the contraction.
  std::string loops;
};

/// Parses an explicit equation and checks it against the operand shapes;
/// fills `sizes` (letter -> length) and returns the output shape, or the
/// reason it is not valid.
std::optional<std::string> checkEinsum(llvm::StringRef equation,
                                       llvm::ArrayRef<llvm::ArrayRef<int64_t>> shapes,
                                       EinsumEquation &parsed, std::map<char, int64_t> &sizes,
                                       llvm::SmallVectorImpl<int64_t> &outputShape);
} // namespace qat::nn

#endif // QAT_DIALECTS_NN_EINSUM_H
