"""Is this text an activity a group leader can run? Judged from the structure of the text, never from its title.

A game tells players what to do: who takes part ("the players", "each guest", "copiii"), who has which role
("one is chosen", "It", "the leader"), how turns pass and how it is won or ends ("in turn", "wins", "pays a
forfeit", "pierde"), in present-tense or imperative directions ("the players stand in a circle", "Form two
teams"). What else a game book holds reads differently: a past-tense story, verse (short capitalised lines,
or a poem flattened into one paragraph), a dialogue to recite, advice to a hostess on decorations and menus,
a book blurb or dedication, a chapter's introduction, an essay or moral lesson, the chores of a camp.

``judge(text)`` weighs the two: play structure (cues per hundred words, and how many kinds of cue) against
the strongest sign of another kind of text. It returns a ``Verdict`` with a short reason, so a rejection can
be reported ("not a game: verse"). English and Romanian.
"""

import re
from dataclasses import dataclass

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
NO_PLAY = "no players, turns or goal"


@dataclass(frozen=True)
class Verdict:
    is_game: bool
    reason: str

    def __bool__(self) -> bool:
        return self.is_game


def _words(pattern: str) -> re.Pattern:
    return re.compile(rf"\b(?:{pattern})\b", re.I)


# Kinds of play structure; a game shows several of them.
PLAY_CUES = {
    "players": _words(
        r"players?|player's|participants?|contestants?|competitors?|opponents?|guests?|teams?|sides|partners|"
        r"couples?|pairs|everyone|everybody|each one|each person|each child|the others|the rest|the company|"
        r"the group|the class|pupils?|delegates|patrols?|"
        r"jucători|jucătorii|jucătorul|participanții|participanți|copiii|ceilalți|fiecare|echipe|echipa|"
        r"perechi|oricîți|oricâți|each|whoever|children|child|boys?|girls?|persons?|people|ladies|gentlemen|men|"
        r"copii|copil|copilul|băieți|fete|the others|others|members?|individual|one of the|the one who|audience|"
        r"game|games|played|play|jocul|joc|se joacă"
    ),
    "roles": _words(
        r"is chosen|are chosen|chooses?|choose|selected|appointed|one of (?:the|their) number|leader|catcher|"
        r"captain|umpire|referee|judge|blindfold(?:ed)?|“it”|\"it\"|'it'|the centre|the center|the middle|"
        r"in the ring|represents?|representing|the part of|acts? as|is called|are called|se alege|se aleg|unul din|"
        r"unul dintre|la mijloc|conducătorul|animatorul|se face|se fac|confederate|accomplice|teacher|hostess|"
        r"partner|opposite"
    ),
    "turns": _words(
        r"in turn|turns?|takes? (?:his|her|their) place|takes? the place|changes? places|next|signal|"
        r"begins?|starts?|then|until|each time|when all|repeat|repeats|pe rînd|pe rând|rîndul|rândul|apoi|"
        r"stops?|returns?|return|leaves the room|out of the room|sent out|goes out|afterwards|pînă|până|după ce|"
        r"începe|încep"
    ),
    "goal": _words(
        r"wins?|winner|won|loses?|loser|lost|out of the game|is out|are out|forfeits?|points?|scores?|prize|"
        r"caught|catch|catches|tag|tags|tagged|guess(?:es|ed)?|the first (?:one |player |team )?to|object of|"
        r"the aim|must|tries to|try to|are to|is to|endeavors?|endeavours?|race|câștigă|cîștigă|pierde|prinde|"
        r"prins|ghicește|trebuie|caută|succeeds?|fails?|failing|best|highest|finish|finds?|discovers?|indicate|answers?|"
        r"correct|correctly"
    ),
    "formation": _words(
        r"circle|ring|rows?|lines? up|in (?:a|two|single) lines?|stand|stands|sit|sits|seated|form|forms|facing|"
        r"divided|divide|split|line|lines|row|seats?|chairs?|roată|cerc|rînd|rând|în șir|stau|se așază"
    ),
}
# Below this many play cues per hundred words a text gives players nothing to do.
MIN_CUES_PER_100 = 2.0
# A text that reads as another kind (a story, verse, advice...) is still a game when its play structure is this
# dense and shows this many kinds of cue (a singing game's verse, a party game's decorations).
RESCUE_CUES_PER_100 = 5.0
RESCUE_CUE_KINDS = 4
# Or this dense, whatever the kinds: a short game in few words ("Each player in turn...").
RESCUE_DENSE_CUES_PER_100 = 12.0

PAST_TENSE = _words(
    r"was|were|had|did|said|went|came|saw|found|told|asked|replied|answered|seemed|looked|thought|knew|took|"
    r"gave|ran|stood|sat|began|heard|felt|became|wrote|fell|left|cried|exclaimed|"
    r"(?:he|she|they|we|i) \w+ed|a fost|au fost|era|erau|zise|spuse|plecă|veni|merse"
)
PRESENT_DIRECTION = _words(
    r"is|are|must|should|may|can|will|each|stands?|sits?|takes?|goes|runs?|tries|says|se|este|sunt|trebuie"
)
FIRST_PERSON = _words(r"I|we|our|us|my|me|noi|eu")
# Share of finite verbs in the past above which (with first-person telling or little play) a text is a story.
NARRATIVE_PAST_SHARE = 0.45
NARRATIVE_MIN_PAST = 6

# A line of verse: short, starting with a capital, without a sentence's end in the middle.
VERSE_LINE_MAX_CHARS = 60
VERSE_MIN_LINES = 4
VERSE_LINE_SHARE = 0.6
# Share of those lines that rhyme with one of the two before (a list of questions does not rhyme).
VERSE_RHYME_SHARE = 0.3
# Numbered or bulleted lines are a list, not verse.
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

PERFORMANCE_WORDS = _words(r"tableaux?|curtain|rehearsals?|prompter|footlights|scenery|recitations?|spectacol|cortina")
PERFORMANCE_WORDS_PER_100 = 1.0

FORTUNE_WORDS = _words(
    r"future (?:husband|wife|partner|mate)|sweetheart|lover|will (?:be )?(?:\w+ )?marr\w*|viitorul soț|ursitul"
)
SOLITARY = _words(r"you|your|alone|singur|singură")

PARTY_WORDS = _words(
    r"decorat\w*|refreshments?|supper|dinner|luncheon|menu|served?|ices?|ice-cream|cakes?|sandwiche?s|"
    r"salad|coffee|lemonade|candy|bonbons?|frosted|icing|costumed?|costumes?|lanterns?|bunting|flowers?|"
    r"ferns?|favors|favours|invitations?|invited|table(?:cloth)?|centrepiece|centerpiece|hostess|dress(?:ed)?|"
    r"silk|ribbons?|garlands?|evergreens?|holly|gorgeous|orchestra|music"
)
PARTY_WORDS_PER_100 = 5.0

BLURB_WORDS = _words(
    r"this book|this volume|the volume|the author|edition|published|publishers?|compilers?|dedicated|volumes?|"
    r"price|bound in|postpaid|\d+ ?(?:cents|pages|pp)|cartea|autorul|volumul|ediția"
)
BLURB_WORDS_PER_100 = 2.0
BLURB_MIN_KINDS = 2

INTRO_WORDS = _words(r"games|amusements|sports|this chapter|jocuri|jocurile|următoarele")
INTRO_MAX_WORDS = 80

ESSAY_WORDS = _words(
    r"ought|duty|duties|dishonou?r\w*|honou?r\w*|virtu\w*|character|moral\w*|god|truth\w*|honest\w*|dishonest\w*|"
    r"cheat\w*|faith\w*|religio\w*|sacred|nation|citizens?|knights?|chivalr\w*|loyal\w*|courag\w*|brave\w*|"
    r"kindness|unselfish\w*|selfish\w*|charit\w*|thrift\w*|obedien\w*|manl\w*|patriot\w*|conscience|temptation|"
    r"noble|trainers?|facilitators?|workshops?|sessions?|avoid|remember|important|respect\w*|"
    r"datori\w*|cinst\w*|adevăr\w*|credinț\w*"
)
ESSAY_WORDS_PER_100 = 4.0
ESSAY_MIN_WORDS = 60
# A long text with little play in it is an essay or advice, even without moral words: a game is told in fewer words.
LONG_PROSE_WORDS = 600
LONG_PROSE_MAX_CUES_PER_100 = 5.0

CHORE_WORDS = _words(
    r"dish(?:es)?|dishwashing|wash(?:ing)?|sweep(?:ing)?|tents?|kitchen|cook(?:ing|s)?|firewood|wood|chores?|"
    r"duties|duty|latrines?|garbage|rubbish|beds?|blankets?|inspection|mess|meals?|breakfast|bugle|reveille|"
    r"revielle|rest hour|swimming|counsell?ors?|director|equipment|supplies|uniform"
)
CHORE_WORDS_PER_100 = 5.0


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def per_100(count: int, total_words: int) -> float:
    return count * 100 / max(total_words, 1)


def play_structure(text: str) -> tuple[float, int]:
    """(play cues per hundred words, how many kinds of cue appear)."""
    counts = {kind: len(pattern.findall(text)) for kind, pattern in PLAY_CUES.items()}
    return per_100(sum(counts.values()), words(text)), sum(1 for count in counts.values() if count)


def is_narrative(text: str) -> bool:
    """Told in the past tense: most finite verbs are past ("was", "said", "he walked")."""
    past = len(PAST_TENSE.findall(text))
    present = len(PRESENT_DIRECTION.findall(text))
    return past >= NARRATIVE_MIN_PAST and past >= (past + present) * NARRATIVE_PAST_SHARE


def rhyme_of(line: str) -> str:
    """The ending a rhyme is heard in: the last word's letters from its last vowel group on ("-ay" of "play")."""
    found = re.findall(r"[^\W\d_]+", line.lower())
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


def is_verse(text: str) -> bool:
    """Mostly short capitalised lines that rhyme, or a flattened poem: capitalised words in mid-sentence."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    short = [
        line for line in lines if len(line) <= VERSE_LINE_MAX_CHARS and line[0].isupper() and not LIST_ITEM.match(line)
    ]
    if (
        len(lines) >= VERSE_MIN_LINES
        and len(short) >= len(lines) * VERSE_LINE_SHARE
        and rhymes(short) >= len(short) * VERSE_RHYME_SHARE
    ):
        return True
    return per_100(len(MID_LINE_CAPITAL.findall(text)), words(text)) >= VERSE_CAPITALS_PER_100


def is_dialogue(text: str) -> bool:
    """Most of the text is spoken lines in quotation marks or after dashes."""
    quoted = sum(len(match.group(1) or match.group(2) or "") for match in QUOTED.finditer(text))
    return quoted >= len(text) * DIALOGUE_QUOTED_SHARE


def is_performance(text: str) -> bool:
    return per_100(len(PERFORMANCE_WORDS.findall(text)), words(text)) >= PERFORMANCE_WORDS_PER_100


def is_charm(text: str) -> bool:
    """A divination one person does alone ("comb your hair ... your future partner will appear")."""
    return bool(FORTUNE_WORDS.search(text)) and bool(SOLITARY.search(text)) and not PLAY_CUES["players"].search(text)


def is_party_advice(text: str) -> bool:
    return per_100(len(PARTY_WORDS.findall(text)), words(text)) >= PARTY_WORDS_PER_100


def is_blurb(text: str) -> bool:
    """Words of publishing ("this volume", "price", "edition"), several different ones."""
    found = [match.lower() for match in BLURB_WORDS.findall(text)]
    return len(set(found)) >= BLURB_MIN_KINDS and per_100(len(found), words(text)) >= BLURB_WORDS_PER_100


def is_introduction(text: str) -> bool:
    """A short text about games in the plural ("a few games ... may not come amiss")."""
    return words(text) <= INTRO_MAX_WORDS and bool(INTRO_WORDS.search(text))


def is_essay(text: str) -> bool:
    return (
        words(text) >= ESSAY_MIN_WORDS and per_100(len(ESSAY_WORDS.findall(text)), words(text)) >= ESSAY_WORDS_PER_100
    )


def is_chores(text: str) -> bool:
    return per_100(len(CHORE_WORDS.findall(text)), words(text)) >= CHORE_WORDS_PER_100


# Checked in this order: the first that fits names the kind of text.
OTHER_KINDS = (
    (NARRATIVE, is_narrative),
    (VERSE, is_verse),
    (DIALOGUE, is_dialogue),
    (PERFORMANCE, is_performance),
    (CHARM, is_charm),
    (BLURB, is_blurb),
    (PARTY_ADVICE, is_party_advice),
    (CHORES, is_chores),
    (INTRODUCTION, is_introduction),
    (ESSAY, is_essay),
)


def other_kind(text: str) -> str:
    """The first kind of non-game text the text reads as, or ""."""
    return next((reason for reason, fits in OTHER_KINDS if fits(text)), "")


def judge(text: str) -> Verdict:
    """Whether ``text`` (a game's description, rules and variations) is an activity a group leader can run."""
    # Underscores mark italics in Project Gutenberg texts ("_Tableau._").
    text = text.replace("_", " ")
    density, kinds = play_structure(text)
    kind = other_kind(text)
    if density < MIN_CUES_PER_100:
        return Verdict(False, kind or NO_PLAY)
    if words(text) >= LONG_PROSE_WORDS and density < LONG_PROSE_MAX_CUES_PER_100:
        return Verdict(False, kind or ESSAY)
    rescued = (density >= RESCUE_CUES_PER_100 and kinds >= RESCUE_CUE_KINDS) or density >= RESCUE_DENSE_CUES_PER_100
    if kind and not rescued:
        return Verdict(False, kind)
    return Verdict(True, "")
