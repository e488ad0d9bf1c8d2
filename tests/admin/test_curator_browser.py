"""A curator's day in real Chromium: filter the queue, approve, edit, reject,
sign off the pilot, keep a duplicate pair apart; the public page follows."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from playwright.sync_api import expect

from activities.models import Activity, ReviewDecision
from enrichment.gate import wave_gate_open
from enrichment.models import EnrichmentOverlay, PilotSignoff
from tests.admin.factories import DuplicateCandidateFactory, RunFactory, translated_activity

PASSWORD = "a-curator-password-for-tests"


@pytest.fixture
def library():
    curator = User.objects.create_user("ana", password=PASSWORD, is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    run = RunFactory()
    approve = translated_activity(run=run, name_ro="Drumul spre Ierusalim")
    edit = translated_activity(run=run, name_ro="Scaune cu muzică")
    reject = translated_activity(name_ro="Traducere greșită")
    done_before = translated_activity(state=EnrichmentOverlay.State.APPROVED, name_ro="Deja aprobat")
    return {
        "run": run,
        "approve": approve,
        "edit": edit,
        "reject": reject,
        "done_before": done_before,
        "pair": DuplicateCandidateFactory(),
    }


def admin_url(live_server, name, *args) -> str:
    return live_server.url + reverse(name, args=args)


def run_action(page, action: str, row_text: str) -> None:
    page.locator("#result_list tr", has_text=row_text).locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_curator_reviews_signs_off_and_decides_and_the_public_page_follows(live_server, page, library):
    page.goto(admin_url(live_server, "admin:login"))
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    # Filter the queue to unreviewed overlays: the already approved one drops out.
    page.goto(admin_url(live_server, "admin:enrichment_enrichmentoverlay_changelist"))
    page.click("#changelist-filter a[href$='?state__exact=unreviewed']")
    assert "state__exact=unreviewed" in page.url
    assert page.locator("#result_list").get_by_text("Deja aprobat").count() == 0

    run_action(page, "approve_selected", "Drumul spre Ierusalim")
    expect(page.locator(".messagelist .success")).to_have_count(1)

    edit_activity, edit_overlay = library["edit"]
    page.goto(admin_url(live_server, "admin:enrichment_enrichmentoverlay_change", edit_overlay.pk))
    assert page.locator("#review-grid .review-original").get_by_text(edit_activity.description).count() == 1
    page.fill("input[name=name_ro]", "Scaunele muzicale")
    page.click("input[name=_save]")
    page.wait_for_url("**/enrichmentoverlay/")

    _reject_activity, reject_overlay = library["reject"]
    page.goto(admin_url(live_server, "admin:enrichment_enrichmentoverlay_change", reject_overlay.pk))
    page.click("input[name=_reject]")
    expect(page.locator(".messagelist li")).to_have_count(1)

    page.goto(admin_url(live_server, "admin:enrichment_enrichmentrun_change", library["run"].pk))
    expect(page.locator("#pilot-signoff").get_by_text("Scaunele muzicale")).to_have_count(1)
    page.fill("#signoff-note", "Eșantionul e corect.")
    page.click("#signoff-form button[type=submit]")
    expect(page.locator("#pilot-signoff").get_by_text("Eșantionul e corect.")).to_have_count(1)

    page.goto(admin_url(live_server, "admin:activities_duplicatecandidate_changelist"))
    run_action(page, "mark_different_games", library["pair"].name_a)
    expect(page.locator(".messagelist .success")).to_have_count(1)

    states = dict(EnrichmentOverlay.objects.values_list("name_ro", "state"))
    assert states["Drumul spre Ierusalim"] == EnrichmentOverlay.State.APPROVED
    assert states["Scaunele muzicale"] == EnrichmentOverlay.State.EDITED
    assert states["Traducere greșită"] == EnrichmentOverlay.State.REJECTED
    assert PilotSignoff.objects.get().note == "Eșantionul e corect." and wave_gate_open()
    pair = library["pair"]
    assert ReviewDecision.objects.filter(
        key_a=pair.key_a, key_b=pair.key_b, decision=ReviewDecision.Decision.KEEP_APART, revoked_at=None
    ).exists()

    def public_heading(activity: Activity) -> str:
        page.goto(live_server.url + reverse("activities:detail", args=[activity.pk]))
        return page.locator("h1").inner_text()

    assert public_heading(library["approve"][0]) == "Drumul spre Ierusalim"
    assert public_heading(edit_activity) == "Scaunele muzicale"
    rejected_heading = public_heading(library["reject"][0])
    assert rejected_heading == library["reject"][0].name
    assert "Traducere greșită" not in page.content()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_screens_keep_their_styles_and_scripts_under_the_content_security_policy(live_server, page, library):
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security" in message.text else None)
    page.goto(admin_url(live_server, "admin:login"))
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    activity, overlay = library["approve"]
    page.goto(admin_url(live_server, "admin:enrichment_enrichmentoverlay_change", overlay.pk))
    assert page.locator("#review-grid").evaluate("node => getComputedStyle(node).display") == "grid"
    page.goto(admin_url(live_server, "admin:enrichment_enrichmentoverlay_changelist"))
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_contain_text(str(EnrichmentOverlay.objects.count()))
    page.goto(admin_url(live_server, "admin:activities_duplicatecandidate_change", library["pair"].pk))
    assert page.locator("#candidate-sides").evaluate("node => getComputedStyle(node).display") == "grid"
    page.goto(admin_url(live_server, "admin:activities_activity_correct_filters", activity.pk))
    assert (
        page.locator("#filter-corrections td").first.evaluate("node => getComputedStyle(node).verticalAlign") == "top"
    )
    assert violations == []
