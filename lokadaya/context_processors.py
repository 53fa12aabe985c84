"""Template context every public page needs: the main navigation."""
from wagtail.models import Locale, Page


def site_navigation(request):
    """Links to the section index pages of the current language, found once per request."""
    if request.path.startswith(("/admin/", "/django-admin/")):
        return {}

    def build():
        from campaigns.models import CampaignIndexPage
        from partners.models import OrganisationIndexPage
        from stories.models import StoryIndexPage

        try:
            locale = Locale.get_active()
        except Locale.DoesNotExist:
            return {}
        found = {}
        for key, model in (("campaigns", CampaignIndexPage), ("partners", OrganisationIndexPage),
                           ("stories", StoryIndexPage)):
            page = model.objects.live().filter(locale=locale).only("url_path", "path", "depth").first()
            found[key] = page.url if page else None
        return found

    cache = {}

    def nav():
        if "value" not in cache:
            cache["value"] = build()
        return cache["value"]

    return {"nav_pages": nav}
