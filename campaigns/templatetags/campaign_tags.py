"""Small helpers of the campaign page's templates."""
import datetime

from django import template
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext

register = template.Library()


@register.filter
def ago(value):
    """ "2 minutes ago": how long ago ``value`` was, said as a time in the past (``timesince`` alone
    reads "2 minutes", which is not)."""
    if not value:
        return ""
    if timezone.now() - value < datetime.timedelta(minutes=1):
        return gettext("just now")  # not "0 minutes ago"
    return gettext("%(time)s ago") % {"time": timesince(value)}


@register.inclusion_tag("campaigns/includes/updates_timeline.html")
def campaign_timeline(campaign):
    """A campaign's updates (its stories, newest first) as a timeline: the stories app chooses them."""
    from stories.templatetags.story_tags import timeline_updates

    # Stories point at the source page; handing it over when it is known saves looking it up again.
    return timeline_updates(campaign.__dict__.get("source", campaign))
