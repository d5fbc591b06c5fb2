"""lit test formats of the qat-mlir suite (test/lit.cfg.py imports them from
here: lit sends each test's format to its worker processes by pickling,
which finds a class by its module, and lit.cfg.py is no module)."""
import os

import lit.formats

# What marks a test that runs the kernels at several ISA levels: the lit
# substitutions, the environment the level loops read, qat-run's list.
LEVEL_MARKERS = ["isa_levels", "QAT_TEST_ISA_LEVELS", "QAT_ISA", "--list-isa"]


def level_scripts(source_root):
    """The Inputs/ helper scripts that loop over the levels themselves
    (Inputs/int-*.sh): a test calling one runs several levels."""
    found = []
    for root, _, files in os.walk(source_root):
        if "Inputs" not in root:
            continue
        for name in files:
            if name.endswith((".sh", ".py")):
                with open(os.path.join(root, name), errors="replace") as f:
                    text = f.read()
                if any(m in text for m in LEVEL_MARKERS):
                    found.append(name)
    return sorted(found)


def needs_release_run(path, scripts):
    """Whether the sanitized run cannot repeat the test at `path` as it is:
    UNSUPPORTED under asan, or running kernels at every ISA level (the
    sanitized run tests one)."""
    with open(path, errors="replace") as f:
        text = f.read()
    return "UNSUPPORTED: asan" in text or any(m in text for m in LEVEL_MARKERS + scripts)


class ReleaseOnlyWhatSanitizersSkip(lit.formats.ShTest):
    """ShTest without the tests the sanitized run repeats unchanged."""

    def __init__(self, scripts):
        super().__init__(True)
        self.scripts = scripts

    def getTestsInDirectory(self, testSuite, path_in_suite, litConfig, localConfig):
        for test in super().getTestsInDirectory(testSuite, path_in_suite, litConfig,
                                                localConfig):
            if needs_release_run(test.getSourcePath(), self.scripts):
                yield test
