//===- qat-run.cpp - run a model library made by qat-compile ---------------===//
//
//   qat-run libmodel.so --input a.pb --input b.npy ... --output-dir DIR
//           [--function NAME] [--warmup K] [--repeat N] [--threads T]
//   qat-run --list-isa
//
// Loads the library (runtime/qat_model.h), checks every input file against
// the model's signature, runs once and writes output_<i>.pb and
// output_<i>.npy into DIR (the ONNX backend-test layout). With --repeat it
// then runs K untimed and N timed times and prints min/median latency.
// Inputs go in signature order, or by name as --input name=file. A library
// built with qat-compile --profile times its layers: --profile prints them
// (ONNX node, op, time per run, share, MACs, GMAC/s; slowest first) over
// the --repeat runs (or one), --profile-json writes the same as JSON.
// --threads T runs the model's kernels on T threads (default: QAT_THREADS,
// else every processor this process may run on); the outputs are the same
// bits on any count.
// Every error is one line "qat-run: error: ..." on stderr and exit status 1.
//
//===----------------------------------------------------------------------===//
#include "runtime/TensorFile.h"
#include "runtime/kernels/isa.h"
#include "tools/common/CommandLine.h"
#include "tools/common/ModelLibrary.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "llvm/Support/JSON.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <dlfcn.h>
#include <unistd.h>

using namespace llvm;

static cl::OptionCategory category("qat-run options");
static cl::opt<std::string> libraryPath(cl::Positional, cl::desc("<libmodel.so>"),
                                        cl::cat(category));
static cl::list<std::string>
    inputSpecs("input", cl::desc("An input tensor file (.pb TensorProto or .npy), in the "
                                 "model's input order or as name=file"),
               cl::value_desc("[name=]file"), cl::cat(category));
static cl::opt<std::string> outputDir("output-dir",
                                      cl::desc("Directory for output_<i>.pb/.npy (created)"),
                                      cl::value_desc("dir"), cl::cat(category));
static cl::opt<unsigned> repeat("repeat", cl::desc("Time N more runs; print min/median latency"),
                                cl::value_desc("N"), cl::init(0), cl::cat(category));
static cl::opt<std::string> functionName(
    "function", cl::desc("The library function to run (default: the model, function 0)"),
    cl::value_desc("name"), cl::cat(category));
static cl::opt<bool> listIsa("list-isa",
                             cl::desc("Print the kernel ISA levels this CPU runs (values of "
                                      "QAT_ISA), highest first, and exit"),
                             cl::cat(category));
static cl::opt<bool> profile("profile",
                             cl::desc("Print each layer's time (a library built with "
                                      "qat-compile --profile)"),
                             cl::cat(category));
static cl::opt<std::string> profileJson("profile-json",
                                        cl::desc("Write the layers' times as JSON to this file"),
                                        cl::value_desc("file"), cl::cat(category));
static cl::opt<unsigned> threads("threads",
                                 cl::desc("Threads the model runs on, 1-1024 (default: "
                                          "QAT_THREADS, else every processor available)"),
                                 cl::value_desc("T"), cl::init(0), cl::cat(category));
static cl::opt<unsigned> warmup("warmup", cl::desc("Untimed runs before the --repeat runs"),
                                cl::value_desc("K"), cl::init(0), cl::cat(category));

[[noreturn]] static void die(const Twine &message) {
  errs() << "qat-run: error: " << message << "\n";
  std::exit(1);
}

using qat::Buffer;
using qat::Signature;

static Buffer allocate(size_t bytes) {
  Buffer buffer = qat::allocateBuffer(bytes);
  if (!buffer)
    die("cannot allocate " + Twine(bytes) + " bytes");
  return buffer;
}

/// Assigns each --input to a model input: "name=file" where name is an input
/// of the model goes to that input, the others fill the rest in order.
static std::vector<std::string> matchInputs(const std::vector<Signature> &sigs) {
  std::string names;
  for (const Signature &s : sigs)
    names += (names.empty() ? "'" : ", '") + s.name + "'";
  if (inputSpecs.size() != sigs.size())
    die("the model takes " + Twine(sigs.size()) + " input" + (sigs.size() == 1 ? "" : "s") +
        (sigs.empty() ? "" : " (" + names + ")") + ", got " + Twine(inputSpecs.size()) +
        " --input");
  std::vector<std::string> files(sigs.size());
  std::vector<bool> named(inputSpecs.size());
  for (size_t k = 0; k < inputSpecs.size(); ++k) {
    StringRef spec = inputSpecs[k];
    size_t eq = spec.find('=');
    if (eq == StringRef::npos)
      continue;
    StringRef name = spec.take_front(eq);
    auto it = std::find_if(sigs.begin(), sigs.end(),
                           [&](const Signature &s) { return s.name == name; });
    if (it == sigs.end()) {
      if (sys::fs::exists(spec)) // a file whose name holds '='
        continue;
      die("--input '" + spec + "': the model has no input named '" + name + "' (inputs: " +
          names + ")");
    }
    std::string &file = files[it - sigs.begin()];
    if (!file.empty())
      die("input '" + name + "' is given twice");
    file = spec.drop_front(eq + 1).str();
    if (file.empty())
      die("--input '" + spec + "' names no file");
    named[k] = true;
  }
  size_t next = 0;
  for (size_t k = 0; k < inputSpecs.size(); ++k) {
    if (named[k])
      continue;
    while (!files[next].empty())
      ++next;
    files[next] = inputSpecs[k];
  }
  return files;
}

static double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/// The instrumented library's profiler (runtime/kernels/profile.h), looked
/// up in the library itself: the tool links no copy of it.
struct Profiler {
  void (*reset)();
  int32_t (*read)(int64_t *, int64_t *, int32_t);
  const char *(*layers)();
};

static Profiler loadProfiler(const std::string &path) {
  // The library is loaded already; a name without a slash would make
  // dlopen search the library path instead.
  SmallString<256> absolute(path);
  sys::fs::make_absolute(absolute);
  void *handle = dlopen(absolute.c_str(), RTLD_NOW | RTLD_NOLOAD);
  Profiler p{};
  if (handle) {
    p.reset = reinterpret_cast<void (*)()>(dlsym(handle, "qat_profile_reset"));
    p.read = reinterpret_cast<int32_t (*)(int64_t *, int64_t *, int32_t)>(
        dlsym(handle, "qat_profile_read"));
    p.layers = reinterpret_cast<const char *(*)()>(dlsym(handle, "qat_profile_layers"));
  }
  if (!p.reset || !p.read || !p.layers)
    die(path + ": the library has no layer timers (build it with qat-compile --profile)");
  return p;
}

/// The table and JSON of one profile over `runs` runs.
static void reportProfile(const Profiler &p, unsigned runs) {
  Expected<json::Value> table = json::parse(p.layers());
  json::Array *layers = table ? table->getAsArray() : nullptr;
  if (!layers)
    die("the library's layer table is not a JSON array");
  std::vector<int64_t> ns(layers->size()), entries(layers->size());
  p.read(ns.data(), entries.data(), (int32_t)layers->size());
  struct Row {
    std::string name, op;
    double ms;
    int64_t macs, entries;
  };
  std::vector<Row> rows;
  double total = 0;
  for (size_t i = 0; i < layers->size(); ++i) {
    const json::Object *layer = (*layers)[i].getAsObject();
    if (!layer || !entries[i])
      continue;
    rows.push_back({layer->getString("name").value_or("").str(),
                    layer->getString("op").value_or("").str(), ns[i] / 1e6 / runs,
                    layer->getInteger("macs").value_or(0), entries[i] / runs});
    total += rows.back().ms;
  }
  std::sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
    return a.ms != b.ms ? a.ms > b.ms : a.name < b.name;
  });
  if (profile) {
    outs() << format("%-56s %-16s %10s %7s %10s %8s\n", "layer (ONNX node)", "op", "ms/run",
                     "share", "MMAC", "GMAC/s");
    for (const Row &r : rows)
      outs() << format("%-56s %-16s %10.4f %6.1f%% %10.2f ", r.name.c_str(), r.op.c_str(), r.ms,
                       100 * r.ms / total, r.macs / 1e6)
             << (r.macs && r.ms > 0 ? formatv("{0,8:f1}", r.macs / r.ms / 1e6).str()
                                    : formatv("{0,8}", "-").str())
             << "\n";
    outs() << format("%-56s %-16s %10.4f %6.1f%%\n", "total (the layers' sum)", "", total,
                     100.0);
  }
  if (!profileJson.empty()) {
    json::Array out;
    for (const Row &r : rows)
      out.push_back(json::Object{{"name", r.name},
                                 {"op", r.op},
                                 {"ms", r.ms},
                                 {"share", total > 0 ? r.ms / total : 0.0},
                                 {"macs", r.macs},
                                 {"gmacs", r.ms > 0 ? r.macs / r.ms / 1e6 : 0.0},
                                 {"entries_per_run", r.entries}});
    std::error_code ec;
    raw_fd_ostream file(profileJson, ec);
    if (ec)
      die("cannot write --profile-json '" + profileJson + "': " + ec.message());
    file << formatv("{0:2}", json::Value(json::Object{
                                 {"runs", runs}, {"total_ms", total}, {"layers", std::move(out)}}))
         << "\n";
  }
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions({&category});
  std::string message;
  if (!qat::parseCommandLine(argc, argv, "run a model library made by qat-compile\n", message,
                              {&category}))
    die(message);
  if (listIsa) {
    for (int level = qat_isa_host(); level >= QAT_ISA_GENERIC; --level)
      outs() << qat_isa_name((qat_isa_level)level) << (level ? " " : "\n");
    return 0;
  }
  if (libraryPath.empty())
    die("no model library given");
  if (outputDir.empty())
    die("no --output-dir given");

  qat::ModelLibrary abi;
  std::string loadError;
  if (!qat::loadModelLibrary(libraryPath, abi, loadError))
    die(loadError);
  int32_t function = 0;
  if (!functionName.empty()) {
    function = abi.find(functionName);
    if (function < 0) {
      std::string names;
      for (const auto &f : abi.functions)
        names += (names.empty() ? "'" : ", '") + f.name + "'";
      die(libraryPath + ": no function '" + functionName + "' (functions: " + names + ")");
    }
  }
  const std::vector<Signature> &inSigs = abi.functions[function].inputs,
                               &outSigs = abi.functions[function].outputs;

  // Read and check every input before running anything.
  std::vector<std::string> files = matchInputs(inSigs);
  std::vector<Buffer> inputs;
  std::vector<const void *> inputPtrs;
  for (size_t i = 0; i < inSigs.size(); ++i) {
    qat::Tensor tensor;
    std::string error;
    if (!qat::readTensorFile(files[i], tensor, error))
      die(error);
    const Signature &sig = inSigs[i];
    // NumPy has no bfloat16: a bfloat16 input may come as its uint16 bit
    // patterns (as .npy files and older ONNX test data hold it).
    bool bfloat16Bits = sig.dtype == QAT_BFLOAT16 && tensor.dtype == QAT_UINT16;
    if ((tensor.dtype != sig.dtype && !bfloat16Bits) || tensor.shape != sig.shape)
      die("input '" + sig.name + "' (" + files[i] + "): expected " + sig.str() + ", got " +
          qat::dtypeName(tensor.dtype) + " " + qat::shapeString(tensor.shape));
    inputs.push_back(allocate(sig.bytes));
    std::memcpy(inputs.back().get(), tensor.data.data(), sig.bytes);
    inputPtrs.push_back(inputs.back().get());
  }
  std::vector<Buffer> outputs;
  std::vector<void *> outputPtrs;
  for (const Signature &sig : outSigs) {
    outputs.push_back(allocate(sig.bytes));
    outputPtrs.push_back(outputs.back().get());
  }
  // Create the directory first: a bad --output-dir should not cost a run.
  if (std::error_code ec = sys::fs::create_directories(outputDir))
    die("cannot create --output-dir '" + outputDir + "': " + ec.message());

  bool profiling = profile || !profileJson.empty();
  Profiler profiler = profiling ? loadProfiler(libraryPath) : Profiler{};
  if (threads.getNumOccurrences() && (threads < 1 || threads > 1024))
    die("--threads " + Twine(threads) + ": expected 1 to 1024");
  qat_model_options options = {sizeof(qat_model_options), (int32_t)threads, nullptr, nullptr};
  qat_model *model = abi.createWithOptions(&options);
  if (!model)
    die(libraryPath + ": qat_model_create failed: " + abi.createError());
  auto runOnce = [&] {
    if (int32_t status = abi.call(model, function, inputPtrs.data(), outputPtrs.data()))
      die(libraryPath + ": qat_model_call failed with status " + Twine(status));
  };
  runOnce();

  for (size_t i = 0; i < outSigs.size(); ++i) {
    const Signature &sig = outSigs[i];
    qat::Tensor tensor;
    tensor.dtype = sig.dtype;
    tensor.shape = sig.shape;
    tensor.name = sig.name;
    tensor.data.assign(outputs[i].get(), outputs[i].get() + sig.bytes);
    SmallString<256> pb(outputDir), npy(outputDir);
    sys::path::append(pb, "output_" + Twine(i) + ".pb");
    sys::path::append(npy, "output_" + Twine(i) + ".npy");
    std::string error;
    if (!qat::writeTensorProto(pb.str().str(), tensor, error))
      die(error);
    if (sig.dtype == QAT_BFLOAT16) // NumPy has no bfloat16: only the .pb
      errs() << "qat-run: note: output '" << sig.name << "' is bfloat16; wrote no " << npy
             << "\n";
    else if (!qat::writeNpy(npy.str().str(), tensor, error))
      die(error);
  }

  if (repeat > 0 || profiling) {
    for (unsigned i = 0; i < warmup; ++i)
      runOnce();
    if (profiling)
      profiler.reset();
    std::vector<double> ms;
    for (unsigned i = 0; i < std::max(1u, (unsigned)repeat); ++i) {
      auto start = std::chrono::steady_clock::now();
      runOnce();
      auto end = std::chrono::steady_clock::now();
      ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    }
    if (repeat > 0)
      outs() << "latency: min " << format("%.3f", *std::min_element(ms.begin(), ms.end()))
             << " ms, median " << format("%.3f", median(ms)) << " ms over " << repeat
             << " runs\n";
    if (profiling)
      reportProfile(profiler, ms.size());
  }
  abi.destroy(model);
  return 0;
}
