"""Extraction rules are tested on their own scale: the rule-based score each value gets.

The installed confidence model (extraction/data/calibration.json) maps that score, with a few
other pieces of evidence, to a measured probability; it is refitted whenever the rules change,
so tests that pin a rule's effect ('a guessed digit costs confidence', 'a disagreeing second
reading sends the date to review' at 0.80) would otherwise test the last fit instead of the rule.
test_calibration.py tests the model and its threshold as installed.
"""
from __future__ import annotations

import pytest

from extraction import calibration


@pytest.fixture(autouse=True)
def rule_scores(request, monkeypatch):
    if request.node.get_closest_marker("calibrated"):
        return
    monkeypatch.setattr(calibration, "load_model", lambda path=calibration.MODEL_PATH: None)


def pytest_configure(config):
    config.addinivalue_line("markers", "calibrated: run with the installed confidence model")
