"""Admin (``/admin/laporan/``): the reports of one's provinces, and freezing, clearing or closing a campaign.

National admins see every report; a provincial moderator sees their provinces' only. Anyone else
(OMS editors, communications staff) gets 403. A report or campaign outside the moderator's
provinces is a 404, so its existence is not revealed. Reports of forum posts are also listed to the
moderators of the post's space, who may hide the post from here (``moderation.hide_reported_post``).
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _, gettext_lazy
from wagtail.models import Locale

from campaigns.models import CampaignPage
from privacy.accesslog import screens as access_log

from .forms import DecisionForm, HandledForm, HidePostForm
from .models import CampaignStanding, ModerationAction, Report
from .moderation import (TRANSITIONS, ModerationError, decide, hide_reported_post, mark_handled,
                         may_moderate_campaign, may_see_reports, visible_reports)
from .support import support_verdict

STATUS_TABS = ("open", "handled", "all")
VERBS = {
    ModerationAction.Action.FREEZE: gettext_lazy("Freeze"),
    ModerationAction.Action.CLEAR: gettext_lazy("Clear"),
    ModerationAction.Action.CLOSE: gettext_lazy("Close"),
}
DONE = {
    ModerationAction.Action.FREEZE: gettext_lazy(
        "The campaign is frozen: it takes no support and shows “Under review”."),
    ModerationAction.Action.CLEAR: gettext_lazy("The campaign is cleared and back to normal."),
    ModerationAction.Action.CLOSE: gettext_lazy("The campaign is closed with your public note."),
}


def _require(request):
    if not may_see_reports(request.user):
        raise PermissionDenied


def _hide_post(request, reports):
    """The "hide the post" form of a forum post's report: a redirect, or the 400 answer with the error."""
    from forums.moderation import ModerationError as ForumModerationError

    form = HidePostForm(request.POST)
    report = None
    if form.is_valid():
        report = get_object_or_404(reports.filter(kind=Report.Kind.FORUM_POST, post__isnull=False),
                                   pk=form.cleaned_data["report"])
        try:
            hide_reported_post(report, request.user, form.cleaned_data["reason"])
        except ForumModerationError as error:
            if error.status == 404:
                raise Http404 from error
            form.add_error("reason", error.message)
        else:
            messages.success(request, _("The post is hidden and its reports are marked as handled."))
            return redirect(request.get_full_path())
    return form, report


def report_list(request):
    _require(request)
    reports = visible_reports(request.user)
    form = HandledForm(request.POST or None)
    hide_form, hide_report = None, None
    if request.method == "POST" and request.POST.get("action") == "hide_post":
        answer = _hide_post(request, reports)
        if not isinstance(answer, tuple):
            return answer
        hide_form, hide_report = answer
        messages.error(request, _("The post could not be hidden: %(errors)s") % {
            "errors": " ".join(str(e) for errors in hide_form.errors.values() for e in errors)})
    elif request.method == "POST":
        if form.is_valid():
            report = get_object_or_404(reports, pk=form.cleaned_data["report"])
            mark_handled(report, request.user, form.cleaned_data["note"].strip())
            messages.success(request, _("The report is marked as handled."))
            return redirect(request.get_full_path())
        messages.error(request, _("That report could not be marked as handled."))
    status = request.GET.get("status", "open")
    if status not in STATUS_TABS:
        status = "open"
    if status != "all":
        reports = reports.filter(status=status)
    page_obj = Paginator(reports, 50).get_page(request.GET.get("p"))
    access_log.reports_list(request, page_obj, status)
    # Campaigns under review that this user may decide on (few rows: only those not normal).
    under_review = [standing for standing in
                    CampaignStanding.objects.exclude(state=CampaignStanding.State.NORMAL).select_related("campaign")
                    if may_moderate_campaign(request.user, standing.campaign)]
    return TemplateResponse(request, "reports/admin/list.html", {
        "page_obj": page_obj, "status": status, "under_review": under_review,
        "tabs": [("open", _("Open")), ("handled", _("Handled")), ("all", _("All"))],
        "hide_form": hide_form, "hide_report": hide_report,
    }, status=400 if hide_form is not None else 200)


def campaign(request, pk):
    """A campaign's standing, its reports and its history; the forms to freeze, clear or close it."""
    _require(request)
    page = get_object_or_404(CampaignPage.objects.filter(locale=Locale.get_default()), pk=pk)
    if not may_moderate_campaign(request.user, page):
        raise Http404
    status = 200
    form = DecisionForm(request.POST or None, prefix="decision")
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            report = (Report.objects.filter(pk=data["report"], page_id=page.pk).first()
                      if data.get("report") else None)
            try:
                decide(page, data["action"], request.user, data["reason"], data["public_note"], report=report)
            except ModerationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, DONE[data["action"]])
                return redirect("reports_admin:campaign", pk=page.pk)
        status = 400
    standing = CampaignStanding.objects.filter(campaign=page).first()
    state = standing.state if standing else CampaignStanding.State.NORMAL
    possible = [action for action, (starts, _target, _log) in TRANSITIONS.items() if state in starts]
    return TemplateResponse(request, "reports/admin/campaign.html", {
        "campaign": page, "standing": standing, "state": state,
        "state_label": CampaignStanding.State(state).label,
        "verdict": support_verdict(page, standing=standing),
        "form": form, "possible": [(action, VERBS[action]) for action in possible],
        "reports": Report.objects.filter(page_id=page.pk).select_related("handled_by")[:100],
        "history": ModerationAction.objects.filter(campaign=page).select_related("user")[:100],
    }, status=status)
