"""Small helpers of the campaign page's templates."""
from django import template
from django.utils import timezone
from django.utils.html import avoid_wrapping, escape
from django.utils.safestring import mark_safe
from django.utils.timesince import TIME_STRINGS
from django.utils.translation import gettext

register = template.Library()


#: The units "… ago" is said in, largest first, as lokadaya.js says them on the visitor's clock
#: (a month is 30 days there too): one unit, "3 days ago", not Django's "3 days, 2 hours".
_AGO_UNITS = (("year", 365 * 86400), ("month", 30 * 86400), ("week", 7 * 86400), ("day", 86400),
              ("hour", 3600), ("minute", 60))


@register.filter
def ago(value):
    """ "2 minutes ago": how long ago ``value`` was, in its largest whole unit, said as a time in the
    past (``timesince`` alone reads "2 minutes", which is not)."""
    if not value:
        return ""
    seconds = (timezone.now() - value).total_seconds()
    if seconds < 60:
        return gettext("just now")  # not "0 minutes ago"
    for unit, size in _AGO_UNITS:
        if seconds >= size:
            break
    # Django's own unit strings ("%(num)d minute" / "minutes"), so its catalogues translate them.
    amount = avoid_wrapping(TIME_STRINGS[unit] % {"num": int(seconds // size)})
    return gettext("%(time)s ago") % {"time": amount}


@register.simple_tag
def ago_time(value, css_class="small"):
    """``<time datetime="…" data-ago>2 minutes ago</time>``: the moment for machines and for
    lokadaya.js, which keeps the words true on the visitor's clock. One tag per entry of a wall,
    where a ``date`` and an ``ago`` filter cost twice."""
    if not value:
        return ""
    # isoformat() is digits, dashes, colons, a dot and a plus: nothing to escape.
    return mark_safe(f'<time class="{escape(css_class)}" datetime="{value.isoformat()}" data-ago>'
                     f'{escape(ago(value))}</time>')


@register.inclusion_tag("campaigns/includes/updates_timeline.html")
def campaign_timeline(campaign):
    """A campaign's updates (its stories, newest first) as a timeline: the stories app chooses them."""
    from stories.templatetags.story_tags import timeline_updates

    # Stories point at the source page; handing it over when it is known saves looking it up again.
    return timeline_updates(campaign.__dict__.get("source", campaign))
