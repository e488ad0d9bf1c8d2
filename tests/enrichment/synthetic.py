"""A small library for the enrichment tests, the kill test's subprocess and the
benchmark: chunks of demo-corpus text with their activities, and an answer
like the model's for any enrichment request."""

from __future__ import annotations

import hashlib
import json

from django.contrib.auth.models import User
from django.utils import timezone

from activities.models import Activity, ActivitySource
from enrichment.gate import pilot_signoff
from enrichment.models import EnrichmentRun
from sources.models import Chunk, Source

# data/corpus/gutenberg-08439-games-for-everybody/8439-8.txt, lines 360-409.
CHUNK_TEXT = """ROSE GUESS.

Any child can play this simple game. Take a full blown rose and hold
it up where all can see it, then let them write on a slip of paper how
many petals they think are in the rose.

The petals are then counted by one of the children and the one who
guesses the nearest, receives a prize.

NEW BLIND MAN'S BUFF.

The one who is chosen for the "blind man" does not have his eyes
bandaged as in the old game.

Stretch a sheet between two doors and place a light, candle or lamp,
on a table some distance from the sheet. The "blind man" sits on the
floor or low chair in front of the light facing the sheet, but he must
be so low down that his shadow will not appear on the sheet.

The children form a line and march single file between the light and
the "blind man," who is not allowed to turn around. Thus their shadows
are thrown on the sheet and as they pass, the "blind man" must guess
who they are.

FINDING FLOWERS.

A very simple game for children is one played like the old-fashioned
"London Bridge." Two children with joined hands stand opposite each other,
and the rest form a ring and pass under the raised hands, while they repeat,
"We're seeking a pansy, a pansy, a pansy, We've found one here."
"""

GAMES = (
    ("Rose Guess", "Hold up a full blown rose; everyone writes how many petals they think it has."),
    ("New Blind Man's Buff", "The blind man guesses who passes by their shadows on a sheet."),
    ("Finding Flowers", "Played like London Bridge: the raised hands close around a child named after a flower."),
)


def key_for(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def library_create(
    *, chunks: int = 1, per_chunk: int = 3, language: str = "en", prefix: str = "", chunk_text: str = CHUNK_TEXT
) -> list[Activity]:
    """``chunks`` chunks of the excerpt, each with ``per_chunk`` activities (names numbered past the three games)."""
    source, _ = Source.objects.get_or_create(
        path=f"{prefix}games-for-everybody/8439-8.txt",
        defaults={"title": "Games for Everybody", "language": language, "kind": Source.Kind.TEXT},
    )
    activities = []
    for c in range(chunks):
        chunk_key = f"8d1f2c3a_{prefix}games-for-everybody.part{c:03d}"
        Chunk.objects.create(source=source, key=chunk_key, index=c, text=chunk_text, page_start=c + 1, page_end=c + 1)
        for a in range(per_chunk):
            name, description = GAMES[a % len(GAMES)]
            if a >= len(GAMES) or chunks > 1:
                name = f"{name} {c}-{a}"
            activity = Activity.objects.create(
                content_key=key_for(prefix, name, chunk_key),
                name=name,
                language=language,
                description=description,
                players_min=4 if a % 2 else None,
                source_count=1,
            )
            ActivitySource.objects.create(
                activity=activity,
                source=source,
                chunk_key=chunk_key,
                page=c + 1,
                member_content_key=activity.content_key,
                name=name,
                description=description,
            )
            activities.append(activity)
    return activities


def pilot_signed_off() -> None:
    """A finished pilot a curator signed off, so waves may run."""
    pilot = EnrichmentRun.objects.create(kind="pilot", status="finished", finished_at=timezone.now())
    pilot_signoff(run=pilot, user=User.objects.create_user("curator"), note="ok")


def activities_sent(request: dict) -> list[dict]:
    """The activities an enrichment request carries (the block after the chunk)."""
    for block in request["messages"][0]["content"]:
        text = block["text"]
        if text.startswith("ACTIVITIES TO ENRICH"):
            return json.loads(text.split("\n", 1)[1])
    raise AssertionError("no activities block in the request")


def fake_reply(request: dict) -> dict:
    """What a well-behaved model answers: every activity, in Romanian (sort of)."""
    return {
        "activities": [
            {
                "index": activity["index"],
                "name_ro": f"Jocul „{activity['name']}”",
                "description_ro": f"Descriere: {activity['description']}",
                "rules_ro": "",
                "variations_ro": "",
                "estimated": {
                    "age_min": 6,
                    "age_max": 12,
                    "players_min": 8,
                    "players_max": None,
                    "duration_min": None,
                    "duration_max": 15,
                    "indoor_outdoor": "indoor",
                    "space": "small-room",
                    "categories": ["party"],
                },
            }
            for activity in activities_sent(request)
        ]
    }


TEAM = "translated by the project team"


def team_file(tmp_path, *keys: str):
    """A shipped translations file holding one team translation for each of ``keys``."""
    shipped = tmp_path / "translations-ro.json"
    entries = [
        {"content_key": key, "kind": "en-ro", "name_ro": f"Joc {index}", "model": TEAM, "state": "unreviewed"}
        for index, key in enumerate(keys)
    ]
    shipped.write_text(json.dumps({"format": "gamelibrary-enrichment", "version": 1, "overlays": entries}), "utf-8")
    return shipped
