"""`{{ department|named }}`: a department's, position's or campaign's name in the page's
language (talent/languages.py), marked with the language it is written in when it fell
back to the other one, so a screen reader reads "Investment" on a Chinese page as
English. For text in the page's body; titles, options and attributes cannot hold markup
and use `display_name`."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from ..languages import is_chinese

register = template.Library()


@register.filter
def named(thing):
    if thing is None or thing == "":
        return ""
    page = get_language()
    name, written_in = thing.name_and_language_in(page)
    if written_in and is_chinese(written_in) != is_chinese(page):
        return format_html('<span lang="{}">{}</span>', written_in, name)
    return name
