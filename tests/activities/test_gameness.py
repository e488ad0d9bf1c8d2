"""The not-a-game judge: each kind of text a game book holds besides games, and games of every style, read from
the demo corpus; then the labelled sample of the demo build, on its tuning half and its held-out half."""

import json
from pathlib import Path

import pytest

from activities import gameness

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
LABELS = Path(__file__).resolve().parents[1] / "data" / "game_labels.json"


def passage(path: str, start: str, end: str) -> str:
    """The text of a demo-corpus file from ``start`` up to ``end`` (Gutenberg files are UTF-8 or Latin-1, with
    CRLF line ends)."""
    raw = (CORPUS / path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    text = text.replace("\r\n", "\n")
    begin = text.index(start)
    return text[begin : text.index(end, begin + len(start))]


FUN_FOR_THE_HOUSEHOLD = "gutenberg-51540-fun-for-the-household/51540-0.txt"
SCOUTING_FOR_BOYS = "gutenberg-65993-scouting-for-boys/65993-0.txt"
GAMES_FOR_ALL_OCCASIONS = "gutenberg-24597-games-for-all-occasions/24597.txt"
CAMPWARD_HO = "gutenberg-33767-campward-ho-girl-scout-camps/33767-8.txt"
ISPIRESCU = "ro-ispirescu-jucarii-si-jocuri-de-copii-excerpts"


def test_a_past_tense_story_is_not_a_game():
    story = passage(FUN_FOR_THE_HOUSEHOLD, "“How shall our class raise", "Transcriber’s Notes")
    verdict = gameness.judge(story)
    assert not verdict.is_game
    assert verdict.reason == gameness.NARRATIVE


def test_a_recitation_in_verse_is_not_a_game():
    poem = passage(SCOUTING_FOR_BOYS, "There's a breathless hush", "_Scene II")
    assert gameness.judge(poem) == gameness.Verdict(False, gameness.VERSE)


def test_an_essay_on_honour_is_not_a_game():
    essay = passage(SCOUTING_FOR_BOYS, "The true knight placed his honour", "half-perished with cold")
    verdict = gameness.judge(essay)
    assert not verdict.is_game
    assert verdict.reason == gameness.ESSAY


def test_party_decoration_and_menu_advice_is_not_a_game():
    advice = passage(GAMES_FOR_ALL_OCCASIONS, "Invitations for this party are written", "A large heart shaped bag")
    assert gameness.judge(advice) == gameness.Verdict(False, gameness.PARTY_ADVICE)


def test_a_book_blurb_is_not_a_game():
    blurb = passage(GAMES_FOR_ALL_OCCASIONS, "Dr. Gunsaulus, the most popular", "languages of continental Europe")
    assert not gameness.judge(blurb).is_game


def test_a_chapter_introduction_is_not_a_game():
    introduction = passage(GAMES_FOR_ALL_OCCASIONS, "Fire crackers and fire works", "\n\n\n")
    verdict = gameness.judge(introduction)
    assert not verdict.is_game


def test_camp_chores_are_not_a_game():
    chores = passage(CAMPWARD_HO, "Because in camp we live in the open", "[Illustration:")
    verdict = gameness.judge(chores)
    assert not verdict.is_game


def test_a_singing_game_of_an_old_book_stays_a_game_despite_its_verse():
    game = passage(GAMES_FOR_ALL_OCCASIONS, "The children take hold of hands and form a circle", "DROP THE FLOWER")
    assert gameness.judge(game).is_game


def test_a_chasing_game_of_an_old_book_stays_a_game():
    game = passage(
        "gutenberg-08439-games-for-everybody/8439-8.txt", "All the children kneel on the floor", "NEW BLIND MAN"
    )
    assert gameness.judge(game).is_game


def test_a_game_of_a_modern_handbook_stays_a_game():
    game = passage("activisthandbook-energisers/energisers.md", "A fun physical team version", "## ")
    assert gameness.judge(game).is_game


def test_a_romanian_game_stays_a_game():
    game = passage(f"{ISPIRESCU}/03_inelus_invirtecus.txt", "Oricîți copii", "Pe al cutăruia")
    assert gameness.judge(game).is_game


def test_a_romanian_game_told_through_its_dialogue_stays_a_game():
    game = passage(f"{ISPIRESCU}/04_jocul_de_a_bisericuta.txt", "Acest joc este tot de iarnă", "Baba se supără")
    assert gameness.judge(game).is_game


def labelled(half: str) -> list[dict]:
    items = json.loads(LABELS.read_text(encoding="utf-8"))["items"]
    return [item for item in items if item["half"] == half and item["label"] != "unsure"]


def shares(items: list[dict], judge) -> tuple[float, float]:
    """(share of the entries judged games that are not games, share of the labelled games judged games)."""
    published = [item for item in items if judge(item["text"])]
    games = [item for item in items if item["label"] == "game"]
    non_games_published = sum(item["label"] == "not_game" for item in published) / len(published)
    games_kept = sum(item["label"] == "game" for item in published) / len(games)
    return non_games_published, games_kept


@pytest.mark.parametrize("half", ["tuning", "test"])
def test_labelled_games_are_kept(half):
    _non_games, games_kept = shares(labelled(half), gameness.judge)
    assert games_kept >= 0.98


def test_on_the_tuning_half_at_most_2_percent_of_published_entries_are_not_games():
    non_games, _games_kept = shares(labelled("tuning"), gameness.judge)
    assert non_games <= 0.02


def test_on_the_held_out_half_non_games_published_fall_by_at_least_a_third():
    items = labelled("test")
    ungated, _ = shares(items, lambda text: True)
    gated, _ = shares(items, gameness.judge)
    assert gated <= ungated * 2 / 3
