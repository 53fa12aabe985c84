"""``{% load privacy_retention %}{% retention_policy %}``: the retention policy in one line, for the
OMS's screens (the records list, the dashboard), with when the job last ran and the privacy notice.

Costs no query once warm: the settings and the last run are read from the shared cache.
"""
from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


def notice_url():
    """The privacy notice's address, or None while that page is not installed."""
    try:
        return reverse("privacy:notice")
    except NoReverseMatch:
        return None


@register.inclusion_tag("privacy/retention/policy_line.html")
def retention_policy():
    from ..models import PrivacySettings
    from ..retention.service import last_run_time

    policy = PrivacySettings.current()
    return {"months": policy.pledge_retention_months, "years": policy.money_retention_years,
            "last_run": last_run_time(), "notice_url": notice_url()}
