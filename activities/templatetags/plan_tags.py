"""The "Add to plan" link of the listing and the detail page."""

import html

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from activities.planner import Plan

register = template.Library()


@register.simple_tag
def plan_add_link(plan: Plan | None, pk: int, name: str) -> str:
    """A link to the plan with game ``pk`` added; "In the plan" when it is there already.

    Without a known plan the link starts one with this game, and ``data-plan-add`` lets the page's script add
    it to the plan the browser remembers instead."""
    if plan is not None and pk in plan.games:
        in_plan = _("In the plan")
        return mark_safe(f'<span class="in-plan">{html.escape(in_plan)}</span>')
    query = (plan or Plan()).with_game(pk).query()
    known = "true" if plan is not None else "false"
    label = _("Add “%(name)s” to the plan") % {"name": name}
    text = _("Add to plan")
    return mark_safe(
        f'<a class="add-to-plan button-secondary" href="{html.escape(reverse("activities:plan"))}?{html.escape(query)}"'
        f' data-plan-add="{pk}" data-plan-known="{known}" aria-label="{html.escape(label)}">'
        f"{html.escape(text)}</a>"
    )
