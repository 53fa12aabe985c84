"""Who sees which dashboard and report: the one rule every dashboard view and report applies.

Invariants:
- **An OMS's figures** (its dashboard, its full quarterly report) are seen by its own editors (the
  OMS's editor group, ``partners.OrganisationAccess``), the moderators of its province and national
  staff; nobody else. Anyone else asking gets a 404 that does not reveal whether the OMS exists.
- **A province's figures** are seen by the moderators of its network and national staff.
- **The national figures** are seen by national staff only: superusers, holders of
  ``partners.verify_any_organisation`` (national admins) and the national finance group.
- The decision reads only the user's groups, networks and permissions and the OMS's province, never
  the figures themselves; every dashboard URL goes through ``organisation_or_404``,
  ``province_or_404`` or ``require_national``, so a new dashboard view gets the same gate by using them.
- OMS are always their default-language (source) pages: figures and records point there.
"""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail.models import Locale



def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def is_national_staff(user):
    """National admins and national finance: they see every dashboard."""
    from partners.verification import is_national
    from twofactor.policy import FINANCE_GROUP  # the group finance's migration 0002 creates

    if not _active(user):
        return False
    return is_national(user) or user.groups.filter(name=FINANCE_GROUP).exists()


def visible_provinces(user):
    """The provinces whose dashboard ``user`` may open: all for national staff, else those they moderate."""
    from regions.models import Province

    if not _active(user):
        return Province.objects.none()
    if is_national_staff(user):
        return Province.objects.all()
    return Province.objects.filter(network__moderators=user)


def own_organisations(user):
    """The source-language OMS whose editor group ``user`` belongs to (their own OMS)."""
    from partners.models import OrganisationPage

    if not _active(user):
        return OrganisationPage.objects.none()
    return OrganisationPage.objects.filter(locale=Locale.get_default(), access__group__user=user).distinct()


def visible_organisations(user):
    """The source-language OMS whose figures ``user`` may see (see the module's invariants)."""
    from django.db.models import Q

    from partners.models import OrganisationPage

    if not _active(user):
        return OrganisationPage.objects.none()
    source = OrganisationPage.objects.filter(locale=Locale.get_default())
    if is_national_staff(user):
        return source
    return source.filter(Q(access__group__user=user) | Q(regency__province__network__moderators=user)).distinct()


def organisation_or_404(user, pk):
    """The OMS ``pk`` (source page) if ``user`` may see its figures; a 404 otherwise, whatever the reason."""
    organisation = visible_organisations(user).select_related("regency__province").filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


def province_or_404(user, code):
    """The province ``code`` if ``user`` may see its dashboard; a 404 otherwise."""
    province = visible_provinces(user).filter(code=code).first()
    if province is None:
        raise Http404
    return province


def require_national(user):
    """Refuse (403) anyone but national staff."""
    if not is_national_staff(user):
        raise PermissionDenied
