from pathlib import Path

import pytest

DEMO_CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"


@pytest.fixture
def corpus_dir(settings, tmp_path):
    """An empty corpus folder, configured as CORPUS_DIR."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    settings.CORPUS_DIR = folder
    return folder


@pytest.fixture
def demo_corpus():
    return DEMO_CORPUS
