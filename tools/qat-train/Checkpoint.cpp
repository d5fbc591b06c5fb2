//===- Checkpoint.cpp - qat-train's checkpoints ----------------------------===//
#include "Checkpoint.h"

#include "runtime/TensorFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

using namespace qat;
using namespace qat::train;
using namespace llvm;

namespace {
/// A tensor name as a file name: [A-Za-z0-9._-] kept, the rest %XX.
std::string fileNameOf(const std::string &name) {
  std::string out;
  for (unsigned char c : name) {
    if (isalnum(c) || c == '.' || c == '_' || c == '-') {
      out += char(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out + ".npy";
}

std::string epochDir(const std::string &dir, int64_t epoch) {
  char name[32];
  std::snprintf(name, sizeof name, "epoch-%04lld", (long long)epoch);
  SmallString<256> p(dir);
  sys::path::append(p, name);
  return std::string(p);
}
} // namespace

bool qat::train::saveCheckpoint(const std::string &dir, int64_t epoch, int64_t step,
                                const Session &session, std::string &error) {
  if (std::error_code ec = sys::fs::create_directories(dir)) {
    error = "cannot create --checkpoint-dir '" + dir + "': " + ec.message();
    return false;
  }
  std::string final = epochDir(dir, epoch);
  std::string temp = final + ".incomplete";
  sys::fs::remove_directories(temp);
  if (std::error_code ec = sys::fs::create_directory(temp)) {
    error = temp + ": " + ec.message();
    return false;
  }
  std::ostringstream manifest;
  manifest << "epoch " << epoch << "\nstep " << step << "\n";
  for (const auto &[name, buffer] : session.state) {
    const Signature &sig = session.stateSignature.at(name);
    Tensor t;
    t.dtype = sig.dtype;
    t.shape = sig.shape;
    t.data.assign(buffer.get(), buffer.get() + sig.bytes);
    std::string file = fileNameOf(name);
    if (!writeNpy(temp + "/" + file, t, error))
      return false;
    manifest << "tensor " << file << " " << name << "\n";
  }
  {
    std::ofstream out(temp + "/checkpoint.txt");
    out << manifest.str();
    if (!out.flush()) {
      error = temp + "/checkpoint.txt: cannot write";
      return false;
    }
  }
  // Into place: the old one (re-run of an epoch) goes first.
  sys::fs::remove_directories(final);
  if (std::error_code ec = sys::fs::rename(temp, final)) {
    error = "cannot move the checkpoint into " + final + ": " + ec.message();
    return false;
  }
  return true;
}

bool qat::train::loadLatestCheckpoint(const std::string &dir, Session &session,
                                      int64_t &epoch, int64_t &step, bool &found,
                                      std::string &error) {
  found = false;
  int64_t best = -1;
  std::error_code ec;
  for (sys::fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    StringRef name = sys::path::filename(it->path());
    int64_t e;
    if (name.consume_front("epoch-") && !name.getAsInteger(10, e) && e > best &&
        sys::fs::exists(it->path() + "/checkpoint.txt"))
      best = e;
  }
  if (best < 0)
    return true;
  std::string path = epochDir(dir, best);
  std::ifstream in(path + "/checkpoint.txt");
  std::string key, file, name;
  size_t tensors = 0;
  while (in >> key) {
    if (key == "epoch") {
      in >> epoch;
    } else if (key == "step") {
      in >> step;
    } else if (key == "tensor") {
      in >> file;
      std::getline(in, name);
      name = name.substr(1);
      auto it = session.state.find(name);
      if (it == session.state.end()) {
        error = path + ": tensor '" + name + "' is not in this model's state (another model "
                "or other training flags?)";
        return false;
      }
      Tensor t;
      if (!readNpy(path + "/" + file, t, error))
        return false;
      const Signature &sig = session.stateSignature.at(name);
      if (t.dtype != sig.dtype || t.shape != sig.shape) {
        error = path + "/" + file + ": expected " + sig.str() + ", got " + dtypeName(t.dtype) +
                " " + shapeString(t.shape);
        return false;
      }
      std::memcpy(it->second.get(), t.data.data(), sig.bytes);
      ++tensors;
    }
  }
  if (tensors != session.state.size()) {
    error = path + ": holds " + std::to_string(tensors) + " of the model's " +
            std::to_string(session.state.size()) + " state tensors";
    return false;
  }
  found = true;
  return true;
}
