"""Trained model: artefact round trip, format guard, versioning, and its part in the decision."""
import pickle
import random

import pytest

from classifiers import FORMAT_VERSION, Model, ModelFormatError, classify, evaluate, load_catalog, train
from classifiers.model import _MAGIC, TrainParams
from classifiers.noise import degrade_text
from sohoa.errors import Reason

CAT = load_catalog()
PARAMS = TrainParams(n_features=2**16)


def test_round_trip_keeps_version_and_predictions(small_model, corpus):
    again = Model.from_bytes(small_model.to_bytes())
    assert again.version == small_model.version
    assert again.predict_proba(corpus[0][3]) == small_model.predict_proba(corpus[0][3])


def test_other_format_version_is_classifier_unavailable(small_model):
    blob = _MAGIC + pickle.dumps({"format_version": FORMAT_VERSION + 1, "model": small_model})
    with pytest.raises(ModelFormatError) as e:
        Model.from_bytes(blob)
    assert e.value.reason is Reason.classifier_unavailable and e.value.state == "review"


@pytest.mark.parametrize("blob", [b"", b"not a model", _MAGIC + b"\x80\x05garbage"])
def test_unreadable_artefact_is_classifier_unavailable(blob):
    with pytest.raises(ModelFormatError):
        Model.from_bytes(blob)


def test_retraining_on_reviewed_corrections_changes_the_version(small_model, corpus):
    texts, labels = corpus
    same = train(list(reversed(texts)), list(reversed(labels)), params=PARAMS)
    assert same.version == small_model.version  # same data, any order: same model identity
    corrected = list(labels)
    corrected[7] = "certified_copy"  # a reviewer relabelled one dossier
    assert train(texts, corrected, params=PARAMS).version != small_model.version
    extra = train(texts + ["TỜ KHAI ĐĂNG KÝ KHAI SINH\nngười được khai sinh: Lê Văn Tám"],
                  labels + ["birth_registration"], params=PARAMS)
    assert extra.version != small_model.version


def test_model_classifies_damaged_text_without_a_title(small_model):
    from clf_corpus import make_text

    rng = random.Random(3)
    text = make_text(CAT, "death_registration", rng)
    body_only = "\n".join(line for line in text.splitlines() if "KHAI TỬ" not in line)
    c = classify([degrade_text(body_only, rng, 0.3)], CAT, model=small_model)
    assert c.model_version == small_model.version
    assert c.key in (None, "death_registration")  # never a confident wrong answer
    probs = small_model.predict_proba(body_only)
    assert max(probs, key=probs.get) == "death_registration"


def test_evaluate_reports_accuracy_abstention_and_confusion(small_model):
    from clf_corpus import make_corpus

    texts, labels = make_corpus(3, seed=11)
    report = evaluate(small_model, texts, labels, CAT)
    assert report.n == 30 and report.accuracy >= 0.9
    text = report.render()
    assert "accuracy" in text and "abstention" in text and "birth_registration" in text
    assert len(report.decided) == report.classified and 0 <= report.calibration_gap < 0.2


def test_labelled_examples_skip_records_without_text_or_procedure():
    from classifiers import labelled_examples

    recs = [{"text": "TỜ KHAI", "procedure": "birth_registration"}, {"source": "broken.pdf", "text": ""},
            {"text": "x", "procedure": None}]
    assert labelled_examples(recs) == (["TỜ KHAI"], ["birth_registration"])


def test_train_rejects_mismatched_or_single_label_input():
    with pytest.raises(ValueError):
        train(["a", "b"], ["x"])
    with pytest.raises(ValueError):
        train(["a b c", "d e f"], ["x", "x"])


class FakeModel:
    """Fixed probabilities, to drive the decision rules exactly."""

    version = "clf-test"
    threshold = 0.9

    def __init__(self, probs, trained_on_all=True):
        self.probs = {**{k: 0.0 for k in CAT.keys}, **probs} if trained_on_all else probs

    def predict_proba(self, text):
        return self.probs


HEAD = "ỦY BAN NHÂN DÂN XÃ AN BÌNH\n"
BODY = "\nHọ và tên người đề nghị: Lê Văn Ba\nSố định danh cá nhân: 079099001122\nNơi cư trú: ấp 2, xã An Bình"
NO_CUE = "Biên bản làm việc\nHôm nay tại trụ sở, các bên thống nhất nội dung như sau đây và ký tên xác nhận"


def test_agreeing_stages_combine():
    c = classify([HEAD + "TỜ KHAI ĐĂNG KÝ KẾT HÔN" + BODY], CAT, FakeModel({"marriage_registration": 0.7}))
    assert (c.key, c.method, c.model_version) == ("marriage_registration", "combined", "clf-test")


def test_confident_model_against_clear_rules_abstains():
    c = classify([HEAD + "TỜ KHAI ĐĂNG KÝ KẾT HÔN" + BODY], CAT, FakeModel({"death_registration": 0.95}))
    assert (c.key, c.reason) == (None, "procedure_uncertain")


def test_model_below_threshold_without_rules_abstains():
    c = classify([NO_CUE], CAT, FakeModel({"certified_copy": 0.85, "birth_registration": 0.15}))
    assert (c.key, c.reason, c.model_version) == (None, "procedure_uncertain", "clf-test")


def test_model_above_threshold_without_rules_decides():
    c = classify([NO_CUE], CAT, FakeModel({"certified_copy": 0.97}))
    assert (c.key, c.method, c.sector) == ("certified_copy", "model", "chung_thuc")


def test_model_label_missing_from_catalog_is_ignored():
    c = classify([NO_CUE], CAT, FakeModel({"adoption_registration": 0.99}))
    assert c.key is None and c.reason == "procedure_uncertain"


def test_blank_dossier_is_not_classified_even_by_a_sure_model():
    c = classify(["", " \n "], CAT, FakeModel({"certified_copy": 1.0}))
    assert (c.key, c.reason) == (None, "no_text")


def test_single_dossier_path_matches_the_sklearn_pipeline(small_model, corpus):
    import numpy as np

    texts = corpus[0][:15] + [degrade_text(corpus[0][20], random.Random(1), 1.0), "x y z"]
    batch = small_model.predict_proba_many(texts)
    for text, row in zip(texts, batch):
        fast = small_model.predict_proba(text)
        assert np.allclose([fast[k] for k in small_model.labels], row, atol=1e-5)


def test_rules_decide_a_procedure_the_model_never_learned():
    page = HEAD + "PHIẾU YÊU CẦU CHỨNG THỰC" + BODY
    c = classify([page], CAT, FakeModel({"birth_registration": 0.7, "death_registration": 0.3}, trained_on_all=False))
    assert (c.key, c.method) == ("certified_copy", "rules")


def test_model_that_knows_the_procedure_but_leans_elsewhere_blocks_the_rules():
    page = HEAD + "PHIẾU YÊU CẦU CHỨNG THỰC" + BODY
    c = classify([page], CAT, FakeModel({"birth_registration": 0.7, "certified_copy": 0.3}))
    assert (c.key, c.reason) == (None, "procedure_uncertain")


def test_noisy_copies_are_made_after_the_split_and_change_the_version(corpus, small_model):
    texts, labels = corpus
    noisy = train(texts, labels, params=TrainParams(n_features=2**16, noisy_copies=1))
    assert noisy.version != small_model.version
    assert noisy.metrics["train_size"] == 2 * small_model.metrics["train_size"]
    assert noisy.metrics["threshold_size"] == 2 * small_model.metrics["threshold_size"]
