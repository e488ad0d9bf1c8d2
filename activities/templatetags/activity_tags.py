"""Template helpers for the public pages: labels, ranges and safe highlighting."""

import functools
import html
import re

from django import template
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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


@functools.lru_cache(maxsize=16)
def _fact_labels(language: str | None) -> dict[str, str]:
    # Per language, once: the .mo catalogues do not change while the process runs.
    with translation.override(language):
        return {
            "players": _("Players"),
            "duration": _("Duration"),
            "min": _("min"),
            "where": _("Where"),
            "category": _("Category"),
            "sources": _("Sources"),
        }


@register.simple_tag
def activity_facts(activity) -> str:
    """A result's facts (players, duration, where, categories, sources) as escaped
    ``<div><dt>…</dt><dd>…</dd></div>`` items. One plain-Python tag instead of a dozen
    template nodes per result: the listing renders twenty of them on every page."""
    labels = _fact_labels(translation.get_language())
    facts = []
    players = range_text(activity.players_min, activity.players_max)
    if players:
        facts.append((labels["players"], players))
    duration = range_text(activity.duration_min, activity.duration_max, labels["min"])
    if duration:
        facts.append((labels["duration"], duration))
    if activity.indoor_outdoor:
        facts.append((labels["where"], vocabulary_label(activity.indoor_outdoor)))
    categories = activity.categories.all()
    if categories:
        facts.append((labels["category"], ", ".join(term_label(category) for category in categories)))
    facts.append((labels["sources"], activity.source_count))
    # html.escape is what django.utils.html.escape calls, without its lazy-string wrapper.
    return mark_safe(
        "".join(
            f"<div><dt>{html.escape(str(label))}</dt><dd>{html.escape(str(value))}</dd></div>" for label, value in facts
        )
    )


# Folded words, cached: a page folds the same vocabulary in every snippet it highlights.
_fold_word = functools.lru_cache(maxsize=4096)(fold)


@register.filter(needs_autoescape=True)
def highlight(text, query, autoescape=True):
    """Escape ``text`` and wrap the words the search matched in <mark>, comparing
    folded forms so "sarituri" highlights "Sărituri". Only our own tag is unescaped."""
    text = str(text or "")
    escape = conditional_escape if autoescape else str
    terms = tuple(query_terms(str(query or "")))
    if not terms:
        return escape(text)
    pieces, position = [], 0
    for match in WORD.finditer(text):
        word = _fold_word(match.group())
        if word.startswith(terms):  # any of them
            pieces.append(escape(text[position : match.start()]))
            pieces.append(mark_safe(f"<mark>{escape(match.group())}</mark>"))
            position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(str(piece) for piece in pieces))
