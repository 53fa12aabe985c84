"""Admin menu entries that would lead a non-superuser to a refusal (``tenancy.middleware``) are not shown."""
from wagtail import hooks

#: Menu names of the reports ``tenancy.middleware.SITE_WIDE_REPORTS`` keeps for superusers.
SITE_WIDE_REPORT_MENU_NAMES = {"page-types-usage", "site-history"}


@hooks.register("construct_reports_menu")
def hide_site_wide_reports(request, menu_items):
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name not in SITE_WIDE_REPORT_MENU_NAMES]
