"""Words that show, without stating it, where a game is played, by whom, with what, and of what kind.

Each table maps a folded phrase (lower case, no diacritics, one to three words;
English and Romanian) to a weight: how strongly it points at its class. The
weights are principles of the old and new game books alike — a game played
round a table or with a player sent "out of the room" is a parlour game; one
with a goal line, a base or a distance in yards is played outside; pencils,
balls and blindfolds must be brought — never the wording of one book.
"""

# Where: the house (parlour, table, guests of an evening) against the yard (a field, bases, distances to run).
INDOOR: dict[str, float] = {
    "parlor": 3, "parlour": 3, "drawing room": 3, "sitting room": 3, "living room": 3, "schoolroom": 3,
    "classroom": 3, "out of the room": 3, "leaves the room": 3, "leave the room": 3, "left the room": 3,
    "goes out of": 1, "sent out": 1, "floor": 2, "into the room": 2, "in the room": 2, "the room": 1, "room": 1,
    "rooms": 1,
    "table": 2, "tables": 2, "desk": 2, "desks": 2, "aisle": 2, "aisles": 2, "blackboard": 2, "piano": 2,
    "sofa": 2, "mantel": 2, "mantelpiece": 2, "fireplace": 2, "door": 1, "doorway": 1, "window": 1, "chair": 1,
    "chairs": 1, "seated": 1, "pencil": 2, "pencils": 2, "paper": 1, "papers": 1, "slips": 2, "cards": 1,
    "card": 1, "write": 1, "writes": 1, "written": 1, "guests": 2, "guest": 2, "hostess": 3, "host": 1,
    "evening": 1, "dinner": 2, "supper": 2, "refreshments": 2, "forfeit": 2, "forfeits": 2, "whisper": 1,
    "whispers": 1, "hall": 1, "gymnasium": 2, "indoors": 3, "indoor": 3, "house": 1,
    "lamp": 2, "wall": 1, "walls": 1, "candle": 1, "candles": 1, "family": 1, "whispering": 1, "bed": 2,
    "bedroom": 3, "kitchen": 3, "stairs": 2, "curtain": 2, "darkened": 2, "seats": 1, "seat": 1,
    "camera": 2, "camerei": 2, "masa": 2, "mesei": 2, "scaun": 1, "scaune": 1, "creion": 2, "creioane": 2,
    "hartie": 1, "musafiri": 2, "oaspeti": 2, "clasa": 2, "in casa": 3, "sala": 1,
    "flipchart": 3, "whiteboard": 3, "projector": 3, "post it": 2, "post its": 2, "screen": 1,
}  # fmt: skip
OUTDOOR: dict[str, float] = {
    "playground": 3, "field": 3, "fields": 2, "yard": 2, "yards": 1, "lawn": 3, "grass": 3,
    "garden": 1, "woods": 3, "forest": 3, "trees": 2, "tree": 2, "bushes": 3, "hedge": 3, "fence": 2,
    "camp": 2, "camps": 2, "campfire": 3, "scout": 2, "scouts": 2, "patrol": 2, "patrols": 2, "tent": 2,
    "tents": 2, "trail": 3, "tracks": 1, "tracking": 3, "stalking": 3, "hike": 3, "beach": 3, "sand": 2,
    "water": 1, "swim": 3, "stream": 2, "hill": 2, "goal line": 3, "bases": 2,
    "home base": 3, "bat": 2, "batter": 3, "pitcher": 3, "kick": 2, "kicks": 2, "football": 3, "baseball": 3,
    "outdoors": 3, "outdoor": 3, "out of doors": 3, "open air": 3, "boundary": 2, "boundaries": 2, "snow": 3,
    "street": 2, "road": 2, "path": 1, "river": 2, "pond": 2, "bonfire": 3, "picnic": 3, "canoe": 3, "boat": 2,
    "fishing": 2, "grounds": 2, "mile": 2, "miles": 2, "country": 1,
    "afara": 3, "curte": 3, "curtea": 3, "teren": 3, "terenul": 3, "iarba": 3, "padure": 3, "padurea": 3,
    "copac": 2, "copaci": 2, "tabara": 3, "aer liber": 3, "in aer liber": 3,
    "nisip": 2,
}  # fmt: skip

# Space: running about against sitting still.
ACTIVE: dict[str, float] = {
    "run": 2, "runs": 2, "running": 2, "ran": 1, "race": 2, "races": 2, "racing": 2, "chase": 2, "chases": 2,
    "chased": 2, "chaser": 2, "catch": 1, "caught": 1, "tag": 2, "tagged": 2, "tags": 2, "dodge": 2, "flee": 2,
    "escape": 1, "rush": 2, "rushes": 2, "dash": 2, "dashes": 2, "relay": 2, "hop": 1, "hops": 1, "jump": 1,
    "jumps": 1, "throw": 1, "throws": 1, "kick": 2, "goal": 1, "goal line": 2, "base": 1, "bases": 1,
    "alearga": 2, "fuga": 2, "prinde": 2, "prins": 1, "sare": 1, "arunca": 1, "stafeta": 2,
}  # fmt: skip
STILL: dict[str, float] = {
    "seated": 2, "sit": 1, "sits": 1, "sitting": 1, "table": 2, "tables": 2, "desk": 2, "desks": 2, "pencil": 2,
    "pencils": 2, "paper": 1, "write": 2, "writes": 1, "written": 1, "cards": 1, "whisper": 1, "whispers": 1,
    "guess": 1, "guesses": 1, "answer": 1, "answers": 1, "question": 1, "questions": 1, "riddle": 2,
    "puzzle": 2, "trick": 1, "words": 1, "letter": 1, "letters": 1, "spell": 1,
    "stau": 1, "jos": 1, "masa": 2, "scrie": 2, "creion": 2, "ghiceste": 1, "intrebare": 1, "raspuns": 1,
}  # fmt: skip

# Not a parlour game: moving about a room without running, or a workshop's exercise.
MOVING: dict[str, float] = {
    "stand": 1, "stands": 1, "standing": 1, "stand up": 2, "move": 2, "moves": 2, "moving": 2, "walk": 2,
    "walks": 2, "walking": 2, "shake": 2, "jump": 2, "jumps": 2, "step": 1, "steps": 1, "stoop": 2, "squat": 2,
    "participants": 3, "participant": 3, "delegates": 3, "facilitator": 3, "trainer": 3, "workshop": 3,
    "se misca": 2, "merg": 2, "sar": 2, "participantii": 3, "participanti": 3,
}  # fmt: skip

# Who: little ones, schoolchildren, or grown-up company (a party of guests, a workshop of participants).
EARLY: dict[str, float] = {
    "little ones": 3, "little children": 3, "tiny": 2, "tots": 3, "kindergarten": 3, "nursery": 3, "baby": 1,
    "babies": 2, "toddlers": 3, "very young": 3, "youngest": 2, "small children": 3, "infants": 3,
    "prescolari": 3, "cei mici": 3, "copii mici": 3, "gradinita": 3,
}  # fmt: skip
CHILDREN: dict[str, float] = {
    "children": 2, "child": 2, "boys": 1, "girls": 1, "boy": 1, "girl": 1, "pupils": 2, "pupil": 2, "school": 1,
    "teacher": 2, "playground": 1, "kids": 2, "playmates": 2, "mother": 1, "nurse": 1, "dolls": 2, "doll": 2,
    "copii": 2, "copiii": 2, "copil": 2, "copilul": 2, "baieti": 1, "fete": 1, "elevi": 2, "elevii": 2,
    "invatator": 2, "scoala": 1,
}  # fmt: skip
OLDER: dict[str, float] = {
    "guests": 2, "guest": 2, "hostess": 3, "host": 2, "ladies": 3, "lady": 2, "gentlemen": 3, "gentleman": 2,
    "couples": 2, "men": 1, "women": 2, "partners": 1, "participants": 3,
    "participant": 3, "workshop": 3, "trainer": 3, "facilitator": 3, "facilitators": 3, "team members": 3,
    "colleagues": 3, "members": 1, "adults": 3, "young people": 3, "teenagers": 3, "debrief": 3,
    "debriefing": 3, "reflection": 2, "discuss": 2, "discussion": 2, "committee": 3, "meeting": 2, "session": 2,
    "dinner": 2, "refreshments": 2, "progressive": 1, "literary": 3, "quotations": 3, "authors": 3,
    "author": 2, "history": 2, "geography": 2, "vocabulary": 2, "alphabet": 1, "spelling": 1, "sentence": 1,
    "participanti": 3, "participantii": 3, "adulti": 3, "tineri": 2, "echipa": 1, "grup": 1, "grupul": 1,
    "discutie": 2,
}  # fmt: skip

# How many: two opponents or a handful, against a party, a ring, two sides, a crowd.
FEW: dict[str, float] = {
    "two players": 3, "two children": 3, "two persons": 3, "two people": 2, "for two": 3, "opponent": 3,
    "opponents": 2, "his opponent": 3, "each other": 1, "three players": 2, "four players": 2, "dice": 2,
    "dealer": 2, "deal": 1, "solitaire": 3, "dominoes": 2, "doi jucatori": 3, "doi copii": 3, "adversar": 3,
}  # fmt: skip
GROUP: dict[str, float] = {
    "players": 2, "everyone": 2, "all the": 1, "all players": 2, "the rest": 2, "others": 1, "group": 2,
    "pupils": 2, "competitors": 2, "contestants": 2, "delegates": 2, "pairs": 1, "couples": 1, "members": 1,
    "guest": 1, "audience": 2, "competitor": 1, "pupil": 1, "aisle": 1,
    "circle": 2, "ring": 2, "line": 1, "lines": 1, "row": 1, "rows": 1, "teams": 2, "team": 1, "sides": 1,
    "leader": 2, "guests": 2, "company": 2, "party": 2, "children": 1, "participants": 2, "each player": 2,
    "jucatorii": 2, "jucatori": 2, "toti": 2, "cerc": 2, "grup": 2, "grupul": 2, "echipe": 2, "copiii": 1,
    "participantii": 2, "ceilalti": 2,
}  # fmt: skip
CROWD: dict[str, float] = {
    "any number": 3, "large number": 3, "large group": 3, "large groups": 3, "whole school": 3,
    "whole class": 2, "crowd": 3, "several teams": 3, "four teams": 2, "each team": 1,
    "number of teams": 3, "as many as": 2, "oricat de multi": 3, "numar mare": 3,
}  # fmt: skip

# How long: a trick or riddle against a competition, a hunt, a team task with its discussion.
QUICK: dict[str, float] = {
    "trick": 3, "riddle": 3, "riddles": 2, "puzzle": 2, "conundrum": 3, "catch question": 3, "answer": 1,
    "the trick": 3, "secret": 1, "confederate": 2, "quick": 1, "energizer": 2, "energiser": 2,
    "ghicitoare": 3, "truc": 3,
}  # fmt: skip
PLAYED: dict[str, float] = {
    "players": 1, "game": 1, "play": 1, "played": 1, "each player": 1, "turn": 1, "round": 1, "rounds": 1,
    "winner": 1, "wins": 1, "signal": 1, "the others": 1, "each one": 1, "everyone": 1, "participants": 1,
    "group": 1, "team": 1, "teams": 1, "children": 1, "company": 1, "competitors": 1, "contestants": 1,
    "circle": 1, "ring": 1, "leader": 1, "guests": 1, "jucatorii": 1, "jocul": 1, "joaca": 1,
}  # fmt: skip
LONG: dict[str, float] = {
    "hunt": 2, "treasure": 2, "hidden": 1, "list": 1, "lists": 1, "written": 1, "prize": 1, "prizes": 1,
    "tournament": 3, "progressive": 3, "contest": 1, "competition": 1, "debrief": 3, "debriefing": 3,
    "discuss": 2, "discussion": 2, "reflection": 2, "build": 2, "construct": 2, "plan": 1, "prepare": 1,
    "project": 2, "tracking": 2, "stalking": 2, "hike": 3, "expedition": 3, "story": 1, "stories": 1,
    "vanatoare": 2, "comoara": 2, "discutie": 2, "constructie": 2,
}  # fmt: skip

# With what: things to bring. Furniture (chairs, a table) is not counted: every room has it.
MATERIALS: dict[str, float] = {
    "ball": 3, "balls": 3, "basketball": 3, "football": 3, "beanbag": 3, "bean bag": 3, "bean bags": 3,
    "pencil": 3, "pencils": 3, "paper": 2, "papers": 2, "slip of paper": 3, "slips": 2, "card": 2, "cards": 3,
    "cardboard": 3, "envelope": 3, "envelopes": 3, "blindfold": 3, "blindfolded": 3, "blindfolds": 3,
    "handkerchief": 3, "handkerchiefs": 3, "scarf": 2, "rope": 3, "string": 3, "cord": 2, "stick": 2,
    "sticks": 2, "cane": 2, "box": 2, "boxes": 2, "basket": 3, "bag": 2, "bags": 2, "bottle": 3, "bottles": 3,
    "cup": 2, "cups": 2, "glass": 2, "plate": 2, "plates": 2, "dish": 2, "tray": 3, "spoon": 3, "spoons": 3,
    "knife": 2, "fork": 2, "needle": 3, "thread": 3, "scissors": 3, "pins": 3, "pin": 2, "button": 2,
    "buttons": 2, "thimble": 3, "coin": 3, "coins": 3, "penny": 2, "marbles": 3, "dice": 3, "die": 1,
    "flag": 3, "flags": 3, "hoop": 3, "hoops": 3, "bat": 3, "racket": 3, "balloon": 3, "balloons": 3,
    "feather": 3, "newspaper": 3, "newspapers": 3, "book": 1, "books": 1, "bell": 2, "whistle": 2, "chalk": 3,
    "blackboard": 3, "apple": 2, "apples": 2, "orange": 1, "peanuts": 3, "beans": 3, "candy": 2, "candle": 3,
    "candles": 3, "mirror": 3, "picture": 2, "pictures": 2, "cards prepared": 3, "list": 1, "prize": 1,
    "prizes": 1, "piano": 2, "music": 1, "costume": 2, "hat": 2, "hats": 3, "dominoes": 3, "domino": 3,
    "post it": 3, "post its": 3,
    "markers": 3, "marker": 2, "pen": 3, "pens": 3, "flipchart": 3, "tape": 3, "sheet": 2, "sheets": 2,
    "objects": 2, "object": 1, "articles": 2, "article": 1, "cushion": 2, "pillow": 2, "tennis ball": 3,
    "minge": 3, "mingea": 3, "mingi": 3, "creion": 3, "creioane": 3, "hartie": 3, "bilet": 2, "bilete": 2,
    "batista": 3, "basma": 3, "sfoara": 3, "franghie": 3, "batul": 3, "cutie": 2, "pietre": 2,
    "pietricele": 3, "nuca": 2, "nuci": 3, "arsice": 3, "ochelari": 2, "esarfa": 3, "legati la ochi": 3,
}  # fmt: skip
NO_MATERIALS: dict[str, float] = {
    "no materials": 6, "no material": 6, "no equipment": 6, "nothing is needed": 6, "without materials": 6,
    "fara materiale": 6, "nu e nevoie de": 3,
}  # fmt: skip

# Kinds of game, onto the taxonomy's categories.
CATEGORY_CUES: dict[str, dict[str, float]] = {
    "icebreaker": {
        "icebreaker": 3, "ice breaker": 3, "get to know": 3, "getting to know": 3, "get acquainted": 3,
        "acquainted": 2, "introduce": 2, "introduces": 2, "introduction": 2, "introductions": 2, "names": 1,
        "their names": 1, "his name": 1, "her name": 1, "strangers": 2, "mixer": 3, "mingle": 2, "cunoastere": 3,
        "numele": 1, "se prezinta": 3,
    },
    "energizer": {
        "energizer": 3, "energiser": 3, "energizers": 3, "warm up": 3, "wake up": 2, "energy": 2, "energizant": 3,
        "incalzire": 3,
    },
    "team-building": {
        "team building": 3, "teambuilding": 3, "teamwork": 3, "team work": 3, "the team must": 3,
        "the team has": 2, "as a team": 3, "team members": 2, "spirit de echipa": 3,
    },
    "cooperation": {
        "cooperation": 3, "cooperate": 3, "together": 1, "work together": 3, "the group has to": 3,
        "the group must": 3, "whole group": 2, "solve": 2, "solution": 2, "task": 2, "challenge": 1,
        "without talking": 2, "impreuna": 2, "cooperare": 3, "sarcina": 2,
    },
    "trust": {
        "trust": 3, "blindfolded": 0.5, "blindfold": 0.5, "guide": 1, "guides": 1, "lead": 0.5, "falls": 1, "fall": 1,
        "catch him": 1, "incredere": 3,
    },
    "communication": {
        "communication": 3, "communicate": 3, "listen": 1, "listening": 2, "describe": 2, "describes": 2,
        "instructions": 1, "back to back": 2, "comunicare": 3, "asculta": 2, "descrie": 2,
    },
    "tag": {
        "tag": 3, "tags": 3, "tagged": 3, "chase": 3, "chases": 3, "chased": 3, "chaser": 3, "pursuer": 3,
        "pursue": 2, "pursues": 2, "catch": 1, "caught": 1, "catches": 1, "tries to catch": 1, "runs after": 3,
        "becomes it": 3, "safe": 2, "goal": 1, "prinde": 3, "prinda": 2, "prinza": 2, "prins": 2, "prinsea": 3,
        "fuge": 2, "fugareste": 3, "fugaresc": 3, "fugari": 3, "alearga dupa": 3,
    },
    "circle": {
        "circle": 3, "a ring": 3, "the ring": 2, "form a ring": 3, "in a ring": 3, "round in a": 2,
        "center": 0.5, "centre": 0.5, "middle": 0.5, "cerc": 3, "cercul": 3, "in cerc": 3, "hora": 3,
    },
    "ball": {
        "ball": 3, "balls": 3, "basketball": 3, "football": 3, "volleyball": 3, "beanbag": 2, "bean bag": 2,
        "minge": 3, "mingea": 3, "mingi": 3,
    },
    "relay": {
        "relay": 3, "relays": 3, "starting line": 2, "each team": 2, "teams": 1, "file": 1, "files": 1,
        "first player of each": 3, "first in each": 2, "race": 1, "distance line": 2,
        "signal to go": 1, "the next": 1, "touches off": 3, "stafeta": 3,
    },
    "word": {
        "word": 1, "words": 2, "letter": 2, "letters": 2, "spell": 2, "spelling": 2, "guess": 2, "guesses": 2,
        "guessed": 2, "guessing": 2, "rhyme": 2, "rhymes": 2, "riddle": 3, "riddles": 3, "question": 1,
        "questions": 1, "answer": 1, "answers": 1, "alphabet": 2, "sentence": 2, "syllable": 3, "syllables": 3,
        "puzzle": 2, "conundrum": 3, "cuvant": 2, "cuvinte": 2, "litera": 2, "ghiceste": 2, "ghicitoare": 3,
    },
    "drama": {
        "act": 1, "acts": 2, "acting": 2, "actor": 2, "actors": 2, "charade": 3, "charades": 3, "pantomime": 3,
        "imitate": 2, "imitates": 2, "imitating": 2, "pretend": 2, "pretends": 2, "role": 2, "roles": 2,
        "scene": 2, "tableau": 3, "tableaux": 3, "mimic": 2, "represent": 1, "represents": 1, "teatru": 3,
        "imita": 2, "mima": 3, "proverb": 3, "proverbs": 3,
    },
    "singing": {
        "sing": 3, "sings": 3, "singing": 3, "sung": 3, "song": 3, "songs": 3, "verse": 1, "verses": 1,
        "chorus": 2, "tune": 2, "dance": 2, "dances": 2, "dancing": 2, "music": 2, "piano": 2, "march": 1,
        "canta": 3, "cantec": 3, "cantecul": 3, "danseaza": 2, "joc de hora": 2,
    },
    "party": {
        "guests": 3, "guest": 2, "hostess": 3, "party": 2, "prize": 2, "prizes": 2, "forfeit": 3, "forfeits": 3,
        "parlor": 3, "parlour": 3, "evening": 2, "refreshments": 3, "seated": 1, "sit": 1, "whisper": 2,
        "pencils": 2, "pencil": 2, "trick": 2, "confederate": 2, "company": 2, "petrecere": 3, "musafiri": 3,
        "the trick": 3, "accomplice": 2, "audience": 2, "fortune": 3, "fortunes": 3, "hallowe en": 3,
        "halloween": 3, "valentine": 3, "christmas": 2, "easter": 2, "lover": 2, "sweetheart": 3, "marry": 2,
    },
    "outdoor-camp": {
        "camp": 3, "camps": 3, "campfire": 3, "scout": 3, "scouts": 3, "patrol": 2, "woods": 3, "forest": 3,
        "trail": 3, "tracks": 1, "tracking": 3, "stalking": 3, "hike": 3, "nature": 3, "tent": 3, "tabara": 3,
        "padure": 3, "natura": 3,
    },
    "reflection": {
        "debrief": 3, "debriefing": 3, "reflect": 3, "reflection": 3, "feedback": 3, "evaluation": 3,
        "discuss": 1, "discussion": 1, "reflectie": 3, "evaluare": 3,
    },
}  # fmt: skip

ALL_TABLES: tuple[dict[str, float], ...] = (
    INDOOR, OUTDOOR, ACTIVE, STILL, MOVING, EARLY, CHILDREN, OLDER, FEW, GROUP, CROWD, QUICK, PLAYED, LONG, MATERIALS,
    NO_MATERIALS, *CATEGORY_CUES.values(),
)  # fmt: skip
