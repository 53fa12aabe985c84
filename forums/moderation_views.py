"""The public moderation tools under /<lang>/forum/: report a post; hide, lock, pin, move, ban for moderators.

- ``report_post``: anyone who may read the post (anonymous visitors of public spaces too) except its
  author; the form is reports' own, the limits ("report" group), honeypot and captcha are
  ``throttle``'s middleware's. The report goes to the space's moderators (``reports.moderation``).
- The other views are for the space's moderators only (``forums.access.may_moderate``); anyone else,
  signed in or not, gets a 404. The decisions are ``forums.moderation``'s, which checks again.
- A refused or incomplete form is shown again with what was typed and the status of the refusal (400,
  or 409 when the thing is already in that state).
"""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language, gettext as _, gettext_lazy
from django.views.decorators.cache import never_cache

from . import access, moderation
from .models import Post, Thread
from .moderation_forms import THREAD_ACTIONS, BanForm, MoveForm, PostModerationForm, ThreadModerationForm

SPACE_RELATED = ("space__network__province", "space__programme", "space__cohort__network__province")


def _post_or_404(user, pk):
    """The post ``pk`` if ``user`` may read it (hidden ones: its space's moderators only)."""
    post = (Post.objects.select_related("author", *(f"thread__{name}" for name in SPACE_RELATED))
            .filter(pk=pk).first())
    if post is None or not access.may_read(user, post.thread.space):
        raise Http404
    if (post.hidden or post.thread.hidden) and not access.may_moderate(user, post.thread.space):
        raise Http404
    return post


def _moderated_post_or_404(user, pk):
    post = _post_or_404(user, pk)
    if not access.may_moderate(user, post.thread.space):
        raise Http404
    return post


def _moderated_thread_or_404(user, pk):
    thread = Thread.objects.select_related("author", "moved_from", *SPACE_RELATED).filter(pk=pk).first()
    if thread is None or not access.may_moderate(user, thread.space):
        raise Http404
    return thread


def _decide(form, decision):
    """Run ``decision()``; a refusal becomes the form's error (or a 404). The status to answer with."""
    try:
        decision()
    except moderation.ModerationError as error:
        if error.status == 404:
            raise Http404 from error
        form.add_error(None, error.message)
        return error.status
    return None


# -- reports --------------------------------------------------------------------------------------


@never_cache
def report_post(request, pk):
    """The "Laporkan" form of a post: reason and detail (and an email for anonymous readers)."""
    from reports.forms import ReportForm
    from reports.moderation import file_post_report

    post = _post_or_404(request.user, pk)
    thread, space = post.thread, post.thread.space
    own = request.user.is_authenticated and post.author_id == request.user.pk
    signed_in = request.user.is_authenticated
    context = {"post": post, "thread": thread, "space": space, "own": own, "sent": request.GET.get("sent") == "1"}
    form = ReportForm(request.POST or None)
    if signed_in:
        del form.fields["email"]  # the account's address is used
    context["form"] = form
    if request.method == "POST":
        if own:
            form.add_error(None, _("You wrote this post: edit it instead of reporting it."))
        elif form.is_valid():
            data = form.cleaned_data
            email = request.user.email if signed_in else data.get("email", "")
            file_post_report(post, data["reason"], data["detail"], email, get_language())
            return redirect(f"{request.path}?sent=1")
        return TemplateResponse(request, "forums/moderation/report_form.html", context, status=400)
    return TemplateResponse(request, "forums/moderation/report_form.html", context)


# -- posts ----------------------------------------------------------------------------------------


def _back_to(post):
    return redirect(post.get_absolute_url())


@never_cache
def moderate_post(request, pk):
    """Hide a post (with a reason) or show it again. GET: the confirmation form."""
    post = _moderated_post_or_404(request.user, pk)
    is_opening = post.pk == post.thread.opening_post_id()
    hidden = post.hidden or (is_opening and post.thread.hidden)
    initial_action = "show" if hidden else "hide"
    form = PostModerationForm(request.POST or None, initial={"action": request.GET.get("action") or initial_action})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
            decide = moderation.hide_post if action == "hide" else moderation.show_post
            status = _decide(form, lambda: decide(post, request.user, reason))
            if status is None:
                if is_opening:
                    messages.success(request, _("The thread is hidden from the members.") if action == "hide"
                                     else _("The thread is shown again."))
                else:
                    messages.success(request, _("The post is hidden from the members.") if action == "hide"
                                     else _("The post is shown again."))
                return _back_to(post)
    action = form.data.get("action") if form.is_bound else form.initial["action"]
    return TemplateResponse(request, "forums/moderation/post.html", {
        "post": post, "thread": post.thread, "space": post.thread.space, "form": form,
        "action": "show" if action == "show" else "hide", "is_opening": is_opening,
    }, status=status)


# -- threads --------------------------------------------------------------------------------------

DONE = {
    "lock": gettext_lazy("Thread locked: no more replies."),
    "unlock": gettext_lazy("Thread open to replies again."),
    "pin": gettext_lazy("Thread pinned at the top of the space."),
    "unpin": gettext_lazy("Thread no longer pinned."),
    "hide": gettext_lazy("The thread is hidden from the members."),
    "show": gettext_lazy("The thread is shown again."),
}


@never_cache
def moderate_thread(request, pk):
    """Lock/unlock, pin/unpin, hide/show a thread. GET: the confirmation form (``?action=``)."""
    thread = _moderated_thread_or_404(request.user, pk)
    requested = request.GET.get("action") if request.GET.get("action") in THREAD_ACTIONS else "lock"
    form = ThreadModerationForm(request.POST or None, initial={"action": requested})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            action = form.cleaned_data["action"]
            status = _decide(form, lambda: moderation.set_thread_state(
                thread, request.user, THREAD_ACTIONS[action], form.cleaned_data["reason"]))
            if status is None:
                messages.success(request, DONE[action])
                return redirect(thread.get_absolute_url())
    action = form.data.get("action") if form.is_bound else requested
    return TemplateResponse(request, "forums/moderation/thread.html", {
        "thread": thread, "space": thread.space, "form": form,
        "action": action if action in THREAD_ACTIONS else "lock",
    }, status=status)


@never_cache
def move_thread(request, pk):
    """Move a thread to another space the moderator moderates."""
    thread = _moderated_thread_or_404(request.user, pk)
    spaces = (access.moderated_spaces(request.user).exclude(pk=thread.space_id)
              .select_related("network__province", "programme", "cohort"))
    form = MoveForm(request.POST or None, spaces=spaces)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            target = form.cleaned_data["space"]
            status = _decide(form, lambda: moderation.move_thread(thread, target, request.user,
                                                                 form.cleaned_data["reason"]))
            if status is None:
                messages.success(request, _("Thread moved to “%(space)s”.") % {"space": target.display_name})
                thread.space = target
                return redirect(thread.get_absolute_url())
    return TemplateResponse(request, "forums/moderation/move.html", {
        "thread": thread, "space": thread.space, "form": form, "has_targets": spaces.exists(),
    }, status=status)


# -- bans -----------------------------------------------------------------------------------------


@never_cache
def ban_author(request, pk):
    """Ban the author of post ``pk`` from its space, with a reason and an optional end."""
    post = _moderated_post_or_404(request.user, pk)
    space = post.thread.space
    if post.author is None:
        raise Http404
    form = BanForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            status = _decide(form, lambda: moderation.ban(space, post.author, request.user, data["reason"],
                                                          until=data["until"]))
            if status is None:
                messages.success(request, _("%(member)s is banned from this space.") % {
                    "member": post.author.get_full_name() or post.author.get_username()})
                return _back_to(post)
    return TemplateResponse(request, "forums/moderation/ban.html", {
        "post": post, "thread": post.thread, "space": space, "member": post.author, "form": form,
        "already": access.is_banned(post.author, space),
    }, status=status)
