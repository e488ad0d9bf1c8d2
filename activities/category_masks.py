"""``Activity.category_mask`` kept equal to the activity's categories.

The mask (one bit per taxonomy category) lets the listing count categories in
the same pass over the matched rows as the other facets. The rebuild writes it
with the rows it publishes; every other change of the relation (``set``,
``add``, ``remove``, ``clear`` from either side: enrichment estimates, the
admin, tests) goes through ``m2m_changed`` and the receiver below.
"""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from activities import taxonomy
from activities.models import Activity

CHANGES = ("post_add", "post_remove", "post_clear")


def category_masks_refresh(*, activity_ids) -> dict[int, int]:
    """Recompute and store the mask of each of ``activity_ids``; returns {id: mask}."""
    activity_ids = set(activity_ids)
    codes: dict[int, list[str]] = {pk: [] for pk in activity_ids}
    links = Activity.categories.through.objects.filter(activity_id__in=activity_ids)
    for activity_id, code in links.values_list("activity_id", "category__code"):
        codes[activity_id].append(code)
    masks = {pk: taxonomy.category_mask(activity_codes) for pk, activity_codes in codes.items()}
    Activity.objects.bulk_update(
        [Activity(pk=pk, category_mask=mask) for pk, mask in masks.items()], ["category_mask"], batch_size=500
    )
    return masks


@receiver(m2m_changed, sender=Activity.categories.through, dispatch_uid="activities.category_masks")
def category_relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:
        # Which activities lose this category is only known before the clear.
        instance._category_mask_activity_ids = list(instance.activities.values_list("pk", flat=True))
        return
    if action not in CHANGES:
        return
    if not reverse:
        # The instance is the Activity: keep its in-memory mask right, so a later save() keeps it.
        instance.category_mask = category_masks_refresh(activity_ids=[instance.pk])[instance.pk]
        return
    activity_ids = pk_set if action != "post_clear" else getattr(instance, "_category_mask_activity_ids", [])
    category_masks_refresh(activity_ids=activity_ids)
