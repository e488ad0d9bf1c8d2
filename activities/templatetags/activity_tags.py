"""Template helpers for the public pages: labels, ranges and safe highlighting."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from activities import taxonomy
from activities.filters import term_label
from activities.search import fold, query_terms
from activities.selectors import range_text

register = template.Library()

TERMS = {term.code: term for term in taxonomy.INDOOR_OUTDOOR + taxonomy.SPACE}
WORD = re.compile(r"[^\W_]+")


@register.filter
def vocabulary_label(code: str) -> str:
    """The label of an indoor/outdoor or space code in the active language ("" when unknown)."""
    term = TERMS.get(code)
    return term_label(term) if term else ""


@register.filter
def category_label(category) -> str:
    return term_label(category)


@register.simple_tag
def value_range(low, high, unit: str = "") -> str:
    return range_text(low, high, unit)


@register.filter(needs_autoescape=True)
def highlight(text, query, autoescape=True):
    """Escape ``text`` and wrap the words the search matched in <mark>, comparing
    folded forms so "sarituri" highlights "Sărituri". Only our own tag is unescaped."""
    text = str(text or "")
    escape = conditional_escape if autoescape else str
    terms = query_terms(str(query or ""))
    if not terms:
        return escape(text)
    pieces, position = [], 0
    for match in WORD.finditer(text):
        word = fold(match.group())
        if any(word.startswith(term) for term in terms):
            pieces.append(escape(text[position : match.start()]))
            pieces.append(mark_safe(f"<mark>{escape(match.group())}</mark>"))
            position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(str(piece) for piece in pieces))
