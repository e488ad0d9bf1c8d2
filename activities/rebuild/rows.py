"""Step 3: the published row of each game, from the versions dedup put together.

Each group of filter values is taken from the member with the strongest origin for it (``taxonomy.ORIGINS``:
stated, then context, then estimated); the members' book context (``books``) fills what that leaves unknown or
only estimated, then the offline estimate (``estimates``) what is still unknown. The text is the representative's;
every other name is kept as an alias.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from activities import taxonomy
from activities.extraction.schema import ACTIVITY_FIELDS
from activities.normalize import NormalizedActivity, fold
from activities.rebuild.books import BookContext, book_fill

# The filter fields that are not range ends: each chosen on its own.
SINGLE_FIELDS = tuple(name for name in taxonomy.FILTER_FIELDS if name not in taxonomy.RANGE_FIELDS)
# Fields of a version that its source link keeps (page, quote) or that the row holds in another form (categories
# as links and a mask, origins and evidence merged into ``filter_origins``).
VERSION_FIELDS = ("page", "quote", "categories", "filter_origin", "filter_evidence")
# The Activity columns a rebuild writes from a game's row: the version's fields, then what the rebuild derives.
PUBLISHED_FIELDS: tuple[str, ...] = (
    *(name for name in ACTIVITY_FIELDS if name not in VERSION_FIELDS),
    "materials_needed",
    "filter_origins",
    "estimated_fields",
    "estimated_mask",
    "source_count",
    "category_mask",
    "play_doubt",
)


@dataclass
class Cluster:
    """One game after dedup: ``members`` are every occurrence, representative first."""

    content_key: str
    members: list[NormalizedActivity]
    row: dict = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)


def row_fill(cluster: Cluster, books: Mapping[str, BookContext]) -> None:
    """Set the cluster's row and categories as the module's docstring says; among members of equal origin the
    first in key order gives the value."""
    representative = cluster.members[0]
    ordered = sorted(cluster.members, key=lambda m: (m.content_key, m.chunk_key))
    values: dict = {}
    origins: dict = {}
    for group in (*taxonomy.RANGES, *((name,) for name in SINGLE_FIELDS)):
        chosen, origin = _choose(ordered, group)
        for name in group:
            values[name] = chosen.values[name] if chosen else None
            if values[name] not in (None, []):
                origins[name] = _origin_entry(chosen, origin, group)
    book_fill(ordered, books, values=values, origins=origins)
    aliases: list[str] = []
    seen = {representative.name_key}
    for member in [representative, *ordered]:
        for alias in [member.name, *member.aliases]:
            if fold(alias) not in seen:
                seen.add(fold(alias))
                aliases.append(alias)
    materials_owner, _origin = _choose(ordered, ("materials",))
    estimated = [name for name in taxonomy.FILTER_FIELDS if origins.get(name, {}).get("origin") == "estimated"]
    cluster.categories = values.pop("categories") or []
    cluster.row = {
        "content_key": cluster.content_key,
        "name": representative.name[:300],
        "aliases": aliases,
        "language": representative.language,
        "description": representative.description,
        "rules": representative.rules,
        "variations": representative.variations,
        "materials": materials_owner.materials if materials_owner else [],
        "materials_needed": values.pop("materials"),
        **values,
        "indoor_outdoor": values["indoor_outdoor"] or "",
        "space": values["space"] or "",
        "filter_origins": origins,
        "estimated_fields": estimated,
        "estimated_mask": taxonomy.field_mask(estimated),
        "source_count": min(len({m.source_path or m.chunk_key for m in cluster.members}), 32767),
        "category_mask": taxonomy.category_mask(cluster.categories),
        "play_doubt": representative.play_doubt,
    }


def _origin_entry(member: NormalizedActivity, origin: str, group: tuple[str, ...]) -> dict:
    """Where a published value came from: its origin, the words it was read from, and the member's source."""
    evidence = next((member.evidence[name] for name in group if member.evidence.get(name)), "")
    return {"origin": origin, "evidence": evidence[:300], "source": member.source_path, "page": member.page}


def _choose(members: list[NormalizedActivity], group: tuple[str, ...]):
    """(member, origin) giving the values of ``group``: the first member with the strongest origin for them."""
    best = None
    for member in members:
        origins = [member.origins[name] for name in group if name in member.origins]
        if not origins:
            continue
        origin = min(origins, key=taxonomy.ORIGIN_RANK.__getitem__)
        if best is None or taxonomy.ORIGIN_RANK[origin] < taxonomy.ORIGIN_RANK[best[1]]:
            best = (member, origin)
    return best or (None, None)
