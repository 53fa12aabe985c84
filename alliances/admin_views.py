"""The alliances' admin screens (/admin/aliansi/): my alliances, forming one, members and invitations.

Every view asks ``alliances.access`` first: an alliance the user may not manage, or an invitation
not addressed to their OMS, is a 404 that does not say whether it exists. Changes go through
``alliances.membership`` (one transaction, rows locked); its refusals come back as a 400 (or 429
for the daily limit) with the form as typed.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, membership
from .forms import AllianceForm, InviteForm, verified_organisations
from .models import AllianceMembership

Status = AllianceMembership.Status


def may_use(user):
    """The menu and list: editors of a verified OMS, and national admins."""
    from partners.verification import is_national

    return bool(user.is_authenticated and user.is_active
                and (is_national(user) or access.own_organisations(user).exists()))


def _require(user):
    if not may_use(user):
        raise PermissionDenied


def _national(user):
    from partners.verification import is_national

    return is_national(user)


def _count(status):
    # A subquery: editable_alliances already joins the memberships (a Count would reuse that join).
    rows = (AllianceMembership.objects.filter(alliance=OuterRef("pk"), status=status).order_by()
            .values("alliance").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def alliance_list(request):
    """My alliances (with their member counts) and the invitations waiting for my OMS."""
    _require(request.user)
    alliances = (access.editable_alliances(request.user)
                 .annotate(member_count=_count(Status.MEMBER), invited_count=_count(Status.INVITED))
                 .select_related("province", "regency").order_by("title"))
    return TemplateResponse(request, "alliances/admin/list.html", {
        "alliances": alliances, "invitation_count": access.invitations_for(request.user).count(),
    })


def alliance_create(request):
    """"Bentuk aliansi": a draft alliance page with the chosen OMS as lead; then its page editor."""
    _require(request.user)
    national = _national(request.user)
    organisations = verified_organisations() if national else access.own_organisations(request.user).order_by("title")
    form = AllianceForm(request.POST or None, organisations=organisations, national=national)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            page = membership.create_alliance(data["organisation"], request.user, title=data["title"],
                                              level=data["level"], policy_issue=data["policy_issue"],
                                              province=data["province"], regency=data["regency"],
                                              summary=data["summary"])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        except membership.MembershipError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Alliance “%(title)s” formed as a draft. Write its position statement, "
                                        "then publish it and invite other OMS.") % {"title": page.title})
            return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(request, "alliances/admin/form.html", {"form": form},
                            status=400 if form.errors else 200)


def _members_context(request, alliance, form):
    rows = list(alliance.memberships.select_related("organisation__regency__province", "invited_by", "responded_by"))
    own = set(access.own_organisations(request.user).values_list("pk", flat=True))
    national = _national(request.user)
    for row in rows:
        row.may_leave = row.status == Status.MEMBER and (national or row.organisation_id in own)
    from . import joint_views

    return {
        "alliance": alliance, "form": form,
        "members": [r for r in rows if r.status == Status.MEMBER],
        "invited": [r for r in rows if r.status == Status.INVITED],
        "former": [r for r in rows if r.status in (Status.DECLINED, Status.LEFT)],
        "has_joint_actions": bool(getattr(joint_views, "urlpatterns", [])),
        "edit_url": reverse("wagtailadmin_pages:edit", args=[alliance.pk]),
    }


def alliance_members(request, pk):
    """An alliance's members, open invitations and the form to invite another OMS."""
    alliance = access.alliance_or_404(request.user, pk)
    form = InviteForm(alliance=alliance)
    return TemplateResponse(request, "alliances/admin/members.html", _members_context(request, alliance, form))


@require_POST
def alliance_invite(request, pk):
    alliance = access.alliance_or_404(request.user, pk)
    form = InviteForm(request.POST, alliance=alliance)
    status = 400
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            membership.invite(alliance, organisation, request.user, form.cleaned_data["message"])
        except membership.MembershipError as error:
            form.add_error(None, error.message)
            status = error.status
        else:
            messages.success(request, _("Invitation sent to %(name)s; its editors have been emailed.")
                             % {"name": organisation.title})
            return redirect("alliances_admin:members", alliance.pk)
    return TemplateResponse(request, "alliances/admin/members.html", _members_context(request, alliance, form),
                            status=status)


@require_POST
def alliance_leave(request, pk, membership_pk):
    """A member OMS leaves (its own editors; national admins take any member out)."""
    alliance = access.alliance_or_404(request.user, pk)
    row = alliance.memberships.filter(pk=membership_pk, status=Status.MEMBER).first()
    if row is None or not membership.acts_for(request.user, row.organisation):
        raise Http404
    try:
        row = membership.leave(row, request.user)
    except membership.MembershipError as error:
        messages.error(request, error.message)
        return TemplateResponse(request, "alliances/admin/members.html",
                                _members_context(request, alliance, InviteForm(alliance=alliance)), status=error.status)
    text = _("%(name)s has left the alliance.") % {"name": row.organisation.title}
    if row.new_lead is not None:
        text += " " + _("%(name)s now leads it.") % {"name": row.new_lead.title}
    messages.success(request, text)
    if access.may_edit(request.user, alliance):
        return redirect("alliances_admin:members", alliance.pk)
    return redirect("alliances_admin:list")


def invitation_list(request):
    """The invitations waiting for my OMS, each with accept and decline."""
    _require(request.user)
    invitations = access.invitations_for(request.user).select_related(
        "alliance__province", "alliance__regency").order_by("-invited_at")
    rows = list(invitations)
    for row in rows:
        row.members = list(access.member_organisations(row.alliance).values_list("title", flat=True))
    return TemplateResponse(request, "alliances/admin/invitations.html", {"invitations": rows})


def _answer(request, pk, action, done_message):
    invitation = access.invitation_or_404(request.user, pk)
    try:
        invitation = action(invitation, request.user)
    except membership.MembershipError as error:
        messages.error(request, error.message)
        return redirect("alliances_admin:invitations")
    messages.success(request, done_message % {"title": invitation.alliance.title,
                                              "name": invitation.organisation.title})
    return invitation


@require_POST
def invitation_accept(request, pk):
    result = _answer(request, pk, membership.accept,
                     _("%(name)s is now a member of “%(title)s”: you can edit its page and invite others."))
    if isinstance(result, AllianceMembership):
        return redirect("alliances_admin:members", result.alliance_id)
    return result


@require_POST
def invitation_decline(request, pk):
    result = _answer(request, pk, membership.decline, _("You declined the invitation to “%(title)s”."))
    if isinstance(result, AllianceMembership):
        return redirect("alliances_admin:invitations")
    return result
