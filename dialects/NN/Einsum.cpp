//===- Einsum.cpp - nn.einsum equations ------------------------------------===//
#include "dialects/NN/Einsum.h"

#include "llvm/ADT/StringExtras.h"

using namespace qat::nn;

std::optional<std::string>
qat::nn::checkEinsum(llvm::StringRef equation, llvm::ArrayRef<llvm::ArrayRef<int64_t>> shapes,
                     EinsumEquation &parsed, std::map<char, int64_t> &sizes,
                     llvm::SmallVectorImpl<int64_t> &outputShape) {
  auto [lhs, rhs] = equation.split("->");
  if (rhs.size() + lhs.size() + 2 != equation.size())
    return "the equation must be explicit: inputs '->' output";
  llvm::SmallVector<llvm::StringRef> terms;
  lhs.split(terms, ',');
  if (terms.size() != shapes.size())
    return "the equation names " + std::to_string(terms.size()) + " inputs, the op has " +
           std::to_string(shapes.size());
  parsed = {};
  sizes.clear();
  for (auto [term, shape] : llvm::zip(terms, shapes)) {
    if (term.size() != shape.size())
      return "term '" + term.str() + "' has " + std::to_string(term.size()) +
             " letters for an operand of rank " + std::to_string(shape.size());
    for (auto [letter, size] : llvm::zip(term, shape)) {
      if (!llvm::isAlpha(letter))
        return std::string("'") + letter + "' is not a letter";
      auto [it, inserted] = sizes.insert({letter, size});
      if (!inserted && it->second != size)
        return std::string("letter '") + letter + "' stands for lengths " +
               std::to_string(it->second) + " and " + std::to_string(size);
      if (inserted)
        parsed.loops.push_back(letter);
    }
    parsed.inputs.push_back(term.str());
  }
  parsed.output = rhs.str();
  outputShape.clear();
  std::string summed = parsed.loops;
  for (char letter : rhs) {
    auto it = sizes.find(letter);
    if (it == sizes.end())
      return std::string("output letter '") + letter + "' is in no input";
    if (llvm::count(rhs, letter) != 1)
      return std::string("output letter '") + letter + "' repeats";
    outputShape.push_back(it->second);
    summed.erase(summed.find(letter), 1);
  }
  parsed.loops = rhs.str() + summed;
  return std::nullopt;
}
