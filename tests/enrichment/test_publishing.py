"""Overlays published onto the Activity rows and the search index."""

from django.urls import reverse
from django.utils import translation

from activities import search, taxonomy
from activities.models import Activity, ActivitySource, Category
from activities.signals import library_published
from enrichment.models import EnrichmentOverlay, EstimateFill
from enrichment.publishing import overlay_publish, overlays_apply
from enrichment.review import overlay_approve

ESTIMATED = {
    "age_min": 6,
    "age_max": 12,
    "players_min": 8,
    "players_max": 30,
    "duration_min": None,
    "duration_max": 15,
    "indoor_outdoor": "indoor",
    "space": "small-room",
    "categories": ["party"],
}


def overlay_for(activity, **fields) -> EnrichmentOverlay:
    values = {
        "kind": EnrichmentOverlay.Kind.EN_TO_RO,
        "name_ro": "Ghicește petalele",
        "description_ro": "Toți scriu câte petale cred că are trandafirul.",
        "rules_ro": "Cine ghicește cel mai aproape primește un premiu.",
        "estimated": ESTIMATED,
        **fields,
    }
    return EnrichmentOverlay.objects.create(content_key=activity.content_key, **values)


def test_romanian_text_is_copied_onto_the_activity(library):
    activity = library[0]
    overlay_for(activity)
    overlay_publish(content_key=activity.content_key)
    activity.refresh_from_db()
    assert (activity.name_ro, activity.rules_ro) == (
        "Ghicește petalele",
        "Cine ghicește cel mai aproape primește un premiu.",
    )
    assert activity.display_name == "Ghicește petalele"


def test_estimates_fill_only_fields_the_source_leaves_empty(library):
    activity = library[1]  # the synthetic library states players_min=4 for it
    overlay_for(activity)
    overlay_publish(content_key=activity.content_key)
    activity.refresh_from_db()
    assert activity.players_min == 4
    assert (activity.age_min, activity.players_max, activity.indoor_outdoor) == (6, 30, "indoor")
    assert "players_min" not in activity.estimated_fields
    assert {"age_min", "age_max", "players_max", "duration_max", "indoor_outdoor", "space", "categories"} == set(
        activity.estimated_fields
    )
    assert list(activity.categories.values_list("code", flat=True)) == ["party"]
    assert activity.category_mask == taxonomy.category_mask(["party"])


def test_model_estimates_are_recorded_as_estimated_origins_and_in_the_mask(library):
    activity = library[1]
    overlay_for(activity)
    overlay_publish(content_key=activity.content_key)
    activity.refresh_from_db()
    assert activity.filter_origins["indoor_outdoor"]["origin"] == "estimated"
    assert activity.estimated_mask == taxonomy.field_mask(activity.estimated_fields)


def test_source_categories_are_not_replaced_by_estimated_ones(library):
    activity = library[0]
    activity.categories.set(Category.objects.filter(code="icebreaker"))
    overlay_for(activity)
    overlay_publish(content_key=activity.content_key)
    assert list(activity.categories.values_list("code", flat=True)) == ["icebreaker"]


def test_estimate_contradicting_a_stated_bound_is_dropped(library):
    activity = library[0]
    Activity.objects.filter(pk=activity.pk).update(age_min=14)
    overlay_for(activity)
    overlay_publish(content_key=activity.content_key)
    activity.refresh_from_db()
    assert (activity.age_min, activity.age_max) == (14, None)
    assert "age_max" not in activity.estimated_fields


def publish_then_reject(activity) -> None:
    """Publish an overlay of ``activity``, reject it and publish again; ``activity`` is read back."""
    overlay = overlay_for(activity)
    overlay_publish(content_key=activity.content_key)
    overlay.state = EnrichmentOverlay.State.REJECTED
    overlay.save()
    overlay_publish(content_key=activity.content_key)
    activity.refresh_from_db()


def test_rejecting_clears_the_text_and_the_estimates(library):
    activity = library[0]
    publish_then_reject(activity)
    assert (activity.name_ro, activity.description_ro) == ("", "")
    assert (activity.age_min, activity.indoor_outdoor, activity.estimated_fields) == (None, "", [])
    assert not activity.categories.exists()
    assert activity.category_mask == 0


def test_rejecting_keeps_a_value_the_extraction_estimated(library):
    activity = library[0]
    Activity.objects.filter(pk=activity.pk).update(age_min=8, estimated_fields=["age_min"])
    publish_then_reject(activity)
    assert (activity.age_min, activity.age_max, activity.estimated_fields) == (8, None, ["age_min"])


def test_the_fields_an_overlay_filled_are_recorded(library):
    activity = library[1]
    overlay_for(activity, estimated={"players_min": 2, "space": "open-field"})
    overlay_publish(content_key=activity.content_key)
    assert EstimateFill.objects.get(activity_key=activity.content_key).fields == ["space"]


def test_an_edit_replaces_the_earlier_estimates(library):
    activity = library[0]
    overlay = overlay_for(activity)
    overlay_publish(content_key=activity.content_key)
    overlay.estimated = {"indoor_outdoor": "outdoor"}
    overlay.state = EnrichmentOverlay.State.EDITED
    overlay.save()
    overlay_publish(content_key=activity.content_key)
    activity.refresh_from_db()
    assert (activity.indoor_outdoor, activity.age_min, activity.estimated_fields) == (
        "outdoor",
        None,
        ["indoor_outdoor"],
    )


def test_overlay_of_a_member_key_shows_on_the_merged_activity(library):
    merged, member = library[0], library[2]
    ActivitySource.objects.filter(activity=member).update(activity=merged)
    overlay = overlay_for(member)
    Activity.objects.filter(pk=member.pk).delete()
    overlay_publish(content_key=overlay.content_key)
    merged.refresh_from_db()
    assert merged.name_ro == "Ghicește petalele"


def test_published_overlay_is_found_by_search_in_romanian(library):
    activity = library[0]
    search.reindex()
    overlay_for(activity, name_ro="Ghicitoarea trandafirului")
    overlay_publish(content_key=activity.content_key)
    found = search.search(Activity.objects.all(), "trandafirului")
    assert list(found.values_list("pk", flat=True)) == [activity.pk]


def test_library_published_signal_applies_overlays(library):
    activity = library[0]
    overlay_for(activity)
    answers = library_published.send(sender=Activity, activity_ids=[a.pk for a in library])
    activity.refresh_from_db()
    assert activity.name_ro == "Ghicește petalele"
    assert {"overlays_shown": 1} in [answer for _, answer in answers]


def test_published_overlay_shows_in_the_public_listing_and_its_search(library, client):
    activity = library[0]
    search.reindex()
    overlay_for(activity, name_ro="Ghicitoarea trandafirului")
    overlay_publish(content_key=activity.content_key)
    listing = client.get(reverse("activities:list"))
    assert "Ghicitoarea trandafirului" in listing.content.decode()
    found = client.get(reverse("activities:list"), {"q": "trandafirului"}).content.decode()
    assert reverse("activities:detail", args=[activity.pk]) in found
    assert "Ghicitoarea" in found


def test_rejected_overlay_is_not_shown_in_the_listing(library, client):
    activity = library[0]
    overlay_for(activity, name_ro="Ghicitoarea trandafirului", state=EnrichmentOverlay.State.REJECTED)
    overlay_publish(content_key=activity.content_key)
    assert "Ghicitoarea trandafirului" not in client.get(reverse("activities:list")).content.decode()


def _approved_against_the_current_original(activity, django_user_model) -> EnrichmentOverlay:
    curator = django_user_model.objects.create_user("reviewer")
    return overlay_approve(overlay=overlay_for(activity, estimated={}), user=curator)


def test_an_approved_translation_goes_back_to_review_when_its_original_changes(library, django_user_model):
    activity = library[0]
    overlay = _approved_against_the_current_original(activity, django_user_model)
    Activity.objects.filter(pk=activity.pk).update(rules="The child who guesses nearest wins a rose.")
    overlays_apply(activity_ids=[activity.pk])
    overlay.refresh_from_db()
    activity.refresh_from_db()
    assert overlay.state == EnrichmentOverlay.State.NEEDS_REVIEW
    assert overlay.history.first().history_change_reason == "original changed"
    assert (activity.name_ro, activity.translation_stale) == ("", True)


def test_an_unchanged_original_keeps_the_approved_translation_shown(library, django_user_model):
    activity = library[0]
    overlay = _approved_against_the_current_original(activity, django_user_model)
    overlays_apply(activity_ids=[activity.pk])
    overlay.refresh_from_db()
    activity.refresh_from_db()
    assert overlay.state == EnrichmentOverlay.State.APPROVED
    assert (activity.name_ro, activity.translation_stale) == ("Ghicește petalele", False)


def test_approving_again_shows_the_translation_and_clears_the_note(library, django_user_model, client):
    activity = library[0]
    overlay = _approved_against_the_current_original(activity, django_user_model)
    Activity.objects.filter(pk=activity.pk).update(rules="The child who guesses nearest wins a rose.")
    overlays_apply(activity_ids=[activity.pk])
    with translation.override("en"):
        page = client.get(reverse("activities:detail", args=[activity.pk])).text
    assert "The original changed after it was translated" in page
    overlay.refresh_from_db()
    overlay_approve(overlay=overlay, user=django_user_model.objects.get(username="reviewer"))
    activity.refresh_from_db()
    assert (activity.name_ro, activity.translation_stale) == ("Ghicește petalele", False)
