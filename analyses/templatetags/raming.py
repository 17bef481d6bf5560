"""The gap of a behoefteraming in words, as a filter: a page shows thousands of them, and a
filter costs a fraction of an {% include %}."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def tekort(waarde):
    """Positive is a shortage, negative a surplus, None an unknown supply. The words say it;
    the colour only repeats it."""
    if waarde is None:
        return format_html('<span class="raming-onbekend">{}</span>', _("onbekend"))
    if waarde > 0:
        soort, badge, woord = "raming-tekort", "text-bg-danger", _("tekort")
    elif waarde < 0:
        soort, badge, woord = "raming-overschot", "text-bg-success", _("overschot")
    else:
        return format_html(
            '<span>0 <span class="badge text-bg-secondary">{}</span></span>', _("in evenwicht")
        )
    return format_html(
        '<span class="{}">{} <span class="badge {}">{}</span></span>',
        soort,
        floatformat(abs(waarde), "1g"),
        badge,
        woord,
    )
