import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, ActivitySourceFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _detail(client, activity):
    return client.get(reverse("activities:detail", args=[activity.pk]))


@pytest.fixture
def translated():
    return ActivityFactory(
        translated=True,
        players_min=8,
        players_max=12,
        indoor_outdoor="both",
        estimated_fields=["indoor_outdoor"],
    )


def test_detail_shows_the_romanian_text_when_translated(client, translated):
    text = _detail(client, translated).text
    assert "<h1>Nodul uman</h1>" in text
    assert translated.rules_ro in text


def test_detail_keeps_the_original_behind_a_collapsible(client, translated):
    text = _detail(client, translated).text
    original = text[text.index('<details class="original">') :]
    assert translated.rules in original[: original.index("</details>")]


def test_untranslated_detail_shows_the_original_with_a_note(client):
    activity = ActivityFactory(name="Fox and geese", language="en", description="A chase.")
    response = _detail(client, activity)
    assert '<h1 lang="en">Fox and geese</h1>' in response.text
    assert 'class="note"' in response.text
    assert '<details class="original">' not in response.text


def test_estimated_values_are_marked(client, translated):
    response = _detail(client, translated)
    rows = {row.label: row for row in response.context["filter_values"]}
    assert rows["Interior/exterior"].estimated
    assert not rows["Jucători"].estimated
    assert 'class="estimated"' in response.text


def test_every_source_is_shown_with_page_and_quote(client, translated):
    ActivitySourceFactory(
        activity=translated, source=SourceFactory(title="Games for All"), page=17, quote="Form a knot."
    )
    text = _detail(client, translated).text
    assert "Games for All" in text
    assert "17" in text
    assert "Form a knot." in text


def test_other_variants_show_each_sources_own_version(client, translated):
    ActivitySourceFactory(activity=translated, name="Human knot", description="Grab hands.")
    ActivitySourceFactory(activity=translated, name="Gordian knot", description="Tie yourselves up.")
    text = _detail(client, translated).text
    assert "Gordian knot" in text
    assert "Tie yourselves up." in text


def test_unknown_activity_is_404(client):
    assert client.get(reverse("activities:detail", args=[999999])).status_code == 404


def test_script_in_detail_text_is_escaped(client):
    activity = ActivityFactory(name="<script>x()</script>", description="<script>y()</script>", name_ro="")
    ActivitySourceFactory(activity=activity, quote="<script>z()</script>", name="<script>w()</script>")
    for url in (reverse("activities:detail", args=[activity.pk]), reverse("activities:print", args=[activity.pk])):
        text = client.get(url).text
        assert "<script>" not in text
        assert "&lt;script&gt;" in text


def test_print_card_has_no_navigation(client, translated):
    text = client.get(reverse("activities:print", args=[translated.pk])).text
    assert 'class="site-header"' not in text
    assert "Nodul uman" in text


def test_detail_links_to_the_print_card(client, translated):
    assert reverse("activities:print", args=[translated.pk]) in _detail(client, translated).text


def test_detail_query_count_is_bounded(client, translated, django_assert_max_num_queries):
    for _ in range(5):
        ActivitySourceFactory(activity=translated)
    with django_assert_max_num_queries(4):
        _detail(client, translated)


def test_context_and_curator_values_say_where_they_came_from(client):
    activity = ActivityFactory(
        name="Relay race",
        indoor_outdoor="outdoor",
        players_min=10,
        filter_origins={
            "indoor_outdoor": {"origin": "context", "evidence": "OUT-DOOR GAMES", "source": "b.txt", "page": 3},
            "players_min": {"origin": "curator", "evidence": "", "source": "", "page": None},
        },
    )
    response = _detail(client, activity)
    rows = {row.label: row for row in response.context["filter_values"]}
    assert (rows["Interior/exterior"].origin, rows["Interior/exterior"].evidence) == ("context", "OUT-DOOR GAMES")
    assert rows["Jucători"].origin == "curator"
    assert "(din carte / capitol: „OUT-DOOR GAMES”)" in response.text
    assert "(verificat de un curator)" in response.text


def test_stated_values_quote_the_words_they_were_read_from(client):
    activity = ActivityFactory(
        name="Tag",
        players_min=10,
        players_max=60,
        filter_origins={
            name: {"origin": "stated", "evidence": "10 to 60 players", "source": "b.txt", "page": 1}
            for name in ("players_min", "players_max")
        },
    )
    assert "(„10 to 60 players”)" in _detail(client, activity).text


def test_a_game_from_an_excerpt_source_says_its_text_may_be_incomplete(client, translated):
    ActivitySourceFactory(activity=translated, source=SourceFactory(title="Jucării și jocuri", truncated=True))
    assert "Această sursă este un fragment; textul jocului poate fi incomplet." in _detail(client, translated).text


def test_a_game_from_a_whole_book_has_no_excerpt_note(client, translated):
    ActivitySourceFactory(activity=translated, source=SourceFactory(title="Games for All"))
    assert 'class="excerpt-note"' not in _detail(client, translated).text
