"""Public views of "Daftar sebagai Mitra": register, confirm the email, follow and change the application.

An applicant sees and changes only the OMS they registered; anything else is a 404.
"""
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import LoginView
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from wagtail.models import Locale

from .forms import OrganisationDetailsForm, RegistrationForm, ResendConfirmationForm
from .models import OrganisationPage
from .registration import RegistrationError, confirm, partner_index, register, resend_confirmation, update_application
from .tokens import email_confirmation, invitation, user_from_uid
from .verification import OPEN_STATUSES, history

AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"


@sensitive_post_parameters("password1", "password2")
def register_view(request):
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            register(form, language=get_language())
        except RegistrationError as error:
            form.add_error(error.field, error.message)
        else:
            # The same answer for a new account and for an address that already has one.
            request.session["partners_registered_email"] = form.cleaned_data["account_email"]
            return redirect("partners:registered")
    return TemplateResponse(request, "partners/registration/register.html", {
        "form": form, "index": partner_index(),
    }, status=400 if request.method == "POST" else 200)


def registered_view(request):
    form = ResendConfirmationForm(request.POST or None, initial={
        "email": request.session.get("partners_registered_email", "")})
    if request.method == "POST" and form.is_valid():
        resend_confirmation(form.cleaned_data["email"], language=get_language())
        # The same answer whether or not the address is known: no probing for accounts.
        messages.success(request, _("If that address is waiting for confirmation, we have sent the link again."))
        return redirect("partners:registered")
    return TemplateResponse(request, "partners/registration/registered.html", {
        "form": form, "email": request.session.get("partners_registered_email", ""),
    }, status=400 if request.method == "POST" else 200)


@never_cache
def confirm_view(request, uidb64, token):
    """GET shows a button, POST confirms: mail scanners that open links confirm nothing."""
    user = user_from_uid(uidb64)
    valid = user is not None and not user.is_active and email_confirmation.check_token(user, token)
    if not valid:
        return TemplateResponse(request, "partners/registration/confirm_invalid.html", {
            "form": ResendConfirmationForm()}, status=400 if request.method == "POST" else 200)
    if request.method == "POST":
        user, submitted = confirm(user)
        login(request, user, backend=AUTH_BACKEND)
        messages.success(request, _("Thank you, your email is confirmed. The provincial network will now check "
                                    "your organisation."))
        return redirect("partners:status")
    return TemplateResponse(request, "partners/registration/confirm.html", {"confirm_user": user})


class ApplicantLoginView(LoginView):
    template_name = "partners/registration/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("partners:status")


def _require_login(request):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('partners:login')}?next={request.path}")
    return None


@never_cache
def status_view(request):
    refused = _require_login(request)
    if refused:
        return refused
    organisations = (OrganisationPage.objects.filter(owner=request.user, locale=Locale.get_default())
                     .select_related("regency__province", "verified_by").order_by("-pk"))
    rows = [(page, history(page)) for page in organisations]
    return TemplateResponse(request, "partners/registration/status.html", {
        "rows": rows, "open_statuses": OPEN_STATUSES,
    })


@never_cache
def edit_application_view(request, pk):
    refused = _require_login(request)
    if refused:
        return refused
    page = get_object_or_404(OrganisationPage, pk=pk, owner=request.user)
    if page.verification_status not in OPEN_STATUSES:
        raise Http404
    form = OrganisationDetailsForm(request.POST or None, initial=OrganisationDetailsForm.initial_from(page),
                                   exclude_pk=page.pk)
    if request.method == "POST" and form.is_valid():
        try:
            page, resubmitted = update_application(page, form, request.user)
        except RegistrationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved. The provincial network has been told that you made the changes.")
                             if resubmitted else _("Saved."))
            return redirect("partners:status")
    return TemplateResponse(request, "partners/registration/edit.html", {
        "form": form, "organisation": page, "history": history(page),
    }, status=400 if request.method == "POST" else 200)


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def accept_invitation_view(request, uidb64, token):
    """An invited editor sets their password; the account becomes active."""
    user = user_from_uid(uidb64)
    if user is None or not invitation.check_token(user, token):
        return TemplateResponse(request, "partners/registration/invitation_invalid.html", {}, status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        user.is_active = True
        user.save()
        login(request, user, backend=AUTH_BACKEND)
        messages.success(request, _("Welcome! You can now edit your organisation's pages."))
        return redirect("wagtailadmin_home")
    return TemplateResponse(request, "partners/registration/accept_invitation.html", {
        "form": form, "invited_user": user,
    }, status=400 if request.method == "POST" else 200)
