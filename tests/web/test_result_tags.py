"""Results' helpers: highlighting (folded comparison, escaped output) and their links."""

import pytest
from django.urls import reverse
from django.utils import translation

from activities.templatetags.activity_tags import detail_url, highlight


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
