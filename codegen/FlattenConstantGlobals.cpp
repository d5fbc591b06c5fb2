//===- FlattenConstantGlobals.cpp - one-dimensional weight globals --------===//
//
// mlir::LLVM::ModuleTranslation converts a dense initializer row by row of
// its innermost dimension, so the [F, C, 1, 1] weights of pointwise
// convolutions became hundreds of thousands of uniqued one-element LLVM
// arrays (35 s of a mobilenet_v2 training step's 100 s compile). A
// one-dimensional initializer is a single ConstantDataArray of raw bytes.
//
//===----------------------------------------------------------------------===//
#include "codegen/Passes.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"

namespace qat::codegen {
#define GEN_PASS_DEF_FLATTENCONSTANTGLOBALS
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;

namespace {
struct FlattenConstantGlobals
    : qat::codegen::impl::FlattenConstantGlobalsBase<FlattenConstantGlobals> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::DenseMap<StringAttr, MemRefType> flattened; // global -> its old type
    for (auto global : module.getOps<memref::GlobalOp>()) {
      MemRefType type = global.getType();
      auto init = dyn_cast_or_null<DenseElementsAttr>(global.getInitialValueAttr());
      if (type.getRank() < 2 || !type.hasStaticShape() || !type.getLayout().isIdentity() || !init)
        continue;
      auto flatType = MemRefType::get({type.getNumElements()}, type.getElementType(),
                                      MemRefLayoutAttrInterface(), type.getMemorySpace());
      auto flatTensor = RankedTensorType::get({type.getNumElements()}, type.getElementType());
      global.setType(flatType);
      global.setInitialValueAttr(init.reshape(flatTensor));
      flattened[global.getSymNameAttr()] = type;
    }
    if (flattened.empty())
      return;
    module.walk([&](memref::GetGlobalOp get) {
      auto it = flattened.find(get.getNameAttr().getAttr());
      if (it == flattened.end())
        return;
      MemRefType type = it->second;
      OpBuilder b(get);
      auto flat = memref::GetGlobalOp::create(
          b, get.getLoc(),
          MemRefType::get({type.getNumElements()}, type.getElementType(),
                          MemRefLayoutAttrInterface(), type.getMemorySpace()),
          get.getName());
      SmallVector<ReassociationIndices> all(1);
      for (int64_t d = 0; d < type.getRank(); ++d)
        all[0].push_back(d);
      auto shaped = memref::ExpandShapeOp::create(b, get.getLoc(), type, flat, all);
      get.replaceAllUsesWith(shaped.getResult());
      get.erase();
    });
  }
};
} // namespace
