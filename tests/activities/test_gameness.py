"""The not-a-game judge: each kind of text a game book holds besides games, and games of every style, read from
the demo corpus; then the labelled samples of the demo build: the tuning data (both halves of game_labels.json,
and game_labels_heldout.json to game_labels_heldout4.json, each measured as held-out and then tuned on, and
game_labels_heldout5.json, measured once as held-out) and the held-out set (game_labels_heldout6.json), drawn and
labelled after the judge was last changed."""

import json
from pathlib import Path

import pytest

from activities import gameness

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
LABELS = Path(__file__).resolve().parents[1] / "data" / "game_labels.json"
FIRST_HELD_OUT = Path(__file__).resolve().parents[1] / "data" / "game_labels_heldout.json"
SECOND_HELD_OUT = Path(__file__).resolve().parents[1] / "data" / "game_labels_heldout2.json"
THIRD_HELD_OUT = Path(__file__).resolve().parents[1] / "data" / "game_labels_heldout3.json"
FOURTH_HELD_OUT = Path(__file__).resolve().parents[1] / "data" / "game_labels_heldout4.json"
FIFTH_HELD_OUT = Path(__file__).resolve().parents[1] / "data" / "game_labels_heldout5.json"
HELD_OUT = Path(__file__).resolve().parents[1] / "data" / "game_labels_heldout6.json"


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
SCHOOL_CHURCH_AND_HOME = "gutenberg-16599-school-church-and-home-games/16599-8.txt"
CAMPWARD_HO = "gutenberg-33767-campward-ho-girl-scout-camps/33767-8.txt"
MY_BOOK_OF_INDOOR_GAMES = "gutenberg-13022-my-book-of-indoor-games/13022.txt"
LEVELUP = "levelup-icebreakers-energizers/ice-breakers-and-energizers.md"
WITHOUT_MUSIC = "gutenberg-37165-games-without-music-for-children/37165-8.txt"
ISPIRESCU = "ro-ispirescu-jucarii-si-jocuri-de-copii-excerpts"


def not_a_game(path: str, start: str, end: str, reason: str, name: str):
    return pytest.param(path, start, end, reason, id=name)


@pytest.mark.parametrize(
    ("path", "start", "end", "reason"),
    [
        not_a_game(
            FUN_FOR_THE_HOUSEHOLD,
            "“How shall our class raise",
            "Transcriber’s Notes",
            gameness.NARRATIVE,
            "a past-tense story",
        ),
        not_a_game(
            SCOUTING_FOR_BOYS, "There's a breathless hush", "_Scene II", gameness.VERSE, "a recitation in verse"
        ),
        not_a_game(
            SCOUTING_FOR_BOYS,
            "The true knight placed his honour",
            "half-perished with cold",
            gameness.ESSAY,
            "an essay on honour",
        ),
        not_a_game(
            GAMES_FOR_ALL_OCCASIONS,
            "Invitations for this party are written",
            "A large heart shaped bag",
            gameness.PARTY_ADVICE,
            "party decoration and menu advice",
        ),
        not_a_game(
            GAMES_FOR_ALL_OCCASIONS, "A loaf cake is often made", "TO TRY ONE'S LUCK", gameness.CHARM, "a marriage omen"
        ),
        not_a_game(
            FUN_FOR_THE_HOUSEHOLD,
            "Ask your audience to be seated",
            "Always change as much",
            gameness.TRICK,
            "a conjuring trick shown to an audience",
        ),
        not_a_game(
            FUN_FOR_THE_HOUSEHOLD,
            "Three girls should wear ridiculous costumes",
            "DO YOU HEAR?",
            gameness.ENTERTAINMENT,
            "a costumed party entertainment",
        ),
        not_a_game(
            CAMPWARD_HO,
            "If there is adequate equipment Basket-ball",
            "Dancing is an interesting",
            gameness.ABOUT_GAMES,
            "a text about the games of a camp",
        ),
        not_a_game(
            SCOUTING_FOR_BOYS,
            "Instances of gallant rescues",
            "DIRECTIONS.",
            gameness.NARRATIVE,
            "a dated report of a rescue however many people act in it",
        ),
        not_a_game(
            FUN_FOR_THE_HOUSEHOLD,
            "When so many young people are trained",
            "THE STILL HUNT.",
            gameness.ADVICE,
            "long advice on staging a show",
        ),
        not_a_game(
            GAMES_FOR_ALL_OCCASIONS,
            "Carve all the letters of the alphabet",
            "JUMPING LIGHTED CANDLE",
            gameness.CHARM,
            "a marriage omen each guest takes a turn at",
        ),
        not_a_game(
            GAMES_FOR_ALL_OCCASIONS,
            "Open English walnuts, remove meat",
            "WINDING YARN",
            gameness.CHARM,
            "an omen read from walnut boats",
        ),
        not_a_game(
            SCHOOL_CHURCH_AND_HOME,
            "The group forms a large circle. If it be a large group",
            "Walking Race",
            gameness.INTRODUCTION,
            "a formation introduced for the games that follow",
        ),
        not_a_game(
            SCOUTING_FOR_BOYS,
            "Peace cannot be certain unless we show",
            "HINTS TO INSTRUCTORS.",
            gameness.ESSAY,
            "a sermon told for we and our",
        ),
        not_a_game(
            FUN_FOR_THE_HOUSEHOLD,
            "Invite both boys and girls for a short frolic",
            "THE FARMER’S SONG.",
            gameness.PARTY_ADVICE,
            "a children's party told in a few hundred words",
        ),
        not_a_game(
            SCHOOL_CHURCH_AND_HOME,
            "This trick is easily played where a group",
            "Siam Club",
            gameness.TRICK,
            "a trick played before an audience round a table",
        ),
        not_a_game(
            GAMES_FOR_ALL_OCCASIONS,
            "Roast three chestnuts before the fire",
            "\n\n",
            gameness.NO_GOAL,
            "an omen read from roasted chestnuts with no way to win is not a game",
        ),
        not_a_game(
            GAMES_FOR_ALL_OCCASIONS,
            "Each person melts some lead",
            "\n\n",
            gameness.CHARM,
            "a divination by its words of prophecy and wedding is a charm",
        ),
        not_a_game(
            MY_BOOK_OF_INDOOR_GAMES,
            "Roll a snowball and put it on a plate",
            "\n\n",
            gameness.NOBODY_PLAYS,
            "a trick that names nobody to play is not a game",
        ),
        not_a_game(
            SCHOOL_CHURCH_AND_HOME,
            "These stunts may be used as a means of amusement",
            "\n\n\n",
            gameness.ABOUT_GAMES,
            "an introduction to a programme of stunts is about games",
        ),
        not_a_game(
            LEVELUP,
            "In many instances, you will have to work",
            "\n",
            gameness.NO_GOAL,
            "advice that names participants and nothing they do is not a game",
        ),
    ],
)
def test_a_text_that_is_not_a_game_is_judged_so_for_its_reason(path, start, end, reason):
    assert gameness.judge(passage(path, start, end)) == gameness.Verdict(False, reason)


@pytest.mark.parametrize(
    ("path", "start", "end"),
    [
        pytest.param(
            GAMES_FOR_ALL_OCCASIONS,
            "Dr. Gunsaulus, the most popular",
            "languages of continental Europe",
            id="a book blurb",
        ),
        pytest.param(GAMES_FOR_ALL_OCCASIONS, "Fire crackers and fire works", "\n\n\n", id="a chapter introduction"),
        pytest.param(CAMPWARD_HO, "Because in camp we live in the open", "[Illustration:", id="camp chores"),
    ],
)
def test_a_text_around_the_games_is_not_a_game(path, start, end):
    assert not gameness.judge(passage(path, start, end)).is_game


@pytest.mark.parametrize(
    ("path", "start", "end"),
    [
        pytest.param(
            "activisthandbook-energisers/energisers.md",
            "A fun physical team version",
            "## ",
            id="a game of a modern handbook",
        ),
        pytest.param(f"{ISPIRESCU}/03_inelus_invirtecus.txt", "Oricîți copii", "Pe al cutăruia", id="a romanian game"),
        pytest.param(
            f"{ISPIRESCU}/04_jocul_de_a_bisericuta.txt",
            "Acest joc este tot de iarnă",
            "Baba se supără",
            id="a romanian game told through its dialogue",
        ),
        pytest.param(
            GAMES_FOR_ALL_OCCASIONS,
            "A confederate is necessary for this trick",
            "WHAT AM I DOING?",
            id="a trick with a confederate, a guessing game",
        ),
        pytest.param(
            SCHOOL_CHURCH_AND_HOME,
            "This game is like regular baseball, with the exception",
            "Last Couple Out",
            id="a ball game told through its pitcher, batter and bases",
        ),
        pytest.param(
            GAMES_FOR_ALL_OCCASIONS,
            "The children take hold of hands and form a circle",
            "DROP THE FLOWER",
            id="a singing game of an old book despite its verse",
        ),
        pytest.param(
            "gutenberg-08439-games-for-everybody/8439-8.txt",
            "All the children kneel on the floor",
            "NEW BLIND MAN",
            id="a chasing game of an old book",
        ),
        pytest.param(
            FUN_FOR_THE_HOUSEHOLD,
            "This is a trick to be played only",
            "A BOAT RACE.",
            id="a trick whose audience is asked to guess it",
        ),
        pytest.param(
            FUN_FOR_THE_HOUSEHOLD,
            "A girl enters the ring; all the others",
            "GUESS.",
            id="a ring game whose song says we, dense in play",
        ),
        pytest.param(
            GAMES_FOR_ALL_OCCASIONS,
            "Guests take part, seated in a circle",
            "\n\n",
            id="fortunes told by players chosen for a part are a party game",
        ),
        pytest.param(
            GAMES_FOR_ALL_OCCASIONS,
            "Sit on round bottle laid lengthwise",
            "\n\n",
            id="a first to succeed race with a marriage omen stays a contest",
        ),
        pytest.param(
            "gutenberg-08439-games-for-everybody/8439-8.txt",
            "Take a full blown rose and hold",
            "\n\n",
            id="a guessing game that calls its players they names players",
        ),
        pytest.param(
            WITHOUT_MUSIC,
            "The shopman should stand behind a table",
            "7. _TYING A BOW_",
            id="a shop scene whose parts the children play is not read as thin play",
        ),
        pytest.param(
            GAMES_FOR_ALL_OCCASIONS,
            "This is played the same as drop the handkerchief",
            "=FOURTH OF JULY=",
            id="a variant played the same as another game stays a game despite its quoted song",
        ),
        pytest.param(
            SCHOOL_CHURCH_AND_HOME,
            "Similar to the preceding, with the exception",
            "Poem Race",
            id="a variant similar to the preceding game stays a game",
        ),
        pytest.param(
            GAMES_FOR_ALL_OCCASIONS,
            "In this game the seeker for a prize",
            "DOUGH TEST",
            id="a hunt guided by rhymed clues is not a dialogue",
        ),
        pytest.param(
            FUN_FOR_THE_HOUSEHOLD,
            "Give each player a slip of paper on which he must write the birds",
            "PARLOR FORTUNE",
            id="a contest whose directions open a long story stays a game",
        ),
    ],
)
def test_a_game_stays_a_game(path, start, end):
    assert gameness.judge(passage(path, start, end)).is_game


@pytest.mark.parametrize(
    ("path", "start", "end", "doubt"),
    [
        pytest.param(
            MY_BOOK_OF_INDOOR_GAMES,
            "Children stand in rows, facing each other, two rows",
            "DODGE",
            gameness.NO_GOAL_NAMED,
            id="a ball drill that names no way to win or end",
        ),
        pytest.param(
            SCHOOL_CHURCH_AND_HOME,
            "This game is good training for the ear.",
            "Laugh",
            gameness.THIN_PLAY,
            id="a guessing game told in few play directions",
        ),
        pytest.param(
            SCHOOL_CHURCH_AND_HOME,
            "This game is like regular baseball, with the exception",
            "Last Couple Out",
            "",
            id="a game whose players, turns and scoring are plain",
        ),
    ],
)
def test_a_game_kept_with_thin_play_carries_the_doubt_a_curator_should_check(path, start, end, doubt):
    verdict = gameness.judge(passage(path, start, end))
    assert (verdict.is_game, verdict.doubt) == (True, doubt)


def test_a_childhood_pastime_with_no_way_to_win_or_end_is_not_a_game():
    pastime = passage(FUN_FOR_THE_HOUSEHOLD, "Is the old game familiar to all from babyhood", "DAISY CATCH")
    assert not gameness.judge(pastime).is_game


def labelled(path: Path, part: str | None = None) -> list[dict]:
    """The entries labelled game or not_game; of a held-out file, those of one part ("sample", "dropped")."""
    items = json.loads(path.read_text(encoding="utf-8"))["items"]
    return [item for item in items if item["label"] != "unsure" and part in (None, item.get("part"))]


def non_game_share(sampled: list[dict]) -> float:
    """The share of the sampled entries judged games that are not games."""
    published = [item for item in sampled if gameness.judge(item["text"])]
    return sum(item["label"] == "not_game" for item in published) / len(published)


def games_kept(items: list[dict]) -> float:
    games = [item for item in items if item["label"] == "game"]
    return sum(1 for item in games if gameness.judge(item["text"])) / len(games)


# Each label set with the part its published share is read from, the most non-games published and the fewest
# labelled games kept (the drops counted). The fourth held-out set measured 14 of 139 non-games published (10.1 %)
# before the round that tuned on the third and 13 of 138 (9.4 %) after; the fifth, drawn and labelled before the
# round that tuned on the fourth, 6 of 132 (4.5 %), 126 of 126 games kept; the sixth, drawn and labelled after it
# with no judge change since, 6 of 130 (4.6 %), 124 of 124 games kept: the 2 % target is not reached.
LABEL_SET_BOUNDS = [
    pytest.param(LABELS, None, 0.02, 0.98, id="tuning"),
    pytest.param(FIRST_HELD_OUT, "sample", 0.06, 0.99, id="first-held-out-now-tuning"),
    pytest.param(SECOND_HELD_OUT, "sample", 0.04, 0.98, id="second-held-out-now-tuning"),
    pytest.param(THIRD_HELD_OUT, "sample", 0.04, 0.98, id="third-held-out-now-tuning"),
    pytest.param(FOURTH_HELD_OUT, "sample", 0.10, 0.98, id="fourth-held-out-now-tuning"),
    pytest.param(FIFTH_HELD_OUT, "sample", 0.05, 0.98, id="fifth-held-out-measured-once"),
    pytest.param(HELD_OUT, "sample", 0.05, 0.98, id="held-out"),
]


@pytest.mark.parametrize(("path", "published_part", "most_non_games", "fewest_games_kept"), LABEL_SET_BOUNDS)
def test_published_entries_that_are_not_games_stay_within_the_label_sets_bound(
    path, published_part, most_non_games, fewest_games_kept
):
    assert non_game_share(labelled(path, published_part)) <= most_non_games


@pytest.mark.parametrize(("path", "published_part", "most_non_games", "fewest_games_kept"), LABEL_SET_BOUNDS)
def test_labelled_games_kept_counting_drops_stay_within_the_label_sets_bound(
    path, published_part, most_non_games, fewest_games_kept
):
    assert games_kept(labelled(path)) >= fewest_games_kept
