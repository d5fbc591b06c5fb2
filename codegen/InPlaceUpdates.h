//===- InPlaceUpdates.h - results that are their arguments' new values -*- C++ -*-===//
#ifndef QAT_CODEGEN_INPLACEUPDATES_H
#define QAT_CODEGEN_INPLACEUPDATES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <vector>

namespace qat::codegen {
/// The function attribute qat-update-inputs-in-place sets on a C ABI entry
/// point: per result, the argument it updates or -1.
inline constexpr llvm::StringLiteral kUpdatedInputsAttr = "qat.updated_inputs";

/// Per result of `func`: the index of the argument it is the new value of
/// (same `qat.name`, same type), or -1. An argument is updated by at most
/// one result (the first one named after it).
std::vector<int64_t> updatedInputs(mlir::func::FuncOp func);
} // namespace qat::codegen

#endif // QAT_CODEGEN_INPLACEUPDATES_H
