"""Verification of an OMS by the moderators of its provincial network.

A moderator acts only on OMS whose kabupaten/kota lies in a province they moderate; national
admins (superusers, or holders of ``partners.verify_any_organisation``) act anywhere. Each step
locks the OMS row, so two moderators deciding at once cannot both act.
"""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Locale

from . import notify
from .access import grant_editor_access
from .models import OrganisationPage, VerificationEvent

Status = OrganisationPage.Verification
OPEN_STATUSES = (Status.PENDING, Status.CHANGES_REQUESTED)


class VerificationError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def is_national(user):
    return user.is_active and (user.is_superuser or user.has_perm("partners.verify_any_organisation"))


def moderated_provinces(user):
    from regions.models import Province

    if not user.is_authenticated or not user.is_active:
        return Province.objects.none()
    if is_national(user):
        return Province.objects.all()
    return Province.objects.filter(network__moderators=user)


def may_moderate(user, organisation):
    if not user.is_authenticated or not user.is_active:
        return False
    if is_national(user):
        return True
    from network.models import ProvincialNetwork

    return ProvincialNetwork.objects.filter(province__regencies=organisation.regency_id, moderators=user).exists()


def is_moderator(user):
    return user.is_authenticated and user.is_active and (is_national(user) or user.moderated_networks.exists())


def reviewable(user):
    """The source-language OMS in the provinces ``user`` moderates (every status)."""
    return (OrganisationPage.objects.filter(locale=Locale.get_default(),
                                            regency__province__in=moderated_provinces(user))
            .select_related("regency__province", "owner", "verified_by"))


def queue(user):
    return reviewable(user).filter(verification_status__in=OPEN_STATUSES)


def _locked(organisation, allowed):
    page = OrganisationPage.objects.select_for_update().get(pk=organisation.pk)
    if page.verification_status not in allowed:
        raise VerificationError(_("This organisation is “%(status)s”: that decision is no longer possible.") % {
            "status": page.get_verification_status_display()})
    return page


def _network(page):
    return getattr(page.regency.province, "network", None)


def _sync_translations(page):
    """Translations share the verification state (synchronised, never translated)."""
    OrganisationPage.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk).update(
        verification_status=page.verification_status, is_verified=page.is_verified,
        verified_at=page.verified_at, verified_by=page.verified_by)


def _first_editor(page):
    """The applicant who registered the OMS joins its editors (not a national admin who made the page)."""
    owner = page.owner
    return [owner] if owner is not None and not owner.is_superuser and not owner.is_staff else []


def request_changes(organisation, user, note):
    with transaction.atomic():
        page = _locked(organisation, (Status.PENDING,))
        page.verification_status = Status.CHANGES_REQUESTED
        page.save(update_fields=["verification_status"])
        _sync_translations(page)
        event = VerificationEvent.objects.create(organisation=page, action=VerificationEvent.Action.CHANGES_REQUESTED,
                                                 actor=user, network=_network(page), note=note.strip())
        notify.organisation_told(page, event)
    return page


def reject(organisation, user, reason):
    with transaction.atomic():
        page = _locked(organisation, OPEN_STATUSES)
        page.verification_status = Status.REJECTED
        page.save(update_fields=["verification_status"])
        _sync_translations(page)
        if page.live:
            # An OMS page a national admin had published before its verification: no longer public.
            UnpublishPageAction(page, user=user, include_descendants=True).execute(skip_permission_checks=True)
        event = VerificationEvent.objects.create(organisation=page, action=VerificationEvent.Action.REJECTED,
                                                 actor=user, network=_network(page), note=reason.strip())
        notify.organisation_told(page, event)
    return page


def verify(organisation, user, note=""):
    """Verify, publish the profile and give the OMS its editor group and collection."""
    with transaction.atomic():
        page = _locked(organisation, OPEN_STATUSES)
        page.verification_status = Status.VERIFIED
        page.verified_at = timezone.now()
        page.verified_by = _network(page)
        page.save(update_fields=["verification_status", "verified_at", "verified_by"])
        _sync_translations(page)
        if not page.live:
            # The moderator has no page permission: the verification itself is the permission to publish.
            revision = page.latest_revision or page.save_revision(user=user)
            revision.publish(user=user, skip_permission_checks=True)
            page.refresh_from_db()
        access = grant_editor_access(page, editors=_first_editor(page))
        event = VerificationEvent.objects.create(organisation=page, action=VerificationEvent.Action.VERIFIED,
                                                 actor=user, network=page.verified_by, note=(note or "").strip())
        notify.organisation_told(page, event)
    return page, access


def mark_verified(organisation, network=None, when=None):
    """For OMS already public and trusted (the demo, imports): record who verified them, grant access."""
    with transaction.atomic():
        page = OrganisationPage.objects.select_for_update().get(pk=organisation.pk)
        page.verification_status = Status.VERIFIED
        page.verified_at = page.verified_at or when or timezone.now()
        page.verified_by = page.verified_by or network or _network(page)
        page.save(update_fields=["verification_status", "verified_at", "verified_by"])
        _sync_translations(page)
        access = grant_editor_access(page, editors=_first_editor(page))
    return page, access


def history(organisation):
    return (VerificationEvent.objects.filter(organisation=organisation)
            .select_related("actor", "network").order_by("created_at", "pk"))
