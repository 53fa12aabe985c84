"""OMS invite people to learn under their name: invite by email, revoke, accept through a signed link.

Invariants:
- **Tenancy**: only the editors of a verified OMS (its editor group, source-language page) list,
  send and revoke its invitations. Everyone else, national staff included, gets a 404 that does not
  reveal whether the OMS or the invitation exists (``organisation_or_404``); an invitation is always
  looked up within its OMS.
- **Limits**: at most ``LEARNING_INVITATIONS_PER_DAY`` (default 20) invitations per OMS in any 24
  hours. The count and the new row happen under a row lock on the OMS, so simultaneous sends cannot
  pass the limit together. One pending invitation per OMS and address at a time.
- **Links**: the email carries ``signing.dumps(pk, salt=SALT)``. A link is accepted once, while the
  invitation is pending: not accepted, not revoked, younger than ``VALID_DAYS``. Accepting locks the
  invitation row, so a double click or two tabs create one ``LearnerMembership`` (also unique per
  OMS and user); every other state answers a translated explanation, never an error page.
- **Accounts**: accepting needs an account. Someone without one signs up on the accept page with the
  invited address (it cannot be changed there: the link proves they read that mailbox).
- Emails go through the task worker (``campaigns.notifications.send_templated_email``) after commit.
"""
import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, password_validation
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem

from lokadaya.site_url import absolute_url
from privacy.accesslog import screens as access_log

from .models import LearnerInvitation, LearnerMembership

SALT = "learning.invitation"
#: Days an invitation link stays valid.
VALID_DAYS = 14
DEFAULT_PER_DAY = 20
AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"


class InvitationError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def per_day():
    return int(getattr(settings, "LEARNING_INVITATIONS_PER_DAY", DEFAULT_PER_DAY))


# -- who manages what ------------------------------------------------------------------------------


def managed_organisations(user):
    """The verified source-language OMS whose invitations ``user`` manages (their editor groups')."""
    from dashboards.scope import own_organisations

    return own_organisations(user).filter(is_verified=True)


def organisation_or_404(user, pk):
    organisation = managed_organisations(user).filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


# -- states and links ------------------------------------------------------------------------------

PENDING, ACCEPTED, REVOKED, EXPIRED = "pending", "accepted", "revoked", "expired"


def state(invitation, now=None):
    if invitation.accepted_at:
        return ACCEPTED
    if invitation.revoked_at:
        return REVOKED
    if invitation.created_at <= (now or timezone.now()) - datetime.timedelta(days=VALID_DAYS):
        return EXPIRED
    return PENDING


def token_for(invitation):
    return signing.dumps(invitation.pk, salt=SALT)


def invitation_from_token(token):
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return LearnerInvitation.objects.select_related("organisation").filter(pk=pk).first()


def accept_url(invitation, language=None):
    with translation.override(language or settings.LANGUAGE_CODE):
        return absolute_url(reverse("learning:accept_invitation", kwargs={"token": token_for(invitation)}))


# -- actions ---------------------------------------------------------------------------------------


def _pending(queryset, now):
    return queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True,
                           created_at__gt=now - datetime.timedelta(days=VALID_DAYS))


def invite(organisation, *, email, name="", invited_by, language=None):
    """Create an invitation and email its link (after commit); ``InvitationError`` says why not."""
    from campaigns.notifications import send_templated_email
    from partners.models import OrganisationPage

    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        # Serialises the OMS's sends: the day's count and the new row are one step.
        OrganisationPage.objects.select_for_update(of=("self",)).filter(pk=organisation.pk).first()
        sent = LearnerInvitation.objects.filter(organisation=organisation,
                                                created_at__gt=now - datetime.timedelta(days=1)).count()
        if sent >= per_day():
            raise InvitationError(_("Your organisation has sent %(limit)d invitations in the last 24 hours, the "
                                    "most allowed. Please send this one tomorrow.") % {"limit": per_day()})
        if LearnerMembership.objects.filter(organisation=organisation, user__email__iexact=email).exists() \
                or organisation.access.group.user_set.filter(email__iexact=email).exists():
            raise InvitationError(_("%(email)s already learns with your organisation.") % {"email": email})
        if _pending(LearnerInvitation.objects.filter(organisation=organisation, email__iexact=email), now).exists():
            raise InvitationError(_("%(email)s already has an invitation waiting. Revoke it first to send a new "
                                    "one.") % {"email": email})
        invitation = LearnerInvitation.objects.create(organisation=organisation, email=email, name=name.strip(),
                                                      invited_by=invited_by)
        language = language or get_language() or settings.LANGUAGE_CODE
        context = {
            "organisation_name": organisation.title, "name": invitation.name, "valid_days": VALID_DAYS,
            "inviter": (invited_by.get_full_name() or invited_by.email or invited_by.get_username()),
            "url": accept_url(invitation, language),
        }
        transaction.on_commit(lambda: send_templated_email(
            email, "learning/invitations/email/invitation", context, language=language))
    return invitation


def revoke(invitation):
    """Revoke a pending invitation (its link stops working); False if it is not pending any more."""
    with transaction.atomic():
        locked = LearnerInvitation.objects.select_for_update().get(pk=invitation.pk)
        if state(locked) != PENDING:
            return False
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    return True


def accept(invitation, user):
    """Make ``user`` a learner of the invitation's OMS; ``InvitationError`` if the link is not pending."""
    with transaction.atomic():
        locked = LearnerInvitation.objects.select_for_update().get(pk=invitation.pk)
        current = state(locked)
        if current != PENDING:
            raise InvitationError(STATE_MESSAGES[current])
        membership, _created = LearnerMembership.objects.get_or_create(
            organisation_id=locked.organisation_id, user=user, defaults={"invited_by_id": locked.invited_by_id})
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
    return membership


STATE_MESSAGES = {
    ACCEPTED: gettext_lazy("This invitation was already used. If it was you, sign in and open “My learning”."),
    REVOKED: gettext_lazy("This invitation was withdrawn by the organisation. Ask them to invite you again if "
                          "you still want to learn with them."),
    EXPIRED: gettext_lazy("This invitation has expired. Ask the organisation to invite you again."),
}


# -- forms -----------------------------------------------------------------------------------------


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email"),
                             error_messages={"required": gettext_lazy("Give the email address to invite."),
                                             "invalid": gettext_lazy("Give a valid email address.")})
    name = forms.CharField(label=gettext_lazy("Name (optional)"), max_length=150, required=False)


class SignUpForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your full name"), max_length=150,
                           error_messages={"required": gettext_lazy("Give your name, as it will appear on your "
                                                                    "certificates.")})
    password1 = forms.CharField(label=gettext_lazy("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=gettext_lazy("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give your name, as it will appear on your certificates."))
        return name

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            user = get_user_model()(username=self.email, email=self.email, first_name=data.get("name", ""))
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


# -- admin views (/admin/belajar/undangan/) --------------------------------------------------------


class InvitationsMenuItem(MenuItem):
    def is_shown(self, request):
        return managed_organisations(request.user).exists()


def index(request):
    """The OMS whose invitations the user manages: straight to the only one, else a list."""
    organisations = list(managed_organisations(request.user).order_by("title"))
    if not organisations:
        raise Http404
    if len(organisations) == 1:
        return redirect("learning_invitations:organisation", organisation_pk=organisations[0].pk)
    return TemplateResponse(request, "learning/invitations/index.html", {"organisations": organisations})


def organisation_view(request, organisation_pk):
    """An OMS's invitations and learners, and the form to invite someone."""
    organisation = organisation_or_404(request.user, organisation_pk)
    form = InviteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                invitation = invite(organisation, email=form.cleaned_data["email"], name=form.cleaned_data["name"],
                                    invited_by=request.user, language=get_language())
            except InvitationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The invitation is on its way to %(email)s.") % {
                    "email": invitation.email})
                return redirect("learning_invitations:organisation", organisation_pk=organisation.pk)
        status = 400
    now = timezone.now()
    invitations = [(invitation, state(invitation, now)) for invitation in
                   LearnerInvitation.objects.filter(organisation=organisation).select_related("accepted_by")[:200]]
    learners = LearnerMembership.objects.filter(organisation=organisation).select_related("user").order_by("-created_at")
    access_log.learner_invitations(request, organisation, len(invitations))
    return TemplateResponse(request, "learning/invitations/organisation.html", {
        "organisation": organisation, "form": form, "invitations": invitations, "learners": learners,
        "per_day": per_day(), "valid_days": VALID_DAYS,
    }, status=status)


@require_POST
def revoke_view(request, organisation_pk, pk):
    organisation = organisation_or_404(request.user, organisation_pk)
    invitation = LearnerInvitation.objects.filter(organisation=organisation, pk=pk).first()
    if invitation is None:
        raise Http404
    if revoke(invitation):
        messages.success(request, _("The invitation to %(email)s is revoked: its link no longer works.") % {
            "email": invitation.email})
    else:
        messages.error(request, _("That invitation was already used, revoked or expired."))
    return redirect("learning_invitations:organisation", organisation_pk=organisation.pk)


# -- the public accept page (/<lang>/belajar-saya/undangan/<token>/) -------------------------------


@never_cache
@sensitive_post_parameters("password1", "password2")
def accept_view(request, token):
    invitation = invitation_from_token(token)
    if invitation is None:
        return TemplateResponse(request, "learning/invitations/invalid.html", {
            "message": _("This link does not work. Check that you opened the whole link from the email.")},
            status=400)
    current = state(invitation)
    if current != PENDING:
        return TemplateResponse(request, "learning/invitations/invalid.html", {
            "message": STATE_MESSAGES[current]}, status=410)
    organisation = invitation.organisation
    context = {"invitation": invitation, "organisation": organisation, "login_url": (
        f"{reverse('partners:login')}?next={request.path}")}
    User = get_user_model()
    if request.user.is_authenticated:
        if request.method == "POST":
            return _accepted(request, invitation, request.user)
        return TemplateResponse(request, "learning/invitations/accept.html", context)
    if User.objects.filter(email__iexact=invitation.email).exists() \
            or User.objects.filter(username__iexact=invitation.email).exists():
        # Their account exists: they sign in, and come back here to accept.
        return TemplateResponse(request, "learning/invitations/accept.html", {**context, "has_account": True})
    form = SignUpForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = User.objects.create_user(invitation.email, email=invitation.email,
                                                password=form.cleaned_data["password1"],
                                                first_name=form.cleaned_data["name"][:150])
        except IntegrityError:  # the same address signed up a moment ago (another tab)
            return TemplateResponse(request, "learning/invitations/accept.html", {**context, "has_account": True},
                                    status=400)
        login(request, user, backend=AUTH_BACKEND)
        return _accepted(request, invitation, user)
    return TemplateResponse(request, "learning/invitations/accept.html", {**context, "form": form},
                            status=400 if request.method == "POST" else 200)


def _accepted(request, invitation, user):
    try:
        accept(invitation, user)
    except InvitationError as error:
        return TemplateResponse(request, "learning/invitations/invalid.html", {"message": error.message}, status=410)
    messages.success(request, _("Welcome! You now learn with %(organisation)s: choose a course to begin.") % {
        "organisation": invitation.organisation.title})
    return redirect("learning:my_learning")


admin_urlpatterns = [
    path("", index, name="index"),
    path("<int:organisation_pk>/", organisation_view, name="organisation"),
    path("<int:organisation_pk>/<int:pk>/cabut/", revoke_view, name="revoke"),
]
public_urlpatterns = [
    path("undangan/<str:token>/", accept_view, name="accept_invitation"),
]
