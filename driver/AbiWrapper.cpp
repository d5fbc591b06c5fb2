//===- AbiWrapper.cpp - generate the model-specific half of the C ABI ------===//
//
// The model's code comes from MLIR; runtime/kernels/model_abi.c gives every
// library the stable ABI of runtime/qat_model.h (instances, dispatch) and
// reads the model's half from `qat_model_table`, which this file builds in
// LLVM IR next to the lowered functions: the signature tables, and per
// function a caller that wraps the caller's buffers in memref descriptors.
// (It used to be C source compiled by the system C compiler at every
// qat-compile run: a third of compiling a small model.)
//
//===----------------------------------------------------------------------===//
#include "AbiWrapper.h"
#include "runtime/TensorFile.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

using namespace llvm;

static const char kHeader[] =
#include "qat_model_h.inc"
    ;

const char *qat::modelHeaderText() { return kHeader; }

namespace {
/// Builds the tables and callers into one module.
class AbiBuilder {
public:
  explicit AbiBuilder(Module &module)
      : module(module), ctx(module.getContext()), i32(Type::getInt32Ty(ctx)),
        i64(Type::getInt64Ty(ctx)), ptr(PointerType::getUnqual(ctx)),
        // qat_tensor_info and qat_function_info of qat_model.h.
        tensorInfo(StructType::get(ctx, {ptr, i32, i32, ptr})),
        functionInfo(StructType::get(ctx, {ptr, i32, i32, ptr, ptr, ptr, i32})) {}

  bool build(const std::vector<qat::FunctionSignature> &functions, std::string &error);

private:
  GlobalVariable *privateConstant(Constant *init, const Twine &name) {
    auto *g = new GlobalVariable(module, init->getType(), /*isConstant=*/true,
                                 GlobalValue::PrivateLinkage, init, name);
    g->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    return g;
  }
  /// An i64/i32 array with a trailing 0 (never empty, as the C tables were).
  template <typename T> Constant *paddedArray(Type *elem, ArrayRef<T> values, const Twine &name) {
    SmallVector<Constant *> items;
    for (T v : values)
      items.push_back(ConstantInt::get(elem, v, /*isSigned=*/true));
    items.push_back(ConstantInt::get(elem, 0));
    return privateConstant(ConstantArray::get(ArrayType::get(elem, items.size()), items), name);
  }
  Constant *tensorTable(const std::vector<qat::TensorSignature> &tensors, const Twine &name);
  Function *caller(const qat::FunctionSignature &fn, size_t index, std::string &error);
  Function *sliceRunner(const qat::FunctionSignature &fn, size_t index, Function *callee);
  void callSlices(IRBuilder<> &b, const qat::FunctionSignature &fn, Function *callee,
                  ArrayRef<Value *> data, ArrayRef<Value *> descriptors, Value *lo, Value *hi);

  Module &module;
  LLVMContext &ctx;
  IntegerType *i32, *i64;
  PointerType *ptr;
  StructType *tensorInfo, *functionInfo;
};

/// The bytes of a tensor (the ABI's dtypes: 1, 2, 4 or 8 bytes wide).
uint64_t byteSize(const qat::TensorSignature &t) {
  uint64_t width = qat::dtypeByteSize(t.dtype);
  for (int64_t d : t.shape)
    width *= (uint64_t)d;
  return width;
}

/// The memref descriptor of a rank: {allocated, aligned, offset, sizes,
/// strides}, as MLIR's C interface (_mlir_ciface_*) takes it by pointer.
StructType *descriptorType(LLVMContext &ctx, size_t rank) {
  Type *ptr = PointerType::getUnqual(ctx), *i64 = Type::getInt64Ty(ctx);
  if (rank == 0)
    return StructType::get(ctx, {ptr, ptr, i64});
  Type *dims = ArrayType::get(i64, rank);
  return StructType::get(ctx, {ptr, ptr, i64, dims, dims});
}
} // namespace

Constant *AbiBuilder::tensorTable(const std::vector<qat::TensorSignature> &tensors,
                                  const Twine &name) {
  SmallVector<Constant *> rows;
  for (auto [i, t] : llvm::enumerate(tensors)) {
    Constant *label = privateConstant(ConstantDataArray::getString(ctx, t.name),
                                      name + "_name_" + Twine(i));
    Constant *shape = paddedArray<int64_t>(i64, t.shape, name + "_shape_" + Twine(i));
    rows.push_back(ConstantStruct::get(
        tensorInfo, {label, ConstantInt::get(i32, t.dtype), ConstantInt::get(i32, t.shape.size()),
                     shape}));
  }
  if (rows.empty())
    rows.push_back(Constant::getNullValue(tensorInfo));
  return privateConstant(ConstantArray::get(ArrayType::get(tensorInfo, rows.size()), rows),
                         name + "_info");
}

/// `void f<index>_call(const void *const *inputs, void *const *outputs)`:
/// the lowered function `_mlir_ciface_<symbol>(inputs..., outputs...)` on
/// descriptors of the caller's buffers.
Function *AbiBuilder::caller(const qat::FunctionSignature &fn, size_t index, std::string &error) {
  Function *callee = module.getFunction("_mlir_ciface_" + fn.symbol);
  if (!callee) {
    error = "internal error: no C interface for @" + fn.name;
    return nullptr;
  }
  auto *type = FunctionType::get(Type::getVoidTy(ctx), {ptr, ptr}, false);
  Function *f = Function::Create(type, GlobalValue::InternalLinkage,
                                 "f" + Twine(index) + "_call", module);
  // Glue, run once per call: built as the C glue it replaces was (-O0). A
  // training step's caller fills hundreds of descriptors, and optimizing it
  // with the model (inlining the C interfaces) would buy nothing.
  f->addFnAttr(Attribute::NoUnwind);
  f->addFnAttr(Attribute::OptimizeNone);
  f->addFnAttr(Attribute::NoInline);
  Argument *inputs = f->getArg(0), *outputs = f->getArg(1);
  IRBuilder<> b(BasicBlock::Create(ctx, "entry", f));
  auto element = [&](Value *array, size_t k) {
    return b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, array, k));
  };

  // A function split by qat-split-batch runs once per slice of dimension 0
  // of every tensor, the slices shared out to the instance's threads
  // (qat_parallel_range: each slice's kernels then run on its thread,
  // through f<index>_slices' own descriptors); in a library that times its
  // layers (qat_prof_mark: one set of counters), one after the other here.
  int64_t split = fn.batchSplit;
  bool parallelSlices = split > 1 && !module.getFunction("qat_prof_mark");

  // One descriptor per tensor, in the entry block.
  SmallVector<Value *> descriptors;
  for (const auto *list : {&fn.inputs, &fn.outputs})
    for (const qat::TensorSignature &t : *list)
      if (!parallelSlices)
        descriptors.push_back(b.CreateAlloca(descriptorType(ctx, t.shape.size())));

  // An updated input is read and written through its output's buffer, which
  // starts as a copy of the input unless it is the input itself.
  SmallVector<Value *> data;
  for (size_t k = 0; k < fn.inputs.size(); ++k)
    data.push_back(element(inputs, k));
  SmallVector<Value *> outputData;
  for (size_t k = 0; k < fn.outputs.size(); ++k)
    outputData.push_back(element(outputs, k));
  for (size_t k = 0; k < fn.outputs.size(); ++k) {
    int64_t j = fn.updates[k];
    if (j < 0)
      continue;
    BasicBlock *copy = BasicBlock::Create(ctx, "copy", f);
    BasicBlock *done = BasicBlock::Create(ctx, "copied", f);
    b.CreateCondBr(b.CreateICmpNE(outputData[k], data[j]), copy, done);
    b.SetInsertPoint(copy);
    b.CreateMemCpy(outputData[k], MaybeAlign(), data[j], MaybeAlign(), byteSize(fn.outputs[k]));
    b.CreateBr(done);
    b.SetInsertPoint(done);
    data[j] = outputData[k];
  }
  llvm::append_range(data, outputData);

  if (callee->arg_size() != data.size()) {
    error = "internal error: @" + fn.name + "'s C interface takes " +
            std::to_string(callee->arg_size()) + " arguments, not " + std::to_string(data.size());
    f->eraseFromParent();
    return nullptr;
  }
  if (parallelSlices) {
    Function *slices = sliceRunner(fn, index, callee);
    Value *array = b.CreateAlloca(ptr, b.getInt64(data.size()));
    for (auto [k, v] : llvm::enumerate(data))
      b.CreateStore(v, b.CreateConstGEP1_64(ptr, array, k));
    FunctionCallee range = module.getOrInsertFunction(
        "qat_parallel_range",
        FunctionType::get(Type::getVoidTy(ctx), {i64, i64, i64, ptr, ptr}, false));
    b.CreateCall(range, {b.getInt64(0), b.getInt64(split), b.getInt64(1), slices, array});
    b.CreateRetVoid();
    return f;
  }
  callSlices(b, fn, callee, data, descriptors, b.getInt64(0), b.getInt64(std::max<int64_t>(split, 1)));
  b.CreateRetVoid();
  return f;
}

/// At `b`: calls `callee` on slices [lo, hi) of the tensors at `data` (the
/// whole tensors when the function is not split), through `descriptors`.
void AbiBuilder::callSlices(IRBuilder<> &b, const qat::FunctionSignature &fn, Function *callee,
                            ArrayRef<Value *> data, ArrayRef<Value *> descriptors, Value *lo,
                            Value *hi) {
  int64_t split = fn.batchSplit;
  Function *f = b.GetInsertBlock()->getParent();
  Value *slice = nullptr;
  PHINode *s = nullptr;
  BasicBlock *loop = nullptr, *exit = nullptr;
  if (split > 1) {
    BasicBlock *before = b.GetInsertBlock();
    loop = BasicBlock::Create(ctx, "slice", f);
    exit = BasicBlock::Create(ctx, "exit", f);
    b.CreateCondBr(b.CreateICmpSLT(lo, hi), loop, exit);
    b.SetInsertPoint(loop);
    s = b.CreatePHI(i64, 2, "s");
    s->addIncoming(lo, before);
    slice = s;
  }
  SmallVector<Value *> args;
  size_t n = 0;
  for (const auto *list : {&fn.inputs, &fn.outputs})
    for (const qat::TensorSignature &t : *list) {
      std::vector<int64_t> shape = t.shape;
      Value *base = data[n];
      if (split > 1) {
        shape[0] /= split;
        base = b.CreateGEP(b.getInt8Ty(), base, b.CreateMul(slice, b.getInt64(byteSize(t) / split)));
      }
      Value *d = descriptors[n++];
      StructType *dt = descriptorType(ctx, shape.size());
      b.CreateStore(base, b.CreateStructGEP(dt, d, 0));
      b.CreateStore(base, b.CreateStructGEP(dt, d, 1));
      b.CreateStore(b.getInt64(0), b.CreateStructGEP(dt, d, 2));
      int64_t stride = 1;
      for (size_t i = shape.size(); i-- > 0;) {
        b.CreateStore(b.getInt64(shape[i]), b.CreateInBoundsGEP(dt, d, {b.getInt32(0), b.getInt32(3), b.getInt32(i)}));
        b.CreateStore(b.getInt64(stride), b.CreateInBoundsGEP(dt, d, {b.getInt32(0), b.getInt32(4), b.getInt32(i)}));
        stride *= shape[i];
      }
      args.push_back(d);
    }
  b.CreateCall(callee, args);
  if (split > 1) {
    Value *next = b.CreateAdd(s, b.getInt64(1));
    s->addIncoming(next, b.GetInsertBlock());
    b.CreateCondBr(b.CreateICmpSLT(next, hi), loop, exit);
    b.SetInsertPoint(exit);
  }
}

/// `void f<index>_slices(void *const *data, int64_t lo, int64_t hi)`: the
/// slices [lo, hi) of a split function on the tensors at data[0..n) (its
/// inputs, then outputs), each through its own descriptors.
Function *AbiBuilder::sliceRunner(const qat::FunctionSignature &fn, size_t index,
                                  Function *callee) {
  auto *type = FunctionType::get(Type::getVoidTy(ctx), {ptr, i64, i64}, false);
  Function *f = Function::Create(type, GlobalValue::InternalLinkage,
                                 "f" + Twine(index) + "_slices", module);
  f->addFnAttr(Attribute::NoUnwind);
  f->addFnAttr(Attribute::OptimizeNone);
  f->addFnAttr(Attribute::NoInline);
  IRBuilder<> b(BasicBlock::Create(ctx, "entry", f));
  SmallVector<Value *> descriptors, data;
  size_t n = 0;
  for (const auto *list : {&fn.inputs, &fn.outputs})
    for (const qat::TensorSignature &t : *list) {
      descriptors.push_back(b.CreateAlloca(descriptorType(ctx, t.shape.size())));
      data.push_back(b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, f->getArg(0), n++)));
    }
  callSlices(b, fn, callee, data, descriptors, f->getArg(1), f->getArg(2));
  b.CreateRetVoid();
  return f;
}

bool AbiBuilder::build(const std::vector<qat::FunctionSignature> &functions,
                       std::string &error) {
  SmallVector<Constant *> infos, entries;
  for (auto [index, fn] : llvm::enumerate(functions)) {
    std::string prefix = "f" + std::to_string(index);
    Constant *name = privateConstant(ConstantDataArray::getString(ctx, fn.name), prefix + "_name");
    Constant *inputsTable = tensorTable(fn.inputs, prefix + "_input");
    Constant *outputsTable = tensorTable(fn.outputs, prefix + "_output");
    Constant *updates = paddedArray<int64_t>(i32, fn.updates, prefix + "_updates");
    infos.push_back(ConstantStruct::get(
        functionInfo, {name, ConstantInt::get(i32, fn.inputs.size()),
                       ConstantInt::get(i32, fn.outputs.size()), inputsTable, outputsTable,
                       updates, ConstantInt::get(i32, fn.replicas)}));
    Function *call = caller(fn, index, error);
    if (!call)
      return false;
    entries.push_back(call);
  }
  Constant *infoArray = privateConstant(
      ConstantArray::get(ArrayType::get(functionInfo, infos.size()), infos), "function_info");
  Constant *entryArray =
      privateConstant(ConstantArray::get(ArrayType::get(ptr, entries.size()), entries), "entries");
  // struct qat_model_table of model_abi.c.
  Constant *table = ConstantStruct::getAnon(
      ctx, {ConstantInt::get(i32, functions.size()), infoArray, entryArray});
  auto *g = new GlobalVariable(module, table->getType(), /*isConstant=*/true,
                               GlobalValue::ExternalLinkage, table, "qat_model_table");
  g->setVisibility(GlobalValue::HiddenVisibility);
  return true;
}

bool qat::addAbiTables(Module &module, const std::vector<FunctionSignature> &functions,
                       std::string &error) {
  return AbiBuilder(module).build(functions, error);
}
