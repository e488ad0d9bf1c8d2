"""Template tags of the listing: results, facet options and safe highlighting."""

import functools
import html
import re

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from activities import taxonomy
from activities.filters import term_label
from activities.normalize import unaccent
from activities.search import query_terms
from activities.selectors import range_text

register = template.Library()


@functools.lru_cache(maxsize=16)
def _fact_labels(language: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """The escaped labels of a result's facts, and of every taxonomy term by code.
    Per language, once: the .mo catalogues do not change while the process runs."""
    with translation.override(language):
        labels = {
            "players": _("Players"),
            "duration": _("Duration"),
            "min": _("min"),
            "where": _("Where"),
            "category": _("Category"),
            "sources": _("Sources"),
        }
        terms = {term.code: term_label(term) for term in taxonomy.INDOOR_OUTDOOR + taxonomy.SPACE + taxonomy.CATEGORIES}
    return (
        {key: html.escape(str(label)) for key, label in labels.items()},
        {code: html.escape(label) for code, label in terms.items()},
    )


def activity_facts(activity) -> str:
    """A result's facts (players, duration, where, categories, sources) as escaped
    ``<div><dt>…</dt><dd>…</dd></div>`` items."""
    labels, terms = _fact_labels(translation.get_language())
    facts = []
    players = range_text(activity.players_min, activity.players_max)
    if players:
        facts.append((labels["players"], html.escape(players)))
    duration = range_text(activity.duration_min, activity.duration_max, labels["min"])
    if duration:
        facts.append((labels["duration"], duration))  # numbers and the escaped unit
    if activity.indoor_outdoor in terms:
        facts.append((labels["where"], terms[activity.indoor_outdoor]))
    if activity.categories:
        facts.append((labels["category"], ", ".join(terms[category.code] for category in activity.categories)))
    facts.append((labels["sources"], str(activity.source_count)))
    return mark_safe("".join(f"<div><dt>{label}</dt><dd>{value}</dd></div>" for label, value in facts))


SUMMARY_CHARS = 220
# An id no activity has: a detail URL reversed with it is the pattern for every id.
ID_SENTINEL = 987_654_321_987


@functools.lru_cache(maxsize=64)
def _detail_url_pattern(urlconf, script_prefix: str, language: str | None) -> str:
    # reverse() reads the script prefix and the language itself; they are arguments to key the cache.
    return reverse("activities:detail", args=[ID_SENTINEL], urlconf=urlconf)


def detail_url(pk: int) -> str:
    """``reverse("activities:detail", args=[pk])``, reversing once per language and URL
    configuration: reverse() costs more than the rest of a result."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    pattern = _detail_url_pattern(urlconf, get_script_prefix(), translation.get_language())
    return pattern.replace(str(ID_SENTINEL), str(int(pk)))


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@register.simple_tag
def activity_result(activity, query: str) -> str:
    """A result of the listing: linked name (Romanian when translated), the
    original name when it differs, a short description and the facts, with the
    searched words marked. Plain Python, every value escaped here: as template
    nodes, the twenty results of a page cost more than the rest of it."""
    url = html.escape(detail_url(activity.pk))
    parts = [f'<h3><a href="{url}">{highlight(activity.display_name, query)}</a></h3>']
    if activity.name_ro and activity.name_ro != activity.name:
        language = html.escape(activity.language)
        parts.append(f'<p class="original-name" lang="{language}">{highlight(activity.name, query)}</p>')
    summary = shorten(activity.description_ro or activity.description or "", SUMMARY_CHARS)
    parts.append(f'<p class="summary">{highlight(summary, query)}</p>')
    parts.append(f'<dl class="facts">{activity_facts(activity)}</dl>')
    return mark_safe("".join(parts))


def _selected_values(selected) -> set[str]:
    if selected is None:
        return set()
    if isinstance(selected, str):
        return {selected}
    return {str(value) for value in selected}


@register.simple_tag
def facet_choices(options, name: str, selected, input_type: str = "radio") -> str:
    """One ``<label><input …> label (count)</label>`` per facet option, the
    ``selected`` value(s) checked. Plain Python, like ``activity_result``: the
    listing renders every option of every filter on each request."""
    chosen = _selected_values(selected)
    name, input_type = html.escape(name), html.escape(input_type)
    return mark_safe(
        "".join(
            f'<label><input type="{input_type}" name="{name}" value="{html.escape(option.value)}"'
            f"{' checked' if option.value in chosen else ''}> {html.escape(str(option.label))} "
            f'<span class="count">({option.count})</span></label>'
            for option in options
        )
    )


@register.simple_tag
def facet_select_options(options, selected) -> str:
    """One ``<option>label (count)</option>`` per facet option, the ``selected`` one selected."""
    chosen = _selected_values(selected)
    return mark_safe(
        "".join(
            f'<option value="{html.escape(option.value)}"{" selected" if option.value in chosen else ""}>'
            f"{html.escape(str(option.label))} ({option.count})</option>"
            for option in options
        )
    )


class _CharFolds(dict):
    """Code point → the character it folds to (``unaccent`` of that one character).
    A character whose fold is not exactly one character maps to itself, so a
    folded text keeps the positions of the original one."""

    def __missing__(self, codepoint: int) -> str:
        char = chr(codepoint)
        folded = unaccent(char)
        self[codepoint] = folded if len(folded) == 1 else char
        return self[codepoint]


_CHAR_FOLDS = _CharFolds()


@functools.lru_cache(maxsize=256)
def _matched_words(terms: tuple[str, ...]) -> re.Pattern:
    """A word (run of letters and digits) that starts with one of ``terms``."""
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*")


def highlight(text: str, query: str) -> str:
    """Escape ``text`` and wrap the words the search matched in <mark>, comparing
    folded forms so "sarituri" highlights "Sărituri". Only our own tag is unescaped."""
    text = str(text or "")
    terms = tuple(query_terms(str(query or "")))
    if not terms:
        return mark_safe(html.escape(text))
    # Matched in the folded text, cut from the original: the two are aligned.
    folded = text.translate(_CHAR_FOLDS)
    pieces, position = [], 0
    for match in _matched_words(terms).finditer(folded):
        start, end = match.span()
        pieces.append(html.escape(text[position:start]))
        pieces.append(f"<mark>{html.escape(text[start:end])}</mark>")
        position = end
    pieces.append(html.escape(text[position:]))
    return mark_safe("".join(pieces))
