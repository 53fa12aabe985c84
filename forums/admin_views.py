"""/admin/forum/: the spaces a user moderates, their settings, bans and moderation log.

Invariants:
- Every view starts from ``forums.access.moderated_spaces(user)``: a space outside it is a 404,
  whatever the reason, and someone who moderates no space gets a 404 for the list too.
- Settings: every moderator of a space sets its description and whether the public may read it;
  only national staff rename a space and choose its extra moderators (who moderates is decided
  nationally, so a provincial moderator cannot hand the province's space to someone else).
  Each save writes a ``SETTINGS`` entry (what changed) to the log, in the same transaction.
- Bans are lifted through ``forums.moderation.unban`` (the row stays, ending now).
"""
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access, moderation
from .models import ModerationLog, SpaceBan
from .moderation_forms import LiftBanForm, SpaceSettingsForm


def _spaces(user):
    return access.moderated_spaces(user).select_related("network__province", "programme", "cohort__network")


def _space_or_404(user, pk):
    space = _spaces(user).filter(pk=pk).first()
    if space is None:
        raise Http404
    return space


def _national(user):
    from dashboards.scope import is_national_staff

    return is_national_staff(user)


def space_list(request):
    """The spaces the user moderates, with their threads, hidden things, open reports and bans."""
    from reports.models import Report

    spaces = _spaces(request.user)
    if not spaces.exists():
        raise Http404
    now = timezone.now()
    spaces = spaces.annotate(
        thread_count=Count("threads", filter=Q(threads__hidden=False), distinct=True),
        hidden_thread_count=Count("threads", filter=Q(threads__hidden=True), distinct=True),
    ).order_by("kind", "slug")
    rows = list(spaces)
    ids = [space.pk for space in rows]
    bans = dict(SpaceBan.objects.filter(space_id__in=ids).filter(Q(until__isnull=True) | Q(until__gt=now))
                .values_list("space_id").annotate(n=Count("pk")))
    reports = dict(Report.objects.filter(kind=Report.Kind.FORUM_POST, status=Report.Status.OPEN,
                                         post__thread__space_id__in=ids)
                   .values_list("post__thread__space_id").annotate(n=Count("pk")))
    for space in rows:
        space.active_bans, space.open_reports = bans.get(space.pk, 0), reports.get(space.pk, 0)
    return TemplateResponse(request, "forums/admin/list.html", {"spaces": rows})


def _changes(form):
    """The labels of the fields the settings form changed (for the log)."""
    labels = []
    for name in form.changed_data:
        field = form.fields.get(name)
        labels.append(str(field.label) if field is not None else name)
    return ", ".join(labels)


def space_settings(request, pk):
    space = _space_or_404(request.user, pk)
    national = _national(request.user)
    form = SpaceSettingsForm(request.POST or None, instance=space, national=national)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            space = form.save()
            if national:
                space.moderators.set(form.cleaned_data["extra_moderators"])
            if form.changed_data:
                ModerationLog.objects.create(space=space, action=ModerationLog.Action.SETTINGS, user=request.user,
                                             reason=_("Changed: %(fields)s") % {"fields": _changes(form)})
        messages.success(request, _("The settings of “%(space)s” are saved.") % {"space": space.display_name})
        return redirect("forums_admin:space", pk=space.pk)
    return TemplateResponse(request, "forums/admin/space.html", {
        "space": space, "form": form, "national": national,
        "log": ModerationLog.objects.filter(space=space).select_related("user", "member", "thread")[:10],
    }, status=400 if form.errors else 200)


def bans(request, pk):
    """The space's bans: active ones (with the form to lift each) and past ones."""
    space = _space_or_404(request.user, pk)
    form = LiftBanForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            ban = SpaceBan.objects.filter(space=space, pk=form.cleaned_data["ban"]).select_related("user").first()
            if ban is None:
                raise Http404
            try:
                moderation.unban(space, ban.user, request.user, form.cleaned_data["reason"])
            except moderation.ModerationError as error:
                if error.status == 404:
                    raise Http404 from error
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(request, _("The ban of %(member)s is lifted.") % {
                    "member": ban.user.get_full_name() or ban.user.get_username()})
                return redirect("forums_admin:bans", pk=space.pk)
    now = timezone.now()
    all_bans = SpaceBan.objects.filter(space=space).select_related("user", "banned_by").order_by("-created_at")
    active = Q(until__isnull=True) | Q(until__gt=now)
    return TemplateResponse(request, "forums/admin/bans.html", {
        "space": space, "form": form, "active": all_bans.filter(active), "past": all_bans.exclude(active)[:100],
    }, status=status)


def log(request, pk):
    """The space's moderation log, newest first."""
    space = _space_or_404(request.user, pk)
    entries = ModerationLog.objects.filter(space=space).select_related("user", "member", "thread", "post")
    action = request.GET.get("action", "")
    if action in ModerationLog.Action.values:
        entries = entries.filter(action=action)
    page_obj = Paginator(entries, 50).get_page(request.GET.get("p"))
    return TemplateResponse(request, "forums/admin/log.html", {
        "space": space, "page_obj": page_obj, "action": action, "actions": ModerationLog.Action.choices,
    })
