"""The installed confidence model: a probability that rises with the rule-based score, falls when
whose value it is is unsure, and the review threshold it was fitted with."""
from __future__ import annotations

import json

import pytest

from extraction import calibration, extract_fields
from extraction_helpers import ocr_page

pytestmark = pytest.mark.calibrated


def test_the_installed_model_is_a_probability_monotone_in_the_rule_score():
    model = calibration.load_model()
    assert model is not None, "extraction/data/calibration.json is not installed"
    probs = [calibration.probability({"hand": calibration._logit(h)}, model) for h in (0.2, 0.5, 0.8, 0.95, 0.99)]
    assert all(0 < p < 1 for p in probs) and probs == sorted(probs)
    ambiguous = calibration.probability({"hand": calibration._logit(0.95), "role_ambiguous": 1.0}, model)
    assert ambiguous < probs[3]


def test_the_review_threshold_is_the_fitted_one():
    fitted = json.loads(calibration.MODEL_PATH.read_text())
    assert calibration.review_threshold() == fitted["review_threshold"]
    assert fitted["fitted_on"]["split"] == "calibrate"  # never the tuning split's data
    from sohoa.config import Settings
    assert Settings().review_threshold == fitted["review_threshold"]


def test_a_value_read_badly_stays_under_the_threshold():
    text = "Họ, chữ đệm, tên người yêu cầu: Nguyễn Văn An\nSố định danh cá nhân: 074093001656"
    sure = extract_fields([ocr_page(text, conf=96.0)])
    doubted = extract_fields([ocr_page(text, conf=96.0, low={"074093001656": 25.0})])
    threshold = calibration.review_threshold()
    assert sure["applicant_id_number"].confidence >= threshold
    assert doubted["applicant_id_number"].confidence < threshold



def test_the_review_threshold_is_above_what_values_held_never_certain_are_capped_at():
    assert calibration.review_threshold() > calibration.NEVER_CERTAIN
