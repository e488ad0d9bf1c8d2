"""The open-data export: one published activity as a plain dict, and the library as JSON Lines.

``activity_to_dict`` is the public shape of an activity (the JSON API reuses
it); keep it stable — add keys, never rename or remove one:

    id, content_key, name, name_ro (null when untranslated), aliases, language,
    description, rules, variations, description_ro, rules_ro, variations_ro,
    filters: {age_min, age_max, players_min, players_max, duration_min,
              duration_max, indoor_outdoor, space, materials, categories}
             each {"value": ..., "origin": "curator" | "stated" | "context" | "estimated" | null,
                   "evidence": the words the value was read from (a quote, a heading) or ""},
             materials.value is materials needed (true / false / null),
    materials (the list), age_groups (codes), categories [{code, label_ro, label_en}],
    sources [{title, path, chunk_key, page, quote}]
"""

import json
from typing import TextIO

from django.db.models import Prefetch

from activities import taxonomy
from activities.models import Activity, ActivitySource

EXPORT_CHUNK = 500


def _filter_value(activity: Activity, name: str):
    if name == "materials":
        return activity.materials_needed
    if name == "categories":
        return [category.code for category in activity.categories.all()]
    value = getattr(activity, name)
    return value if value != "" else None


def filter_origin(activity: Activity, name: str) -> tuple[str, str]:
    """(origin code, evidence) of a field that has a value; rows published before origins were recorded say
    only whether the value was estimated."""
    entry = activity.filter_origins.get(name)
    if entry:
        return entry["origin"], entry.get("evidence", "")
    return ("estimated" if name in activity.estimated_fields else "stated"), ""


def activity_to_dict(activity: Activity) -> dict:
    """The exported form of one activity (use with ``prefetch_related("categories", "sources__source")``)."""
    filters = {}
    for name in taxonomy.FILTER_FIELDS:
        value = _filter_value(activity, name)
        origin, evidence = filter_origin(activity, name) if value not in (None, []) else (None, "")
        filters[name] = {"value": value, "origin": origin, "evidence": evidence}
    return {
        "id": activity.id,
        "content_key": activity.content_key,
        "name": activity.name,
        "name_ro": activity.name_ro or None,
        "aliases": list(activity.aliases),
        "language": activity.language,
        "description": activity.description,
        "rules": activity.rules,
        "variations": activity.variations,
        "description_ro": activity.description_ro or None,
        "rules_ro": activity.rules_ro or None,
        "variations_ro": activity.variations_ro or None,
        "filters": filters,
        "materials": list(activity.materials),
        "age_groups": taxonomy.age_groups_for(activity.age_min, activity.age_max),
        "categories": [
            {"code": category.code, "label_ro": category.label_ro, "label_en": category.label_en}
            for category in activity.categories.all()
        ],
        "sources": [
            {
                "title": link.source.title if link.source else None,
                "path": link.source.path if link.source else None,
                "chunk_key": link.chunk_key,
                "page": link.page,
                "quote": link.quote,
            }
            for link in activity.sources.all()
        ],
    }


def library_export(*, stream: TextIO) -> int:
    """Write every published activity as one JSON line, by id; returns how many were written."""
    links = ActivitySource.objects.select_related("source").only(
        "activity_id", "chunk_key", "page", "quote", "source__title", "source__path"
    )
    activities = Activity.objects.order_by("id").prefetch_related("categories", Prefetch("sources", queryset=links))
    count = 0
    for activity in activities.iterator(chunk_size=EXPORT_CHUNK):
        stream.write(json.dumps(activity_to_dict(activity), ensure_ascii=False) + "\n")
        count += 1
    return count
