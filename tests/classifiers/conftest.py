"""Session fixtures for the classifier tests (helpers live in clf_corpus.py: a unique module name)."""
import pytest

from clf_corpus import make_corpus


@pytest.fixture(scope="session")
def corpus():
    return make_corpus(20)


@pytest.fixture(scope="session")
def small_model(corpus):
    from classifiers.model import TrainParams, train

    return train(*corpus, params=TrainParams(n_features=2**16))
