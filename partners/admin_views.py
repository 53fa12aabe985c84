"""Admin views: the moderators' verification queue, and an OMS's editors (list, invite, remove).

A moderator sees and decides only on OMS of the provinces they moderate; an OMS editor manages
only their own OMS's editors. Anything else is a 404 (the OMS's existence is not revealed).
"""
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import notify
from .access import access_for, accesses_of, editors_of, may_manage_editors
from .forms import InviteEditorForm, ReviewForm
from .models import OrganisationAccess, OrganisationPage
from .verification import VerificationError, history, is_moderator, request_changes, reject, reviewable, verify

STATUS_TABS = ("open", *OrganisationPage.Verification.values)


def review_list(request):
    if not is_moderator(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "open")
    if status not in STATUS_TABS:
        status = "open"
    qs = reviewable(request.user)
    if status == "open":
        qs = qs.filter(verification_status__in=(OrganisationPage.Verification.PENDING,
                                                OrganisationPage.Verification.CHANGES_REQUESTED))
    else:
        qs = qs.filter(verification_status=status)
    page = Paginator(qs.order_by("latest_revision_created_at", "pk"), 50).get_page(request.GET.get("p"))
    tabs = [("open", _("To decide"))] + list(OrganisationPage.Verification.choices)
    return TemplateResponse(request, "partners/admin/review_list.html", {
        "page_obj": page, "status": status, "tabs": tabs,
        "provinces": ", ".join(request.user.moderated_networks.values_list("province__name", flat=True)),
    })


def review(request, pk):
    if not is_moderator(request.user):
        raise PermissionDenied
    organisation = get_object_or_404(reviewable(request.user), pk=pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action, note = form.cleaned_data["action"], form.cleaned_data["note"]
        try:
            if action == "verify":
                verify(organisation, request.user, note)
                messages.success(request, _("%(name)s is verified and its profile is published.") % {
                    "name": organisation.title})
            elif action == "changes":
                request_changes(organisation, request.user, note)
                messages.success(request, _("%(name)s has been asked for changes.") % {"name": organisation.title})
            else:
                reject(organisation, request.user, note)
                messages.success(request, _("%(name)s has been rejected.") % {"name": organisation.title})
        except VerificationError as error:
            form.add_error(None, error.message)
        else:
            return redirect("partners_admin:review_list")
    return TemplateResponse(request, "partners/admin/review.html", {
        "organisation": organisation, "form": form, "history": history(organisation),
        "places": organisation.work_places(), "decidable": organisation.verification_status in (
            OrganisationPage.Verification.PENDING, OrganisationPage.Verification.CHANGES_REQUESTED),
        "may_ask_changes": organisation.verification_status == OrganisationPage.Verification.PENDING,
    }, status=400 if request.method == "POST" else 200)


# -- an OMS's editors ---------------------------------------------------------------------------


def my_organisations(request):
    """The OMS whose editor group the user is in (national admins: every verified OMS)."""
    if request.user.is_superuser:
        rows = list(OrganisationAccess.objects.select_related("organisation"))
    else:
        rows = list(accesses_of(request.user))
    if not rows and not request.user.is_superuser:
        raise PermissionDenied
    return TemplateResponse(request, "partners/admin/my_organisations.html", {
        "accesses": sorted(rows, key=lambda a: a.organisation.title.casefold()),
    })


def _managed(request, pk):
    organisation = get_object_or_404(OrganisationPage, pk=pk)
    if not may_manage_editors(request.user, organisation) or access_for(organisation) is None:
        raise Http404
    return organisation


def editors(request, pk):
    organisation = _managed(request, pk)
    form = InviteEditorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invite(organisation, form.cleaned_data["email"], form.cleaned_data["name"], request.user)
        messages.success(request, _("%(email)s has been invited to edit %(name)s.") % {
            "email": form.cleaned_data["email"], "name": organisation.title})
        return redirect("partners_admin:editors", pk=organisation.pk)
    return TemplateResponse(request, "partners/admin/editors.html", {
        "organisation": organisation, "editors": editors_of(organisation), "form": form,
    }, status=400 if request.method == "POST" else 200)


def invite(organisation, email, name, inviter):
    """Add the user with ``email`` to the OMS's editors, creating an inactive account if needed."""
    User = get_user_model()
    access = access_for(organisation)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        new_account = False
        if user is None:
            # get_or_create: two invitations of the same new address at once make one account.
            first, _sep, last = name.strip().partition(" ")
            user, new_account = User.objects.get_or_create(username=email, defaults={
                "email": email, "first_name": first[:150], "last_name": last[:150], "is_active": False,
                "password": make_password(None)})
        user.groups.add(access.group)
        notify.invited(user, organisation, inviter, new_account=new_account or not user.has_usable_password())
    return user


@require_POST
def remove_editor(request, pk, user_id):
    organisation = _managed(request, pk)
    access = access_for(organisation)
    user = get_object_or_404(access.group.user_set, pk=user_id)
    if access.group.user_set.count() <= 1:
        messages.error(request, _("An organisation keeps at least one editor: invite another before removing "
                                  "this one."))
    else:
        user.groups.remove(access.group)
        messages.success(request, _("%(user)s no longer edits %(name)s.") % {
            "user": user.get_full_name() or user.email, "name": organisation.title})
    return redirect("partners_admin:editors", pk=organisation.pk)
