"""Dedup: cluster the versions of one game found in several sources.

Two steps, so the cost stays near-linear in the number of activities:

1. *Candidate generation* with a token inverted index. Each version is
   indexed under each of its titles (name, aliases, alternatives the title
   or the text gives; content words stemmed and sorted), under each title
   word's last letters, and under its ``RARE_TOKENS_PER_ITEM`` rarest words;
   a pair is verified when it shares a title or title-word block, or at
   least ``MIN_SHARED_RARE`` rare-word blocks. A block larger than
   ``MAX_BLOCK`` is not compared all-pairs: its members are sorted so that
   alike versions are neighbours and each is paired with the next
   ``NEIGHBOUR_WINDOW``. So no common name or word can make the step
   quadratic, and none stops producing candidates as the library grows.
2. *Verification* of each candidate pair: how the titles relate (``NameTier``:
   the same long title, the same title said in both games, the same short one,
   one inside the other or naming the same roles, a shared word, or unrelated) sets
   how much of the play (description and rules: an IDF-weighted overlap of
   their words without the words of the titles, or a RapidFuzz near-verbatim
   match for short texts) the two must share, and less when their play signatures (activities.play: roles,
   formation, what is done, how one is out) agree. Text decides: the same name
   with a different play stays apart (a ring game and a blindfold game both
   called "Cat and Mouse"), different names with the same play merge, and
   two entries of one document merge only when they are near copies.

Clusters are grown strongest pair first, and two clusters are joined only
when their scored pairs agree, in proportion to their size. Pairs scoring in the uncertain band are
returned as candidates for curators. Curator decisions are applied on top: a
*keep apart* wins over any automatic merge (never joined across a kept-apart
pair); a *merge* joins clusters.
"""

import gc
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from itertools import combinations

from rapidfuzz import fuzz

from activities.normalize import fold
from activities.play import play_signature, roles

MAX_TEXT_CHARS = 1500
RARE_TOKENS_PER_ITEM = 10
MAX_BLOCK = 30
NEIGHBOUR_WINDOW = 1
MIN_SHARED_RARE = 2
MIN_TOKEN_LENGTH = 3
SHORT_TEXT_TOKENS = 20
# Below this many versions, IDF is computed as if the library had this many, so in a small library a word shared
# by two versions is not discounted against one that occurs once.
IDF_MIN_DOCUMENTS = 1000
IDF_POWER = 2

# Decision thresholds on 0..1 similarities, chosen on the tuning half of tests/data/dedup_labels.json: copied
# versions of a game share most rare words (text above 0.5); versions written independently share some (0.1-0.4);
# different games that only share a name share little (below 0.15, except one-word topic names such as "Rhymes").
# Pairs near a threshold go to curators as DuplicateCandidate rows.
SAME_NAME = 0.90


class NameTier(StrEnum):
    """How the titles of two versions relate: it sets how much of the play the two must share to merge."""

    # The same title of at least ``SPECIFIC_TITLE_WORDS`` content words.
    SPECIFIC = "specific"
    # The same title, which both texts quote as words said in the game ("Simon says", "Tea-pot", "Jack's alive"):
    # the game's formula, not a topic ("Geography", "Statues"), so only play that clearly disagrees keeps them apart.
    SAID = "said"
    # The same title (articles, "and", plurals, word order, punctuation and repeated words aside), or nearly:
    # "How, When, and Where" is "How? When? Where?".
    SAME = "same"
    # Every content word of one title found in the other ("Postman" and "The Blind Postman"), or titles of the same
    # words but one, where each names the same role ("Cat and Mouse" and "Cat and Rat").
    RELATED = "related"
    # Titles that share a content word and differ in others ("Hunt the Whistle" and "The Magic Whistle").
    SHARED = "shared"
    OTHER = "other"


# The same title of at least this many content words is rarely given to two different games.
SPECIFIC_TITLE_WORDS = 3
MERGE_TEXT = {
    NameTier.SPECIFIC: 0.05,
    NameTier.SAID: 0.15,
    NameTier.SAME: 0.15,
    NameTier.RELATED: 0.15,
    NameTier.SHARED: 0.50,
    NameTier.OTHER: 0.50,
}
VERBATIM = 0.90
# Two versions whose play signatures (activities.play: roles, formation, what is done, how one is out) agree this
# much merge on less shared wording: the same game told in another era's words ("It" and "the tagger", "the
# children" and "the delegates"). The less the titles relate, the more the play must agree and the more wording
# must still be shared ("Hunt the Whistle" and "The Magic Whistle"; "Hold Fast, Let Go" and "Rule of Contrary").
# Two different games of one kind (two relay races) agree often in a large library: with unrelated titles at
# 0.7 / text 0.3, synthetic precision fell from 0.861 at 10k to 0.748 at 100k, when one or two such pairs could
# join two large clusters; ``SUPPORT_SHARE`` now stops that (0.876 and 0.874 at 0.75 / 0.25). A title said in both
# games needs only play that does not clearly disagree: the lowest "Simon Says" pair of the tuning data agrees 0.31.
PLAY_AGREES = {
    NameTier.SAID: 0.25,
    NameTier.SAME: 0.55,
    NameTier.RELATED: 0.70,
    NameTier.SHARED: 0.70,
    NameTier.OTHER: 0.75,
}
# A game played blindfold is not the same game played seeing (the ring "Cat and Mouse" and the blindfold one):
# versions that differ on these do not agree, whatever else they share.
DEFINING_FEATURES = ("role:blind",)
PLAY_TEXT_FLOOR = {
    NameTier.SAID: 0.0,
    NameTier.SAME: 0.03,
    NameTier.RELATED: 0.10,
    NameTier.SHARED: 0.22,
    NameTier.OTHER: 0.25,
}
CANDIDATE_BAND = {
    NameTier.SPECIFIC: (0.02, 0.15),
    NameTier.SAID: (0.0, 0.15),
    NameTier.SAME: (0.04, 0.25),
    NameTier.RELATED: (0.10, 0.35),
    NameTier.SHARED: (0.30, 0.60),
    NameTier.OTHER: (0.30, 0.60),
}
# A title word inside another counts as shared only from this length ("steps" in "footsteps", not "it" in "bit").
COMPOUND_MIN_LENGTH = 4
# A scored pair counts against joining the clusters of its two versions when its text shares less than this part
# of what a merge needs: alike titles, clearly different play.
CLEARLY_DIFFERENT = 0.5
# Two clusters of several versions each are joined on at least this many "one game" pairs, not one pair alone.
MIN_SUPPORT = 2
# ...and at least this share of the smaller one's versions. A large library holds many versions of a popular game:
# without it, two such clusters of different games were joined on the two or three pairs that look alike
# (synthetic precision fell by 0.07 from 10k to 100k versions with the shared-word tier; 0.004 with it).
SUPPORT_SHARE = 0.5
OPENING_CHARS = 300

MERGE = "merge"
KEEP_APART = "keep_apart"

_FUNCTION_WORD_TEXT = """
    the and for are but not you all any can had her was one our out his has him how its may who did get let put
    say she too use this that with have from they will would there their what when which them then than into
    each other some such only also been were your more very just over about after before while where these those
    sau din pentru care este sunt mai cum cel cea cei cele lui lor sau unui unei unul una
"""
# Words every game text uses: no evidence in a description, but they do tell titles apart ("The Sea and Her
# Children" is not "The Sea King").
_GAME_WORD_TEXT = """
    game games play played player players playing child children one two three four five six every round
    doi trei fiecare toti toate copii copiii jucator jucatori jucatorii joc jocul jocuri
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORD_TEXT.split())
STOPWORDS = FUNCTION_WORDS | frozenset(_GAME_WORD_TEXT.split())
_ARTICLES = frozenset({"the", "a", "an"})
_NAME_FILLER = _ARTICLES | {"game", "games", "of"}
# A list is the same list with or without its "and" ("How, When, and Where" and "How? When? Where?"); only for the
# same title: dropped before the fuzzy ratio, it would make "Cat and Mouse" nearly "Catching the Mouse".
_LIST_AND = "and"
# "X, or Y", "X or Y", "X (Y)", "X [Y]", "X / Y": a title that names the game twice.
_TITLE_ALTERNATIVE = re.compile(r",\s*or\s+|\s+or,?\s+|\s*[()\[\]/]\s*", re.IGNORECASE)
# "Musical Chairs, or Going to Jerusalem, is...": the text opens with the name and an alternative.
_FOLLOWING_ALTERNATIVE = re.compile(r"\W*\s+or\s+(?:the\s+)?([A-Z][^,.;:()!?\"]{2,40})")
# A quoted span of a text and the word before it: a title the span starts with is said in the game, unless that word
# makes it a label ("the "postman"", "to be "It"", "is to "drop the handkerchief"").
_QUOTED = re.compile(r"[\"“‘]([^\"“”‘’]{2,80})[\"”’]")
_LAST_WORD = re.compile(r"(\w*)\W*$")
_LABELLING_TEXT = "the a an his her their its be is are was become becomes becoming called named for as to of"
_LABELLING = frozenset(_LABELLING_TEXT.split())
# "...also called "Hood-man Blind"", "known as 'Going to Jerusalem'": an alternative name the text gives, quoted.
_CALLED = re.compile(r"\b(?:called|known as|name of)\s+[\"“‘']([^\"”’'.,;:]{3,40})[\"”’']", re.IGNORECASE)


@dataclass(frozen=True)
class DedupItem:
    """One source's version of a game, as dedup sees it. ``source`` names the document it comes from;
    ``aliases`` are the other titles the source gives it."""

    key: str
    language: str
    name: str
    text: str
    source: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class PairScore:
    """``name_score``: how alike the best pair of titles (aliases included) is; ``text_score``: how alike the
    play described is (``play_score`` for curators); ``score`` combines them."""

    key_a: str
    key_b: str
    name_score: float
    text_score: float
    score: float
    merged: bool


@dataclass
class DedupResult:
    clusters: list[list[str]]
    candidates: list[PairScore]
    compared: int = 0
    oversized_blocks: int = 0
    merges_refused: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Prepared:
    key: str
    language: str
    source: str
    # Every title of the version (its name, aliases, alternatives the title or the text gives).
    titles: tuple
    tokens: tuple
    # A short text, folded, for the near-verbatim check ("" for a long one).
    short_text: str
    # The features of the play (roles, formation, what is done, how one wins or is out): see activities.play.
    play: tuple
    # The titles (sorted words) the text quotes as said in the game.
    said: frozenset


@lru_cache(maxsize=500_000)
def _stem(word: str) -> str:
    """A light English suffix strip ("chairs", "chairing", "chaired" → "chair"): enough for overlap counting."""
    for suffix in ("ing", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _words(vocabulary: Iterable[str]) -> set[str]:
    return {_stem(word) for word in vocabulary if len(word) >= MIN_TOKEN_LENGTH and word not in STOPWORDS}


def _alternative_titles(item: DedupItem) -> list[str]:
    """The name, the aliases, and the other names a title or the opening of the text gives: "Musical Chairs, or
    Going to Jerusalem", "Tag Me (Heads Up)", "...known by the name of "Hood-man Blind"."""
    titles = [item.name, *item.aliases]
    for title in list(titles):
        parts = [part for part in _TITLE_ALTERNATIVE.split(title) if part.strip()]
        if len(parts) > 1:
            titles.extend(parts)
    opening = item.text[:OPENING_CHARS]
    titles.extend(_CALLED.findall(opening))
    name = item.name.strip(" .!?")
    start = opening.lower().find(name.lower()) if name else -1
    if 0 <= start <= len(opening) - len(opening.lstrip(" \"'“‘")):
        following = _FOLLOWING_ALTERNATIVE.match(opening, start + len(name))
        if following:
            titles.append(following.group(1))
    return titles


@dataclass(frozen=True, slots=True)
class _Title:
    """A title as its words (stemmed, without articles, "game" and a list's "and"), those words sorted, its content
    words, and its letters run together ("Blindman's Buff" = "Blind Man's Buff")."""

    sorted_words: str
    # The sorted words with the "and" kept, for the fuzzy ratio of titles that are not the same.
    spelled: str
    content: frozenset
    letters: str
    # The last letters of each content word: two words can only be one inside the other when these match.
    tails: frozenset
    # The title's words as said, a leading article aside.
    spoken: str
    # Its content words that name a role of the play, with the roles.
    roles: tuple


def _title(title: str) -> _Title | None:
    folded = fold(title).split()
    spelled = [word for word in folded if word not in _NAME_FILLER]
    words = [word for word in spelled if word != _LIST_AND]
    if not words:
        return None
    stems = frozenset(_stem(word) for word in words)
    content = frozenset(word for word in stems if len(word) >= MIN_TOKEN_LENGTH and word not in FUNCTION_WORDS)
    tails = frozenset(word[-COMPOUND_MIN_LENGTH:] for word in content)
    spoken = " ".join(folded[1:] if folded[0] in _ARTICLES else folded)
    named_roles = tuple((word, named) for word in content if (named := roles(word)))
    sorted_words = " ".join(sorted(stems))
    spelled_words = " ".join(sorted({*stems, _LIST_AND})) if len(spelled) > len(words) else sorted_words
    return _Title(sorted_words, spelled_words, content, "".join(words), tails, spoken, named_roles)


def _said_titles(titles: tuple, text: str, folded: str) -> frozenset:
    """The titles with a content word that a quoted span of ``text`` said in the game starts with: "begins with
    \"Simon says\""."""
    # Most texts never use their title's words in a row: they are not looked for in quotes.
    titles = [title for title in titles if title.content and title.spoken in folded]
    if not titles:
        return _NOTHING_SAID
    spoken = [
        fold(quoted.group(1))
        for quoted in _QUOTED.finditer(text)
        if _LAST_WORD.search(text, max(quoted.start() - 20, 0), quoted.start()).group(1).lower() not in _LABELLING
    ]
    if not spoken:
        return _NOTHING_SAID
    return frozenset(title.sorted_words for title in titles if any(span.startswith(title.spoken) for span in spoken))


_NOTHING_SAID = frozenset()


def _prepare(item: DedupItem) -> _Prepared:
    titles = tuple(dict.fromkeys(form for title in _alternative_titles(item) if (form := _title(title))))
    # Text tokens never hold function words or words under MIN_TOKEN_LENGTH, so the content words suffice.
    name_words = frozenset(word for title in titles for word in title.content)
    # The play, not the title: words of the names are left out of the text comparison.
    # A tuple, not a set: a set's hash table costs ~8 KB a version, a tuple ~1 KB, and the stems are shared.
    text = item.text[:MAX_TEXT_CHARS]
    folded = fold(text)
    vocabulary = frozenset(folded.split())
    tokens = tuple(_words(vocabulary) - name_words)
    # Only a short text keeps its words for the near-verbatim check: a long copy shares most rare words anyway.
    short_text = folded if len(tokens) < SHORT_TEXT_TOKENS else ""
    play = tuple(play_signature(text, folded, vocabulary))
    said = _said_titles(titles, text, folded)
    return _Prepared(item.key, item.language, item.source, titles, tokens, short_text, play, said)


def _candidate_pairs(prepared: list[_Prepared], document_frequency: Counter) -> tuple[set[tuple[int, int]], int]:
    """Pairs worth verifying: a shared title (word order and plurals aside), a shared title word, or at least
    ``MIN_SHARED_RARE`` shared rare words.

    A block larger than ``MAX_BLOCK`` is never compared all-pairs: its members are sorted so that versions alike
    are neighbours (by their other title words, or their other rare words) and each is paired with the next
    ``NEIGHBOUR_WINDOW``. Clustering is transitive, so a chain of neighbours joins a large group of copies as
    surely as all its pairs would, and the cost stays linear however common a word becomes.
    """
    title_blocks: dict[str, list[int]] = defaultdict(list)
    word_blocks: dict[str, list[int]] = defaultdict(list)
    rare_blocks: list[list[str]] = []
    block_names: dict[str, str] = {}
    for index, item in enumerate(prepared):
        for block in {f"{item.language}|{title.sorted_words}" for title in item.titles}:
            title_blocks[block].append(index)
        # A title word is indexed by its last letters too, so "Steps" meets "Grandmother's Footsteps".
        for word in {tail for title in item.titles for tail in title.tails}:
            block = f"{item.language}|w|{word}"
            title_blocks[block_names.setdefault(block, block)].append(index)
        shared = [token for token in item.tokens if document_frequency[token] >= 2]
        shared.sort(key=lambda token: (document_frequency[token], token))
        blocks = [f"{item.language}|{token}" for token in shared[:RARE_TOKENS_PER_ITEM]]
        # One shared string per block name, not a copy for each version in the block (a million at 100k versions).
        rare_blocks.append([block_names.setdefault(block, block) for block in blocks])
        for block in rare_blocks[-1]:
            word_blocks[block].append(index)
    pairs: set[tuple[int, int]] = set()
    oversized = 0
    for members in title_blocks.values():
        if len(members) > MAX_BLOCK:
            oversized += 1
            pairs.update(_window_pairs(members, lambda index: (prepared[index].titles[0].sorted_words, index)))
        else:
            pairs.update(combinations(members, 2))
    for block, members in word_blocks.items():
        if len(members) > MAX_BLOCK:
            oversized += 1
            pairs.update(
                _window_pairs(members, lambda index, block=block: (_rare_signature(rare_blocks[index], block), index))
            )
    # Shared rare words are counted one version at a time, so memory holds one version's neighbours, not every
    # co-occurring pair of the library.
    for index, blocks in enumerate(rare_blocks):
        neighbours = Counter(
            other
            for block in blocks
            if len(word_blocks[block]) <= MAX_BLOCK
            for other in word_blocks[block]
            if other > index
        )
        pairs.update((index, other) for other, count in neighbours.items() if count >= MIN_SHARED_RARE)
    return pairs, oversized


def _rare_signature(blocks: list[str], without: str) -> tuple:
    return tuple(block for block in blocks if block is not without)


def _window_pairs(members: list[int], sort_key):
    """An oversized block's pairs: each version with its next ``NEIGHBOUR_WINDOW`` in ``sort_key`` order."""
    ordered = sorted(members, key=sort_key)
    for position, index in enumerate(ordered):
        for other in ordered[position + 1 : position + 1 + NEIGHBOUR_WINDOW]:
            yield min(index, other), max(index, other)


def _weighted_overlap(a: tuple, b: tuple, weight: dict[str, float], norms: tuple[float, float]) -> float:
    if not a or not b:
        return 0.0
    common = sum(map(weight.__getitem__, set(a).intersection(b)))
    return common / math.sqrt(norms[0] * norms[1])


def _title_similarity(a: _Prepared, b: _Prepared) -> tuple[float, int]:
    """The best match between any title of ``a`` and any of ``b``: 1 for the same words or letters, else a
    RapidFuzz ratio of the sorted words (spelling variants: "Tit, Tat, Toe" and "Tit-tat-to"); and, for the same
    title, how many content words it has."""
    best = 0.0
    for title_a in a.titles:
        for title_b in b.titles:
            if title_a.sorted_words == title_b.sorted_words or title_a.letters == title_b.letters:
                return 1.0, len(title_a.content)
            # The words are sorted already: the plain ratio is RapidFuzz's token sort ratio, without sorting again.
            best = max(best, fuzz.ratio(title_a.spelled, title_b.spelled) / 100)
    return best, 0


def _one_title_inside_the_other(a: _Prepared, b: _Prepared) -> bool:
    """One title inside the other: every content word of the shorter found in the longer, a word inside another
    counting ("Postman" and "The Blind Postman", "Steps" and "Grandmother's Footsteps"). Sharing only some words is
    no evidence: "Hunt the Ring" and "Hunt the Slipper" are two games."""
    for title_a in a.titles:
        for title_b in b.titles:
            shorter, longer = (title_a, title_b) if len(title_a.content) <= len(title_b.content) else (title_b, title_a)
            if (
                shorter.content
                and shorter.tails <= longer.tails
                and all(
                    word in longer.content or any(_same_word(word, other) for other in longer.content)
                    for word in shorter.content
                )
            ):
                return True
    return False


def _titles_name_the_same_roles(a: _Prepared, b: _Prepared) -> bool:
    """Titles alike but for one word, where the two words name the same role of the play: "Cat and Mouse" and "Cat
    and Rat" (the prey), "Fox and Geese" and "Fox and Chickens". A shared word anchors them: "Mouse" and "Rat" alone
    are no evidence."""
    for title_a in a.titles:
        if not title_a.roles or len(title_a.content) < 2:
            continue
        for title_b in b.titles:
            if not title_b.roles:
                continue
            only_a, only_b = title_a.content - title_b.content, title_b.content - title_a.content
            if len(only_a) == len(only_b) == 1:
                roles_a, roles_b = dict(title_a.roles), dict(title_b.roles)
                (word_a,), (word_b,) = only_a, only_b
                if word_a in roles_a and word_b in roles_b and not roles_a[word_a].isdisjoint(roles_b[word_b]):
                    return True
    return False


def _titles_share_a_word(a: _Prepared, b: _Prepared) -> bool:
    """Some title of ``a`` and some of ``b`` share a content word (a word inside another counting)."""
    words_a = {word for title in a.titles for word in title.content}
    words_b = {word for title in b.titles for word in title.content}
    return bool(words_a & words_b) or any(_same_word(x, y) for x in words_a for y in words_b)


def _same_word(x: str, y: str) -> bool:
    return min(len(x), len(y)) >= COMPOUND_MIN_LENGTH and (x.endswith(y) or y.endswith(x))


@dataclass(frozen=True, slots=True)
class _Weights:
    """Each word's IDF to the power ``IDF_POWER`` and each play feature's IDF, with the sums of each version's."""

    words: dict
    word_norms: list
    play: dict
    play_norms: list


def _pair_score(
    a: _Prepared, b: _Prepared, i: int, j: int, weights: _Weights
) -> tuple[float, float, float, float, NameTier]:
    """(name similarity, text similarity, play signature similarity, combined score, name tier) of versions ``i``
    and ``j``, similarities 0..1."""
    name_score, title_words = _title_similarity(a, b)
    text_score = _weighted_overlap(a.tokens, b.tokens, weights.words, (weights.word_norms[i], weights.word_norms[j]))
    if text_score < VERBATIM and a.short_text and b.short_text:
        # A near-verbatim copy is the same play even when it is too short for rare words to say so;
        # below that the fuzzy ratio rewards shared common words, so it never lowers or drives the score.
        verbatim = fuzz.token_sort_ratio(a.short_text, b.short_text, score_cutoff=VERBATIM * 100) / 100
        if verbatim:
            text_score = verbatim
    tier = _name_tier(a, b, name_score, title_words, text_score)
    # The play is compared only where it can decide: most pairs share too little wording, or enough without it.
    play_score = 0.0
    if tier in PLAY_AGREES and PLAY_TEXT_FLOOR[tier] <= text_score < MERGE_TEXT[tier]:
        play_score = _play_similarity(a, b, i, j, weights)
    return name_score, text_score, play_score, round(0.25 * name_score + 0.75 * text_score, 4), tier


def _name_tier(a: _Prepared, b: _Prepared, name_score: float, title_words: int, text_score: float) -> NameTier:
    if title_words >= SPECIFIC_TITLE_WORDS:
        return NameTier.SPECIFIC
    if a.said and not a.said.isdisjoint(b.said):
        return NameTier.SAID
    if name_score >= SAME_NAME:
        return NameTier.SAME
    if _one_title_inside_the_other(a, b) or _titles_name_the_same_roles(a, b):
        return NameTier.RELATED
    # Titles sharing a word are told from unrelated ones only where their play can decide (most pairs share
    # too little wording to be worth the look).
    if PLAY_TEXT_FLOOR[NameTier.SHARED] <= text_score < MERGE_TEXT[NameTier.SHARED] and _titles_share_a_word(a, b):
        return NameTier.SHARED
    return NameTier.OTHER


def _play_similarity(a: _Prepared, b: _Prepared, i: int, j: int, weights: _Weights) -> float:
    if any((feature in a.play) != (feature in b.play) for feature in DEFINING_FEATURES):
        return 0.0
    return _weighted_overlap(a.play, b.play, weights.play, (weights.play_norms[i], weights.play_norms[j]))


def decide(text_score: float, play_score: float, tier: NameTier, *, same_source: bool = False) -> tuple[bool, bool]:
    """(merge, uncertain): text decides; the closer the titles, the less of the play must be shared, and less
    still when the play signatures agree (``PLAY_AGREES``).

    A long title found in two books ("Cross Questions and Crooked Answers") needs little shared play, a short
    one ("Ghost", "Cat and Mouse": often two games) more, a title inside the other ("Postman", "The Blind
    Postman") as much, unrelated titles most. Two entries of one document are two games unless their texts are
    near copies: a book lists a game once, but often describes different games with the same boilerplate ("each
    aisle is a team; at the signal...").
    """
    low, high = CANDIDATE_BAND[tier]
    if same_source:
        return text_score >= VERBATIM, low <= text_score < high
    play_agrees = tier in PLAY_AGREES and play_score >= PLAY_AGREES[tier] and text_score >= PLAY_TEXT_FLOOR[tier]
    return text_score >= MERGE_TEXT[tier] or play_agrees, low <= text_score < high


class _Clusters:
    """Union-find that refuses to join two clusters across a kept-apart pair."""

    def __init__(self, keys: Iterable[str], apart: Iterable[tuple[str, str]]):
        self.parent = {key: key for key in keys}
        self.members = {key: [key] for key in self.parent}
        # For each root: every key its cluster must never be joined with.
        self.root_cannot: dict[str, set[str]] = {key: set() for key in self.parent}
        # Joins the evidence refused, by the two clusters' roots and sizes: clusters only grow, so the same roots and
        # sizes are the same clusters, and the many pairs between two refused clusters are not counted again.
        self.refused: set[tuple[str, str, int, int]] = set()
        for a, b in apart:
            if a in self.parent and b in self.parent:
                self.root_cannot[a].add(b)
                self.root_cannot[b].add(a)

    def find(self, key: str) -> str:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str, *, evidence: "_Evidence | None" = None) -> bool:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return True
        if any(self.find(key) == root_b for key in self.root_cannot[root_a]):
            return False
        if evidence is not None and not self._evidence_agrees(root_a, root_b, evidence):
            return False
        if len(self.members[root_a]) < len(self.members[root_b]):
            root_a, root_b = root_b, root_a
        self.parent[root_b] = root_a
        self.members[root_a].extend(self.members.pop(root_b))
        self.root_cannot[root_a] |= self.root_cannot.pop(root_b)
        return True

    def _evidence_agrees(self, root_a: str, root_b: str, evidence: "_Evidence") -> bool:
        """Join two clusters only when more of their scored pairs say "same game" than say "different game", and,
        when both hold several versions, at least ``MIN_SUPPORT`` do and at least ``SUPPORT_SHARE`` of the smaller
        cluster's size: one pair of copies must not chain two families of games that share a name into one."""
        if len(self.members[root_a]) > len(self.members[root_b]):
            root_a, root_b = root_b, root_a
        state = (root_a, root_b, len(self.members[root_a]), len(self.members[root_b]))
        if state in self.refused:
            return False
        same = different = 0
        for key in self.members[root_a]:
            same += sum(self.find(other) == root_b for other in evidence.same.get(key, ()))
            different += sum(self.find(other) == root_b for other in evidence.different.get(key, ()))
        smaller = min(state[2], state[3])
        agrees = same > different and (same >= MIN_SUPPORT or smaller == 1) and same >= SUPPORT_SHARE * smaller
        if not agrees:
            self.refused.add(state)
        return agrees

    def clusters(self) -> list[list[str]]:
        return sorted(sorted(members) for members in self.members.values())


def _says_different(text_score: float, tier: NameTier, *, same_source: bool) -> bool:
    """Whether a pair not merged counts against joining the clusters of its two versions. Two entries of one
    document do whenever two documents' versions sharing as little would not merge: a book lists a game once, so a
    cluster must not gather two of its entries through a third version (one book's "Steps" and its "One Step Off",
    both near another book's "Steps"). Versions of two documents do when they clearly differ."""
    if same_source:
        return text_score < MERGE_TEXT[tier]
    return text_score < CLEARLY_DIFFERENT * MERGE_TEXT[tier]


@dataclass
class _Evidence:
    """Scored pairs, by key: ``same`` were judged one game; ``different`` count against a join (``_says_different``)."""

    same: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    different: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, a: str, b: str, *, same: bool) -> None:
        side = self.same if same else self.different
        side[a].append(b)
        side[b].append(a)


def dedup_cluster(*, items: Iterable[DedupItem], decisions: Sequence[tuple[str, str, str]] = ()) -> DedupResult:
    """Cluster ``items`` (unique keys; an iterator is consumed once, so its texts need not all be held);
    ``decisions`` are curator ``(key_a, key_b, "merge"|"keep_apart")``."""
    # Millions of short-lived tuples and sets without reference cycles: the cyclic collector only costs time
    # here (about 40% at 10k activities), so it is paused for the duration.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _dedup_cluster(items=items, decisions=decisions)
    finally:
        if collecting:
            gc.enable()


def _dedup_cluster(*, items: Iterable[DedupItem], decisions: Sequence[tuple[str, str, str]]) -> DedupResult:
    prepared = [_prepare(item) for item in items]
    document_frequency: Counter = Counter()
    for item in prepared:
        document_frequency.update(item.tokens)
    total = max(len(prepared), IDF_MIN_DOCUMENTS)
    weight = {token: math.log(1 + total / count) ** IDF_POWER for token, count in document_frequency.items()}
    feature_frequency = Counter(feature for item in prepared for feature in item.play)
    play_weight = {feature: math.log(1 + total / count) ** IDF_POWER for feature, count in feature_frequency.items()}
    weights = _Weights(
        weight,
        [sum(map(weight.__getitem__, item.tokens)) for item in prepared],
        play_weight,
        [sum(map(play_weight.__getitem__, item.play)) for item in prepared],
    )

    pairs, oversized = _candidate_pairs(prepared, document_frequency)
    merges: list[tuple[float, str, str]] = []
    candidates: list[PairScore] = []
    evidence = _Evidence()
    compared = len(pairs)
    # Popped, not iterated: the set of pairs shrinks as the scores grow (hundreds of thousands at 100k versions).
    while pairs:
        i, j = pairs.pop()
        a, b = prepared[i], prepared[j]
        name_score, text_score, play_score, score, tier = _pair_score(a, b, i, j, weights)
        same_source = bool(a.source) and a.source == b.source
        merge, uncertain = decide(text_score, play_score, tier, same_source=same_source)
        key_a, key_b = (a.key, b.key) if a.key <= b.key else (b.key, a.key)
        if merge:
            merges.append((score, key_a, key_b))
            evidence.add(key_a, key_b, same=True)
        elif _says_different(text_score, tier, same_source=same_source):
            evidence.add(key_a, key_b, same=False)
        if uncertain:
            candidates.append(PairScore(key_a, key_b, name_score, text_score, score, merge))

    apart = [(a, b) for a, b, decision in decisions if decision == KEEP_APART]
    clusters = _Clusters((item.key for item in prepared), apart)
    # Strongest evidence first, so a kept-apart pair splits a chain at its weakest link.
    for _score, a, b in sorted(merges, key=lambda merge: (-merge[0], merge[1], merge[2])):
        clusters.union(a, b, evidence=evidence)
    # A curator's merge joins the two games whole, whatever the scored pairs between them say; only a kept-apart
    # pair refuses it.
    refused = []
    for a, b, decision in sorted(decisions):
        if decision == MERGE and a in clusters.parent and b in clusters.parent and not clusters.union(a, b):
            refused.append((a, b))
    final = clusters.clusters()
    cluster_of = {key: index for index, members in enumerate(final) for key in members}
    candidates.sort(key=lambda candidate: (candidate.key_a, candidate.key_b))
    for index, candidate in enumerate(candidates):
        candidates[index] = replace(candidate, merged=cluster_of[candidate.key_a] == cluster_of[candidate.key_b])
    return DedupResult(
        clusters=final, candidates=candidates, compared=compared, oversized_blocks=oversized, merges_refused=refused
    )
