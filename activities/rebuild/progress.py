"""How the rebuild's steps tell the command what they are doing: a callable taking one line of text."""

from collections.abc import Callable

Progress = Callable[[str], None]


def silent(message: str) -> None:
    return None
