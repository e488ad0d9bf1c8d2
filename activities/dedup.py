"""Dedup: cluster the versions of one game found in several sources.

Two steps, so the cost stays near-linear in the number of activities:

1. *Candidate generation* with a token inverted index. Each version is
   indexed under its name (its content words, stemmed and sorted) and under
   its ``RARE_TOKENS_PER_ITEM`` rarest words; a pair is verified when it
   shares the name block or at least ``MIN_SHARED_RARE`` rare-word blocks.
   A name block larger than ``MAX_BLOCK`` is not compared all-pairs: it
   degrades to a sorted-neighbourhood window; a word shared by more than
   ``MAX_BLOCK`` versions is not rare, and its block is skipped. So no
   common name or word can make the step quadratic.
2. *Verification* of each candidate pair with a real similarity test on the
   names (RapidFuzz token sort ratio) and on the play (description and
   rules): an IDF-weighted overlap of their words without the words of the
   names, or a RapidFuzz near-verbatim match for texts too short for rare
   words to tell. Text decides: the same name with a different play stays
   apart (a ring game and a blindfold game both called "Cat and Mouse"),
   different names with the same play merge, and two entries of one
   document merge only when they are near copies.

Pairs scoring in the uncertain band are returned as candidates for curators.
Curator decisions are applied on top: a *keep apart* wins over any automatic
merge (clusters are grown by descending score and never joined across a
kept-apart pair); a *merge* joins clusters.
"""

import gc
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from rapidfuzz import fuzz

from activities.normalize import fold

MAX_TEXT_CHARS = 1500
RARE_TOKENS_PER_ITEM = 10
MAX_BLOCK = 30
NEIGHBOUR_WINDOW = 4
MIN_SHARED_RARE = 2
MIN_TOKEN_LENGTH = 3
SHORT_TEXT_TOKENS = 20
# Below this many versions, IDF is computed as if the library had this many, so in a small library a word shared
# by two versions is not discounted against one that occurs once.
IDF_MIN_DOCUMENTS = 1000

# Decision thresholds on 0..1 similarities, read off tests/data/dedup_labels.json: copied versions of a game share
# most rare words (text above 0.5); versions written independently share some (0.1-0.4); different games that only
# share a name share almost none (below 0.15, except one-word topic names such as "Rhymes"). Pairs near a threshold
# go to curators as DuplicateCandidate rows.
SAME_NAME = 0.90
MERGE_TEXT = 0.50
MERGE_TEXT_SAME_NAME = 0.15
VERBATIM = 0.90
CANDIDATE_BAND = {True: (0.04, 0.25), False: (0.30, 0.60)}

MERGE = "merge"
KEEP_APART = "keep_apart"

_STOPWORD_TEXT = """
    the and for are but not you all any can had her was one our out his has him how its may who did get let put
    say she too use this that with have from they will would there their what when which them then than into
    each other some such only also been were your more very just over about after before while where these those
    game games play played player players playing child children one two three four five six every round
    sau din pentru care este sunt mai cum cel cea cei cele lui lor sau unui unei unul una doi trei fiecare toti
    toate copii copiii jucator jucatori jucatorii joc jocul jocuri
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_ARTICLES = frozenset({"the", "a", "an"})


@dataclass(frozen=True)
class DedupItem:
    """One source's version of a game, as dedup sees it. ``source`` names the document it comes from."""

    key: str
    language: str
    name: str
    text: str
    source: str = ""


@dataclass(frozen=True)
class PairScore:
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
    name: str
    name_tokens: frozenset
    tokens: tuple
    raw_text: str


@lru_cache(maxsize=500_000)
def _stem(word: str) -> str:
    """A light English suffix strip ("chairs", "chairing", "chaired" → "chair"): enough for overlap counting."""
    for suffix in ("ing", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _words(text: str) -> set[str]:
    return {_stem(word) for word in set(text.split()) if len(word) >= MIN_TOKEN_LENGTH and word not in STOPWORDS}


def _prepare(item: DedupItem) -> _Prepared:
    name = " ".join(word for word in fold(item.name).split() if word not in _ARTICLES)
    name_tokens = frozenset(_words(name))
    # The play, not the title: words of the name are left out of the text comparison.
    # A tuple, not a set: a set's hash table costs ~8 KB a version, a tuple ~1 KB, and the stems are shared.
    tokens = tuple(_words(fold(item.text[:MAX_TEXT_CHARS])) - name_tokens)
    # Only a short text keeps its words for the near-verbatim check: a long copy shares most rare words anyway.
    raw_text = item.text if len(tokens) < SHORT_TEXT_TOKENS else ""
    return _Prepared(item.key, item.language, item.source, name, name_tokens, tokens, raw_text)


def _folded(text: str) -> str:
    return fold(text[:MAX_TEXT_CHARS])


def _candidate_pairs(prepared: list[_Prepared], document_frequency: Counter) -> tuple[set[tuple[int, int]], int]:
    """Pairs worth verifying: the same name, or at least ``MIN_SHARED_RARE`` shared rare words."""
    name_blocks: dict[str, list[int]] = defaultdict(list)
    word_blocks: dict[str, list[int]] = defaultdict(list)
    rare_blocks: list[list[str]] = []
    block_names: dict[str, str] = {}
    for index, item in enumerate(prepared):
        if item.name:
            # Word order and plurals aside: "Blowing the Feathers" and "Blowing the Feather" share a block.
            name_blocks[f"{item.language}|{' '.join(sorted(item.name_tokens)) or item.name}"].append(index)
        shared = [token for token in item.tokens if document_frequency[token] >= 2]
        shared.sort(key=lambda token: (document_frequency[token], token))
        blocks = [f"{item.language}|{token}" for token in shared[:RARE_TOKENS_PER_ITEM]]
        # One shared string per block name, not a copy for each version in the block (a million at 100k versions).
        rare_blocks.append([block_names.setdefault(block, block) for block in blocks])
        for block in rare_blocks[-1]:
            word_blocks[block].append(index)
    pairs: set[tuple[int, int]] = set()
    for members in name_blocks.values():
        pairs.update(_window_pairs(members, prepared) if len(members) > MAX_BLOCK else combinations(members, 2))
    # A word shared by more than MAX_BLOCK versions is no evidence of a copy; such blocks are skipped.
    oversized = sum(len(members) > MAX_BLOCK for blocks in (name_blocks, word_blocks) for members in blocks.values())
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


def _window_pairs(members: list[int], prepared: list[_Prepared]):
    """An oversized block's pairs: each version with its next ``NEIGHBOUR_WINDOW`` in name order."""
    ordered = sorted(members, key=lambda index: (prepared[index].name, prepared[index].key))
    for position, index in enumerate(ordered):
        for other in ordered[position + 1 : position + 1 + NEIGHBOUR_WINDOW]:
            yield min(index, other), max(index, other)


def _weighted_overlap(a: tuple, b: tuple, idf: dict[str, float], norms: tuple[float, float]) -> float:
    if not a or not b:
        return 0.0
    common = sum(idf[token] ** 2 for token in set(a).intersection(b))
    return common / math.sqrt(norms[0] * norms[1])


def pair_score(
    a: _Prepared, b: _Prepared, idf: dict[str, float], norms: tuple[float, float]
) -> tuple[float, float, float]:
    """(name similarity, text similarity, combined score), all 0..1."""
    name_score = fuzz.token_sort_ratio(a.name, b.name) / 100
    text_score = _weighted_overlap(a.tokens, b.tokens, idf, norms)
    if text_score < VERBATIM and a.raw_text and b.raw_text:
        # A near-verbatim copy is the same play even when it is too short for rare words to say so;
        # below that the fuzzy ratio rewards shared common words, so it never lowers or drives the score.
        verbatim = fuzz.token_sort_ratio(_folded(a.raw_text), _folded(b.raw_text), score_cutoff=VERBATIM * 100) / 100
        if verbatim:
            text_score = verbatim
    return name_score, text_score, round(0.25 * name_score + 0.75 * text_score, 4)


def decide(name_score: float, text_score: float, *, same_source: bool = False) -> tuple[bool, bool]:
    """(merge, uncertain): text decides; a matching name lowers the bar but never suffices alone.

    Two entries of one document are two games unless their texts are near copies: a book lists a game once, but
    often describes different games with the same boilerplate ("each aisle is a team; at the signal...").
    """
    same_name = name_score >= SAME_NAME
    threshold = VERBATIM if same_source else MERGE_TEXT_SAME_NAME if same_name else MERGE_TEXT
    merge = text_score >= threshold
    low, high = CANDIDATE_BAND[same_name]
    return merge, low <= text_score < high


class _Clusters:
    """Union-find that refuses to join two clusters across a kept-apart pair."""

    def __init__(self, keys: Iterable[str], apart: Iterable[tuple[str, str]]):
        self.parent = {key: key for key in keys}
        self.members = {key: [key] for key in self.parent}
        # For each root: every key its cluster must never be joined with.
        self.root_cannot: dict[str, set[str]] = {key: set() for key in self.parent}
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

    def union(self, a: str, b: str) -> bool:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return True
        if any(self.find(key) == root_b for key in self.root_cannot[root_a]):
            return False
        if len(self.members[root_a]) < len(self.members[root_b]):
            root_a, root_b = root_b, root_a
        self.parent[root_b] = root_a
        self.members[root_a].extend(self.members.pop(root_b))
        self.root_cannot[root_a] |= self.root_cannot.pop(root_b)
        return True

    def clusters(self) -> list[list[str]]:
        return sorted(sorted(members) for members in self.members.values())


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
    idf = {token: math.log(1 + total / count) for token, count in document_frequency.items()}
    norms = [sum(idf[token] ** 2 for token in item.tokens) for item in prepared]

    pairs, oversized = _candidate_pairs(prepared, document_frequency)
    merges: list[tuple[float, str, str]] = []
    candidates: list[PairScore] = []
    for i, j in sorted(pairs):
        a, b = prepared[i], prepared[j]
        name_score, text_score, score = pair_score(a, b, idf, (norms[i], norms[j]))
        merge, uncertain = decide(name_score, text_score, same_source=bool(a.source) and a.source == b.source)
        key_a, key_b = sorted((a.key, b.key))
        if merge:
            merges.append((score, key_a, key_b))
        if uncertain:
            candidates.append(PairScore(key_a, key_b, name_score, text_score, score, merge))

    apart = [(a, b) for a, b, decision in decisions if decision == KEEP_APART]
    clusters = _Clusters((item.key for item in prepared), apart)
    refused = []
    for a, b, decision in sorted(decisions):
        if decision == MERGE and a in clusters.parent and b in clusters.parent and not clusters.union(a, b):
            refused.append((a, b))
    # Strongest evidence first, so a kept-apart pair splits a chain at its weakest link.
    for _score, a, b in sorted(merges, key=lambda merge: (-merge[0], merge[1], merge[2])):
        clusters.union(a, b)
    final = clusters.clusters()
    cluster_of = {key: index for index, members in enumerate(final) for key in members}
    candidates = [
        PairScore(c.key_a, c.key_b, c.name_score, c.text_score, c.score, cluster_of[c.key_a] == cluster_of[c.key_b])
        for c in candidates
    ]
    return DedupResult(
        clusters=final, candidates=candidates, compared=len(pairs), oversized_blocks=oversized, merges_refused=refused
    )
