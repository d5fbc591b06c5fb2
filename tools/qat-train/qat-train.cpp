//===- qat-train.cpp - quantization-aware training in compiled steps -------===//
//
//   qat-train MODEL.onnx|MODEL.mlir --data fashion-mnist[=DIR]
//             | --train-x X.npy --train-y Y.npy [--test-x .. --test-y ..]
//             [--w-bits 4 --a-bits 4 --quant-options '...' | --float]
//             [--schedule tr|lr] [--optimizer sgd|adam|adamw] [--lr ..] [--momentum ..]
//             [--weight-decay ..] [--tr-lambda ..] [--tr-m ..] [--epochs N | --steps N]
//             [--batch 128] [--seed 0] [--log metrics.jsonl] [--checkpoint-dir DIR]
//             [--resume] [-o trained.mlir] [--export-onnx trained.onnx]
//
// Makes the model quantization-aware, initializes the activation scales from
// the first batch (LSQ), builds and compiles @train_step/@eval_step once
// (qat-build-train-step, driver/), then runs the loop: shuffled batches
// (the last partial batch of an epoch is dropped), a test evaluation after
// every epoch, a checkpoint after every epoch. Its last line on stdout is
// `test accuracy: 0.XXXX`.
//
// Under `mpirun -n K`, K replicas train one model (Replicas.h): each runs
// the step on its 1/K of every global batch (--batch is global), the step
// averages the gradients over them (and BatchNorm takes every shard's
// statistics), each evaluates 1/K of the test data; rank 0 alone reports,
// logs, checkpoints and writes the results.
//
//===----------------------------------------------------------------------===//
#include "Checkpoint.h"

#include <cstdlib>
#include "Dataset.h"
#include "ModelSetup.h"
#include "Replicas.h"
#include "Reporter.h"
#include "Session.h"

#include "frontend/OnnxExporter.h"
#include "frontend/OnnxImporter.h"
#include "runtime/TensorFile.h"
#include "tools/common/CommandLine.h"
#include "tools/common/ModelLibrary.h"

#include "mlir/IR/OperationSupport.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <csignal>
#include <cstring>

using namespace llvm;
using namespace qat::train;

static cl::OptionCategory category("qat-train options");
static cl::opt<std::string> modelPath(cl::Positional, cl::desc("<model.onnx|model.mlir>"),
                                      cl::cat(category));
static cl::opt<std::string> dataSpec("data", cl::desc("fashion-mnist[=DIR] (IDX files)"),
                                     cl::value_desc("name[=dir]"), cl::cat(category));
static cl::opt<std::string> trainX("train-x", cl::desc("Training samples (.npy, float32 [N, ...])"),
                                   cl::cat(category));
static cl::opt<std::string> trainY("train-y", cl::desc("Training labels (.npy, integers [N])"),
                                   cl::cat(category));
static cl::opt<std::string> testX("test-x", cl::desc("Test samples (.npy)"), cl::cat(category));
static cl::opt<std::string> testY("test-y", cl::desc("Test labels (.npy)"), cl::cat(category));
static cl::opt<std::string> normalizeSpec(
    "normalize", cl::desc("(x - MEAN) / STD on every value (default with fashion-mnist: "
                          "0.2860,0.3530; none otherwise)"),
    cl::value_desc("MEAN,STD"), cl::cat(category));
static cl::opt<unsigned> wBits("w-bits", cl::desc("Weight bit-width"), cl::init(4),
                               cl::cat(category));
static cl::opt<unsigned> aBits("a-bits", cl::desc("Activation bit-width"), cl::init(4),
                               cl::cat(category));
static cl::opt<std::string> quantOptions(
    "quant-options",
    cl::desc("qat-insert-fake-quant options (default: 'skip-first-last rounding=reciprocal')"),
    cl::init("skip-first-last rounding=reciprocal"), cl::cat(category));
static cl::opt<bool> l1Norm("l1-norm",
                            cl::desc("Replace BatchNorm/LayerNorm by L1 normalization "
                                     "(qat-use-l1-norm) before training"),
                            cl::cat(category));
static cl::opt<bool> trainFloat("float", cl::desc("Train the float model (no quantizers)"),
                                cl::cat(category));
static cl::opt<std::string> schedule("schedule", cl::desc("tr (TR/TALR) | lr (cosine LR)"),
                                     cl::init("tr"), cl::cat(category));
static cl::opt<std::string> optimizer("optimizer", cl::desc("sgd | adam | adamw"),
                                      cl::init("sgd"), cl::cat(category));
static cl::opt<double> lr("lr", cl::desc("Base learning rate (default: sgd 0.05, adam 1e-3)"),
                          cl::cat(category));
static cl::opt<double> momentum("momentum", cl::desc("SGD momentum"), cl::init(0.9),
                                cl::cat(category));
static cl::opt<bool> nesterov("nesterov", cl::desc("Nesterov momentum"), cl::cat(category));
static cl::opt<double> weightDecay("weight-decay",
                                   cl::desc("Weight decay (default: sgd 5e-4, adam 0, adamw 1e-2)"),
                                   cl::cat(category));
static cl::opt<double> trLambda("tr-lambda", cl::desc("TR target R0 = lambda sqrt(w-bits)"),
                                cl::init(5e-3), cl::cat(category));
static cl::opt<double> trM("tr-m", cl::desc("Momentum of the running TR"), cl::init(0.99),
                           cl::cat(category));
static cl::opt<std::string> trScope("tr-scope", cl::desc("layer | global"), cl::init("layer"),
                                    cl::cat(category));
static cl::opt<std::string> talrUpdate("talr-update", cl::desc("additive | multiplicative"),
                                       cl::init("additive"), cl::cat(category));
static cl::opt<unsigned> epochs("epochs", cl::desc("Epochs (default 3)"), cl::cat(category));
static cl::opt<unsigned> maxSteps("steps", cl::desc("Steps instead of --epochs"),
                                  cl::cat(category));
static cl::opt<unsigned> batchSize("batch", cl::desc("Batch size"), cl::init(128),
                                   cl::cat(category));
static cl::opt<unsigned> seed("seed", cl::desc("Shuffling seed"), cl::init(0), cl::cat(category));
static cl::opt<std::string> logPath("log", cl::desc("Metrics, one JSON line per step/epoch"),
                                    cl::value_desc("file.jsonl"), cl::cat(category));
static cl::opt<std::string> checkpointDir("checkpoint-dir",
                                          cl::desc("Checkpoint after every epoch here"),
                                          cl::cat(category));
static cl::opt<bool> resume("resume", cl::desc("Continue from the last checkpoint"),
                            cl::cat(category));
// For the resume test: the run stops as a kill would, after this step.
static cl::opt<unsigned> killAfterStep("kill-after-step", cl::Hidden,
                                       cl::desc("Exit(1) after this step, as if killed (tests)"),
                                       cl::init(0), cl::cat(category));
// For the MPI test: only this replica dies (by SIGKILL) at --kill-after-step.
static cl::opt<int> killRank("kill-rank", cl::Hidden,
                             cl::desc("With --kill-after-step: only this rank, by SIGKILL"),
                             cl::init(-1), cl::cat(category));
static cl::opt<std::string> outputPath("o", cl::desc("Write the trained fake-quant MLIR"),
                                       cl::value_desc("trained.mlir"), cl::cat(category));
static cl::opt<std::string> exportPath("export-onnx", cl::desc("Write the trained QDQ ONNX model"),
                                       cl::value_desc("trained.onnx"), cl::cat(category));
static cl::opt<std::string> saveStep(
    "save-step",
    cl::desc("Also write the compiled step library (libtrain.so: train_step, eval_step) and "
             "the initial state (init/<name>.npy) into DIR, for qat-run --function"),
    cl::value_desc("DIR"), cl::cat(category));
/// --threads, registered by main: a library linked into this tool registers
/// an option of that name at start-up, which is removed first.
static unsigned threads = 0;
static cl::opt<unsigned, true> &threadsOption() {
  if (cl::Option *foreign = cl::getRegisteredOptions().lookup("threads"))
    foreign->removeArgument();
  static cl::opt<unsigned, true> option(
      "threads",
      cl::desc("Threads the steps run on, 1-1024 (default: QAT_THREADS, else every processor "
               "available)"),
      cl::value_desc("T"), cl::location(threads), cl::cat(category));
  return option;
}
static cl::opt<std::string> targetCpu("target-cpu", cl::desc("CPU to compile for"),
                                      cl::init("native"), cl::cat(category));

/// The replicas of this run (one without mpirun).
static Replicas replicas;

/// One error line and exit 1. Under mpirun without MPI_Finalize (no static
/// destructors): the launcher then ends the other replicas too, instead of
/// leaving them waiting in a collective. The line is one write: errs() is
/// unbuffered, and the ranks' lines, written piece by piece into the same
/// stderr, interleaved ("qat-train: qat-train: rank 1rank 0: ...").
[[noreturn]] static void die(const Twine &message) {
  std::string line = "qat-train: ";
  if (replicas.count() > 1)
    line += "rank " + std::to_string(replicas.rank()) + ": ";
  line += "error: " + message.str() + "\n";
  errs() << line;
  if (replicas.count() > 1) {
    outs().flush();
    std::fflush(nullptr);
    std::_Exit(1);
  }
  std::exit(1);
}

/// The first `batch` samples of `order` from `data` (and their labels);
/// beyond the data, zeros and label -1 (padding).
static void gather(const Dataset &data, const std::vector<int64_t> &order, int64_t begin,
                   int64_t batch, std::vector<float> &x, std::vector<int64_t> &y) {
  x.assign(batch * data.sampleSize, 0.0f);
  y.assign(batch, -1);
  for (int64_t i = 0; i < batch && begin + i < (int64_t)order.size(); ++i) {
    int64_t s = order[begin + i];
    std::memcpy(&x[i * data.sampleSize], &data.x[s * data.sampleSize],
                data.sampleSize * sizeof(float));
    y[i] = data.y[s];
  }
}

static void loadData(Dataset &train, Dataset &test) {
  std::string error;
  bool fashion = !dataSpec.empty();
  if (fashion == !trainX.empty())
    die("give either --data fashion-mnist[=DIR] or --train-x/--train-y");
  if (fashion) {
    StringRef spec = dataSpec;
    auto [name, dir] = spec.split('=');
    if (name != "fashion-mnist" && name != "mnist")
      die("--data '" + spec + "': only fashion-mnist[=DIR] or mnist=DIR is built in");
    std::string folder = dir.empty() ? "/usr/share/datasets/fashion-mnist" : dir.str();
    if (!loadFashionMnist(folder, true, train, error) ||
        !loadFashionMnist(folder, false, test, error))
      die(error);
  } else {
    if (trainY.empty())
      die("--train-x needs --train-y");
    if (testX.empty() != testY.empty())
      die("give both --test-x and --test-y, or neither");
    if (!loadNpyPair(trainX, trainY, train, error))
      die(error);
    if (!testX.empty() && !loadNpyPair(testX, testY, test, error))
      die(error);
  }
  std::string spec = normalizeSpec;
  if (spec.empty() && fashion)
    spec = "0.2860,0.3530";
  if (!spec.empty()) {
    auto [m, s] = StringRef(spec).split(',');
    double mean, std;
    if (m.trim().getAsDouble(mean) || s.trim().getAsDouble(std) || !(std > 0))
      die("--normalize '" + spec + "' is not MEAN,STD with STD > 0");
    normalize(train, (float)mean, (float)std);
    normalize(test, (float)mean, (float)std);
  }
}

/// The test loss and accuracy of the current state (eval_step, padded last
/// batch). Each replica evaluates its contiguous 1/K of the samples.
static std::pair<double, double> evaluate(Session &session, const Dataset &test) {
  if (test.count == 0)
    return {NAN, NAN};
  int64_t share = (test.count + replicas.count() - 1) / replicas.count();
  int64_t first = std::min(test.count, replicas.rank() * share);
  int64_t last = std::min(test.count, first + share);
  std::vector<int64_t> order;
  for (int64_t i = first; i < last; ++i)
    order.push_back(i);
  int64_t batch = session.batch();
  double sums[2] = {0, 0}; // loss over the samples, correct
  std::vector<float> x;
  std::vector<int64_t> y;
  std::string error;
  for (int64_t begin = 0; begin < (int64_t)order.size(); begin += batch) {
    gather(test, order, begin, batch, x, y);
    double loss;
    int64_t hits;
    if (!session.evalStep(x.data(), y.data(), loss, hits, error))
      die(error);
    sums[0] += loss * std::min<int64_t>(batch, (int64_t)order.size() - begin);
    sums[1] += (double)hits;
  }
  replicas.sum(sums, 2);
  return {sums[0] / test.count, sums[1] / test.count};
}

/// A 64-bit FNV-1a hash of the whole state: the replicas must agree on it.
static uint64_t stateHash(const Session &session) {
  uint64_t h = 1469598103934665603ull;
  for (const auto &[name, buffer] : session.state) {
    const unsigned char *p = reinterpret_cast<const unsigned char *>(buffer.get());
    for (size_t i = 0, n = session.stateSignature.at(name).bytes; i < n; ++i)
      h = (h ^ p[i]) * 1099511628211ull;
  }
  return h;
}

/// The whole batch's loss and hits from the shards': the shards' mean
/// losses average to the batch's, hits add up.
static void shareStepMetrics(Metrics &metrics) {
  if (replicas.count() == 1)
    return;
  double shared[2] = {metrics["loss"], metrics["correct"]};
  replicas.sum(shared, 2);
  metrics["loss"] = shared[0] / replicas.count();
  metrics["correct"] = shared[1];
}

/// Rank 0's state (just loaded from a checkpoint) on every replica.
static void shareState(Session &session) {
  for (auto &[name, buffer] : session.state)
    replicas.broadcast(buffer.get(), session.stateSignature.at(name).bytes);
}

/// --save-step: the library and every initial value with one as .npy.
static void saveStepLibrary(const std::string &lib, const std::vector<ArgInfo> &args) {
  SmallString<256> dir(saveStep), init(saveStep), target(saveStep);
  sys::path::append(init, "init");
  sys::path::append(target, "libtrain.so");
  if (std::error_code ec = sys::fs::create_directories(init))
    die("--save-step '" + saveStep + "': " + ec.message());
  if (std::error_code ec = sys::fs::copy_file(lib, target))
    die("--save-step: cannot copy the library: " + ec.message());
  qat::ModelLibrary library;
  std::string error;
  if (!qat::loadModelLibrary(lib, library, error))
    die(error);
  const auto &inputs = library.functions[library.find("train_step")].inputs;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].init.empty())
      continue;
    qat::Tensor t;
    t.dtype = inputs[i].dtype;
    t.shape = inputs[i].shape;
    t.data = args[i].init;
    SmallString<256> file(init);
    sys::path::append(file, args[i].name + ".npy");
    if (!qat::writeNpy(std::string(file), t, error))
      die(error);
  }
}

static std::string stepOptions(int64_t totalSteps, int replicaCount) {
  bool adam = optimizer != "sgd";
  double baseLr = lr.getNumOccurrences() ? lr : adam ? 1e-3 : 0.05;
  double decay = weightDecay.getNumOccurrences() ? weightDecay
                 : optimizer == "sgd"            ? 5e-4
                 : optimizer == "adamw"          ? 1e-2
                                                 : 0.0;
  std::string s = "optimizer=" + optimizer + " lr=" + std::to_string(baseLr) +
                  " total-steps=" + std::to_string(totalSteps) +
                  " momentum=" + std::to_string(momentum) +
                  " weight-decay=" + std::to_string(decay) + " schedule=" + schedule +
                  " tr-lambda=" + std::to_string(trLambda) + " tr-m=" + std::to_string(trM) +
                  " tr-scope=" + trScope + " talr-update=" + talrUpdate;
  if (nesterov)
    s += " nesterov";
  if (replicaCount > 1)
    s += " replicas=" + std::to_string(replicaCount);
  return s;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  std::string message;
  if (!replicas.init(&argc, &argv, message))
    die(message);
  const cl::opt<unsigned, true> &threadsFlag = threadsOption();
  cl::HideUnrelatedOptions({&category});
  if (!qat::parseCommandLine(argc, argv, "quantization-aware training in compiled steps\n",
                             message, {&category}))
    die(message);
  if (modelPath.empty())
    die("no model given");
  if (schedule != "tr" && schedule != "lr")
    die("--schedule must be tr or lr (got '" + schedule + "')");
  if (optimizer != "sgd" && optimizer != "adam" && optimizer != "adamw")
    die("--optimizer must be sgd, adam or adamw (got '" + optimizer + "')");
  if (epochs.getNumOccurrences() && maxSteps.getNumOccurrences())
    die("give --epochs or --steps, not both");
  if (batchSize == 0)
    die("--batch must be at least 1");
  // Every replica steps on an equal shard of each global batch.
  int k = replicas.count();
  if (batchSize % k)
    die("--batch " + Twine(batchSize) + " is not a multiple of the " + Twine(k) +
        " MPI processes (each trains on an equal share of every batch)");
  int64_t localBatch = batchSize / k;
  if (killRank >= k)
    die("--kill-rank " + Twine(killRank) + ": there are " + Twine(k) + " processes");
  if (k > 1 && !threadsFlag.getNumOccurrences() && !std::getenv("QAT_THREADS"))
    threads = (unsigned)replicas.threadsPerProcess();
  if (k > 1 && !StringRef(modelPath).ends_with(".onnx"))
    die("under mpirun, give an ONNX model (an MLIR model's batch is fixed; each of the " +
        Twine(k) + " processes compiles the step at 1/" + Twine(k) + " of --batch)");
  if (threadsFlag.getNumOccurrences() && (threads < 1 || threads > 1024))
    die("--threads " + Twine(threads) + ": expected 1 to 1024");
  // A float model has no integer levels to schedule: its default is lr.
  if (trainFloat && !schedule.getNumOccurrences())
    schedule = "lr";
  if (trainFloat && schedule == "tr")
    die("--schedule tr needs quantized weights: give --schedule lr with --float");
  if (resume && checkpointDir.empty())
    die("--resume needs --checkpoint-dir");
  // Checked before training, not after it: QuantizeLinear divides by the
  // scale, so PyTorch's reciprocal rounding has no exact QDQ form.
  if (!exportPath.empty() && !trainFloat &&
      StringRef(quantOptions).contains("rounding=reciprocal"))
    die("--export-onnx needs --quant-options with rounding=divide (the default "
        "rounding=reciprocal, PyTorch's x * (1/s), has no exact ONNX QDQ form)");
  if (trainFloat && !exportPath.empty())
    die("--export-onnx writes a QDQ model: not with --float");

  Dataset train, test;
  loadData(train, test);

  mlir::DialectRegistry registry;
  qat::driver::registerCompilerDialects(registry);
  mlir::MLIRContext context(registry);
  qat::registerImportedDialects(context);
  QuantizationOptions quant{!trainFloat, wBits, aBits, quantOptions, l1Norm};
  // `model` at the global batch: activation scales come from a whole first
  // batch and the results are written back into it. The step compiles at
  // the shard's batch: `model` itself in one process, a second import under
  // mpirun.
  PreparedModel model, shard;
  std::string error;
  if (!prepareModel(context, modelPath, batchSize, quant, model, error) ||
      (k > 1 && !prepareModel(context, modelPath, localBatch, quant, shard, error)))
    die(error);
  mlir::ModuleOp stepModule = k > 1 ? *shard.module : *model.module;
  int64_t sample = 1;
  for (size_t i = 1; i < model.inputShape.size(); ++i)
    sample *= model.inputShape[i];
  if (!checkDataset(train, sample, model.classes, "training", error) ||
      (test.count && !checkDataset(test, sample, model.classes, "test", error)))
    die(error);
  int64_t stepsPerEpoch = train.count / batchSize;
  if (stepsPerEpoch == 0)
    die("the training data holds " + Twine(train.count) + " samples, fewer than one batch of " +
        Twine(batchSize));
  int64_t totalSteps = maxSteps ? (int64_t)maxSteps : (epochs ? epochs : 3) * stepsPerEpoch;
  int64_t numEpochs = (totalSteps + stepsPerEpoch - 1) / stepsPerEpoch;

  qat::driver::CompileOptions compile;
  compile.targetCpu = targetCpu;
  compile.runtimeDir = qat::driver::runtimeDirOf(argv[0], reinterpret_cast<void *>(&die));
  std::vector<float> x;
  std::vector<int64_t> y;
  if (model.insertedQuantizers) {
    gather(train, epochOrder(train.count, seed, 1), 0, batchSize, x, y);
    if (!initActivationScales(*model.module, x.data(), compile, error))
      die("initializing the activation scales: " + error);
    if (k > 1 && !copyActivationScales(*model.module, stepModule, error))
      die(error);
  }
  SmallString<128> tempDir;
  if (sys::fs::createUniqueDirectory("qat-train", tempDir))
    die("cannot create a temporary directory");
  std::string lib = (tempDir + "/libstep.so").str();
  std::vector<ArgInfo> trainArgs;
  if (!buildStepLibrary(stepModule, stepOptions(totalSteps, k), compile, lib, trainArgs, error))
    die(error);
  if (!saveStep.empty() && replicas.leader())
    saveStepLibrary(lib, trainArgs);
  Session session;
  bool opened = session.open(lib, trainArgs, (int32_t)threads,
                             k > 1 ? &Replicas::allReduce : nullptr, error);
  sys::fs::remove_directories(tempDir);
  if (!opened)
    die(error);

  int64_t startEpoch = 1, step = 0;
  if (resume) {
    // Rank 0 reads the checkpoint and hands it to the others.
    int64_t done = 0;
    bool found = false;
    if (replicas.leader() &&
        !loadLatestCheckpoint(checkpointDir, session, done, step, found, error))
      die(error);
    int64_t where[3] = {found, done, step};
    replicas.broadcast(where, sizeof where);
    found = where[0];
    done = where[1];
    step = where[2];
    if (found) {
      shareState(session);
      startEpoch = done + 1;
      if (replicas.leader())
        outs() << "resuming after epoch " << done << " (step " << step << ")\n";
    }
  }
  // Rank 0 reports; the others only train.
  bool leader = replicas.leader();
  Reporter reporter(numEpochs, stepsPerEpoch, totalSteps, batchSize);
  if (leader && !reporter.openLog(logPath, resume && startEpoch > 1, error))
    die(error);
  for (int64_t epoch = startEpoch; epoch <= numEpochs && step < totalSteps; ++epoch) {
    std::vector<int64_t> order = epochOrder(train.count, seed, epoch);
    if (leader)
      reporter.beginEpoch(epoch);
    for (int64_t b = 0; b < stepsPerEpoch && step < totalSteps; ++b) {
      // This replica's share of global batch b.
      gather(train, order, b * batchSize + replicas.rank() * localBatch, localBatch, x, y);
      if (!session.trainStep(x.data(), y.data(), error))
        die(error);
      ++step;
      shareStepMetrics(session.metrics);
      if (leader)
        reporter.step(epoch, step, session.metrics);
      if (killAfterStep && step == (int64_t)killAfterStep) {
        if (k > 1 && killRank >= 0 && killRank != replicas.rank())
          continue;
        if (k > 1)
          std::raise(SIGKILL);
        std::_Exit(1);
      }
    }
    auto [testLoss, testAccuracy] = evaluate(session, test);
    if (!replicas.agree(stateHash(session)))
      die("after epoch " + Twine(epoch) + " the replicas hold different parameters (the "
          "all-reduce did not give every process the same sums)");
    if (!leader)
      continue;
    reporter.endEpoch(epoch, step, testLoss, testAccuracy);
    if (!checkpointDir.empty() && !saveCheckpoint(checkpointDir, epoch, step, session, error))
      die(error);
  }

  if (leader && (!outputPath.empty() || !exportPath.empty())) {
    if (!writeBack(*model.module, session, schedule == "tr", error))
      die(error);
    if (!outputPath.empty()) {
      std::error_code ec;
      raw_fd_ostream os(outputPath, ec);
      if (ec)
        die(outputPath + ": " + ec.message());
      model.module->print(os, mlir::OpPrintingFlags().enableDebugInfo());
    }
    if (!exportPath.empty()) {
      std::string bytes;
      if (!qat::exportOnnx(*model.module, bytes, error))
        die("--export-onnx: " + error);
      std::error_code ec;
      raw_fd_ostream os(exportPath, ec);
      if (ec)
        die(exportPath + ": " + ec.message());
      os << bytes;
    }
  }
  auto [testLoss, testAccuracy] = evaluate(session, test);
  (void)testLoss;
  if (!leader)
    return 0;
  if (test.count)
    outs() << "test accuracy: " << format("%.4f", testAccuracy) << "\n";
  else
    outs() << "test accuracy: n/a (no test data)\n";
  return 0;
}
