import pytest

from sources.manifest import LEFT_OUT, ManifestError, entries_for_paths, manifest_load

MANIFEST = """
sources:
  - path: book.txt
    title: A Book of Games
    author: Someone
    year: 1905
    language: en
    licence: Public domain.
    origin: https://example.org/book
  - path: games
    title: Game cards
    files: ["*.md"]
    exclude: ["LICENSE*"]
"""


@pytest.fixture
def manifest_folder(tmp_path):
    (tmp_path / "manifest.yaml").write_text(MANIFEST, encoding="utf-8")
    (tmp_path / "book.txt").write_text("CAT AND MOUSE.", encoding="utf-8")
    games = tmp_path / "games"
    games.mkdir()
    for name in ["zip.md", "alpha.md", "LICENSE_license.md", "notes.txt"]:
        (games / name).write_text(f"# {name}", encoding="utf-8")
    return tmp_path


def test_manifest_entry_carries_its_metadata(manifest_folder):
    book = manifest_load(manifest_folder / "manifest.yaml")[0]
    assert (book.title, book.author, book.year, book.language, book.licence, book.origin) == (
        "A Book of Games",
        "Someone",
        1905,
        "en",
        "Public domain.",
        "https://example.org/book",
    )


def test_manifest_paths_are_resolved_against_its_folder(manifest_folder):
    assert manifest_load(manifest_folder / "manifest.yaml")[0].location == manifest_folder / "book.txt"


def test_folder_entry_pages_are_matching_files_sorted_without_excluded(manifest_folder):
    games = manifest_load(manifest_folder / "manifest.yaml")[1]
    assert [path.name for path in games.folder_files()] == ["alpha.md", "zip.md"]


def test_manifest_without_sources_list_is_an_error(tmp_path):
    (tmp_path / "manifest.yaml").write_text("title: nothing\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="sources"):
        manifest_load(tmp_path / "manifest.yaml")


def test_manifest_with_unknown_key_is_an_error(tmp_path):
    (tmp_path / "manifest.yaml").write_text("sources:\n  - path: a.txt\n    titel: typo\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="titel"):
        manifest_load(tmp_path / "manifest.yaml")


def test_manifest_with_a_year_that_is_not_a_number_is_an_error(tmp_path):
    (tmp_path / "manifest.yaml").write_text("sources:\n  - path: a.txt\n    year: circa 1900\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="year"):
        manifest_load(tmp_path / "manifest.yaml")


def _entry_with(tmp_path, lines: str):
    (tmp_path / "manifest.yaml").write_text(f"sources:\n  - path: a.txt\n{lines}", encoding="utf-8")
    return manifest_load(tmp_path / "manifest.yaml")[0]


@pytest.mark.parametrize(
    ("lines", "context"),
    [
        ("    audience: {age_min: 6, age_max: 12}\n", {"age_min": 6, "age_max": 12}),
        ("    audience: {age_min: 18}\n", {"age_min": 18}),
        ('    ages: "6-12"\n', {"age_min": 6, "age_max": 12}),
        ('    ages: "8+"\n', {"age_min": 8}),
        ("    setting: indoor\n", {"indoor_outdoor": "indoor"}),
        ("    ages: 3-6\n    setting: both\n", {"age_min": 3, "age_max": 6, "indoor_outdoor": "both"}),
        ("    title: A Book\n", {}),
    ],
)
def test_manifest_audience_and_setting_become_the_entry_context(tmp_path, lines, context):
    assert _entry_with(tmp_path, lines).context == context


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("    setting: inside\n", "entry 1: setting 'inside' is not one of indoor, outdoor, both"),
        ('    ages: "six to twelve"\n', "entry 1: ages 'six to twelve' is not an age range such as '6-12' or '8+'"),
        ('    ages: "12-6"\n', "entry 1: ages 12-6: the youngest age is above the oldest"),
        ("    audience: {youngest: 6}\n", "entry 1: audience {'youngest': 6} must be a mapping of age_min"),
        ("    audience: {age_min: -2}\n", "entry 1: audience age_min -2 is not an age"),
        ('    audience: {age_min: 6}\n    ages: "6+"\n', "entry 1: give the audience's ages once"),
    ],
)
def test_manifest_audience_or_setting_that_cannot_be_read_is_an_error_not_a_guess(tmp_path, lines, message):
    with pytest.raises(ManifestError) as raised:
        _entry_with(tmp_path, lines)
    assert message in str(raised.value)


def test_path_folder_with_a_manifest_gives_its_entries(manifest_folder):
    assert [entry.location.name for entry in entries_for_paths([manifest_folder]).entries] == ["book.txt", "games"]


def test_path_folder_without_manifest_gives_each_supported_file(tmp_path):
    for name in ["b.txt", "a.pdf", "c.docx", "notes.yaml"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [entry.location.name for entry in entries_for_paths([tmp_path]).entries] == ["a.pdf", "b.txt"]


def test_path_file_is_one_entry_even_with_an_unknown_type(tmp_path):
    path = tmp_path / "games.docx"
    path.write_bytes(b"PK")
    assert [entry.location for entry in entries_for_paths([path]).entries] == [path]


def test_unlisted_file_takes_title_author_and_rights_from_metadata_yaml_beside_it(tmp_path):
    (tmp_path / "metadata.yaml").write_text(
        "creator:\n  author:\n    agent_name: Blain, Mary E.\nrights: Public domain in the USA.\n"
        "subjects:\n- !lcsh 'Games'\ntitle: Games for All Occasions\nurl: http://www.gutenberg.org/ebooks/24597\n",
        encoding="utf-8",
    )
    (tmp_path / "24597.txt").write_text("GAMES", encoding="ascii")
    (entry,) = entries_for_paths([tmp_path / "24597.txt"]).entries
    assert (entry.title, entry.author, entry.licence, entry.origin) == (
        "Games for All Occasions",
        "Blain, Mary E.",
        "Public domain in the USA.",
        "http://www.gutenberg.org/ebooks/24597",
    )


def test_file_named_by_a_manifest_above_it_gets_the_manifest_metadata(manifest_folder):
    (entry,) = entries_for_paths([manifest_folder / "book.txt"]).entries
    assert (entry.title, entry.licence) == ("A Book of Games", "Public domain.")


def test_file_inside_a_folder_entry_selects_the_whole_folder_source(manifest_folder):
    (entry,) = entries_for_paths([manifest_folder / "games" / "zip.md"]).entries
    assert entry.location == manifest_folder / "games"


def test_unnamed_rendering_given_explicitly_is_still_taken(manifest_folder):
    (manifest_folder / "book.htm").write_text("<title>A Book of Games</title>", encoding="utf-8")
    selection = entries_for_paths([manifest_folder / "book.htm"])
    assert ([entry.location.name for entry in selection.entries], selection.skipped) == (["book.htm"], [])


def test_folder_walk_below_a_manifest_reports_left_out_files(tmp_path):
    book = tmp_path / "corpus" / "book"
    book.mkdir(parents=True)
    (tmp_path / "corpus" / "manifest.yaml").write_text("sources:\n  - path: book/book.txt\n", encoding="utf-8")
    for name in ["book.txt", "book-h.htm"]:
        (book / name).write_text("CAT AND MOUSE.", encoding="utf-8")
    selection = entries_for_paths([book])
    assert ([entry.location.name for entry in selection.entries], selection.skipped) == (
        ["book.txt"],
        [(book / "book-h.htm", LEFT_OUT)],
    )
