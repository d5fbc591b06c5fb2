//===- ProfileLayers.cpp - per-layer timers (qat-compile --profile) --------===//
//
// Two passes. qat-record-layers runs first, while the ops are still the
// ONNX nodes (nn / qat ops named by the importer's NameLoc), and keeps each
// node's name, op and multiply-adds in the module attribute `qat.layers`.
// qat-profile-layers runs on the bufferized model, after the kernels are
// placed: it cuts each public function's top-level ops into runs of one
// layer (the first node name in their locations, which the lowering
// carries through fusion and dispatch) and marks the start of each run and
// the returns with qat_prof_mark (runtime/kernels/profile.h); the table
// becomes the JSON string qat_profile_layers() returns.
//
//===----------------------------------------------------------------------===//
#include "codegen/Passes.h"

#include "dialects/NN/MultiplyAdds.h"
#include "dialects/NN/NNDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/Support/JSON.h"

namespace qat::codegen {
#define GEN_PASS_DEF_RECORDLAYERS
#define GEN_PASS_DEF_PROFILELAYERS
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;

namespace {
constexpr StringLiteral kLayersAttr = "qat.layers";

/// The first ONNX node name in `loc` (fused locations keep their parts in
/// order: the op the lowering started from first), or "".
StringRef nodeName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().getValue();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location part : fused.getLocations())
      if (StringRef name = nodeName(part); !name.empty())
        return name;
  if (auto call = dyn_cast<CallSiteLoc>(loc))
    return nodeName(call.getCallee());
  return "";
}

/// Ops that do not start a layer's time: allocation, views, constants.
bool isBookkeeping(Operation *op) {
  return isa<memref::AllocOp, memref::AllocaOp, memref::DeallocOp, memref::GetGlobalOp,
             arith::ConstantOp, ViewLikeOpInterface>(op);
}

struct RecordLayers : qat::codegen::impl::RecordLayersBase<RecordLayers> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    Builder b(module.getContext());
    // Per name, the node's op: the contraction if one op of that name has
    // multiply-adds, else an nn op over the quantizers' qat ops.
    struct Layer {
      std::string name, op;
      int64_t macs;
    };
    std::vector<Layer> layers;
    llvm::StringMap<size_t> index;
    module.walk([&](Operation *op) {
      StringRef name = nodeName(op->getLoc());
      if (name.empty() || isBookkeeping(op) || isa<func::FuncOp, ModuleOp>(op) ||
          op->hasTrait<OpTrait::IsTerminator>())
        return;
      StringRef opName = op->getName().getStringRef();
      int64_t macs = qat::nn::multiplyAdds(op);
      auto [it, inserted] = index.try_emplace(name, layers.size());
      if (inserted) {
        layers.push_back({name.str(), opName.str(), macs});
        return;
      }
      Layer &layer = layers[it->second];
      if (macs > layer.macs ||
          (!layer.macs && StringRef(layer.op).starts_with("qat.") && opName.starts_with("nn.")))
        layer = {name.str(), opName.str(), macs};
    });
    SmallVector<Attribute> attrs;
    for (const Layer &layer : layers)
      attrs.push_back(b.getDictionaryAttr(
          {b.getNamedAttr("name", b.getStringAttr(layer.name)),
           b.getNamedAttr("op", b.getStringAttr(layer.op)),
           b.getNamedAttr("macs", b.getI64IntegerAttr(layer.macs))}));
    module->setAttr(kLayersAttr, b.getArrayAttr(attrs));
  }
};

struct ProfileLayers : qat::codegen::impl::ProfileLayersBase<ProfileLayers> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = module.getContext();
    Location loc = module.getLoc();
    // The recorded layers, then the names only found here.
    llvm::json::Array table;
    llvm::StringMap<int32_t> ids;
    if (auto recorded = module->getAttrOfType<ArrayAttr>(kLayersAttr))
      for (auto layer : recorded.getAsRange<DictionaryAttr>()) {
        StringRef name = layer.getAs<StringAttr>("name").getValue();
        ids[name] = table.size();
        table.push_back(llvm::json::Object{
            {"name", name.str()},
            {"op", layer.getAs<StringAttr>("op").getValue().str()},
            {"macs", layer.getAs<IntegerAttr>("macs").getInt()}});
      }
    auto idOf = [&](StringRef name) {
      auto [it, inserted] = ids.try_emplace(name, (int32_t)table.size());
      if (inserted)
        table.push_back(llvm::json::Object{{"name", name.str()}, {"op", ""}, {"macs", 0}});
      return it->second;
    };

    OpBuilder b(ctx);
    b.setInsertionPointToEnd(module.getBody());
    auto mark = func::FuncOp::create(b, loc, "qat_prof_mark",
                                     b.getFunctionType({b.getI32Type()}, {}));
    mark.setPrivate();
    auto markAt = [&](Operation *before, int32_t id) {
      OpBuilder at(before);
      Value v = arith::ConstantOp::create(at, before->getLoc(), at.getI32IntegerAttr(id));
      func::CallOp::create(at, before->getLoc(), mark, ValueRange{v});
    };
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isPrivate() || func.isExternal() || func == mark)
        continue;
      for (Block &block : func.getBody()) {
        int32_t running = -1;
        for (Operation &op : llvm::make_early_inc_range(block)) {
          if (op.hasTrait<OpTrait::ReturnLike>()) {
            markAt(&op, -1);
            continue;
          }
          StringRef name = nodeName(op.getLoc());
          if (name.empty() || isBookkeeping(&op))
            continue;
          int32_t id = idOf(name);
          if (id != running)
            markAt(&op, id);
          running = id;
        }
      }
    }
    module->removeAttr(kLayersAttr);

    // qat_profile_layers(): the table as a NUL-terminated JSON string.
    std::string json;
    llvm::raw_string_ostream(json) << llvm::json::Value(std::move(table));
    json.push_back('\0');
    auto bytes = LLVM::LLVMArrayType::get(IntegerType::get(ctx, 8), json.size());
    auto global = LLVM::GlobalOp::create(b, loc, bytes, /*isConstant=*/true,
                                         LLVM::Linkage::Internal, "qat_profile_layers_json",
                                         b.getStringAttr(json));
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    auto getter = LLVM::LLVMFuncOp::create(b, loc, "qat_profile_layers",
                                           LLVM::LLVMFunctionType::get(ptr, {}));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(getter.addEntryBlock(b));
    LLVM::ReturnOp::create(b, loc, LLVM::AddressOfOp::create(b, loc, global).getResult());
  }
};
} // namespace
