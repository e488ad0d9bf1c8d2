"""Readers: a file (or a folder of small files) in, clean text per page out.

A reader returns a ``Document``: its pages (NFC, comma-below letters, no
Gutenberg boilerplate) and a title when the document names itself. Anything
that cannot be read raises ``ReadError`` with the reason recorded on the
Source; ``needs_ocr`` marks a PDF without a text layer.
"""

import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import yaml
from bs4 import BeautifulSoup, NavigableString, XMLParsedAsHTMLWarning

from .errors import ReadError
from .pdf import UNREADABLE_PAGES, pdf_read
from .text import bytes_decode, gutenberg_strip, text_normalize

EMPTY_FILE = "empty file"
NO_TEXT = "no text after clean-up"
UNSUPPORTED_TYPE = "unsupported file type: {suffix}"
NOT_FOUND = "file not found"
CANNOT_READ = "cannot read the file: {error}"
EMPTY_FOLDER = "folder has no files to read"
NO_READABLE_FILE = "no file of the folder could be read (first: {reason})"

KIND_BY_SUFFIX = {
    ".pdf": "pdf",
    ".htm": "html",
    ".html": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}
HTML_BLOCKS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "figure",
    "figcaption",
    "center",
    "address",
}
HTML_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Not text of the document: code, and a web page's menus and forms.
HTML_DROPPED = ["script", "style", "noscript", "template", "head", "nav", "form", "button", "svg", "iframe"]
THEMATIC_BREAK = "*       *       *       *       *"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
MARKDOWN_TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass(frozen=True)
class FailedFile:
    """A file of a folder source that could not be read (its page is empty)."""

    name: str
    reason: str
    needs_ocr: bool = False


@dataclass(frozen=True)
class Document:
    pages: list[str]
    title: str = ""
    # Problems that lost part of the text but not the document.
    warnings: tuple[str, ...] = ()
    failed_files: tuple[FailedFile, ...] = ()


def kind_of(path: Path) -> str | None:
    """The Source kind for a file name, or None when no reader supports it."""
    return KIND_BY_SUFFIX.get(path.suffix.lower())


def document_read(path: Path, *, files: list[Path] | None = None) -> Document:
    """Read a file, or a folder whose ``files`` (in the given order) are its pages."""
    if files is not None:
        return _folder_read(path, files)
    if not path.is_file():
        raise ReadError(NOT_FOUND)
    kind = kind_of(path)
    if kind is None:
        raise ReadError(UNSUPPORTED_TYPE.format(suffix=path.suffix or "(none)"))
    if path.stat().st_size == 0:
        raise ReadError(EMPTY_FILE)
    try:
        raw_pages, title, warnings = _pdf_read(path) if kind == "pdf" else _text_read(path, kind)
    except OSError as error:
        raise ReadError(CANNOT_READ.format(error=error.strerror or error)) from error
    pages = gutenberg_strip([text_normalize(page) for page in raw_pages])
    if not any(page.strip() for page in pages):
        raise ReadError(NO_TEXT)
    return Document(pages=pages, title=title, warnings=warnings)


def _pdf_read(path: Path) -> tuple[list[str], str, tuple[str, ...]]:
    pdf = pdf_read(path)
    warnings = (UNREADABLE_PAGES.format(pages=", ".join(map(str, pdf.unreadable))),) if pdf.unreadable else ()
    return pdf.pages, pdf.title, warnings


def _text_read(path: Path, kind: str) -> tuple[list[str], str, tuple[str, ...]]:
    """HTML, Markdown and plain text: decoded, HTML turned into text."""
    try:
        text = bytes_decode(path.read_bytes())
    except ValueError as error:
        raise ReadError(str(error)) from error
    if kind == "html":
        title, text = html_text(text)
        return [text], title, ()
    if kind == "markdown":
        return [text], markdown_title(text), ()
    # A form feed in a plain-text file is a page break (printed books
    # exported to text keep them); elsewhere it is only white space.
    return text.split("\f"), "", ()


def _folder_read(folder: Path, files: list[Path]) -> Document:
    """One page per file. A file that cannot be read leaves its page empty
    and is reported in ``failed_files``: one bad file must not cost the others."""
    if not files:
        raise ReadError(EMPTY_FOLDER)
    pages, warnings, failed = [], [], []
    for file in files:
        name = file.relative_to(folder).as_posix()
        try:
            document = document_read(file)
        except ReadError as error:
            pages.append("")
            failed.append(FailedFile(name=name, reason=error.reason, needs_ocr=error.needs_ocr))
            continue
        # One file is one page, even when the file itself had several.
        pages.append("\n\n".join(page for page in document.pages if page))
        warnings.extend(f"{name}: {warning}" for warning in document.warnings)
    if len(failed) == len(files):
        raise ReadError(NO_READABLE_FILE.format(reason=failed[0].reason), needs_ocr=all(f.needs_ocr for f in failed))
    return Document(pages=pages, warnings=tuple(warnings), failed_files=tuple(failed))


def html_text(markup: str) -> tuple[str, str]:
    """``(title, text)`` of an HTML page: headings and blocks on their own
    lines, headings with a blank line around them, page-number anchors dropped."""
    with warnings.catch_warnings():
        # XHTML (Gutenberg's -h.htm) parses fine, and more leniently, as HTML.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(markup, "lxml")
    title_tag = soup.find("title")
    title = " ".join(title_tag.get_text().split()) if title_tag else ""
    for tag in soup(HTML_DROPPED):
        tag.decompose()
    # Gutenberg (and many digitisations) mark the printed book's page numbers
    # inline; left in they split sentences.
    for tag in soup.select(".pagenum, .pageno, .page-number"):
        tag.decompose()
    body = soup.body or soup
    parts: list[str] = []
    _html_walk(body, parts)
    text = "".join(parts)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return title, text.strip()


def _html_walk(node, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if child.__class__.__name__ in {"Comment", "Doctype", "Declaration", "ProcessingInstruction"}:
                continue
            text = str(child)
            inside_pre = any(parent.name == "pre" for parent in child.parents)
            parts.append(text if inside_pre else re.sub(r"\s+", " ", text))
            continue
        name = child.name
        if name == "br":
            parts.append("\n")
        elif name == "hr":
            # The plain-text renderings of the same books print a thematic
            # break as a row of asterisks; readers of both see the same separator.
            parts.append(f"\n\n{THEMATIC_BREAK}\n\n")
        elif name in HTML_HEADINGS:
            heading = " ".join(child.get_text(" ").split())
            if heading:
                parts.append(f"\n\n{heading}\n\n")
        elif name in HTML_BLOCKS:
            parts.append("\n\n" if name in {"p", "pre", "blockquote", "table"} else "\n")
            _html_walk(child, parts)
            parts.append("\n\n" if name in {"p", "pre", "blockquote", "table"} else "\n")
        elif name == "img":
            alt = (child.get("alt") or "").strip()
            if alt:
                parts.append(f"\n[{alt}]\n")
        elif name in {"td", "th"}:
            _html_walk(child, parts)
            parts.append(" ")
        else:
            _html_walk(child, parts)


def markdown_title(text: str) -> str:
    """The ``title`` of the YAML front matter, else the first ``# `` heading."""
    match = FRONT_MATTER.match(text.replace("\r\n", "\n").lstrip("\ufeff"))
    if match:
        try:
            meta = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            meta = None
        if isinstance(meta, dict) and isinstance(meta.get("title"), str):
            return meta["title"].strip()
    heading = MARKDOWN_TITLE.search(text)
    return heading.group(1).strip() if heading else ""
