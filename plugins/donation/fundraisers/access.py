"""Who may see and decide supporters' fundraisers in the admin (one place).

* The OMS of a campaign decides its fundraisers: the users who may edit the campaign's page
  (``campaigns.admin_views.editable_campaigns``, the records admin's rule; superusers: all).
* National staff (``dashboards.scope.is_national_staff``: national admins and finance) see and
  decide every fundraiser.
* Anyone else with admin access sees an empty list, and a 404 for one fundraiser they may not know.
* The public sees approved fundraisers only; the owner sees theirs by its signed link (``views``).
"""
from campaigns.admin_views import editable_campaigns

from .models import Fundraiser


def is_national(user):
    from dashboards.scope import is_national_staff

    return is_national_staff(user)


def manageable(user):
    """The fundraisers ``user`` may see and decide in the admin."""
    if not (user.is_active and user.is_authenticated):
        return Fundraiser.objects.none()
    if is_national(user):
        return Fundraiser.objects.all()
    return Fundraiser.objects.filter(campaign__in=editable_campaigns(user))


def may_use_admin(user):
    """Whether the menu entry shows: national staff and whoever edits some campaign."""
    if not (user.is_active and user.is_authenticated):
        return False
    return is_national(user) or editable_campaigns(user).exists()
