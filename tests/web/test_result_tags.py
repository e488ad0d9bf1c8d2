"""Results' helpers: highlighting (folded comparison, escaped output) and their links."""

import pytest
from django.urls import reverse
from django.utils import translation

from activities import taxonomy
from activities.selectors import ActivitySummary, FacetOption
from activities.templatetags.activity_tags import (
    activity_facts,
    detail_url,
    facet_choices,
    facet_select_options,
    highlight,
)


def test_marks_whole_words_that_start_with_a_term_ignoring_diacritics_and_cedillas():
    assert highlight("Ştafetă cu sărituri", "stafe SARITURI") == "<mark>Ştafetă</mark> cu <mark>sărituri</mark>"


def test_does_not_mark_a_term_inside_a_word():
    assert highlight("Un scaun", "aun") == "Un scaun"


def test_escapes_the_text_around_and_inside_the_marks():
    assert highlight("<b>minge</b> & co", "minge") == "&lt;b&gt;<mark>minge</mark>&lt;/b&gt; &amp; co"


def test_characters_that_fold_to_several_keep_marks_in_place():
    assert highlight("ﬁre de minge", "minge") == "ﬁre de <mark>minge</mark>"


def test_without_search_words_the_text_is_only_escaped():
    assert highlight("<i>joc</i>", "- *") == "&lt;i&gt;joc&lt;/i&gt;"


@pytest.mark.parametrize("language", ["ro", "en"])
def test_result_links_are_the_reversed_detail_url_in_the_active_language(language):
    with translation.override(language):
        assert detail_url(42) == reverse("activities:detail", args=[42])


def test_result_facts_show_ranges_setting_categories_and_sources_in_the_active_language():
    summary = ActivitySummary(
        pk=1,
        name="Relay",
        name_ro="",
        language="en",
        description="",
        description_ro="",
        players_min=10,
        players_max=None,
        duration_min=5,
        duration_max=15,
        indoor_outdoor="both",
        source_count=2,
        categories=taxonomy.categories_in(taxonomy.category_mask(["relay", "ball"])),
    )
    with translation.override("en"):
        facts = activity_facts(summary)
    assert facts == (
        "<div><dt>Players</dt><dd>10+</dd></div><div><dt>Duration</dt><dd>5–15 min</dd></div>"
        "<div><dt>Where</dt><dd>Indoor or outdoor</dd></div>"
        "<div><dt>Category</dt><dd>Ball game, Relay</dd></div><div><dt>Sources</dt><dd>2</dd></div>"
    )


def test_facet_choices_check_the_selected_options_and_escape_labels():
    options = [FacetOption("tag", "Prinsea <b>", 3), FacetOption("ball", "Minge", 0)]
    html = facet_choices(options, "category", ["ball"], "checkbox")
    assert 'value="tag"> Prinsea &lt;b&gt; <span class="count">(3)</span>' in html
    assert 'value="ball" checked> Minge <span class="count">(0)</span>' in html


def test_facet_select_options_select_the_chosen_value():
    options = [FacetOption("1", "Book & co", 2), FacetOption("2", "Other", 1)]
    assert facet_select_options(options, "2") == (
        '<option value="1">Book &amp; co (2)</option><option value="2" selected>Other (1)</option>'
    )
