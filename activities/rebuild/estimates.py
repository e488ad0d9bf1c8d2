"""The offline estimates a game's row gets where no member and no book gives a value (``activities.estimation``)."""

from activities import estimation, taxonomy
from activities.estimation import estimate
from activities.rebuild.rows import Cluster

# A space estimated from the text is dropped when it contradicts the setting the row already has.
CLASHING_SETTING = {"open-field": "indoor", "small-room": "outdoor", "large-room": "outdoor"}


def estimates_fill(cluster: Cluster) -> None:
    """Fill the filter values no member gives with the offline estimate from the published text, each recorded in
    ``estimated_fields``; a value a member gives is never replaced. A range is filled only when both its ends are
    empty, and a space only when it agrees with the setting. Each value filled is recorded with
    ``estimation.OFFLINE_ORIGIN``, so an enrichment model's estimate can replace it while other estimated values
    stay."""
    row, filled = cluster.row, []
    text = "\n".join(part for part in (row["description"], row["rules"], row["variations"]) if part)
    found = estimate(name=row["name"], text=text, language=row["language"], setting=row["indoor_outdoor"])
    for low, high in taxonomy.RANGES:
        if low in found and row[low] is None and row[high] is None:
            row[low], row[high] = found[low], found[high]
            filled += [name for name in (low, high) if row[name] is not None]
    if "indoor_outdoor" in found and not row["indoor_outdoor"]:
        row["indoor_outdoor"] = found["indoor_outdoor"]
        filled.append("indoor_outdoor")
    if "space" in found and not row["space"] and CLASHING_SETTING[found["space"]] != row["indoor_outdoor"]:
        row["space"] = found["space"]
        filled.append("space")
    if "materials" in found and row["materials_needed"] is None:
        row["materials_needed"] = found["materials"]
        filled.append("materials")
    if "categories" in found and not cluster.categories:
        cluster.categories = found["categories"]
        row["category_mask"] = taxonomy.category_mask(cluster.categories)
        filled.append("categories")
    estimated = set(row["estimated_fields"]) | set(filled)
    row["estimated_fields"] = [name for name in taxonomy.FILTER_FIELDS if name in estimated]
    row["estimated_mask"] = taxonomy.field_mask(row["estimated_fields"])
    row["filter_origins"] = {**row["filter_origins"], **dict.fromkeys(filled, estimation.OFFLINE_ORIGIN)}
