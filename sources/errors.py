"""The one failure every reader raises."""


class ReadError(Exception):
    """A document that cannot be read: ``reason`` is recorded on its Source, ``needs_ocr`` marks a scanned one."""

    def __init__(self, reason: str, *, needs_ocr: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.needs_ocr = needs_ocr
