//===- Checkpoint.h - qat-train's checkpoints -------------------*- C++ -*-===//
//
// A checkpoint is a directory epoch-NNNN/ holding one .npy file per state
// tensor and checkpoint.txt (the epoch and step it follows, and which file
// holds which tensor). It is written under a temporary name and renamed
// into place, so an interrupted run never leaves a half-written one; resume
// takes the newest complete one.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_TOOLS_QATTRAIN_CHECKPOINT_H
#define QAT_TOOLS_QATTRAIN_CHECKPOINT_H

#include "Session.h"

namespace qat::train {

/// Writes `session`'s state after `epoch` epochs (`step` steps) into `dir`.
bool saveCheckpoint(const std::string &dir, int64_t epoch, int64_t step,
                    const Session &session, std::string &error);

/// Loads the newest complete checkpoint of `dir` into `session`; `found`
/// says whether there was one.
bool loadLatestCheckpoint(const std::string &dir, Session &session, int64_t &epoch,
                          int64_t &step, bool &found, std::string &error);

} // namespace qat::train

#endif // QAT_TOOLS_QATTRAIN_CHECKPOINT_H
