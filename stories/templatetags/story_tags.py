"""Stories on other pages: a campaign's "kabar terbaru" and an OMS's stories.

Relations point at the Indonesian (source) pages; the stories shown are those of the language
being read.
"""
from urllib.parse import urlencode

from django import template
from django.db.models import Q
from wagtail.models import Locale

register = template.Library()

UPDATES_SHOWN = 6
#: What the campaign page's timeline (``campaigns/includes/updates_timeline.html``) shows of a story,
#: and what its URL needs.
TIMELINE_FIELDS = ("title", "slug", "url_path", "path", "depth", "locale", "live", "translation_key", "content_type",
                   "date", "summary", "hero_image", "first_published_at")


def _locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return Locale.get_default()


def _source(page):
    from stories.forms import source_of

    return source_of(page)


def _live_stories():
    from stories.models import StoryPage

    return (StoryPage.objects.live().public().filter(locale=_locale())
            .select_related("regency", "hero_image").order_by("-date", "-first_published_at"))


@register.inclusion_tag("stories/includes/campaign_updates.html")
def campaign_updates(campaign):
    """A campaign's stories, newest first: its updates, as cards."""
    # One row per story without DISTINCT: a story names a campaign once.
    return _updates(campaign, _live_stories().filter(campaigns=_source(campaign)))


def timeline_updates(campaign):
    """``campaign_updates`` for the campaign page's timeline (``updates_timeline.html``), reading only
    what it shows: a story's body is the largest column of its page and was the slowest part."""
    stories = _live_stories().filter(campaigns=_source(campaign))
    return _updates(campaign, stories.select_related(None).select_related("hero_image").only(*TIMELINE_FIELDS))


def _updates(campaign, stories):
    from stories.models import StoryIndexPage

    updates = list(stories[:UPDATES_SHOWN + 1])
    more_url = None
    if len(updates) > UPDATES_SHOWN:
        updates = updates[:UPDATES_SHOWN]
        organisation = campaign.organisation
        index = StoryIndexPage.objects.live().filter(locale=_locale()).first()
        if index is not None and organisation is not None:
            more_url = f"{index.url}?{urlencode({'oms': _source(organisation).slug})}"
    return {"updates": updates, "more_url": more_url}


@register.simple_tag
def organisation_stories(organisation):
    """The stories of an OMS: those under its profile and those about it elsewhere (the story index)."""
    source = _source(organisation)
    return _live_stories().filter(Q(organisation=source) | Q(path__startswith=organisation.path)).distinct()


@register.simple_tag
def source_page(page):
    """``page`` in the default language (feeds and filters name OMS by their Indonesian slug)."""
    return _source(page)
