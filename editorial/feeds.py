"""RSS and Atom feeds of the stories of change: all of them, one OMS's, one province's.

Each feed lists the live stories of the language of its address (/id/... or /en/...), newest first.
"""
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Locale

FEED_SIZE = 30


def _locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return Locale.get_default()


class StoryFeed(Feed):
    """Every live story in the current language."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, *args, **kwargs):
        return None

    def stories(self, obj):
        from stories.models import StoryPage

        return (StoryPage.objects.live().public().filter(locale=_locale())
                .select_related("regency__province", "organisation").prefetch_related("sdgs"))

    def items(self, obj):
        return self.stories(obj).order_by("-first_published_at", "-pk")[:FEED_SIZE]

    def title(self, obj):
        return _("Lokadaya: stories of change")

    def description(self, obj):
        return _("Stories of change from local initiatives across Indonesia.")

    def link(self, obj):
        from stories.models import StoryIndexPage

        index = StoryIndexPage.objects.live().filter(locale=_locale()).first()
        return index.get_url(None) if index else f"/{_locale().language_code}/"

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.search_description

    def item_link(self, item):
        return item.get_url(None)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.author or (item.organisation.title if item.organisation_id else None)

    def item_categories(self, item):
        places = [item.regency.name, item.regency.province.name] if item.regency_id else []
        return places + [str(sdg) for sdg in item.sdgs.all()]


class AtomStoryFeed(StoryFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class OrganisationStoryFeed(StoryFeed):
    """The stories of one OMS (by its slug)."""

    def get_object(self, request, slug):
        from partners.models import OrganisationPage

        return get_object_or_404(OrganisationPage.objects.live(), slug=slug, locale=Locale.get_default())

    def stories(self, obj):
        return super().stories(obj).filter(organisation=obj)

    def title(self, obj):
        return _("Stories of change from %(name)s") % {"name": obj.title}

    def description(self, obj):
        return obj.summary or self.title(obj)

    def link(self, obj):
        return obj.localized.get_url(None)


class AtomOrganisationStoryFeed(OrganisationStoryFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class ProvinceStoryFeed(StoryFeed):
    """The stories of one province (by its slug)."""

    def get_object(self, request, slug):
        from regions.models import Province

        return get_object_or_404(Province, slug=slug)

    def stories(self, obj):
        return super().stories(obj).filter(regency__province=obj)

    def title(self, obj):
        return _("Stories of change in %(name)s") % {"name": obj.name}

    def description(self, obj):
        return self.title(obj)

    def link(self, obj):
        return obj.get_absolute_url()


class AtomProvinceStoryFeed(ProvinceStoryFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
