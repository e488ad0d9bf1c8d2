"""One game's filter values published again, as the next rebuild would publish them, without a rebuild: what the
admin does when a curator revokes a correction."""

from django.db import transaction

from activities.corrections import ROW_FIELDS, corrections_apply, corrections_in_force
from activities.models import Activity, Category, RebuildRun
from activities.rebuild.books import book_contexts_load
from activities.rebuild.estimates import estimates_fill
from activities.rebuild.load import versions_in_files
from activities.rebuild.rows import Cluster, row_fill
from activities.signals import library_published


@transaction.atomic
def activity_filters_restore(*, activity: Activity) -> bool:
    """Publish again the filter values the rebuild gives one game, its corrections in force on top, then its
    estimates (``library_published``): what the next rebuild publishes for it, without a rebuild (its versions
    are read from the extraction files of its sources). Returns False, changing nothing, when none is found."""
    links = list(activity.sources.values_list("chunk_key", "member_content_key"))
    member_keys = {key for _chunk, key in links} | {activity.content_key}
    versions = versions_in_files((chunk for chunk, _key in links), member_keys)
    if not versions:
        return False
    versions.sort(
        key=lambda v: (v.content_key != activity.content_key, v.content_key, v.chunk_key, v.page or -1, v.name)
    )
    cluster = Cluster(content_key=activity.content_key, members=versions)
    row_fill(cluster, book_contexts_load())
    estimates_fill(cluster)
    corrections_apply(clusters=[cluster], corrections=corrections_in_force().filter(content_key__in=member_keys))
    for name in ROW_FIELDS:
        setattr(activity, name, cluster.row[name])
    activity.save(update_fields=[*ROW_FIELDS, "published_at"])
    activity.categories.set(Category.objects.filter(code__in=cluster.categories))
    library_published.send(sender=RebuildRun, activity_ids=[activity.pk])
    return True
