"""The planner's buttons: small GET forms that carry the whole plan, so they work without JavaScript."""

import html

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from activities.planner import Plan

register = template.Library()


def _plan_form(plan: Plan, text: str, label: str, attributes: str = "") -> str:
    inputs = "".join(
        f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
        for name, value in plan.form_fields()
    )
    action = html.escape(reverse("activities:plan"))
    return (
        f'<form class="plan-button" method="get" action="{action}"{attributes}>{inputs}'
        f'<button type="submit" class="button-secondary" aria-label="{html.escape(label)}">{html.escape(text)}</button>'
        "</form>"
    )


@register.simple_tag
def plan_button(plan: Plan, text: str, label: str) -> str:
    """A button that opens ``plan`` (a plan with a game moved, removed or added)."""
    return mark_safe(_plan_form(plan, text, label))


@register.simple_tag
def plan_add_button(plan: Plan | None, pk: int, name: str) -> str:
    """ "Add to plan" for game ``pk``; "In the plan" when it is there already.

    Without a known plan the button starts one with this game, and ``data-plan-add`` lets the page's script
    add it to the plan the browser remembers instead."""
    if plan is not None and pk in plan.games:
        in_plan = _("In the plan")
        return mark_safe(f'<span class="in-plan">{html.escape(in_plan)}</span>')
    known = "true" if plan is not None else "false"
    label = _("Add “%(name)s” to the plan") % {"name": name}
    attributes = f' data-plan-add="{pk}" data-plan-known="{known}"'
    return mark_safe(_plan_form((plan or Plan()).with_game(pk), _("Add to plan"), label, attributes))
