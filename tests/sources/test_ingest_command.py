import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sources.manifest import LEFT_OUT, NOT_A_DOCUMENT
from sources.models import Source
from sources.services import OUTSIDE_CORPUS

pytestmark = pytest.mark.django_db

SUMMARY_KEYS = ["sources", "new", "unchanged", "changed", "failed", "needs_ocr", "chunks", "skipped"]


def _run(*args) -> str:
    out = StringIO()
    call_command("ingest_sources", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def small_corpus(corpus_dir):
    (corpus_dir / "games.txt").write_text("CAT AND MOUSE.\n\nThe players form a ring.\n", encoding="utf-8")
    (corpus_dir / "empty.txt").write_text("", encoding="utf-8")
    (corpus_dir / "manifest.yaml").write_text("sources:\n  - path: games.txt\n  - path: empty.txt\n", encoding="utf-8")
    return corpus_dir


def test_json_summary_is_the_last_line_with_the_agreed_keys(small_corpus):
    summary = json.loads(_run("--json").strip().splitlines()[-1])
    assert list(summary) == SUMMARY_KEYS
    assert summary == {
        "sources": 2,
        "new": 2,
        "unchanged": 0,
        "changed": 0,
        "failed": [{"path": "empty.txt", "reason": "empty file"}],
        "needs_ocr": [],
        "chunks": 1,
        "skipped": [],
    }


def test_second_run_reports_everything_unchanged(small_corpus):
    _run()
    summary = json.loads(_run("--json").strip().splitlines()[-1])
    assert (summary["new"], summary["unchanged"], summary["changed"]) == (0, 2, 0)


def test_human_summary_and_progress_lines(small_corpus):
    output = _run()
    assert "[1/2] games.txt: new, 1 chunks" in output
    assert "2 sources: 2 new, 0 changed, 0 unchanged; 1 chunks; 1 failed, 0 need OCR" in output
    assert "failed: empty.txt: empty file" in output


def test_bad_input_does_not_fail_the_command(small_corpus):
    _run()
    assert Source.objects.get(path="games.txt").chunks.count() == 1


def test_strict_fails_when_a_source_failed(small_corpus):
    with pytest.raises(CommandError, match="1 source"):
        _run("--strict")


def test_paths_ingest_only_those_files(small_corpus):
    _run(str(small_corpus / "games.txt"))
    assert list(Source.objects.values_list("path", flat=True)) == ["games.txt"]


def test_missing_path_is_a_usage_error(small_corpus):
    with pytest.raises(CommandError, match="no such file"):
        _run(str(small_corpus / "nope.txt"))


def test_invalid_manifest_is_a_usage_error(corpus_dir):
    (corpus_dir / "manifest.yaml").write_text("sources: 3\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not a valid manifest"):
        _run()


def test_folder_path_reports_renderings_the_manifest_left_out(corpus_dir):
    book = corpus_dir / "book"
    book.mkdir()
    (book / "book.txt").write_text("CAT AND MOUSE.\n\nThe players form a ring.\n", encoding="utf-8")
    (book / "book-h.htm").write_text("<p>CAT AND MOUSE.</p>", encoding="utf-8")
    (corpus_dir / "manifest.yaml").write_text("sources:\n  - path: book/book.txt\n", encoding="utf-8")
    (book / "cover.jpg").write_bytes(b"\xff\xd8")
    output = _run(str(book), "--json")
    assert "skipped: book/book-h.htm: the manifest above it names another rendering" in output
    assert json.loads(output.strip().splitlines()[-1])["skipped"] == [
        {"path": "book/book-h.htm", "reason": LEFT_OUT},
        {"path": "book/cover.jpg", "reason": NOT_A_DOCUMENT},
    ]
    assert list(Source.objects.values_list("path", flat=True)) == ["book/book.txt"]


def test_path_outside_the_corpus_is_refused_with_a_reason(corpus_dir, tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("CAT AND MOUSE.\n\nThe players form a ring.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="resolves outside the corpus folder"):
        _run(str(outside))
    assert not Source.objects.exists()


def test_link_in_the_corpus_to_a_file_outside_is_refused(corpus_dir, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not a game book", encoding="utf-8")
    (corpus_dir / "games.txt").symlink_to(secret)
    with pytest.raises(CommandError, match="resolves outside the corpus folder"):
        _run(str(corpus_dir / "games.txt"))
    assert not Source.objects.exists()


def test_folder_lists_a_link_leading_outside_the_corpus_as_skipped(corpus_dir, tmp_path):
    (tmp_path / "secret.txt").write_text("not a game book", encoding="utf-8")
    (corpus_dir / "games.txt").write_text("CAT AND MOUSE.\n\nThe players form a ring.\n", encoding="utf-8")
    (corpus_dir / "link.txt").symlink_to(tmp_path / "secret.txt")
    summary = json.loads(_run(str(corpus_dir), "--json").strip().splitlines()[-1])
    assert summary["skipped"] == [{"path": "link.txt", "reason": OUTSIDE_CORPUS}]
    assert list(Source.objects.values_list("path", flat=True)) == ["games.txt"]


def test_manifest_entry_outside_the_corpus_is_skipped_with_a_reason(corpus_dir, tmp_path):
    (tmp_path / "secret.txt").write_text("not a game book", encoding="utf-8")
    (corpus_dir / "games.txt").write_text("CAT AND MOUSE.\n\nThe players form a ring.\n", encoding="utf-8")
    (corpus_dir / "manifest.yaml").write_text(
        "sources:\n  - path: games.txt\n  - path: ../secret.txt\n", encoding="utf-8"
    )
    summary = json.loads(_run("--json").strip().splitlines()[-1])
    assert summary["skipped"] == [{"path": (tmp_path / "secret.txt").as_posix(), "reason": OUTSIDE_CORPUS}]
    assert list(Source.objects.values_list("path", flat=True)) == ["games.txt"]


def test_a_folder_sources_link_to_a_file_outside_is_not_read(corpus_dir, tmp_path):
    (tmp_path / "secret.txt").write_text("SECRET GAME.\n\nNot from this book.\n", encoding="utf-8")
    book = corpus_dir / "book"
    book.mkdir()
    (book / "01.txt").write_text("CAT AND MOUSE.\n\nThe players form a ring.\n", encoding="utf-8")
    (book / "02.txt").symlink_to(tmp_path / "secret.txt")
    (corpus_dir / "manifest.yaml").write_text("sources:\n  - path: book\n", encoding="utf-8")
    summary = json.loads(_run("--json").strip().splitlines()[-1])
    assert summary["skipped"] == [{"path": "book/02.txt", "reason": OUTSIDE_CORPUS}]
    assert "SECRET" not in Source.objects.get().chunks.get().text


def test_sources_dropped_from_the_manifest_are_kept_and_reported(small_corpus):
    _run()
    (small_corpus / "manifest.yaml").write_text("sources:\n  - path: games.txt\n", encoding="utf-8")
    output = _run()
    assert "kept, but no longer in the corpus: empty.txt" in output
    assert Source.objects.filter(path="empty.txt").exists()
