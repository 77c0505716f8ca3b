"""Settings every test process shares, set before any test module loads Tesseract."""
import os

# As the CLI, Dockerfile and compose workers run it: one OpenMP thread per Tesseract. Left unset,
# in-process Tesseract spins idle threads (3-4x the CPU of a page) and timings and memory vary with load.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
