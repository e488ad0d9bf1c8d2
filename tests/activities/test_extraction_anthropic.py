"""The Anthropic extractor through the real SDK against the fake API: every outcome of a chunk."""

import json
import threading
import time
from io import StringIO

import pytest
from django.core.management import call_command

from activities.extraction import files, llm_extractor
from activities.extraction.services import chunks_extract
from sources.models import Chunk, Source
from tests import extraction_docs

pytestmark = pytest.mark.django_db

ROMANIAN = (
    "III. Ineluș învîrtecuș\n\nAcesta iarna se joacă. Oricîți copii, băieți și fete, se adună la un loc.\n\n"
    'Copiii strigă „Unu" și apoi fug prin curte, iar cel prins se face.\n'
)
ENGLISH = (
    "CAT AND MOUSE.\n\nThe players form a ring, holding hands. One is the cat, one the mouse.\n\n"
    "PUSS IN THE CORNER.\n\nFour players stand in the corners and one in the middle.\n"
)


def activity(name: str, quote: str, language: str = "en", **fields) -> dict:
    """A model reply's activity whose description is exactly its quote."""
    return extraction_docs.activity(name, quote, language=language, quote=quote, **fields)


@pytest.fixture
def chunk():
    source = Source.objects.create(path="ro/jocuri.txt", kind="text", language="ro", title="Jocuri")
    return Chunk.objects.create(
        source=source, key="dddd4444_jocuri.part01", index=1, text=ROMANIAN, page_start=3, page_end=3
    )


@pytest.fixture
def english_chunks():
    source = Source.objects.create(path="en/games.txt", kind="text", language="en", title="Games")
    return [
        Chunk.objects.create(
            source=source,
            key=f"eeee5555_games.part{index:02d}",
            index=index,
            text=ENGLISH,
            page_start=index,
            page_end=index,
        )
        for index in range(1, 5)
    ]


def extract(**kwargs):
    return chunks_extract(extractor="anthropic", **{"concurrency": 1, **kwargs})


def test_success_writes_the_activities_with_model_prompt_and_usage(fake_anthropic, chunk):
    quote = 'Copiii strigă „Unu" și apoi fug prin curte'
    reply = {"activities": [activity("Ineluș învîrtecuș", quote, "ro", indoor_outdoor="în curte")]}
    fake_anthropic.reply_json(reply, input_tokens=900, output_tokens=120)
    summary = extract()
    assert (summary.extracted, summary.input_tokens, summary.output_tokens) == (1, 900, 120)
    document = files.extraction_read(chunk_key=chunk.key).document
    [saved] = document["activities"]
    assert saved["quote"] == quote and saved["quote"] in chunk.text
    assert saved["name"] == "Ineluș învîrtecuș"
    assert document["extractor"] == {
        "name": "anthropic",
        "version": llm_extractor.VERSION,
        "prompt_version": llm_extractor.PROMPT_VERSION,
        "model": "claude-test",
    }
    assert document["usage"] == {"input_tokens": 900, "output_tokens": 120}


def test_filter_values_without_an_origin_count_as_estimated(fake_anthropic, chunk):
    reply = activity(
        "Ineluș",
        "Acesta iarna se joacă.",
        "ro",
        players_min=3,
        age_min=5,
        filter_origin={"players_min": "stated", "duration_min": "stated"},
    )
    fake_anthropic.reply_json({"activities": [reply]})
    extract()
    [saved] = files.extraction_read(chunk_key=chunk.key).document["activities"]
    assert saved["filter_origin"] == {"players_min": "stated", "age_min": "estimated"}


def test_request_uses_structured_output_and_the_versioned_prompt(fake_anthropic, chunk):
    fake_anthropic.reply_json({"activities": []})
    extract()
    [sent] = fake_anthropic.message_requests
    assert sent["output_config"]["format"]["type"] == "json_schema"
    assert sent["system"] == llm_extractor.SYSTEM_PROMPT
    assert ROMANIAN in sent["messages"][0]["content"]


@pytest.mark.parametrize(
    "kind",
    [
        "stories",
        "poems",
        "recitations",
        "essays",
        "moral lessons",
        "party menus",
        "decorations",
        "omens",
        "conjuring tricks",
        "book blurbs",
        "chapter introductions",
        "camp chores",
    ],
)
def test_request_tells_the_model_which_texts_are_not_activities(fake_anthropic, chunk, kind):
    fake_anthropic.reply_json({"activities": []})
    extract()
    [sent] = fake_anthropic.message_requests
    assert kind in " ".join(sent["system"].split())


def test_quote_with_normalized_spacing_is_stored_verbatim_and_page_computed(fake_anthropic):
    source = Source.objects.create(path="b.txt", kind="text", language="en", title="B")
    text = "First page.\fCAT AND MOUSE.\n\nThe players   form a ring,\nholding hands.\n"
    Chunk.objects.create(source=source, key="ffff6666_b.part01", index=1, text=text, page_start=10, page_end=11)
    fake_anthropic.reply_json({"activities": [activity("Cat and Mouse", "The players form a ring, holding", page=99)]})
    extract()
    [saved] = files.extraction_read(chunk_key="ffff6666_b.part01").document["activities"]
    assert saved["quote"] == "The players   form a ring,\nholding"
    assert saved["page"] == 11


def test_refusal_blocks_the_chunk(fake_anthropic, chunk):
    fake_anthropic.refusal()
    summary = extract()
    assert summary.blocked == [chunk.key]
    document = files.extraction_read(chunk_key=chunk.key).document
    assert (document["status"], document["activities"]) == ("blocked", [])
    assert extract().blocked == [chunk.key]  # a blocked chunk is accepted as missing, not asked again
    assert len(fake_anthropic.message_requests) == 1


def extracted_once(fake_anthropic, chunk) -> dict:
    quote = 'Copiii strigă „Unu" și apoi fug prin curte'
    fake_anthropic.reply_json({"activities": [activity("Ineluș învîrtecuș", quote, "ro")]})
    extract()
    return files.extraction_read(chunk_key=chunk.key).document


def test_a_refused_forced_re_extraction_keeps_the_valid_file_and_records_the_refusal_beside_it(fake_anthropic, chunk):
    before = extracted_once(fake_anthropic, chunk)
    fake_anthropic.refusal()
    summary = extract(force=True)
    assert (summary.kept, summary.blocked, summary.extracted) == ([chunk.key], [], 0)
    assert files.extraction_read(chunk_key=chunk.key).document == before
    refusal = json.loads(files.refusal_path(chunk_key=chunk.key).read_text(encoding="utf-8"))
    assert (refusal["chunk_key"], refusal["status"], refusal["blocked_reason"]) == (
        chunk.key,
        "blocked",
        "the model declined to answer (stop_reason refusal)",
    )
    assert sorted(path.name for path in files.extraction_path(chunk_key=chunk.key).parent.glob("*.json")) == [
        f"{chunk.key}.json"
    ]


def test_a_later_successful_extraction_clears_the_recorded_refusal(fake_anthropic, chunk):
    extracted_once(fake_anthropic, chunk)
    fake_anthropic.refusal()
    extract(force=True)
    quote = 'Copiii strigă „Unu" și apoi fug prin curte'
    fake_anthropic.reply_json({"activities": [activity("Ineluș", quote, "ro")]})
    assert extract(force=True).extracted == 1
    assert not files.refusal_path(chunk_key=chunk.key).exists()


def test_a_forced_refusal_of_a_blocked_chunk_stays_blocked(fake_anthropic, chunk):
    fake_anthropic.refusal()
    extract()
    fake_anthropic.refusal()
    assert extract(force=True).blocked == [chunk.key]
    assert not files.refusal_path(chunk_key=chunk.key).exists()


def test_max_tokens_splits_the_chunk_in_two_at_a_paragraph(fake_anthropic, chunk):
    fake_anthropic.max_tokens()
    fake_anthropic.reply_json({"activities": [activity("Ineluș învîrtecuș", "Acesta iarna se joacă.", "ro")]})
    fake_anthropic.reply_json({"activities": [activity("Unu", 'Copiii strigă „Unu"', "ro")]})
    summary = extract()
    assert summary.extracted == 1
    first, second = (request["messages"][0]["content"] for request in fake_anthropic.message_requests[1:])
    assert "Ineluș învîrtecuș" in first and "Copiii strigă" not in first
    assert "Copiii strigă" in second
    names = [a["name"] for a in files.extraction_read(chunk_key=chunk.key).document["activities"]]
    assert names == ["Ineluș învîrtecuș", "Unu"]


def test_split_depth_is_bounded(fake_anthropic, chunk):
    for _ in range(2 ** (llm_extractor.MAX_SPLIT_DEPTH + 1)):
        fake_anthropic.max_tokens()
    summary = extract()
    assert [item["chunk_key"] for item in summary.invalid] == [chunk.key]
    assert "max_tokens" in summary.invalid[0]["reason"]


def test_malformed_reply_is_invalid_and_writes_nothing(fake_anthropic, chunk):
    fake_anthropic.reply_text('{"activities": [{"name": "Unu')
    summary = extract()
    assert summary.invalid[0]["chunk_key"] == chunk.key
    assert "not valid JSON" in summary.invalid[0]["reason"]
    assert files.extraction_read(chunk_key=chunk.key).status == files.MISSING


def test_reply_breaking_the_schema_is_invalid_with_the_message(fake_anthropic, chunk):
    fake_anthropic.reply_json({"activities": [{**activity("X", "Acesta iarna se joacă."), "language": "fr"}]})
    summary = extract()
    assert "language" in summary.invalid[0]["reason"]


def test_invented_quote_is_invalid(fake_anthropic, chunk):
    fake_anthropic.reply_json({"activities": [activity("Ineluș", "Nu apare în text", "ro")]})
    summary = extract()
    assert "quote not found" in summary.invalid[0]["reason"]


def test_rate_limit_with_retry_after_then_success(fake_anthropic, chunk):
    fake_anthropic.error(429, "rate_limit_error", retry_after=0)
    fake_anthropic.reply_json({"activities": []})
    summary = extract()
    assert (summary.extracted, summary.stopped) == (1, None)
    assert len(fake_anthropic.message_requests) == 2


def test_rate_limit_exhausted_stops_cleanly_and_the_next_run_resumes(fake_anthropic, english_chunks):
    fake_anthropic.reply_json({"activities": []})
    fake_anthropic.error(429, "rate_limit_error", retry_after=0, times=3)
    summary = extract()
    assert summary.extracted == 1
    assert summary.stopped.startswith("rate_limited")
    assert summary.missing == 3
    fake_anthropic.default = lambda request: {"activities": []}
    resumed = extract()
    assert (resumed.skipped, resumed.extracted, resumed.missing, resumed.stopped) == (1, 3, 0, None)


def test_overloaded_529_stops_the_run(fake_anthropic, chunk):
    fake_anthropic.error(529, "overloaded_error", retry_after=0, times=3)
    summary = extract()
    assert summary.stopped.startswith("overloaded")
    assert summary.missing == 1
    assert files.extraction_read(chunk_key=chunk.key).status == files.MISSING


def test_timeouts_stop_the_run(fake_anthropic, chunk):
    fake_anthropic.timeout(times=3)
    summary = extract()
    assert summary.stopped.startswith("timeout")
    assert summary.missing == 1


def test_error_text_inside_a_chunk_is_not_a_rate_limit(fake_anthropic):
    source = Source.objects.create(path="n.txt", kind="text", language="en", title="N")
    text = "NUMBERS.\n\nError 429: too many requests, shouts the player who counts past 429.\n"
    Chunk.objects.create(source=source, key="abab7777_n.part01", index=1, text=text, page_start=1, page_end=1)
    fake_anthropic.reply_json({"activities": [activity("Numbers", "Error 429: too many requests")]})
    summary = extract()
    assert (summary.extracted, summary.stopped) == (1, None)


def test_concurrency_bounds_the_calls_in_flight(fake_anthropic, english_chunks):
    lock = threading.Lock()
    in_flight = [0, 0]  # now, most

    def slow_answer(request):
        with lock:
            in_flight[0] += 1
            in_flight[1] = max(in_flight[1], in_flight[0])
        time.sleep(0.05)
        with lock:
            in_flight[0] -= 1
        return {"activities": [activity("Cat and Mouse", "The players form a ring")]}

    fake_anthropic.default = slow_answer
    summary = extract(concurrency=2)
    assert (summary.extracted, summary.missing) == (4, 0)
    assert in_flight[1] == 2


def test_command_prints_the_json_summary_last(fake_anthropic, chunk):
    fake_anthropic.refusal()
    out = StringIO()
    call_command("extract_chunks", "--json", stdout=out)
    output = out.getvalue()
    assert "extractor: anthropic (default)" in output
    assert json.loads(output.strip().splitlines()[-1])["blocked"] == [chunk.key]


def test_split_in_two_cuts_at_the_paragraph_nearest_the_middle():
    assert llm_extractor.split_in_two("aaaaaaaa\n\nbb\n\ncccccccccc") == ("aaaaaaaa\n\nbb\n\n", "cccccccccc")


def test_split_in_two_without_paragraphs_cuts_at_a_space():
    assert llm_extractor.split_in_two("one two three four") == ("one two ", "three four")
