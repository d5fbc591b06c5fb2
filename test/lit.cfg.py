# lit configuration of the qat-mlir suite.
import os
import shutil
import subprocess
import lit.formats

config.name = "qat-mlir"
config.test_format = lit.formats.ShTest(True)
# .mlir: dialect and pass tests; .py: ONNX importer tests whose script builds
# the model (python3-onnx) and whose comments hold the FileCheck lines;
# .test: end-to-end shell tests.
config.suffixes = [".mlir", ".py", ".test"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "Inputs", "lib"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.qat_obj_root, "test")

# Debian's interpreter has python3-onnx/numpy/torch; the first python3 on PATH
# may be another one.
python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else "python3"
config.substitutions.append(("%python", python))
config.substitutions.append(("%qat_obj_root", config.qat_obj_root))
config.substitutions.append(("%test_lib", os.path.join(config.test_source_root, "lib")))
# The C compiler qat-compile links model libraries with (driver/Compiler.cpp):
# the bench/kernels harnesses are built with it against the kernels archive.
config.substitutions.append(("%cc", shutil.which("cc") or "clang-22"))
# Test-only binaries built by test/CMakeLists.txt (qat-run's fixtures).
config.substitutions.append(("%add_model", config.qat_add_model))
config.substitutions.append(("%bad_abi_model", config.qat_bad_abi_model))
config.substitutions.append(("%add_runner", config.qat_add_runner))
config.substitutions.append(("%tensorfile_test", config.qat_tensorfile_test))
config.substitutions.append(("%buffer_pool_test", config.qat_buffer_pool_test))
config.substitutions.append(("%shape_cache_test", config.qat_shape_cache_test))
config.substitutions.append(("%maxpool_test", config.qat_maxpool_test))
config.substitutions.append(("%conv_test", config.qat_conv_test))
config.substitutions.append(("%depthwise_test", config.qat_depthwise_test))
config.substitutions.append(("%thread_pool_test", config.qat_thread_pool_test))
config.substitutions.append(("%maxpool_levels_test", config.qat_maxpool_levels_test))
config.environment["PYTHONPATH"] = os.path.join(config.test_source_root, "lib")
config.environment["PYTHONDONTWRITEBYTECODE"] = "1"
# glibc's malloc asks for transparent huge pages (madvise) on its heap and
# mmapped chunks: the tests move models of 50-100 MB through files and tools,
# and with 4 KiB pages a third of the suite's CPU time was the kernel's
# page-fault handling (qdq-export + int-models: 93 s -> 53 s). No effect
# where THP is off; the sanitized tools use ASan's allocator anyway.
config.environment["GLIBC_TUNABLES"] = os.environ.get("GLIBC_TUNABLES",
                                                      "glibc.malloc.hugetlb=1")
# libMLIR.so is not instrumented: container-overflow checks would misfire.
config.environment["ASAN_OPTIONS"] = "detect_container_overflow=0:detect_leaks=1"
config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"

config.environment["PATH"] = os.pathsep.join(
    [config.qat_tools_dir, config.llvm_tools_dir, "/usr/lib/llvm-22/bin",
     config.environment.get("PATH", "")])
if config.qat_sanitize:
    config.available_features.add("asan")

# Outside references the e2e tests compare with; scripts/install-deps
# installs them all. Under CI a missing one fails the run instead of turning
# its tests UNSUPPORTED.
references = {
    # onnxruntime-node (bench/ort-run.js) run by Node.js.
    "onnxruntime": shutil.which("node") is not None and os.path.isdir(
        os.path.join(config.test_source_root, "..", "bench", "node_modules",
                     "onnxruntime-node")),
    # Open MPI: qat-train built with it, and its launcher.
    "mpi": config.qat_mpi and shutil.which("mpirun") is not None,
}
for feature, present in references.items():
    if present:
        config.available_features.add(feature)
    elif os.environ.get("CI"):
        lit_config.fatal(f"CI is set and the lit feature '{feature}' is missing "
                         "(run scripts/install-deps)")
# Debian's python3 must have what the fixtures import: a missing module is an
# error, never a skip.
missing = subprocess.run([python, "-c", "import onnx, numpy, torch, torchvision"],
                         capture_output=True).returncode
if missing:
    lit_config.fatal(f"{python} lacks onnx/numpy/torch/torchvision (run scripts/install-deps)")

# Kernel ISA levels (runtime/kernels/isa.h) this CPU runs, highest first:
# tests loop over %isa_levels with QAT_ISA=<level> so that every kernel
# variant runs on whatever machine the suite lands on.
isa_levels = "generic"
qat_run = os.path.join(config.qat_tools_dir, "qat-run")
if os.path.exists(qat_run):
    isa_levels = subprocess.run([qat_run, "--list-isa"], capture_output=True,
                                text=True).stdout.strip() or "generic"
# Under the sanitizers one level is enough: they instrument the compiler, the
# importer and the runtime's C++, never the kernels archive or the code the
# compiler emits, which is all that differs between levels. The portable
# level is the one every machine has and the one the integer tests' CHECK
# lines name.
if config.qat_sanitize:
    isa_levels = "generic"
config.substitutions.append(("%isa_levels", isa_levels))
# The test scripts that loop over levels themselves (Inputs/int-*.sh).
config.environment["QAT_TEST_ISA_LEVELS"] = isa_levels
# The float kernels have no VNNI variant: avx512-vnni runs avx512's float code,
# so float-only tests loop over the distinct float levels.
float_isa_levels = isa_levels
if "avx512" in isa_levels.split():
    float_isa_levels = " ".join(l for l in isa_levels.split() if l != "avx512-vnni")
config.substitutions.append(("%float_isa_levels", float_isa_levels))
lit_config.note(f"kernel ISA levels tested on this CPU: {isa_levels}")

# scripts/test runs the suite twice: in the release build and then in the
# sanitized one. With --param sanitized-run-follows=1 the release run leaves
# out each test the sanitized run repeats unchanged (test/lib/
# qat_lit_formats.py): CI runs such a test once, under the sanitizers,
# instead of twice.
if lit_config.params.get("sanitized-run-follows") == "1" and not config.qat_sanitize:
    import sys
    sys.path.insert(0, os.path.join(config.test_source_root, "lib"))
    from qat_lit_formats import ReleaseOnlyWhatSanitizersSkip, level_scripts
    scripts = level_scripts(config.test_source_root)
    config.test_format = ReleaseOnlyWhatSanitizersSkip(scripts)
    lit_config.note("release run of tests the sanitized run cannot repeat: "
                    "UNSUPPORTED under asan, or kernels at every ISA level "
                    f"(level scripts: {' '.join(scripts) or 'none'})")
