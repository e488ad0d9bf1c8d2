"""``repair_extractions``: escape stray quotes faithfully, replace only when it gains text, keep the original."""

import json
from io import StringIO

from django.core.management import call_command

from activities.extraction import files, repair

KEY = "abcd1234_jocuri.part01"
# What a model writes when it forgets to escape the closing ASCII quote of Romanian „Unu".
BROKEN = """{
  "schema_version": 1,
  "chunk_key": "abcd1234_jocuri.part01",
  "status": "extracted",
  "extractor": {"name": "anthropic", "version": "anthropic-1", "model": "m", "prompt_version": "p"},
  "usage": {"input_tokens": 10, "output_tokens": 5},
  "activities": [{
    "name": "Ineluș",
    "aliases": [],
    "language": "ro",
    "description": "Copiii strigă „Unu" și apoi „Doi" și fug prin curte, iar cel prins se face.",
    "rules": "",
    "variations": "",
    "materials": [],
    "age_min": null, "age_max": null, "players_min": null, "players_max": null,
    "duration_min": null, "duration_max": null, "indoor_outdoor": null, "space": null,
    "categories": [],
    "page": 1,
    "quote": "Copiii strigă „Unu" și apoi",
    "filter_origin": {}
  }]
}
"""


def write(text: str, key: str = KEY):
    path = files.extraction_path(chunk_key=key)
    path.write_text(text, encoding="utf-8")
    return path


def run(*args) -> tuple[str, dict]:
    out = StringIO()
    call_command("repair_extractions", "--json", *args, stdout=out)
    return out.getvalue(), json.loads(out.getvalue().strip().splitlines()[-1])


def test_stray_quotes_inside_romanian_text_are_escaped_not_truncated():
    document = json.loads(repair.repair_text(BROKEN))
    activity = document["activities"][0]
    assert activity["description"] == 'Copiii strigă „Unu" și apoi „Doi" și fug prin curte, iar cel prins se face.'
    assert activity["quote"] == 'Copiii strigă „Unu" și apoi'


def test_valid_json_is_left_as_it_is():
    text = json.dumps({"a": 'say "hi", then "bye"', "b": ["x", "y"]}, ensure_ascii=False)
    assert repair.repair_text(text) == text


def test_raw_line_breaks_inside_strings_are_escaped():
    assert json.loads(repair.repair_text('{"a": "line one\nline two"}')) == {"a": "line one\nline two"}


def test_a_truncating_repair_would_lose_text():
    repaired = repair.text_length(json.loads(repair.repair_text(BROKEN)))
    assert repair.truncating_text_length(BROKEN) < repaired
    assert repair.plain_text_length(BROKEN) == 0


def test_dry_run_reports_without_writing():
    path = write(BROKEN)
    output, summary = run()
    assert summary["repairable"] == [KEY] and summary["repaired"] == []
    assert summary["applied"] is False
    assert path.read_text(encoding="utf-8") == BROKEN
    assert not path.with_name(path.name + ".orig").exists()
    assert "dry run" in output


def test_apply_replaces_the_file_and_keeps_the_original():
    path = write(BROKEN)
    _, summary = run("--apply")
    assert summary["repaired"] == [KEY]
    assert path.with_name(path.name + ".orig").read_text(encoding="utf-8") == BROKEN
    state = files.extraction_read(chunk_key=KEY)
    assert state.status == files.VALID
    assert '„Doi" și fug prin curte' in state.document["activities"][0]["description"]


def test_valid_files_are_untouched():
    document = files.extraction_document(
        chunk_key="ok_1.part01", source_path="x", extractor={"name": "rules", "version": "1"}, activities=[], usage=None
    )
    files.extraction_write(document=document)
    _, summary = run("--apply")
    assert (summary["files"], summary["valid"], summary["repaired"]) == (1, 1, [])


def test_repaired_but_still_invalid_file_is_not_replaced():
    broken = BROKEN.replace('"language": "ro"', '"language": "fr"')
    path = write(broken)
    _, summary = run("--apply")
    assert summary["unrepairable"][0]["chunk_key"] == KEY
    assert "still not valid" in summary["unrepairable"][0]["reason"]
    assert path.read_text(encoding="utf-8") == broken


def test_structurally_broken_file_is_not_replaced():
    path = write(BROKEN[: len(BROKEN) // 2])
    _, summary = run("--apply")
    assert "still not JSON" in summary["unrepairable"][0]["reason"]
    assert path.read_text(encoding="utf-8") == BROKEN[: len(BROKEN) // 2]


def test_parseable_file_that_breaks_the_schema_is_not_replaced():
    text = json.dumps({"schema_version": 1, "chunk_key": KEY, "status": "extracted"})
    path = write(text)
    _, summary = run("--apply")
    assert summary["repaired"] == []
    assert summary["unrepairable"][0]["chunk_key"] == KEY
    assert path.read_text(encoding="utf-8") == text


def test_raw_line_break_in_a_file_is_repaired():
    write(BROKEN.replace('„Unu" și apoi „Doi"', "Unu și apoi\nDoi", 1))
    _, summary = run("--apply")
    assert summary["repaired"] == [KEY]
    assert "apoi\nDoi" in files.extraction_read(chunk_key=KEY).document["activities"][0]["description"]
