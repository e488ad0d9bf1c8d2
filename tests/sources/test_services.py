import hashlib
import re
import shutil

import pytest

from sources.models import Chunk, Source
from sources.pdf import ENCRYPTED, TRUNCATED
from sources.readers import EMPTY_FILE
from sources.services import DUPLICATE_CONTENT, PathOutsideCorpus, sources_ingest
from sources.text import BINARY_CONTENT
from tests.sources.pdfs import image_only_pdf, text_pdf, truncated_pdf

pytestmark = pytest.mark.django_db

GAME_TEXT = "CAT AND MOUSE.\n\nThe players form a ring, holding hands. One is the cat, one the mouse.\n"
ROMANIAN_TEXT = (
    "III. Ineluș învîrtecuș\n\nAcesta iarna se joacă. Oricîți copii, băieți și fete, se adună la un loc, "
    "și după ce zic una din formulele ce se văd la jocul de-a ascunsele, se alege cine are să se facă.\n"
)


def _write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _manifest(corpus_dir, body: str):
    (corpus_dir / "manifest.yaml").write_text(f"sources:\n{body}", encoding="utf-8")


@pytest.fixture
def book(corpus_dir):
    path = _write(corpus_dir, "book/games.txt", GAME_TEXT * 40)
    _manifest(corpus_dir, "  - path: book/games.txt\n    title: Games\n    licence: Public domain.\n")
    return path


def test_new_source_is_registered_with_its_metadata(book):
    sources_ingest()
    source = Source.objects.get()
    assert (source.path, source.kind, source.title, source.licence, source.status, source.page_count) == (
        "book/games.txt",
        "text",
        "Games",
        "Public domain.",
        "ok",
        1,
    )


def test_source_sha256_is_the_file_hash(book):
    sources_ingest()
    assert Source.objects.get().sha256 == hashlib.sha256(book.read_bytes()).hexdigest()


def test_language_is_detected_when_the_manifest_does_not_say(corpus_dir):
    _write(corpus_dir, "ro/inelus.txt", ROMANIAN_TEXT)
    _manifest(corpus_dir, "  - path: ro/inelus.txt\n")
    sources_ingest()
    assert Source.objects.get().language == "ro"


def test_chunk_key_is_sha_prefix_slug_and_part_number(book, settings):
    settings.CHUNK_MAX_CHARS = 1000
    sources_ingest()
    source = Source.objects.get()
    keys = list(source.chunks.values_list("key", flat=True))
    assert keys[0] == f"{source.sha256[:8]}_book-games.part01"
    assert all(re.fullmatch(rf"{source.sha256[:8]}_book-games\.part\d\d", key) for key in keys)


def test_chunk_key_slug_separates_words_of_the_file_name(corpus_dir):
    _write(corpus_dir, "wiki/Toaster.en-wikibooks_org.txt", GAME_TEXT)
    _manifest(corpus_dir, "  - path: wiki/Toaster.en-wikibooks_org.txt\n")
    sources_ingest()
    assert Chunk.objects.get().key.endswith("_wiki-toaster-en-wikibooks-org.part01")


def test_summary_counts_new_sources_and_chunks(book, settings):
    settings.CHUNK_MAX_CHARS = 1000
    summary = sources_ingest()
    assert (summary.sources, summary.new, summary.unchanged, summary.changed) == (1, 1, 0, 0)
    assert summary.chunks == Chunk.objects.count() > 1


def test_second_run_changes_nothing(book):
    sources_ingest()
    before = list(Chunk.objects.values_list("pk", "key", "text"))
    updated_at = Source.objects.get().updated_at
    summary = sources_ingest()
    assert (summary.new, summary.unchanged, summary.changed) == (0, 1, 0)
    assert list(Chunk.objects.values_list("pk", "key", "text")) == before
    assert Source.objects.get().updated_at == updated_at


def test_keys_are_stable_across_machines(book, tmp_path, settings):
    sources_ingest()
    first = list(Chunk.objects.values_list("key", flat=True))
    Source.objects.all().delete()
    elsewhere = tmp_path / "other-machine" / "corpus"
    shutil.copytree(settings.CORPUS_DIR, elsewhere)
    settings.CORPUS_DIR = elsewhere
    sources_ingest()
    assert list(Chunk.objects.values_list("key", flat=True)) == first


def test_changed_file_is_rechunked(book):
    sources_ingest()
    old_keys = set(Chunk.objects.values_list("key", flat=True))
    book.write_text(GAME_TEXT * 40 + "\nHOT POTATO.\n\nPass it on.\n", encoding="utf-8")
    summary = sources_ingest()
    assert summary.changed == 1
    assert not old_keys & set(Chunk.objects.values_list("key", flat=True))
    assert "HOT POTATO." in Chunk.objects.order_by("-index").first().text


def test_changed_file_leaves_old_extraction_files_alone(book, settings):
    sources_ingest()
    old_file = settings.EXTRACTED_DIR / f"{Chunk.objects.first().key}.json"
    old_file.write_text("[]", encoding="utf-8")
    book.write_text(GAME_TEXT, encoding="utf-8")
    sources_ingest()
    assert old_file.read_text(encoding="utf-8") == "[]"


def test_new_chunk_size_rechunks_an_unchanged_file(book, settings):
    sources_ingest()
    settings.CHUNK_MAX_CHARS = 800
    summary = sources_ingest()
    assert summary.changed == 1
    assert all(len(text) <= 800 for text in Chunk.objects.values_list("text", flat=True))


def test_manifest_title_edit_applies_without_rechunking(book, corpus_dir):
    sources_ingest()
    chunk_pks = list(Chunk.objects.values_list("pk", flat=True))
    _manifest(corpus_dir, "  - path: book/games.txt\n    title: Better Title\n")
    summary = sources_ingest()
    assert summary.unchanged == 1
    assert Source.objects.get().title == "Better Title"
    assert list(Chunk.objects.values_list("pk", flat=True)) == chunk_pks


def test_book_context_is_what_the_manifest_states(corpus_dir):
    _write(corpus_dir, "indoor/games.txt", GAME_TEXT * 40)
    _write(corpus_dir, "little/games.txt", GAME_TEXT * 41)
    _manifest(
        corpus_dir,
        "  - path: indoor/games.txt\n    title: My Book of Indoor Games\n"
        "  - path: little/games.txt\n    title: Indoor Games for Little Children\n    setting: both\n"
        '    ages: "5-7"\n',
    )
    sources_ingest()
    contexts = dict(Source.objects.values_list("path", "context"))
    assert contexts == {
        "indoor/games.txt": {},
        "little/games.txt": {"indoor_outdoor": "both", "age_min": 5, "age_max": 7},
    }


def test_manifest_audience_edit_applies_without_rechunking(book, corpus_dir):
    sources_ingest()
    _manifest(corpus_dir, "  - path: book/games.txt\n    title: Games\n    audience: {age_min: 18}\n")
    summary = sources_ingest()
    assert summary.unchanged == 1
    assert Source.objects.get().context == {"age_min": 18}


def test_folder_source_has_one_page_per_file(corpus_dir):
    for name in ["b-game.md", "a-game.md"]:
        _write(corpus_dir, f"cards/{name}", f"---\ntitle: {name}\n---\n# {name}\n\nRun around.\n")
    _manifest(corpus_dir, "  - path: cards\n    files: ['*.md']\n")
    sources_ingest()
    source = Source.objects.get()
    assert (source.kind, source.page_count) == ("markdown", 2)
    chunk = source.chunks.get()
    assert chunk.text.index("# a-game.md") < chunk.text.index("\f") < chunk.text.index("# b-game.md")


def test_editing_one_file_of_a_folder_source_changes_it(corpus_dir):
    _write(corpus_dir, "cards/a.md", "# A\n\nRun.")
    card = _write(corpus_dir, "cards/b.md", "# B\n\nWalk.")
    _manifest(corpus_dir, "  - path: cards\n")
    sources_ingest()
    card.write_text("# B\n\nWalk slowly.", encoding="utf-8")
    assert sources_ingest().changed == 1


@pytest.fixture
def cards_with_a_bad_one(corpus_dir):
    _write(corpus_dir, "cards/a.md", "# Ant\n\nRun.")
    (corpus_dir / "cards" / "b.md").write_bytes(b"")
    _write(corpus_dir, "cards/c.md", "# Cat\n\nChase.")
    _manifest(corpus_dir, "  - path: cards\n")
    return corpus_dir / "cards"


def test_folder_source_with_a_bad_file_keeps_the_good_pages(cards_with_a_bad_one):
    sources_ingest()
    source = Source.objects.get()
    assert (source.status, source.page_count, source.status_reason) == ("ok", 3, "b.md: empty file")
    assert source.chunks.get().text == "# Ant\n\nRun.\n\f\f# Cat\n\nChase."


def test_bad_file_of_a_folder_source_is_listed_as_failed_on_every_run(cards_with_a_bad_one):
    first = sources_ingest()
    again = sources_ingest()
    assert first.failed == again.failed == [{"path": "cards/b.md", "reason": EMPTY_FILE}]
    assert again.unchanged == 1


def test_same_content_under_two_paths_is_ingested_once(corpus_dir):
    _write(corpus_dir, "a/games.txt", GAME_TEXT)
    _write(corpus_dir, "b/games.txt", GAME_TEXT)
    _manifest(corpus_dir, "  - path: a/games.txt\n  - path: b/games.txt\n")
    summary = sources_ingest()
    assert summary.failed == [{"path": "b/games.txt", "reason": DUPLICATE_CONTENT.format(path="a/games.txt")}]


@pytest.fixture
def bad_inputs(corpus_dir):
    pages = [[f"Game {n}: the players run to the wall and back again." for n in range(30)]] * 3
    return {
        "good.txt": _write(corpus_dir, "good.txt", GAME_TEXT),
        "locked.pdf": text_pdf(corpus_dir / "locked.pdf", pages, password="secret"),
        "scan.pdf": image_only_pdf(corpus_dir / "scan.pdf"),
        "cut.pdf": truncated_pdf(corpus_dir / "cut.pdf", pages),
        "empty.txt": _write(corpus_dir, "empty.txt", ""),
        "games.docx": _write(corpus_dir, "games.docx", "PK not really"),
        "garbage.txt": corpus_dir / "garbage.txt",
    }


def test_bad_inputs_are_recorded_and_the_good_one_still_ingested(bad_inputs):
    bad_inputs["garbage.txt"].write_bytes(bytes(range(256)) * 64)
    summary = sources_ingest(paths=list(bad_inputs.values()))
    assert Source.objects.get(path="good.txt").chunks.count() == 1
    assert sorted(failure["path"] for failure in summary.failed) == [
        "cut.pdf",
        "empty.txt",
        "games.docx",
        "garbage.txt",
        "locked.pdf",
    ]
    assert summary.needs_ocr == ["scan.pdf"]


def test_bad_inputs_carry_their_reasons(bad_inputs):
    bad_inputs["garbage.txt"].write_bytes(bytes(range(256)) * 64)
    sources_ingest(paths=list(bad_inputs.values()))
    reasons = dict(Source.objects.exclude(status="ok").values_list("path", "status_reason"))
    assert reasons["locked.pdf"] == ENCRYPTED
    assert reasons["empty.txt"] == EMPTY_FILE
    assert reasons["games.docx"] == "unsupported file type: .docx"
    assert reasons["garbage.txt"] == BINARY_CONTENT
    assert reasons["cut.pdf"] == TRUNCATED
    assert Source.objects.get(path="scan.pdf").status == Source.Status.NEEDS_OCR


def test_unsupported_file_is_kept_as_kind_other(bad_inputs):
    sources_ingest(paths=[bad_inputs["games.docx"]])
    assert Source.objects.get().kind == Source.Kind.OTHER


def test_pdf_with_an_unreadable_page_is_ingested_with_a_warning(corpus_dir):
    lines = [f"Game {n}: the players run to the wall and back again." for n in range(10)]
    path = text_pdf(corpus_dir / "book.pdf", [["FIRST PAGE", *lines], ["SECOND PAGE", *lines], ["THIRD PAGE", *lines]])
    path.write_bytes(path.read_bytes().replace(b"(SECOND PAGE", b"<zz SECOND PAGE", 1))
    sources_ingest(paths=[path])
    source = Source.objects.get()
    assert (source.status, source.status_reason) == ("ok", "unreadable page(s) left empty: 2")
    assert "THIRD PAGE" in source.chunks.get().text


def test_source_that_turns_bad_loses_its_chunks(book):
    sources_ingest()
    book.write_bytes(b"")
    summary = sources_ingest()
    source = Source.objects.get()
    assert (summary.changed, source.status, source.status_reason, source.chunks.count()) == (1, "failed", EMPTY_FILE, 0)


def test_missing_manifest_entry_is_recorded_as_failed(corpus_dir):
    _manifest(corpus_dir, "  - path: gone.txt\n")
    summary = sources_ingest()
    assert summary.failed == [{"path": "gone.txt", "reason": "file not found"}]


def test_missing_file_is_unchanged_on_the_next_run(corpus_dir):
    _manifest(corpus_dir, "  - path: gone.txt\n")
    sources_ingest()
    summary = sources_ingest()
    assert (summary.unchanged, summary.changed, len(summary.failed)) == (1, 0, 1)


def test_file_outside_the_corpus_is_refused_and_nothing_read(corpus_dir, tmp_path):
    outside = _write(tmp_path / "elsewhere", "extra.txt", GAME_TEXT)
    with pytest.raises(PathOutsideCorpus):
        sources_ingest(paths=[_write(corpus_dir, "good.txt", GAME_TEXT), outside])
    assert not Source.objects.exists()


def test_a_source_the_manifest_marks_truncated_is_an_excerpt(corpus_dir):
    _write(corpus_dir, "book/games.txt", GAME_TEXT * 40)
    _manifest(corpus_dir, "  - path: book/games.txt\n    truncated: true\n")
    sources_ingest()
    assert Source.objects.get().truncated


@pytest.mark.parametrize(
    ("path", "excerpt"),
    [("jocuri-excerpts/joc.txt", True), ("book/01_joc.TRUNCATED.txt", True), ("book/games.txt", False)],
)
def test_a_file_or_folder_named_excerpt_or_truncated_is_an_excerpt(corpus_dir, path, excerpt):
    _write(corpus_dir, path, GAME_TEXT * 40)
    _manifest(corpus_dir, f"  - path: {path}\n")
    sources_ingest()
    assert Source.objects.get().truncated is excerpt


def test_marking_an_unchanged_source_truncated_in_the_manifest_updates_it(book, corpus_dir):
    sources_ingest()
    _manifest(corpus_dir, "  - path: book/games.txt\n    title: Games\n    truncated: true\n")
    sources_ingest()
    assert Source.objects.get().truncated


def test_a_folder_source_with_a_file_named_truncated_is_an_excerpt(corpus_dir):
    _write(corpus_dir, "jocuri/01_joc.txt", ROMANIAN_TEXT)
    _write(corpus_dir, "jocuri/02_joc.TRUNCATED.txt", ROMANIAN_TEXT)
    _manifest(corpus_dir, "  - path: jocuri\n    language: ro\n")
    sources_ingest()
    assert Source.objects.get().truncated
