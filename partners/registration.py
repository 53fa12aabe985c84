"""Registration of an OMS: a pending (unpublished) profile and its first editor's inactive account.

The account becomes active when its email is confirmed by link; the OMS then waits for its
provincial network's moderators. Registrations run one at a time (the Mitra index row is locked),
so two identical registrations sent together cannot both pass the duplicate check.
"""
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from . import notify
from .models import OrganisationIndexPage, OrganisationPage, VerificationEvent

SLUG_MAX = 80


class RegistrationError(Exception):
    """A registration refused after the form was valid (e.g. a duplicate sent at the same moment)."""

    def __init__(self, message, field=None):
        super().__init__(str(message))
        self.message = message
        self.field = field


def partner_index():
    return OrganisationIndexPage.objects.filter(locale=Locale.get_default()).first()


def unique_slug(parent, name):
    base = slugify(name)[:SLUG_MAX].strip("-") or "oms"
    taken = set(Page.objects.child_of(parent).filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def register(form, language=None):
    """Create the pending OMS and the inactive account from a valid ``RegistrationForm``.

    Returns ``(page, user)``, or ``(None, None)`` when an account already has the email address:
    then nothing is created and that account's owner is told by email, so that the visitor sees
    the same "check your email" answer whether or not the address is known (no probing for accounts).
    """
    from .forms import similar_organisations

    index = partner_index()
    if index is None:
        raise RegistrationError(_("Registration is not open yet: the partner index does not exist."))
    data = form.cleaned_data
    User = get_user_model()
    with transaction.atomic():
        Page.objects.select_for_update().filter(pk=index.pk).first()  # one registration at a time
        if similar_organisations(data["name"], data["legal_name"], data["legal_registration_number"]):
            raise RegistrationError(_("An organisation with this name or registration number is already "
                                      "registered on Lokadaya."), field="name")
        existing = (User.objects.filter(email__iexact=data["account_email"]).first()
                    or User.objects.filter(username__iexact=data["account_email"]).first())
        if existing is not None:
            notify.account_exists(existing, data["account_email"], language)
            return None, None
        first, _sep, last = data["full_name"].strip().partition(" ")
        user = User(username=data["account_email"], email=data["account_email"], first_name=first[:150],
                    last_name=last[:150], is_active=False)
        user.set_password(data["password1"])
        user.save()
        page = OrganisationPage(slug=unique_slug(index, data["name"]), live=False, owner=user,
                                verification_status=OrganisationPage.Verification.UNCONFIRMED)
        form.apply(page)
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=False)
        VerificationEvent.objects.create(organisation=page, action=VerificationEvent.Action.REGISTERED,
                                         actor=user)
        notify.confirm_email(user, page, language)
    return page, user


def confirm(user):
    """Activate ``user`` and submit their unconfirmed OMS for verification. Returns those OMS."""
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        user.is_active = True
        user.save(update_fields=["is_active"])
        submitted = []
        for page in OrganisationPage.objects.select_for_update().filter(
                owner=user, verification_status=OrganisationPage.Verification.UNCONFIRMED):
            page.verification_status = OrganisationPage.Verification.PENDING
            page.save(update_fields=["verification_status"])
            VerificationEvent.objects.create(organisation=page, action=VerificationEvent.Action.SUBMITTED,
                                             actor=user)
            notify.moderators_told(page)
            submitted.append(page)
    return user, submitted


def resend_confirmation(email, language=None):
    """Send the confirmation link again to an unconfirmed applicant; silent otherwise (no account probing)."""
    user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=False).first()
    if user is None:
        return False
    page = OrganisationPage.objects.filter(owner=user,
                                           verification_status=OrganisationPage.Verification.UNCONFIRMED).first()
    if page is None:
        return False
    with transaction.atomic():
        notify.confirm_email(user, page, language)
    return True


def update_application(page, form, user):
    """The applicant changes their pending OMS; after a request for changes this resubmits it."""
    with transaction.atomic():
        page = OrganisationPage.objects.select_for_update().get(pk=page.pk)
        if page.verification_status not in (OrganisationPage.Verification.PENDING,
                                             OrganisationPage.Verification.CHANGES_REQUESTED):
            raise RegistrationError(_("This application can no longer be changed here."))
        resubmit = page.verification_status == OrganisationPage.Verification.CHANGES_REQUESTED
        form.apply(page)
        if resubmit:
            page.verification_status = OrganisationPage.Verification.PENDING
        page.save()
        page.save_revision(user=user, log_action=False)
        if resubmit:
            VerificationEvent.objects.create(organisation=page, action=VerificationEvent.Action.RESUBMITTED,
                                             actor=user)
            notify.moderators_told(page, resubmitted=True)
    return page, resubmit
