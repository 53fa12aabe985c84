"""The cohorts' admin screens (/admin/kohort/): list, create/edit, progress, drill-down, message, delete.

Every view asks ``cohorts.scope`` first: a cohort outside the user's scope is a 404, whatever the
reason. Changes to members and courses go through ``cohorts.membership`` (one transaction, locked).
A cohort's discussions are its forum space, moderated in the forums (``forums.access``); the detail
screen links to it.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import membership, progress, scope
from .forms import CohortForm, MessageForm
from .messaging import send_message
from .models import Cohort


def _require_manager(user):
    if not scope.may_manage_any(user):
        raise PermissionDenied


def cohort_list(request):
    """The cohorts the user manages."""
    _require_manager(request.user)
    cohorts = (scope.managed_cohorts(request.user).select_related("network__province", "programme")
               .prefetch_related("courses").order_by("-start_date", "title"))
    return TemplateResponse(request, "cohorts/admin/list.html", {"cohorts": cohorts})


def _save(request, form, cohort=None):
    """Save the form's cohort, courses and members in one transaction; the cohort."""
    with transaction.atomic():
        created = cohort is None
        cohort = form.save(commit=False)
        if created:
            cohort.created_by = request.user
        cohort.save()
        membership.set_courses(cohort, list(form.cleaned_data["courses"]))
        chosen = list(form.cleaned_data["organisations"])
        current = {m.organisation_id: m.organisation for m in cohort.members.select_related("organisation")}
        membership.remove_members(cohort, [o for pk, o in current.items() if pk not in {c.pk for c in chosen}])
        membership.add_members(cohort, [o for o in chosen if o.pk not in current], by=request.user)
    return cohort


def cohort_create(request):
    _require_manager(request.user)
    form = CohortForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        cohort = _save(request, form)
        messages.success(request, _("Cohort “%(title)s” created; its OMS' learners are enrolled.")
                         % {"title": cohort.title})
        return redirect("cohorts_admin:detail", pk=cohort.pk)
    return TemplateResponse(request, "cohorts/admin/form.html", {"form": form, "cohort": None},
                            status=400 if form.errors else 200)


def cohort_edit(request, pk):
    cohort = scope.managed_cohort_or_404(request.user, pk)
    form = CohortForm(request.POST or None, instance=cohort, user=request.user)
    if request.method == "POST" and form.is_valid():
        _save(request, form, cohort)
        messages.success(request, _("Cohort “%(title)s” saved.") % {"title": cohort.title})
        return redirect("cohorts_admin:detail", pk=cohort.pk)
    return TemplateResponse(request, "cohorts/admin/form.html", {"form": form, "cohort": cohort},
                            status=400 if form.errors else 200)


def cohort_detail(request, pk):
    """The cohort's progress: one row per member OMS, and the totals."""
    cohort = scope.managed_cohort_or_404(request.user, pk)
    members = [m.organisation for m in cohort.members.select_related("organisation__regency")]
    rows, total = progress.organisation_rows(cohort, members)
    return TemplateResponse(request, "cohorts/admin/detail.html", {
        "cohort": cohort, "rows": rows, "total": total, "courses": list(cohort.courses.all()),
        "sent": cohort.messages.select_related("sent_by")[:10],
        "space": _space(cohort),
    })


def _space(cohort):
    from forums.spaces import space_for_cohort

    return space_for_cohort(cohort)


def organisation_detail(request, pk, oms_pk):
    """One member OMS's learners and their progress: names, for the cohort's managers only."""
    cohort = scope.managed_cohort_or_404(request.user, pk)
    member = cohort.members.select_related("organisation").filter(organisation_id=oms_pk).first()
    if member is None:
        raise Http404
    return TemplateResponse(request, "cohorts/admin/organisation.html", {
        "cohort": cohort, "organisation": member.organisation, "courses": list(cohort.courses.all()),
        "learners": progress.learner_rows(cohort, member.organisation),
    })


def cohort_message(request, pk):
    """Write to every learner of the cohort (saved, then emailed by the task worker)."""
    cohort = scope.managed_cohort_or_404(request.user, pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        send_message(cohort, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"],
                     by=request.user)
        messages.success(request, _("Message saved; its emails are on their way to the cohort's learners."))
        return redirect("cohorts_admin:detail", pk=cohort.pk)
    return TemplateResponse(request, "cohorts/admin/message.html", {
        "cohort": cohort, "form": form, "recipient_count": len(_recipients(cohort)),
    }, status=400 if form.errors else 200)


def _recipients(cohort):
    from .messaging import recipients

    return list(recipients(cohort).values_list("pk", flat=True))


def cohort_delete(request, pk):
    """Delete a cohort (its forum space, threads and messages go with it; learners keep their enrolments)."""
    cohort = scope.managed_cohort_or_404(request.user, pk)
    if request.method == "POST":
        title = cohort.title
        Cohort.objects.filter(pk=cohort.pk).delete()
        messages.success(request, _("Cohort “%(title)s” deleted.") % {"title": title})
        return redirect("cohorts_admin:list")
    return TemplateResponse(request, "cohorts/admin/delete.html", {"cohort": cohort})
