//===- Replicas.h - the processes of a data-parallel qat-train run -*- C++ -*-===//
//
// `mpirun -n K qat-train ...` runs K replicas of one training: each takes
// its shard of every global batch, and the compiled step averages the
// gradients over them (qat-build-train-step replicas=K) through allReduce
// below. This class is qat-train's only use of MPI; a process not started
// by an MPI launcher is one replica and never initializes MPI.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_TOOLS_QATTRAIN_REPLICAS_H
#define QAT_TOOLS_QATTRAIN_REPLICAS_H

#include <cstdint>
#include <string>

namespace qat::train {

class Replicas {
public:
  /// Joins the MPI job this process was started in, if any (MPI_Init;
  /// errors end the job: MPI_ERRORS_ARE_FATAL). False with `error` when an
  /// MPI launcher started it and this build has no MPI.
  bool init(int *argc, char ***argv, std::string &error);
  ~Replicas();

  int rank() const { return rankIndex; }
  int count() const { return size; }
  /// The threads a replica's steps run on by default: the processors it
  /// may run on (its affinity, as qat_available_cpus counts them, without
  /// the cgroup quota: this tool does not link the runtime) divided by the
  /// replicas on its machine, at least 1. mpirun binds each of two
  /// processes to one core, more to a socket.
  int threadsPerProcess() const;
  bool leader() const { return rankIndex == 0; }

  /// qat_model_options.all_reduce: sums `count` floats in place over the
  /// replicas (MPI_Allreduce, MPI_SUM, in place); 0 on success.
  static int32_t allReduce(void *context, float *data, int64_t count);
  /// Sums `n` doubles in place over the replicas (no-op for one).
  void sum(double *values, int n) const;
  /// Rank 0's `bytes` bytes at `data` on every replica.
  void broadcast(void *data, size_t bytes) const;
  /// Whether every replica passed the same value.
  bool agree(uint64_t value) const;

private:
  int rankIndex = 0, size = 1, localSize = 1; // localSize: replicas on this machine
  bool joined = false;
};

} // namespace qat::train

#endif // QAT_TOOLS_QATTRAIN_REPLICAS_H
