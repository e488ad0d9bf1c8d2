"""Small PDFs built with pypdf for the tests: text pages, encrypted, image-only, truncated."""

from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

PAGE_WIDTH, PAGE_HEIGHT = 612, 792
LEADING = 14


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _font(writer: PdfWriter):
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    return writer._add_object(font)


def _page_with_stream(writer: PdfWriter, content: bytes, font_ref=None) -> None:
    page = writer.add_blank_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
    if font_ref is not None:
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref})}
        )
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream)


def text_pdf(path: Path, pages: list[list[str]], *, password: str | None = None, title: str | None = None) -> Path:
    """A PDF whose page N shows the lines of ``pages[N]`` top to bottom, one per line."""
    writer = PdfWriter()
    font_ref = _font(writer)
    for lines in pages:
        commands = [f"BT /F1 11 Tf {LEADING} TL 72 {PAGE_HEIGHT - 60} Td"]
        for line in lines:
            # An empty string leaves an empty line: a larger gap before the next one.
            commands.append(f"({_escape(line)}) Tj T*" if line else "T*")
        commands.append("ET")
        _page_with_stream(writer, "\n".join(commands).encode("cp1252"), font_ref)
    if title is not None:
        writer.add_metadata({"/Title": title})
    if password is not None:
        writer.encrypt(user_password=password, owner_password="owner-" + (password or "empty"), algorithm="AES-256")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def image_only_pdf(path: Path, *, pages: int = 2) -> Path:
    """Pages with only drawn shapes (what a scan looks like to a text extractor)."""
    writer = PdfWriter()
    for _ in range(pages):
        _page_with_stream(writer, b"0.5 g 72 72 468 648 re f 0 g 100 100 200 300 re S")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def truncated_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A text PDF cut off after its first 40% of bytes."""
    text_pdf(path, pages)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.4)])
    return path
