"""Is this text an activity a group leader can run? Judged from the structure of the text, never from its title.

A game tells players what to do: who takes part ("the players", "each guest", "copiii"), who has which role
("one is chosen", "It", "the leader"), how turns pass and how it is won or ends ("in turn", "wins", "pays a
forfeit", "pierde"), in present-tense or imperative directions ("the players stand in a circle", "Form two
teams"). What else a game book holds reads differently: a past-tense story, verse (short rhyming lines, or a
poem flattened into one paragraph), a dialogue to recite, a staged tableau, a fortune charm one person does
alone or an omen read from a cake or a nut (even when each guest takes a turn at it), advice to a hostess on
decorations and menus, long advice told in "should" and "may", a costumed party or fête, a book blurb or
dedication, a chapter's introduction (or one that ends announcing "the following" games), a text about games in
the plural, an essay or moral lesson, a sermon told for "we" and "our", a report of what happened on a given date,
the chores of a camp. A conjuring trick or experiment one performer ("you") shows an audience is not a group game
either, nor a trick played before an audience who are not asked to guess it; with a confederate it is one, since
the company plays at finding out the secret.

``judge(text)`` weighs the two: play structure (cues per hundred words, and how many kinds of cue) against
the first sign of another kind of text. It returns a ``Verdict`` with a short reason, so a rejection can be
reported ("not a game: verse"). English and Romanian. The text is read once into lower-case words; every
vocabulary is counted on them (set look-ups, not regular expressions: the rebuild judges every activity).

A game it keeps may still carry a doubt (``Verdict.doubt``: no way to win or end named, or thin play), which the
rebuild publishes for curators to read (``Activity.play_doubt``).

The thresholds were read off ``tests/data/game_labels.json`` (both halves) and ``tests/data/game_labels_heldout.json``
to ``tests/data/game_labels_heldout4.json`` (earlier held-out sets, each measured and then used for tuning);
``tests/data/game_labels_heldout5.json`` and ``tests/data/game_labels_heldout6.json`` were drawn and labelled after
the last change and measured only (see ``bench/games_only.py``).
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

NOT_A_GAME_PREFIX = "not a game: "
NOT_A_GAME = NOT_A_GAME_PREFIX + "{reason}"

NARRATIVE = "past-tense narrative"
VERSE = "verse"
DIALOGUE = "dialogue"
PERFORMANCE = "staged performance or tableaux"
CHARM = "fortune charm for one person"
PARTY_ADVICE = "party menu or decoration advice"
BLURB = "book blurb or dedication"
INTRODUCTION = "chapter introduction"
ESSAY = "essay or moral lesson"
CHORES = "camp chores"
ENTERTAINMENT = "costume or party entertainment"
TRICK = "trick shown to an audience"
ABOUT_GAMES = "text about games"
NO_PLAY = "no players, turns or goal"
NO_GOAL = "no way to win or end"
NOBODY_PLAYS = "nobody named to play: a trick or pastime for one"

# Why a game the judge keeps may still not be one (``Verdict.doubt``, ``Activity.play_doubt``).
NO_GOAL_NAMED = "no-goal"
THIN_PLAY = "thin-play"


@dataclass(frozen=True)
class Verdict:
    is_game: bool
    reason: str
    # For a game: why a curator should read it before trusting it (NO_GOAL_NAMED, THIN_PLAY, or "" when its play is
    # plain).
    doubt: str = ""

    def __bool__(self) -> bool:
        return self.is_game


@dataclass(frozen=True)
class Vocabulary:
    """Words ("player"), stems ending in "*" ("honour*": honourable, honours) and phrases ("in turn")."""

    words: frozenset[str]
    stems: tuple[str, ...]
    # (first word, phrase): a phrase is looked for only where its first word occurs.
    phrases: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, entries: str) -> "Vocabulary":
        items = entries.split()
        phrases = tuple((item.split("_", 1)[0], f" {item.replace('_', ' ')} ") for item in items if "_" in item)
        stems = tuple(item[:-1] for item in items if item.endswith("*"))
        words = frozenset(item for item in items if "_" not in item and not item.endswith("*"))
        return cls(words, stems, phrases)

    def found(self, text: "Text") -> dict[str, int]:
        """How often each of its words, stems' words and phrases occurs in ``text``."""
        found = {word: text.counts[word] for word in text.counts.keys() & self.words}
        if self.stems:
            found.update((word, count) for word, count in text.counts.items() if word.startswith(self.stems))
        for first, phrase in self.phrases:
            if first in text.counts and (count := text.joined.count(phrase)):
                found[phrase] = count
        return found

    def count(self, text: "Text") -> int:
        return sum(self.found(text).values())


# Entries are separated by spaces; "_" joins the words of a phrase; a final "*" makes a stem.
PLAY_CUES = {
    "players": Vocabulary.of(
        "player players player's participant participants contestant contestants competitor competitors opponent "
        "opponents guest guests team teams sides partners couple couples pairs everyone everybody each whoever "
        "children child boy boys girl girls person persons people ladies gentlemen men pupil pupils delegates "
        "patrol patrols others the_rest the_company group groups the_class members member individual one_of_the "
        "the_one_who audience game games played play jucători jucătorii jucătorul participanții participanți "
        "copii copiii copil copilul ceilalți fiecare echipe echipa perechi oricîți oricâți băieți fete jocul joc "
        "se_joacă"
    ),
    "roles": Vocabulary.of(
        "is_chosen are_chosen chooses choose selected appointed one_of_the_number one_of_their_number leader "
        "catcher pitcher batter fielder fielders goalkeeper captain umpire referee judge blindfold blindfolded "
        "the_centre the_center the_middle in_the_ring "
        "represent represents representing the_part_of act_as acts_as is_called are_called confederate accomplice "
        "teacher hostess partner opposite se_alege se_aleg unul_din unul_dintre la_mijloc conducătorul animatorul "
        "se_face se_fac"
    ),
    "turns": Vocabulary.of(
        "turn turns takes_his_place take_his_place takes_her_place take_her_place takes_the_place take_the_place "
        "change_places changes_places next signal begin begins start starts then until each_time when_all repeat "
        "repeats stop stops return returns leaves_the_room out_of_the_room sent_out goes_out afterwards pe_rînd "
        "pe_rând rîndul rândul apoi pînă până după_ce începe încep"
    ),
    "goal": Vocabulary.of(
        "win wins winner won lose loses loser lost out_of_the_game is_out are_out forfeit forfeits point points "
        "score scores prize goal goals base bases caught catch catches tag tags tagged guess guesses guessed "
        "the_first_to object_of "
        "the_aim must tries_to try_to are_to is_to endeavor endeavors endeavour endeavours race succeed succeeds "
        "fail fails failing best highest finish find finds discover discovers indicate answer answers correct prizes "
        "hide hides hidden hiding seek seeks sought search searches how_many "
        "correctly câștigă cîștigă pierde prinde prins ghicește trebuie caută"
    ),
    "formation": Vocabulary.of(
        "circle ring row rows line lines stand stands sit sits seated form forms facing divided divide split seat "
        "seats chair chairs roată cerc rînd rând în_șir stau se_așază"
    ),
}
# "It", the player who chases or guesses, in quotation marks.
QUOTED_IT = re.compile(r"[“\"‘']it[”\"’']", re.I)
# A part's name in capitals, on its own line or opening one, before the words it says ("SHOPMAN", "CUSTOMER"):
# children play-act the parts.
SPEAKER_LINE = re.compile(
    r"(?:^|(?<=[.!?] ))[ \t]*([A-ZĂÂÎȘȚ]{3,}(?: [A-ZĂÂÎȘȚ]{3,})?)\.?(?:[ \t]*$|[ \t]+(?=[A-ZĂÂÎȘȚ][a-zăâîșț]))", re.M
)
# Two different parts make a play-acted scene; one capitalised line may be a heading.
MIN_SPEAKERS = 2
# Below this many play cues per hundred words a text gives players nothing to do.
MIN_CUES_PER_100 = 2.0
# A text that reads as another kind (a story, verse, advice...) is still a game when its play structure is this
# dense and shows this many kinds of cue (a singing game's verse, a party game's decorations)...
RESCUE_CUES_PER_100 = 5.0
RESCUE_CUE_KINDS = 4
# ...or this dense, whatever the kinds: a short game in few words ("Each player in turn...").
RESCUE_DENSE_CUES_PER_100 = 12.0
# Below RESCUE_CUES_PER_100, a text showing at most this many kinds of cue and no way to win or end names players
# in passing (a chapter's introduction, a custom, an advertisement): a game gives them a goal.
THIN_PLAY_MAX_KINDS = 2
# Below this density, no way to win or end whatever the kinds: an exercise or meditation ("sit up straight ... notice
# the group's energy").
NO_GOAL_MAX_CUES_PER_100 = 4.0
# However dense, a text of this many words naming players and nothing else of play (no role, turn, formation or
# goal) tells about them: a short sports event ("Competitors run a mile") may be told in fewer.
NAMES_ONLY_MIN_WORDS = 60
# Below this density, a text that names nobody who takes part is a trick or pastime one person does; a short game
# may leave its players unnamed only when its directions are dense ("Thread a needle, run to the line...").
NOBODY_MAX_CUES_PER_100 = 8.0
# A group addressed without a noun ("let them write how many petals they think are in the rose") is named all the same;
# a trick speaks to "you" or to "some one".
GROUP_PRONOUNS = Vocabulary.of("they ei ele")
# A variant that refers to another game for its rules ("played the same as drop the handkerchief", "similar to
# the preceding").
VARIANT_OF = re.compile(
    r"\b(?:played (?:just |exactly |much |in )?(?:the same (?:way )?as|like|as in)|"
    r"(?:similar|same) (?:to|as) the (?:preceding|previous|last|above))\b",
    re.I,
)

PAST_TENSE = Vocabulary.of(
    "was were had did said went came saw found told asked replied answered seemed looked thought knew took gave "
    "ran stood sat began heard felt became wrote fell left cried exclaimed a_fost au_fost era erau zise spuse "
    "plecă veni merse"
)
PRONOUNS = frozenset(["he", "she", "they", "we", "i"])
PRESENT_DIRECTION = Vocabulary.of(
    "is are must should may can will each stand stands sit sits take takes goes run runs tries says se este "
    "sunt trebuie"
)
# Share of finite verbs in the past above which a text is a story.
NARRATIVE_PAST_SHARE = 0.45
NARRATIVE_MIN_PAST = 6

# A line of verse: short, starting with a capital, not a numbered or bulleted list item.
VERSE_LINE_MAX_CHARS = 60
VERSE_MIN_LINES = 4
VERSE_LINE_SHARE = 0.6
# Share of those lines that rhyme with one of the two before (a list of questions does not rhyme).
VERSE_RHYME_SHARE = 0.3
LIST_ITEM = re.compile(r"^(?:\d+[.)]|No\. ?\d|[-*•–] |[a-z][.)] |[IVX]+\. )")
# A poem flattened into a paragraph: capitalised function words in mid-sentence (", And", "delight To").
MID_LINE_CAPITAL = re.compile(
    r"(?<=[a-zăâîșț,;:—-]) (?:And|The|To|With|In|But|For|Of|When|Then|So|Or|As|My|Your|His|Her|Our|We|They|He|"
    r"She|Is|Are|Was|Will|Shall|On|At|From|By|All|Who|Where|How|What|That|This|Let|Come|Now|Nor|Yet|I'm|I’m|"
    r"Its|Every|While|If|Not|There|Here|Hath|Thou|Thy|Și|Cu|La|Pe|În|Din|Ce|Că|Dar)\b"
)
VERSE_CAPITALS_PER_100 = 4.0

QUOTED = re.compile(r"[“\"„«]([^”\"«»]+)[”\"»]|^\s*[—–-]\s*(.+)$", re.M)
DIALOGUE_QUOTED_SHARE = 0.4
# The words told around the quotations of a game are its directions: this dense in play cues.
DIALOGUE_NARRATION_MAX_CUES_PER_100 = 8.0
ASIDE = re.compile(r"\([^()]*\)")

PERFORMANCE_WORDS = Vocabulary.of(
    "tableau tableaux curtain rehearsal rehearsals prompter footlights scenery recitation recitations spectacol cortina"
)
PERFORMANCE_WORDS_PER_100 = 1.0
# A programme of tableaux names its staging again and again, however many players its scenes need.
STAGING_MENTIONS = 3
STAGING = Vocabulary.of(
    "tableau tableaux curtain curtains performer performers rehearsal rehearsals prompter footlights scenery "
    "recitation recitations spectacol cortina"
)

# A divination names what it foretells: a marriage, a mate, luck ("the ring signifies marriage").
OMEN_WORDS = Vocabulary.of(
    "signif* portend* foretell* foretold omen omens augur* mate mate's marriage marry marries married wed wedding "
    "wedlock spouse lover lover's sweetheart destin* luck fate fates future prophe* predict* bachelor bachelors "
    "spinster spinsters old_maid faithful ursit* căsători* noroc viitor*"
)
# Omen words and fortunes told ("future life-partner") per hundred words: a text this dense in them reads the
# players' future from what they do, even when each takes a turn at it (a pin stuck blindfold in a lettered pumpkin).
OMEN_WORDS_PER_100 = 2.0
# One omen word may be a hunt's prize ("to one who finds the ring, marriage"); a charm names more.
OMEN_MIN = 2
CHARM_MAX_WORDS = 200
# What a contest has and a charm has not: someone wins or pays.
CONTEST = Vocabulary.of(
    "win wins winner winners won prize prizes award* forfeit forfeits point points score scores first_to "
    "câștigă cîștigă pierde"
)
FORTUNE = re.compile(
    r"\b(?:(?:future|her|his|your) (?:[\w-]+[- ])?(?:husband|wife|partner|mate|spouse)|sweetheart|lover|"
    r"will (?:be )?(?:\w+ )?marr\w*|viitorul soț|ursitul)\b",
    re.I,
)
SOLITARY = Vocabulary.of("you your alone singur singură")
# Players chosen for a part: with them, telling fortunes is a party game the company plays, not a charm.
CHOSEN_ROLE = Vocabulary.of("is_chosen are_chosen is_selected are_selected is_appointed are_appointed se_alege se_aleg")

# A costumed party or fête is described by what is worn, served and celebrated; its play, if any, is thin.
ENTERTAINMENT_WORDS = Vocabulary.of(
    "costume* mask masks coat coats vest dress dressed dresses frock frocks gown gowns gloves wig wear wears worn "
    "attire trimmed sleeves skirt "
    "hat hats bonnet bonnets fan bouquet bouquets sash fête fete festival festivities entertainment entertainments "
    "celebrat* anniversary patroness patronesses programme souvenir souvenirs bunting "
    "decorat* supper dinner luncheon refreshments serve served ice cream cake cakes confectionery"
)
ENTERTAINMENT_WORDS_PER_100 = 3.5
ENTERTAINMENT_MAX_CUES_PER_100 = 8.0

# A trick is done by one performer ("you") for others who watch; no group plays.
TRICK_WORDS = Vocabulary.of(
    "trick tricks audience spectators onlookers conjur* experiment illusion secret truc scamatori*"
)
GROUP = Vocabulary.of(
    "players participants contestants competitors guests teams sides partners couples pairs everyone everybody "
    "children boys girls pupils people group circle the_company the_class others jucători jucătorii copiii ceilalți "
    "echipe"
)

ACCOMPLICE = Vocabulary.of("confederate confederates accomplice accomplices assistant complice")
# A trick played before an audience is shown to them, however many sit round the table: it is a game only when they
# are asked to guess how it is done.
SHOWN = Vocabulary.of("trick tricks conjur* truc scamatori*")
AUDIENCE = Vocabulary.of("audience spectators onlookers auditors spectatori")
GUESSING = Vocabulary.of("guess* ghic*")

# A text about games names games or sports in the plural again and again; a game names itself "the game".
GAMES_PLURAL = Vocabulary.of("games sports stunts tournaments jocuri jocurile")
ABOUT_GAMES_MIN = 3

# An account of something that happened gives its date ("In January, 1906").
YEAR = re.compile(r"\b1[5-9]\d\d\b")

PARTY_WORDS = Vocabulary.of(
    "decorat* refreshment refreshments supper dinner luncheon menu serve served ice ices cake cakes sandwich "
    "sandwiches salad coffee lemonade candy bonbon bonbons frosted icing costume costumed costumes lantern "
    "lanterns bunting flower flowers fern ferns favors favours invitation invitations invited table tablecloth "
    "centrepiece centerpiece hostess dress dressed silk ribbon ribbons garland garlands evergreen evergreens "
    "holly gorgeous orchestra music"
)
PARTY_WORDS_PER_100 = 5.0
# A long party article holds a few games among its decorations and menus: less of its vocabulary shows it.
LONG_PARTY_WORDS = 600
LONG_PARTY_WORDS_PER_100 = 2.5
# A party told in a few hundred words (hours, toys, invitations, a menu) shows a little more of it, less play, and
# nobody wins: a party whose games have prizes is a set of games.
PARTY_ARTICLE_WORDS = 200
PARTY_ARTICLE_WORDS_PER_100 = 2.2
PARTY_ARTICLE_MAX_CUES_PER_100 = 8.0

# Advice is told in "should", "may", "could": what one might do, not what the players do.
ADVICE = "advice"
ADVICE_MODALS = Vocabulary.of("should may might could")
ADVICE_MODALS_PER_100 = 3.0
ADVICE_MIN_WORDS = 300

BLURB_WORDS = Vocabulary.of(
    "this_book the_author edition published publisher publishers compiler compilers "
    "dedicated volume volumes price bound_in postpaid cartea autorul volumul ediția"
)
PRICE_OR_PAGES = re.compile(r"\b\d+ ?(?:cents|pages|pp)\b", re.I)
BLURB_WORDS_PER_100 = 2.0
BLURB_MIN_KINDS = 2

INTRO_WORDS = Vocabulary.of("games amusements sports this_chapter jocuri jocurile următoarele")
INTRO_MAX_WORDS = 80
# An introduction to what follows ends by announcing it: "The following five games may be played ...:".
ANNOUNCES_WHAT_FOLLOWS = Vocabulary.of("following follows următoarele următorul")

# A sermon or essay speaks for "we" and "our" (a nation, a class, the writer and the reader); a game's directions
# speak of the players. Its play cues are as thin as a long essay's, and "we" this frequent outside quotations: a
# singing game's "Here we dance" may be sung unquoted, but its directions are dense in play (a long essay's bound).
FIRST_PERSON_PLURAL = Vocabulary.of("we us our ours ourselves noi noastră nostru")
SERMON_MIN_WORDS = 150
SERMON_WE_PER_100 = 1.5
SERMON_MAX_CUES_PER_100 = 5.0

ESSAY_WORDS = Vocabulary.of(
    "ought duty duties dishonour* dishonor* honour* honor* virtu* character moral* god truth* honest* cheat* "
    "faith* religio* sacred nation citizen citizens knight knights chivalr* loyal* courag* brave* kindness "
    "unselfish* selfish* charit* thrift* obedien* manl* patriot* conscience temptation noble trainer trainers "
    "facilitator facilitators workshop workshops session sessions avoid remember important respect* datori* "
    "cinst* adevăr* credinț* christ christian christians salvation heathen gospel sabbath preach*"
)
ESSAY_WORDS_PER_100 = 4.0
ESSAY_MIN_WORDS = 60
# A long text with little play in it is an essay or advice, even without moral words: a game is told in fewer words.
LONG_PROSE_WORDS = 600
LONG_PROSE_MAX_CUES_PER_100 = 5.0
# ...unless it opens with a contest's directions (players, a goal, dense) and the rest is what they work on: a
# story in which to count birds' names. The opening: its first paragraphs, at least this many words.
OPENING_MIN_WORDS = 30

CHORE_WORDS = Vocabulary.of(
    "dish dishes dishwashing wash washing sweep sweeping tent tents kitchen cook cooking cooks firewood wood "
    "chore chores duties duty latrine latrines garbage rubbish bed beds blanket blankets inspection mess meal "
    "meals breakfast bugle reveille revielle rest_hour swimming counselor counselors counsellor counsellors "
    "director equipment supplies uniform"
)
CHORE_WORDS_PER_100 = 5.0

# A game the judge keeps is still worth a curator's reading when it names no way to win or end, or gives this few
# play cues per hundred words: on the tuning sets these are 13 % of the published entries and hold 70 % of the
# non-games still published (bench/games_only.py measures the held-out set).
DOUBT_MAX_CUES_PER_100 = 6.0

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


class Text:
    """A text read once: its lines, its lower-case words, and the words joined for phrase counts."""

    def __init__(self, raw: str):
        # Underscores mark italics in Project Gutenberg texts ("_Tableau._").
        self.raw = raw.replace("_", " ")
        self.words = WORD.findall(self.raw.lower())
        self.counts = Counter(self.words)
        self.joined = f" {' '.join(self.words)} "

    @cached_property
    def narration(self) -> "Text":
        """The text without its quotations and parenthesised asides: an example of what players write or say
        ("(he said) ... (she said)") tells no story."""
        return Text(ASIDE.sub(" ", QUOTED.sub(" ", self.raw)))

    @cached_property
    def opening(self) -> "Text":
        """The first paragraphs, up to at least ``OPENING_MIN_WORDS`` words."""
        paragraphs = []
        for paragraph in re.split(r"\n\s*\n", self.raw):
            paragraphs.append(paragraph)
            if len(WORD.findall(" ".join(paragraphs))) >= OPENING_MIN_WORDS:
                break
        return Text("\n\n".join(paragraphs))

    @cached_property
    def size(self) -> int:
        return max(len(self.words), 1)

    def per_100(self, count: int) -> float:
        return count * 100 / self.size

    @cached_property
    def cues(self) -> dict[str, int]:
        """How many play cues of each kind ("players", "roles", "turns", "goal", "formation") the text shows."""
        counts = {kind: vocabulary.count(self) for kind, vocabulary in PLAY_CUES.items()}
        counts["roles"] += len(QUOTED_IT.findall(self.raw))
        speakers = set(SPEAKER_LINE.findall(self.raw))
        if len(speakers) >= MIN_SPEAKERS:
            counts["roles"] += len(speakers)
        return counts

    @cached_property
    def play(self) -> tuple[float, int]:
        """(play cues per hundred words, how many kinds of cue appear)."""
        return self.per_100(sum(self.cues.values())), sum(1 for count in self.cues.values() if count)


def is_narrative(text: Text) -> bool:
    """Told in the past tense: most finite verbs outside quotations are past ("was", "said", "he walked")."""
    text = text.narration
    past = PAST_TENSE.count(text) + sum(
        1
        for before, word in zip(text.words, text.words[1:], strict=False)
        if before in PRONOUNS and word.endswith("ed")
    )
    present = PRESENT_DIRECTION.count(text)
    return past >= NARRATIVE_MIN_PAST and past >= (past + present) * NARRATIVE_PAST_SHARE


def rhyme_of(line: str) -> str:
    """The ending a rhyme is heard in: the last word's letters from its last vowel group on ("-ay" of "play")."""
    found = WORD.findall(line.lower())
    if not found:
        return ""
    match = re.search(r"[aeiouyăâîéè]+[^aeiouyăâîéè]*$", found[-1])
    return match.group() if match else found[-1]


def rhymes(lines: list[str]) -> int:
    """How many lines rhyme with the line before or the one before that (AABB and ABAB)."""
    endings = [rhyme_of(line) for line in lines]
    return sum(
        1
        for index, ending in enumerate(endings)
        if ending and any(index >= gap and endings[index - gap] == ending for gap in (1, 2))
    )


def is_verse(text: Text) -> bool:
    """Mostly short capitalised lines that rhyme, or a flattened poem: capitalised words in mid-sentence."""
    lines = [line.strip() for line in text.raw.splitlines() if line.strip()]
    short = [
        line for line in lines if len(line) <= VERSE_LINE_MAX_CHARS and line[0].isupper() and not LIST_ITEM.match(line)
    ]
    if (
        len(lines) >= VERSE_MIN_LINES
        and len(short) >= len(lines) * VERSE_LINE_SHARE
        and rhymes(short) >= len(short) * VERSE_RHYME_SHARE
    ):
        return True
    return text.per_100(len(MID_LINE_CAPITAL.findall(text.raw))) >= VERSE_CAPITALS_PER_100


def is_dialogue(text: Text) -> bool:
    """Most of the text is spoken lines in quotation marks or after dashes, and what is told around them gives no
    directions for play (around a hunt's rhymed clues: "beneath his chair he finds ...")."""
    quoted = sum(len(match.group(1) or match.group(2) or "") for match in QUOTED.finditer(text.raw))
    return (
        quoted >= len(text.raw) * DIALOGUE_QUOTED_SHARE and text.narration.play[0] < DIALOGUE_NARRATION_MAX_CUES_PER_100
    )


def is_performance(text: Text) -> bool:
    return text.per_100(PERFORMANCE_WORDS.count(text)) >= PERFORMANCE_WORDS_PER_100


def is_charm(text: Text) -> bool:
    """A divination one person does alone ("comb your hair ... your future partner will appear"), or any short
    text that foretells a marriage or luck without anyone winning ("the ring signifies marriage")."""
    fortunes = len(FORTUNE.findall(text.raw))
    if fortunes and SOLITARY.count(text) and not PLAY_CUES["players"].count(text):
        return True
    omens = OMEN_WORDS.count(text) + fortunes
    return (
        len(text.words) <= CHARM_MAX_WORDS
        and omens >= OMEN_MIN
        and text.per_100(omens) >= OMEN_WORDS_PER_100
        and not CONTEST.count(text)
        and not CHOSEN_ROLE.count(text)
    )


def is_entertainment(text: Text) -> bool:
    """A costumed party, fête or show: dense in what is worn, served and celebrated, thin in play."""
    return (
        text.per_100(ENTERTAINMENT_WORDS.count(text)) >= ENTERTAINMENT_WORDS_PER_100
        and text.play[0] < ENTERTAINMENT_MAX_CUES_PER_100
        and not CONTEST.count(text)
    )


def is_trick(text: Text) -> bool:
    """A trick or experiment one performer shows: no group of players, nobody wins. With a confederate it is a
    guessing game: the company plays at finding the secret out."""
    return (
        bool(TRICK_WORDS.count(text))
        and not GROUP.count(text)
        and not CONTEST.count(text)
        and not ACCOMPLICE.count(text)
    )


def is_trick_for_an_audience(text: Text) -> bool:
    """A trick played before an audience who are not asked to guess it: "he then makes his audience think ..."."""
    return (
        bool(SHOWN.count(text) and AUDIENCE.count(text))
        and not GUESSING.count(text)
        and not CONTEST.count(text)
        and not ACCOMPLICE.count(text)
    )


def is_about_games(text: Text) -> bool:
    return GAMES_PLURAL.count(text) >= ABOUT_GAMES_MIN


def is_dated_story(text: Text) -> bool:
    """A story that gives the year it happened: a report or a lesson, however many people act in it."""
    return bool(YEAR.search(text.raw)) and is_narrative(text)


def is_party_advice(text: Text) -> bool:
    return text.per_100(PARTY_WORDS.count(text)) >= PARTY_WORDS_PER_100


def is_long_party_article(text: Text) -> bool:
    party = text.per_100(PARTY_WORDS.count(text))
    if len(text.words) >= LONG_PARTY_WORDS:
        return party >= LONG_PARTY_WORDS_PER_100
    return (
        len(text.words) >= PARTY_ARTICLE_WORDS
        and party >= PARTY_ARTICLE_WORDS_PER_100
        and text.play[0] < PARTY_ARTICLE_MAX_CUES_PER_100
        and not CONTEST.count(text)
    )


def is_advice(text: Text) -> bool:
    """A long text of suggestions, thin in play: "the boys should march ... a banner should lead"."""
    return (
        len(text.words) >= ADVICE_MIN_WORDS
        and text.play[0] < LONG_PROSE_MAX_CUES_PER_100
        and text.per_100(ADVICE_MODALS.count(text)) >= ADVICE_MODALS_PER_100
    )


def is_blurb(text: Text) -> bool:
    """Words of publishing ("this volume", "price", "edition"), several different ones."""
    found = BLURB_WORDS.found(text)
    prices = PRICE_OR_PAGES.findall(text.raw)
    kinds = len(found) + len(set(prices))
    return kinds >= BLURB_MIN_KINDS and text.per_100(sum(found.values()) + len(prices)) >= BLURB_WORDS_PER_100


def is_introduction(text: Text) -> bool:
    """A short text about games in the plural ("a few games ... may not come amiss")."""
    return len(text.words) <= INTRO_MAX_WORDS and bool(INTRO_WORDS.count(text))


def is_introduction_to_what_follows(text: Text) -> bool:
    """It ends with a colon after announcing what follows: the games it introduces are not in it."""
    return text.raw.rstrip().endswith(":") and bool(ANNOUNCES_WHAT_FOLLOWS.count(text))


def is_sermon(text: Text) -> bool:
    """Told for "we" and "our", thin in play: "The surest way to keep peace is to be prepared ... we should all"."""
    narration = text.narration
    return (
        len(text.words) >= SERMON_MIN_WORDS
        and narration.per_100(FIRST_PERSON_PLURAL.count(narration)) >= SERMON_WE_PER_100
        and text.play[0] < SERMON_MAX_CUES_PER_100
    )


def is_essay(text: Text) -> bool:
    return len(text.words) >= ESSAY_MIN_WORDS and text.per_100(ESSAY_WORDS.count(text)) >= ESSAY_WORDS_PER_100


def is_chores(text: Text) -> bool:
    return text.per_100(CHORE_WORDS.count(text)) >= CHORE_WORDS_PER_100


def opens_a_contest(text: Text) -> bool:
    """Its first paragraphs are a contest's directions: players, a goal, as dense as a short game."""
    opening = text.opening
    return (
        opening.size < text.size
        and opening.play[0] >= RESCUE_DENSE_CUES_PER_100
        and bool(opening.cues["players"] and opening.cues["goal"])
    )


# Checked in this order: the first that fits names the kind of text.
OTHER_KINDS = (
    (NARRATIVE, is_narrative),
    (VERSE, is_verse),
    (DIALOGUE, is_dialogue),
    (PERFORMANCE, is_performance),
    (CHARM, is_charm),
    (TRICK, is_trick),
    (ABOUT_GAMES, is_about_games),
    (BLURB, is_blurb),
    (PARTY_ADVICE, is_party_advice),
    (CHORES, is_chores),
    (ADVICE, is_advice),
    (INTRODUCTION, is_introduction),
    (ESSAY, is_essay),
)


def other_kind(text: Text) -> str:
    """The first kind of non-game text the text reads as, or ""."""
    return next((reason for reason, fits in OTHER_KINDS if fits(text)), "")


def activity_text(*parts: str) -> str:
    """An activity's description, rules and variations as one text, the paragraphs kept apart."""
    return "\n\n".join(part for part in parts if part)


def doubt_of(text: Text) -> str:
    """Why a text the judge keeps may still not be a game, or ""."""
    if not text.cues["goal"]:
        return NO_GOAL_NAMED
    if text.play[0] < DOUBT_MAX_CUES_PER_100:
        return THIN_PLAY
    return ""


def kept(text: Text) -> Verdict:
    return Verdict(True, "", doubt_of(text))


def judge(raw: str) -> Verdict:
    """Whether ``raw`` (a game's description, rules and variations) is an activity a group leader can run."""
    text = Text(raw)
    density, kinds = text.play
    if len(text.words) <= INTRO_MAX_WORDS and VARIANT_OF.search(text.raw):
        return kept(text)
    # A contest played on a story or a how-to: the directions come first, then the long material, thin in play.
    if len(text.words) >= LONG_PROSE_WORDS and density < LONG_PROSE_MAX_CUES_PER_100 and opens_a_contest(text):
        return kept(text)
    if density < MIN_CUES_PER_100:
        return Verdict(False, other_kind(text) or NO_PLAY)
    if len(text.words) >= LONG_PROSE_WORDS and density < LONG_PROSE_MAX_CUES_PER_100:
        return Verdict(False, other_kind(text) or ESSAY)
    if not text.cues["goal"] and (
        density < NO_GOAL_MAX_CUES_PER_100
        or (density < RESCUE_CUES_PER_100 and kinds <= THIN_PLAY_MAX_KINDS)
        or (kinds <= 1 and len(text.words) >= NAMES_ONLY_MIN_WORDS)
    ):
        return Verdict(False, other_kind(text) or NO_GOAL)
    if not text.cues["players"] and not GROUP_PRONOUNS.count(text) and density < NOBODY_MAX_CUES_PER_100:
        return Verdict(False, other_kind(text) or NOBODY_PLAYS)
    if STAGING.count(text) >= STAGING_MENTIONS:
        return Verdict(False, PERFORMANCE)
    # Neither a party described by its costumes and menu, nor a charm, nor a dated report is saved by the play it
    # mentions.
    if is_entertainment(text):
        return Verdict(False, ENTERTAINMENT)
    if is_long_party_article(text):
        return Verdict(False, PARTY_ADVICE)
    if is_charm(text):
        return Verdict(False, CHARM)
    if is_dated_story(text):
        return Verdict(False, NARRATIVE)
    # A show that holds a trick may read first as another kind: advice on staging it.
    if is_trick_for_an_audience(text):
        return Verdict(False, other_kind(text) or TRICK)
    if is_introduction_to_what_follows(text):
        return Verdict(False, INTRODUCTION)
    if is_sermon(text):
        return Verdict(False, ESSAY)
    if (density >= RESCUE_CUES_PER_100 and kinds >= RESCUE_CUE_KINDS) or density >= RESCUE_DENSE_CUES_PER_100:
        return kept(text)
    kind = other_kind(text)
    return Verdict(False, kind) if kind else kept(text)
