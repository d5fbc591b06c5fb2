//===- Replicas.cpp - the processes of a data-parallel qat-train run ------===//
#include "Replicas.h"

#include <algorithm>
#include <cstdlib>
#include <sched.h>

#ifdef QAT_HAVE_MPI
#include <mpi.h>
#endif

using namespace qat::train;

/// Whether an MPI launcher (Open MPI's mpirun, a PMI or PMIx one such as
/// srun) started this process: each sets its rank in the environment.
static bool launchedByMpi() {
  for (const char *name : {"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"})
    if (std::getenv(name))
      return true;
  return false;
}

int Replicas::threadsPerProcess() const {
  cpu_set_t set;
  int cpus = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
  return std::max(1, cpus / localSize);
}

#ifdef QAT_HAVE_MPI
bool Replicas::init(int *argc, char ***argv, std::string &error) {
  if (!launchedByMpi())
    return true;
  // MPI is called from the main thread only; the step's pool threads never
  // call it.
  int provided = MPI_THREAD_SINGLE;
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  joined = true;
  if (provided < MPI_THREAD_FUNNELED) {
    error = "this MPI does not allow a threaded process (MPI_THREAD_FUNNELED)";
    return false;
  }
  // A failed collective (a dead peer) ends every process with MPI's message,
  // rather than leaving the others waiting.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
  MPI_Comm_rank(MPI_COMM_WORLD, &rankIndex);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Comm local;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rankIndex, MPI_INFO_NULL, &local);
  MPI_Comm_size(local, &localSize);
  MPI_Comm_free(&local);
  return true;
}

Replicas::~Replicas() {
  if (joined)
    MPI_Finalize();
}

int32_t Replicas::allReduce(void *, float *data, int64_t count) {
  // MPI counts are int: large buffers go in pieces.
  constexpr int64_t kPiece = int64_t(1) << 30;
  for (int64_t done = 0; done < count; done += kPiece) {
    int n = (int)std::min(kPiece, count - done);
    if (MPI_Allreduce(MPI_IN_PLACE, data + done, n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD) !=
        MPI_SUCCESS)
      return 1;
  }
  return 0;
}

void Replicas::sum(double *values, int n) const {
  if (joined)
    MPI_Allreduce(MPI_IN_PLACE, values, n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
}

void Replicas::broadcast(void *data, size_t bytes) const {
  if (!joined)
    return;
  constexpr size_t kPiece = size_t(1) << 30;
  for (size_t done = 0; done < bytes; done += kPiece)
    MPI_Bcast(static_cast<char *>(data) + done, (int)std::min(kPiece, bytes - done), MPI_BYTE, 0,
              MPI_COMM_WORLD);
}

bool Replicas::agree(uint64_t value) const {
  if (!joined)
    return true;
  uint64_t low = value, high = value;
  MPI_Allreduce(MPI_IN_PLACE, &low, 1, MPI_UINT64_T, MPI_MIN, MPI_COMM_WORLD);
  MPI_Allreduce(MPI_IN_PLACE, &high, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD);
  return low == high;
}
#else
bool Replicas::init(int *, char ***, std::string &error) {
  if (!launchedByMpi())
    return true;
  error = "started by an MPI launcher, but this qat-train was built without MPI (install "
          "libopenmpi-dev and rebuild)";
  return false;
}

Replicas::~Replicas() = default;

int32_t Replicas::allReduce(void *, float *, int64_t) { return 1; }
void Replicas::sum(double *, int) const {}
void Replicas::broadcast(void *, size_t) const {}
bool Replicas::agree(uint64_t) const { return true; }
#endif
