"""The rule extractor on Markdown pages of the demo corpus (headings, YAML front matter labels)."""

from pathlib import Path

from django.conf import settings

from activities.extraction import rules
from activities.extraction.markdown import front_matter_facts
from activities.extraction.schema import activity_errors

CORPUS = Path(settings.BASE_DIR) / "data" / "corpus"
ALELEIO = CORPUS / "aleleio-teambuilding-games" / "games"
ACTIVIST = CORPUS / "activisthandbook-energisers" / "energisers.md"
LEVELUP = CORPUS / "levelup-icebreakers-energizers"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def extract(text: str, page_start: int = 1) -> list[dict]:
    return rules.extract(text, page_start=page_start, language="en")


def test_front_matter_labels_become_stated_fields():
    [activity] = extract(read(ALELEIO / "a-friendly-bunch.md"))
    assert activity["name"] == "A Friendly Bunch"
    assert activity["categories"] == ["icebreaker", "energizer", "race"]
    assert (activity["duration_min"], activity["duration_max"]) == (None, 10)
    assert (activity["players_min"], activity["players_max"]) == (2, 300)
    assert {activity["filter_origin"][field] for field in ("categories", "duration_max", "players_min")} == {"stated"}
    assert activity["quote"].startswith("The participants stand in a circle.")


def test_front_matter_materials_are_listed():
    [activity] = extract(read(ALELEIO / "animal-match.md"))
    assert activity["materials"]
    assert activity["filter_origin"]["materials"] == "stated"


def test_second_description_section_is_kept_in_the_rules():
    [activity] = extract(read(ALELEIO / "2x4.md"))
    assert activity["description"].startswith("Eight members stand in a line")
    assert "Use numbers 1 and two instead of men and woman" in activity["rules"]


def test_heading_per_game_with_bold_facts_line():
    activities = extract(read(ACTIVIST))
    assert len(activities) == 13
    shake = next(activity for activity in activities if activity["name"] == "Shake all hands")
    assert (shake["players_min"], shake["players_max"], shake["duration_min"]) == (10, 30, 1)
    assert shake["variations"].startswith("Not everyone is comfortable with hand-shaking.")
    assert not any(activity["name"] in ("Introduction", "Attribution") for activity in activities)


def test_part_headings_belong_to_the_game_above_them():
    names = [activity["name"] for activity in extract(read(LEVELUP / "energizers_energizers.md"))]
    assert names == ["Beat Jam!", "Behind the Screen", "The Most Efficient Method"]


def test_page_of_part_labels_only_is_one_game_named_by_its_front_matter():
    [activity] = extract(read(LEVELUP / "thematic-activities_magic-circle_magic-circle.md"))
    assert activity["name"] == "Magic Circle"
    assert activity["materials"] == ["Paper and pen"]
    assert (activity["duration_min"], activity["duration_max"]) == (30, 45)


def test_licence_page_and_link_lists_give_no_games():
    assert extract(read(LEVELUP / "LICENSE_license.md")) == []
    assert extract(read(LEVELUP / "thematic-activities_thematic-activities.md")) == []


def test_folder_pages_keep_their_page_numbers_and_verbatim_quotes():
    pages = [read(ALELEIO / name) for name in ("2x4.md", "3-noses.md", "4-up.md")]
    text = "\f".join(pages)
    activities = extract(text, page_start=5)
    assert [activity["page"] for activity in activities] == [5, 6, 7]
    for activity in activities:
        assert activity["quote"] in text
        assert activity_errors(activity) == []


def test_unknown_label_values_are_kept_as_written():
    stated = front_matter_facts({"game_types": ["ice", "storytelling"], "group_size": "8-12"})
    assert stated == {"categories": ["icebreaker", "storytelling"], "players_min": 8, "players_max": 12}


def test_game_cut_by_a_chunk_boundary_is_extracted_from_the_next_chunk():
    text = read(ALELEIO / "a-friendly-bunch.md")
    cut = text.index("## Description")
    context = rules.SectionContext()
    assert rules.extract(text[:cut], page_start=4, language="en", context=context) == []
    [activity] = rules.extract(text[cut:], page_start=4, language="en", context=context)
    assert activity["name"] == "A Friendly Bunch"
    assert activity["categories"] == ["icebreaker", "energizer", "race"]
    assert activity["quote"] in text[cut:]
    assert activity["page"] == 4


def test_a_stray_hash_line_does_not_make_a_book_markdown():
    text = (
        "CAT AND MOUSE.\n\nThe players form a ring, holding hands; the cat chases the mouse in and out.\n\n"
        "# 5 is the number of the cat.\n\nPUSS IN THE CORNER.\n\nFour players stand in the corners and one "
        "in the middle tries to take a corner.\n"
    )
    assert [activity["name"] for activity in extract(text)] == ["Cat and Mouse", "Puss in the Corner"]
