"""The play signature: what a game text says about how the game is played, in words of any era.

Two descriptions of one game written a century apart ("the one who is 'It'", "the facilitator taps a
delegate") share few words but the same play: who does what (a chaser, a blindfolded player, a leader whose
commands are obeyed only sometimes, a guesser sent out of the room), in what formation (a ring, a line, two
sides, seated, corners), with what (a ball, a handkerchief, pencil and paper), and how one wins or is out. Each of
these is a *feature* here, read from the folded text by its terms in English and Romanian; dedup compares the
features of two versions alongside their shared wording.
"""

import re
from functools import lru_cache

# Feature → terms on folded text (lower case, no diacritics or punctuation): single words separated by spaces,
# then phrases, each after a "|". A word matches at the start of a word ("chas" covers chase, chased, chaser), or
# only as a whole word when it ends in "=" ("cat=" is not "catch"); a phrase matches starting at a word.
_FEATURE_TERMS = {
    # Roles.
    "role:chaser": "tagger chaser catcher hunter pursuer fox wolf hawk cat= vanator lup=",
    # The one chased, named as the chaser's prey: "Cat and Mouse" and "Cat and Rat" are one game.
    "role:prey": "mouse mice rat= rats= hare= hares= rabbit lamb= lambs= chicken chick= chicks= goose geese sheep "
    "soarec iepur miel",
    "role:blind": "blind bandage|eyes closed|eyes shut|eyes covered|eyes bandaged|close his eyes|close her eyes|"
    "close their eyes|legat la ochi|ochii legati",
    "role:leader": "leader captain caller commander conductor facilitator master teacher umpire conducator capitan "
    "profesor|in charge",
    "role:guesser": "guess ghic",
    "role:confederate": "confederate accomplice assistant|in the secret|know the game|know the trick|who know",
    "role:sent_out": "|out of the room|outside the room|leaves the room|leave the room|from the room|go outside|"
    "goes outside|sent outside|wait outside|iese din camera|iese afara",
    "role:center": "|in the center|in the centre|in the middle|into the center|into the centre|into the middle|"
    "to the center|to the centre|to the middle|in mijloc",
    "role:odd_one": "|all but one|all except one|every one except one|everyone except one|one more chair|"
    "one fewer chair|one less chair|one more seat|one fewer seat|one less seat|odd player|odd one",
    # Formation.
    "form:circle": "circle ring cerc hora",
    "form:line": "line= lines= row= rows= file= column randul rand=",
    "form:sides": "sides team echip|two groups|two companies",
    "form:seated": "seated sit= sits= sitting chair= chairs= seat= seats= desk= desks= scaun|stau jos",
    "form:pairs": "pair= pairs= couple partner perech",
    "form:threes": "threes|groups of three|group of three|three deep|cate trei",
    "form:arch": "arch bridge tunnel",
    "form:corners": "corner colt",
    # A ring that opens for one player and closes on another.
    "form:gates": "|raise their arms|raising their arms|raise arms|lower their arms|lowering their arms|lower arms|"
    "let him in|let her in|let him out|let her out|let him under|let her under|let him through|let her through|"
    "break through",
    # What is done, passed, hidden, guessed.
    "act:chase": "chas tag= tags= tagged tagging catch caught pursu fug prinde prins|run after",
    "act:run": "run= runs= running race relay dash alerg",
    "act:pass": "pass transmit|hands it to|hand it to|handed to|hands to|da mai departe",
    "act:hide": "hid= hide hides hiding hidden conceal ascun",
    "act:seek": "seek hunt search find cauta|look for",
    "act:throw": "throw toss pitch hurl arunc",
    "act:blow": "blow blew sufl",
    "act:spin": "spin spun twirl whirl",
    "act:jump": "jump hop= hops= hopping leap sari",
    "act:whisper": "whisper soapt",
    "act:write": "pencil paper write writing written wrote slip= slips= card= cards= creion hartie scri",
    "act:draw": "draw= draws= drawing picture sketch desen",
    "act:sing": "sing= sings= singing sung song verse rhyme chant cant",
    "act:imitate": "imitat mimic pantomim represent impersonat personat noise sound imit acting|act out",
    "act:count": "count number numara",
    "act:name": "named nume|takes the name|take the name|takes a name|given the name|given a name|names of|"
    "choose a name|chooses a name",
    "act:story": "story stories tale= tales= poveste",
    "act:question": "question ask= asks asked asking answer intreb raspun",
    "act:word": "letter word spell alphabet litera cuvant",
    "act:music": "music piano march dance muzic dans",
    "act:laugh": "laugh smil grin rade zambe",
    "act:command": "command order says= obey comanda|do this",
    "act:touch": "touch tap= taps= tapped atinge",
    "act:push": "push pull tug wrestl trag imping",
    "act:exchange": "exchange swap schimba|change places|changing places|trade places",
    "act:obey_only_when": "unless|only when|only if|without saying|without first saying|not preceded|must not obey|"
    "must not move|must not do|do this|do that",
    "act:contrary": "opposite contrary revers invers",
    "act:fly": "fly flies flying flap wing= wings= zboar",
    "act:remember": "remember memor observ recall aminti",
    "act:back_turned": "|face the wall|facing the wall|back turned|backs turned|back to the|turns his back|"
    "turns her back|turn his back|turn her back|with his back|with her back",
    "act:freeze": "motionless freeze statue nemiscat|stand still|perfectly still",
    "act:proverb": "proverb quotation motto zical",
    "act:likeness": "resembl|is like|was like|why is",
    "act:answer_chain": "neighbor neighbour vecin|next player|next one|next person|to his left|to his right|"
    "to her left|to her right|to the left|to the right",
    # Things played with.
    "obj:ball": "ball= balls= beanbag minge|bean bag",
    "obj:handkerchief": "handkerchief kerchief batista",
    "obj:object": "thimble button coin penny key= inel",
    "obj:food": "apple= apples= nut= nuts= peanut egg= eggs= candy candies raisin= raisins= prune cherr orange "
    "mere= nuci= oua=",
    "obj:candle": "candle lumanar",
    "obj:plate": "plate platter trencher saucer farfur",
    "obj:spoon": "spoon lingur",
    "obj:stick": "stick cane= wand= baton bat= club",
    "obj:water": "water tub= basin bowl apa=",
    "obj:whistle": "whistle fluier",
    "obj:feather": "feather pana=",
    "obj:shoe": "shoe slipper pantof",
    # Outcome.
    "end:out": "eliminat|is out|are out|caught out|goes out|go out|drops out|drop out|out of the game|sits down|"
    "sit down|must be seated|iese din joc",
    "end:takes_place": "|takes his place|takes her place|takes their place|takes the place|take his place|"
    "take her place|take the place|becomes it|become it|becomes the|change places|ia locul",
    "end:forfeit": "forfeit penalty pedeaps gaj=",
    "end:wins": "win= wins= winner winning prize castig",
    "end:score": "score point puncte",
    "end:mistake": "mistake wrong thoughtless gresea gresit|caught napping|without wings|does not fly|doesn t fly",
}
# Words that say something else in these phrases: "caught out" is a mistake, not a chase; running "over seats" or
# "among the desks" is not sitting.
_IDIOM = re.compile(
    r"\bcaught out\b|\b(?:over|among|around|between|across|through) (?:the )?(?:seats?|desks?|chairs?)\b"
)
_IDIOM_WORDS = frozenset({"caught", "seat", "seats", "desk", "desks", "chair", "chairs"})
# The chaser called "It": quoted, or capitalised inside a sentence ("...chooses It", "the one who is It").
_IT_ROLE = re.compile(r"(?:[\"“‘']|[a-z,] )It\b")
_LONGEST_PREFIX = 12


def _lexicon() -> tuple[dict, dict, dict]:
    prefixes: dict[str, set] = {}
    words: dict[str, set] = {}
    # By first two words, so a text is searched only for the phrases that start with a pair of words it has.
    phrases: dict[str, list[tuple[str, str]]] = {}
    for feature, terms in _FEATURE_TERMS.items():
        single, *multi = terms.split("|")
        for term in single.split():
            if term.endswith("="):
                words.setdefault(term[:-1], set()).add(feature)
            else:
                prefixes.setdefault(term, set()).add(feature)
        for phrase in multi:
            first, second, *_rest = phrase.split()
            phrases.setdefault((first, second), []).append((f" {phrase}", feature))
    return prefixes, words, phrases


_PREFIXES, _WORDS, _PHRASES = _lexicon()
# The first two letters of every term: most words of a text start otherwise and are passed over at once.
_STARTS = frozenset(term[:2] for term in (*_PREFIXES, *_WORDS))


@lru_cache(maxsize=200_000)
def _word_features(word: str) -> frozenset[str]:
    if word[:2] not in _STARTS:
        return frozenset()
    features = set(_WORDS.get(word, ()))
    for length in range(2, min(len(word), _LONGEST_PREFIX) + 1):
        features.update(_PREFIXES.get(word[:length], ()))
    return frozenset(features)


@lru_cache(maxsize=200_000)
def roles(word: str) -> frozenset[str]:
    """The roles a folded ``word`` names ("cat": the chaser, "mouse" and "rat": the prey)."""
    return frozenset(feature for feature in _word_features(word) if feature.startswith("role:"))


def play_signature(text: str, folded: str, vocabulary: frozenset[str] | None = None) -> frozenset[str]:
    """The features of the play a game ``text`` describes; ``folded`` is the same text as ``normalize.fold``
    gives it, ``vocabulary`` its set of words when the caller has it."""
    words = folded.split()
    single = set(words) if vocabulary is None else vocabulary
    # Phrases are read in the whole text, single words outside the idioms.
    if not single.isdisjoint(_IDIOM_WORDS) and _IDIOM.search(folded):
        single = set(_IDIOM.sub(" ", folded).split())
    features = set().union(*filter(None, map(_word_features, single)))
    spaced = f" {folded}"
    for pair in set(zip(words, words[1:], strict=False)) & _PHRASES.keys():
        features.update(feature for phrase, feature in _PHRASES[pair] if feature not in features and phrase in spaced)
    # Searched only from the first "It": a pattern tried at every character costs a third of the signature.
    first = text.find("It")
    if first >= 0 and _IT_ROLE.search(text, max(first - 2, 0)):
        features.add("role:chaser")
    return frozenset(features)
