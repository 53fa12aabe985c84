"""Template context every public page needs: the main navigation."""
from wagtail.models import Locale


def site_navigation(request):
    """Links to the section index pages of the current language (``lokadaya.lookups`` keeps them)."""
    if request.path.startswith(("/admin/", "/django-admin/")):
        return {}

    def build():
        from lokadaya.lookups import navigation

        try:
            locale = Locale.get_active()
        except Locale.DoesNotExist:
            return {}
        return navigation(request, locale)

    cache = {}

    def nav():
        if "value" not in cache:
            cache["value"] = build()
        return cache["value"]

    return {"nav_pages": nav}
