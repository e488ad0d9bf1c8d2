import pytest
from django.urls import reverse

from tests.factories import ActivitySourceFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(settings, tmp_path):
    settings.CORPUS_DIR = tmp_path / "corpus"
    (settings.CORPUS_DIR / "folder").mkdir(parents=True)
    (settings.CORPUS_DIR / "book.txt").write_text("Jocuri pentru copii.\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not for you", encoding="utf-8")
    settings.SOURCE_DOWNLOAD_ENABLED = True
    return settings.CORPUS_DIR


def _download(client, source):
    return client.get(reverse("activities:source-download", args=[source.pk]))


def test_download_serves_the_original_file_when_enabled(client, corpus):
    response = _download(client, SourceFactory(path="book.txt"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Jocuri pentru copii.\n"
    assert "attachment" in response["Content-Disposition"]


def test_download_is_404_when_the_flag_is_off(client, corpus, settings):
    settings.SOURCE_DOWNLOAD_ENABLED = False
    assert _download(client, SourceFactory(path="book.txt")).status_code == 404


def test_download_is_404_for_a_web_mirror(client, corpus):
    assert _download(client, SourceFactory(path="book.txt", kind="web-mirror")).status_code == 404


def test_download_is_404_for_a_missing_file(client, corpus):
    assert _download(client, SourceFactory(path="gone.txt")).status_code == 404


def test_download_is_404_for_a_folder_source(client, corpus):
    assert _download(client, SourceFactory(path="folder")).status_code == 404


@pytest.mark.parametrize("path", ["../secret.txt", "folder/../../secret.txt", "/etc/passwd"])
def test_download_refuses_paths_outside_the_corpus(client, corpus, path):
    assert _download(client, SourceFactory(path=path)).status_code == 404


def test_download_refuses_a_symlink_leading_outside_the_corpus(client, corpus):
    (corpus / "link.txt").symlink_to(corpus.parent / "secret.txt")
    assert _download(client, SourceFactory(path="link.txt")).status_code == 404


def test_detail_links_the_download_only_when_enabled(client, corpus, settings):
    link = ActivitySourceFactory(source=SourceFactory(path="book.txt"))
    url = reverse("activities:source-download", args=[link.source.pk])
    detail = reverse("activities:detail", args=[link.activity.pk])
    assert url in client.get(detail).text
    settings.SOURCE_DOWNLOAD_ENABLED = False
    assert url not in client.get(detail).text
