"""bench/extraction_bench.py: the review threshold read off a reliability table."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.extraction_bench import print_reliability  # noqa: E402


def test_a_band_of_doubtful_values_is_not_taken_because_sure_values_dilute_it():
    sure = [(0.999, True)] * 1000 + [(0.92, True)] * 10
    doubtful = [(0.6, True)] * 5 + [(0.62, False)]  # right 5 times in 6
    threshold = print_reliability(sure + doubtful)
    assert threshold is not None and 0.62 < threshold <= 0.92  # 1 wrong in 1016 alone would allow 0.60


def test_the_threshold_stays_above_what_values_held_never_certain_are_capped_at():
    capped = [(0.5, True)] * 20  # all right here, but their owner or reading was unsure
    assert print_reliability([(0.98, True)] * 500 + capped + [(0.3, False)]) > 0.5
