"""Admin (``/admin/izin-pub/``): OMS editors record their campaigns' permits; moderators verify them;
national staff set the policy (``kebijakan/``, in Settings).

Who may do what is ``permits.access``: anyone who is neither an OMS editor nor a moderator gets 403;
a permit or campaign they may not see is a 404.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access, service
from .forms import DecisionForm, PermitForm, PolicyForm
from .models import FundraisingPermit, PermitPolicy


def _require(request):
    if not access.may_use_admin(request.user):
        raise PermissionDenied


def _visible_permit(request, pk):
    permit = get_object_or_404(FundraisingPermit.objects.select_related(
        "campaign", "province", "regency", "submitted_by", "verified_by"), pk=pk)
    if not access.may_see(request.user, permit):
        raise Http404
    return permit


def permit_list(request):
    """The moderators' queue (waiting first) and the editor's campaigns' permits."""
    _require(request)
    user = request.user
    campaigns = access.editable_campaigns(user)
    return TemplateResponse(request, "permits/admin/list.html", {
        "queue": access.moderation_queue(user),
        "is_moderator": access.may_moderate_any(user),
        "own": list(access.recorded_permits(user)[:500]),
        "may_record": campaigns.exists(),
        "today": timezone.localdate(),
    })


def permit_add(request):
    """Record a permit for one of the editor's campaigns (``?campaign=<pk>`` preselects it)."""
    _require(request)
    campaigns = access.editable_campaigns(request.user)
    if not campaigns.exists():
        raise PermissionDenied
    initial = {}
    if request.GET.get("campaign", "").isdigit():
        initial["campaign"] = get_object_or_404(campaigns, pk=int(request.GET["campaign"]))
    form = PermitForm(request.POST or None, request.FILES or None, campaigns=campaigns, initial=initial)
    if request.method == "POST" and form.is_valid():
        permit = service.record(form, request.user)
        messages.success(request, _("The permit is recorded. The network's moderators will check it."))
        return redirect("permits_admin:detail", pk=permit.pk)
    return TemplateResponse(request, "permits/admin/form.html", {"form": form, "permit": None},
                            status=400 if request.method == "POST" else 200)


def permit_replace(request, pk):
    """The OMS corrects a rejected permit (new number, dates or document); it waits again."""
    _require(request)
    permit = _visible_permit(request, pk)
    if not access.may_record(request.user, permit.campaign):
        raise PermissionDenied
    if permit.status != FundraisingPermit.Status.REJECTED:
        messages.error(request, _("Only a rejected permit can be replaced."))
        return redirect("permits_admin:detail", pk=permit.pk)
    form = PermitForm(request.POST or None, request.FILES or None, instance=permit, replacing=True,
                      campaigns=access.editable_campaigns(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            service.replace(permit, form, request.user)
        except service.DecisionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The permit is sent again. The network's moderators will check it."))
            return redirect("permits_admin:detail", pk=permit.pk)
    return TemplateResponse(request, "permits/admin/form.html", {"form": form, "permit": permit},
                            status=400 if request.method == "POST" else 200)


def permit_detail(request, pk):
    """A permit, its document, and (for the moderators who may) the forms to verify or reject it."""
    _require(request)
    permit = _visible_permit(request, pk)
    may_verify = access.may_verify(request.user, permit)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not may_verify:
            raise PermissionDenied
        if form.is_valid():
            action = form.cleaned_data["action"]
            try:
                service.decide(permit, action, request.user, form.cleaned_data["reason"])
            except service.DecisionError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The permit is verified: it shows on the campaign page.")
                                 if action == DecisionForm.VERIFY else
                                 _("The permit is rejected; the organisation is told why by email."))
                return redirect("permits_admin:list")
    return TemplateResponse(request, "permits/admin/detail.html", {
        "permit": permit, "form": form, "may_verify": may_verify,
        "may_replace": (permit.status == FundraisingPermit.Status.REJECTED
                        and access.may_record(request.user, permit.campaign)),
    }, status=400 if request.method == "POST" else 200)


def policy(request):
    """National staff: when a missing permit stops a campaign's money."""
    if not access.may_edit_policy(request.user):
        raise PermissionDenied
    row = PermitPolicy.current()
    form = PolicyForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        service.change_policy(form, request.user)
        messages.success(request, _("The permit policy is saved."))
        return redirect("permits_admin:policy")
    return TemplateResponse(request, "permits/admin/policy.html", {"form": form, "policy": row},
                            status=400 if request.method == "POST" else 200)
