"""Split a document's pages into chunks small enough for one model call.

Chunks are cut between blocks (paragraphs or single lines), preferring the
boundary just before a line that looks like a game title, so that a game is
not split where its heading can be seen. Pages inside a chunk are joined by a
form feed, so the page of any offset is ``page_start + text[:offset].count("\\f")``.

The cut points depend only on the text and ``max_chars``: the same file and
settings give the same chunks, and thus the same keys, on every machine.
"""

import re
from dataclasses import dataclass

# Bump when the cutting rules change: sources are then re-chunked on the next
# ingest even though their files did not change.
CHUNKING_VERSION = 1

# When a chunk must be cut, look for the best boundary in its last part: a cut
# this far back from the limit still leaves a reasonably full chunk.
SEARCH_BACK_SHARE = 0.5

HEADING_PATTERNS = [
    re.compile(r"^#{1,6}\s+\S"),  # Markdown heading
    re.compile(r"^\s*(\*\s*){3,}$"),  # "*   *   *" separator
    re.compile(r"^-{3,}$|^_{3,}$"),  # rule
]
# "42. PUSS IN THE CORNER", "III. Ineluș învîrtecuș"; a numbered verse line or
# step ("1. Breakfast over, off we go,") is too long or ends mid-sentence.
NUMBERED = re.compile(r"^(\d{1,3}|[IVXLC]{1,6})[.)]\s+(\S.*)$")
NUMBERED_TITLE_MAX_WORDS = 10
NUMBERED_TITLE_MAX_CHARS = 80
CAPS_LETTERS = re.compile(r"[A-ZÀ-ÖØ-ÞĂÂÎȘȚ]")
LOWER_LETTERS = re.compile(r"[a-zß-öø-ÿăâîșț]")
# A Title Case line standing alone between blank lines ("Cat and Mouse").
TITLE_CASE_MAX_WORDS = 8
TITLE_CASE_MAX_CHARS = 60
TITLE_CASE_SHARE = 0.6


@dataclass(frozen=True)
class ChunkText:
    text: str
    page_start: int
    page_end: int


@dataclass(frozen=True)
class _Block:
    text: str
    page: int
    # The text before this block ends a paragraph (blank line or page break).
    after_break: bool
    # A blank line or the page end follows.
    before_break: bool = True


def heading_like(line: str, *, isolated: bool = False) -> bool:
    """True for lines a reader would take for a title: Markdown headings,
    numbered titles, ``* * *`` separators, short ALL-CAPS lines and, when the
    line stands alone between blank lines, short Title Case lines."""
    stripped = line.strip().strip("_*")
    if not stripped or len(stripped) > 90:
        return False
    if any(pattern.match(line.strip()) for pattern in HEADING_PATTERNS) or _numbered_title(line.strip()):
        return True
    caps = len(CAPS_LETTERS.findall(stripped))
    lower = len(LOWER_LETTERS.findall(stripped))
    if caps >= 3 and lower == 0:
        return True
    return isolated and _title_case(stripped)


def _numbered_title(line: str) -> bool:
    match = NUMBERED.match(line)
    if not match:
        return False
    title = match.group(2)
    return (
        len(title) <= NUMBERED_TITLE_MAX_CHARS
        and len(title.split()) <= NUMBERED_TITLE_MAX_WORDS
        and title[-1] not in ",;:"
    )


def _title_case(text: str) -> bool:
    words = text.split()
    if len(words) > TITLE_CASE_MAX_WORDS or len(text) > TITLE_CASE_MAX_CHARS or text[-1] in ",;:.!?":
        return False
    if not CAPS_LETTERS.match(text[0]):
        return False
    long_words = [word for word in words if len(word) > 3]
    capitalized = [word for word in long_words if CAPS_LETTERS.match(word[0])]
    return bool(long_words) and len(capitalized) >= TITLE_CASE_SHARE * len(long_words)


def _blocks(pages: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    for page_number, page in enumerate(pages, start=1):
        after_break = True
        lines = page.split("\n")
        for index, line in enumerate(lines):
            if not line.strip():
                after_break = True
                continue
            before_break = index + 1 == len(lines) or not lines[index + 1].strip()
            blocks.append(
                _Block(text=line.rstrip(), page=page_number, after_break=after_break, before_break=before_break)
            )
            after_break = False
    return blocks


def _boundary_score(previous: _Block, block: _Block) -> int:
    """How good a cut between ``previous`` and ``block`` is (higher is better).

    A title standing alone between blank lines beats one that runs straight
    into its text: in plays and dialogue rhymes the speakers' names are caps
    lines too, but a game's title is set apart."""
    isolated = block.after_break and block.before_break
    if isolated and heading_like(block.text, isolated=True):
        return 5
    if heading_like(block.text) and block.after_break:
        return 4
    if heading_like(block.text):
        return 3
    if block.page != previous.page:
        return 2
    if block.after_break:
        return 1
    return 0


def _render(blocks: list[_Block], first_page: int) -> str:
    out: list[str] = []
    page = first_page
    for index, block in enumerate(blocks):
        if index:
            if block.page != page:
                out.append("\n" + "\f" * (block.page - page))
                page = block.page
            else:
                out.append("\n\n" if block.after_break else "\n")
        out.append(block.text)
    return "".join(out)


def _split_long_line(block: _Block, max_chars: int) -> list[_Block]:
    """A single line longer than a chunk: cut at sentence ends, else spaces."""
    pieces: list[_Block] = []
    rest = block.text
    first = True
    while len(rest) > max_chars:
        window = rest[:max_chars]
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
        cut = cut + 1 if cut > max_chars // 2 else window.rfind(" ")
        if cut <= 0:
            cut = max_chars
        pieces.append(
            _Block(
                text=rest[:cut].rstrip(), page=block.page, after_break=block.after_break and first, before_break=False
            )
        )
        rest = rest[cut:].lstrip()
        first = False
    if rest:
        pieces.append(
            _Block(text=rest, page=block.page, after_break=block.after_break and first, before_break=block.before_break)
        )
    return pieces


def chunks_split(*, pages: list[str], max_chars: int) -> list[ChunkText]:
    """Chunks of at most ``max_chars`` characters covering every non-blank line, in order."""
    blocks: list[_Block] = []
    for block in _blocks(pages):
        blocks.extend(_split_long_line(block, max_chars) if len(block.text) > max_chars else [block])
    chunks: list[ChunkText] = []
    start = 0
    while start < len(blocks):
        end = start
        size = len(blocks[start].text)
        # Grow greedily to the limit (form feeds count as characters too).
        while end + 1 < len(blocks):
            following = blocks[end + 1]
            gap = max(2, following.page - blocks[end].page + 1)
            if size + gap + len(following.text) > max_chars:
                break
            size += gap + len(following.text)
            end += 1
        if end + 1 < len(blocks):
            end = _best_cut(blocks, start, end, max_chars)
        chosen = blocks[start : end + 1]
        chunks.append(
            ChunkText(text=_render(chosen, chosen[0].page), page_start=chosen[0].page, page_end=chosen[-1].page)
        )
        start = end + 1
    return chunks


def _best_cut(blocks: list[_Block], start: int, end: int, max_chars: int) -> int:
    """The last block to keep in this chunk: the best-scoring boundary in the
    chunk's tail, the latest one on a tie."""
    budget = int(max_chars * SEARCH_BACK_SHARE)
    best_index, best_score = end, _boundary_score(blocks[end], blocks[end + 1])
    length = 0
    index = end
    while index > start and length < budget:
        score = _boundary_score(blocks[index - 1], blocks[index])
        if score > best_score:
            best_index, best_score = index - 1, score
        length += len(blocks[index].text) + 1
        index -= 1
    return best_index
