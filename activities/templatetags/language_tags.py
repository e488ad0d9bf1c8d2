"""The header's language switch: a link to the same page in each language."""

from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def page_in_language(context, language: str) -> str:
    """The address of the page being shown, with its query, in ``language`` (its own URL prefix).

    A plain link rather than a form posted to ``set_language``: the address alone decides the language of a
    public page, and a page without a CSRF token is the same for every visitor, so it can be cached."""
    request = context.get("request")
    if request is None:
        return ""
    return translate_url(request.get_full_path(), language)
