"""Verification, set-up and the account page of two-step verification.

Enforcement lives in :mod:`twofactor.middleware`; these views only let the user pass the step.
``setup`` refuses a user who already has a device and has not verified in this session, so a stolen
password alone can never add an attacker's authenticator.
"""
from base64 import b32encode

import segno
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.auth import require_admin_access

from . import policy
from .forms import CodeForm, ManageForm, SetupCodeForm


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return reverse("wagtailadmin_home")


def _verified(request, device):
    """Mark this session verified with ``device``; a fresh session key, as at any change of privilege."""
    request.session.cycle_key()
    otp_login(request, device)


def _guarded(view):
    """Admin users only, never cached, the code kept out of error reports."""
    return require_admin_access(never_cache(sensitive_post_parameters("code")(
        require_http_methods(["GET", "POST"])(view))))


@_guarded
def verify(request):
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return HttpResponseRedirect(next_url)
    if not policy.has_device(user):
        if policy.is_required(user):
            return redirect(f"{reverse('twofactor:setup')}?{request.GET.urlencode()}")
        return HttpResponseRedirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = policy.check_code(request, user, form.cleaned_data["code"])
        except policy.CodeRefused as refusal:
            form.add_error("code", str(refusal))
        else:
            _verified(request, device)
            if device.__class__ is not TOTPDevice:
                messages.warning(request, _("Backup code used. %(count)s backup codes left.")
                                 % {"count": policy.backup_codes_left(user)})
            return HttpResponseRedirect(next_url)
    return TemplateResponse(request, "twofactor/verify.html", {"form": form, "next": next_url})


@_guarded
@sensitive_variables("device", "secret")
def setup(request):
    user = request.user
    next_url = _next_url(request)
    if policy.has_device(user):
        if not user.is_verified():
            return redirect(f"{reverse('twofactor:verify')}?{request.GET.urlencode()}")
        messages.info(request, _("Two-step verification is already on."))
        return redirect("twofactor:account")
    # One pending device per user, so a reload shows the same secret as the app already scanned.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            policy.check_code(request, user, form.cleaned_data["code"], devices=[device])
        except policy.CodeRefused as refusal:
            form.add_error("code", str(refusal))
        else:
            device.refresh_from_db()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            codes = policy.new_backup_codes(user)
            _verified(request, device)
            policy.logger.info("two-step verification set up: user=%s (#%s)", user.get_username(), user.pk)
            return TemplateResponse(request, "twofactor/backup_codes.html",
                                    {"codes": codes, "next": next_url, "first_time": True})
    secret = b32encode(device.bin_key).decode()
    return TemplateResponse(request, "twofactor/setup.html", {
        "form": form,
        "next": next_url,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=5, border=2),
        "secret_groups": [secret[i:i + 4] for i in range(0, len(secret), 4)],
        "required": policy.is_required(user),
    })


@_guarded
def account(request):
    """Status, new backup codes, replacing the authenticator, turning it off (when not required)."""
    user = request.user
    required = policy.is_required(user)
    form = ManageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"]
        if action == ManageForm.DISABLE and required:
            form.add_error(None, _("Two-step verification is required for your role and cannot be turned off."))
        else:
            try:
                policy.check_code(request, user, form.cleaned_data["code"])
            except policy.CodeRefused as refusal:
                form.add_error("code", str(refusal))
            else:
                if action == ManageForm.REGENERATE:
                    return TemplateResponse(request, "twofactor/backup_codes.html", {
                        "codes": policy.new_backup_codes(user), "next": reverse("twofactor:account")})
                policy.remove_devices(user)
                request.session.pop(DEVICE_ID_SESSION_KEY, None)
                if action == ManageForm.REPLACE:
                    return redirect("twofactor:setup")
                messages.success(request, _("Two-step verification is off."))
                return redirect("twofactor:account")
    totp = policy.totp_device(user)
    return TemplateResponse(request, "twofactor/account.html", {
        "form": form,
        "enabled": policy.has_device(user),
        "totp": totp,
        "required": required,
        "backup_codes_left": policy.backup_codes_left(user),
    }, status=400 if form.errors else 200)
