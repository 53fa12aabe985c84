"""Moderators' decisions in a space: hide/show a post or thread, lock, pin, move, ban, lift a ban.

Invariants this module keeps:

- **Only a space's moderators decide** (``forums.access.may_moderate``), checked here, before
  anything is read or changed, whichever door called (the public tools, /admin/forum/, /admin/laporan/).
  Someone who may not moderate the space gets ``ModerationError(status=404)``: the views answer 404
  and reveal nothing.
- **One transaction per decision**, under the row lock of the thread (posts, threads) or the space
  (bans), and **one ``ModerationLog`` row per decision** in it (two for a move: the space it left and
  the one it joined). The log is never edited.
- **Nothing is deleted.** A hidden post keeps its text, who hid it, when and why; a lifted ban keeps
  its row (``until`` becomes now), so the history stays readable.
- **The thread's counters stay exact**: after hiding or showing a reply, ``post_count`` and
  ``last_post_at`` are recounted from the visible posts under the thread's lock.
- **The opening post is the thread.** Hiding a thread's opening post hides the whole thread (a
  thread without its question makes no sense), showing it shows the thread; the opening post's own
  ``hidden`` flag is never set, so a thread is hidden or shown as one unit.
- **A hidden answer is no longer the answer**: hiding the reply chosen as the solution unsets
  ``thread.solution`` (showing it again does not restore it: the asker chooses again).
- **Moves stay within the moderator's spaces**: a thread moves only to another space the same user
  moderates; ``moved_from`` keeps where it came from for the public notice.
- **Bans**: only a member of the space (or someone who has written there), never its moderators nor
  oneself; with a reason and an optional end in the future. The banned member is told by email.
"""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from . import access
from .posting import recount
from .models import ModerationLog, Post, Space, SpaceBan, Thread

Action = ModerationLog.Action

#: ``set_thread_state`` actions: the field they change, its new value, the state refused as "already".
THREAD_ACTIONS = {
    Action.LOCK: ("locked", True),
    Action.UNLOCK: ("locked", False),
    Action.PIN: ("pinned", True),
    Action.UNPIN: ("pinned", False),
    Action.HIDE_THREAD: ("hidden", True),
    Action.SHOW_THREAD: ("hidden", False),
}
#: Decisions that need a reason (they take something away from members).
NEEDS_REASON = {Action.HIDE_POST, Action.HIDE_THREAD, Action.MOVE, Action.BAN}
MAX_REASON = 2000


class ModerationError(Exception):
    """A refused decision, with a translated message and the HTTP status the view answers with."""

    def __init__(self, message, status=400):
        super().__init__(str(message))
        self.message = message
        self.status = status


# -- helpers --------------------------------------------------------------------------------------


def _require(user, space):
    if not access.may_moderate(user, space):
        # Not "forbidden": someone who may not moderate is not told the thing exists.
        raise ModerationError(_("Only this space's moderators can do that."), status=404)


def _reason(action, reason):
    reason = (reason or "").strip()
    if action in NEEDS_REASON and not reason:
        raise ModerationError(_("Say why: the reason is kept in the moderation log."))
    if len(reason) > MAX_REASON:
        raise ModerationError(_("Keep the reason under %(limit)d characters.") % {"limit": MAX_REASON})
    return reason


def _locked_thread(thread):
    return Thread.objects.select_for_update().select_related("space").get(pk=thread.pk)


def _log(space, action, user, reason="", *, thread=None, post=None, member=None):
    return ModerationLog.objects.create(space=space, action=action, user=user, reason=reason, thread=thread,
                                        post=post, member=member)


# -- posts ----------------------------------------------------------------------------------------


def hide_post(post, user, reason):
    """Hide ``post`` from everyone but the moderators; the opening post hides its whole thread."""
    space = post.thread.space
    _require(user, space)
    reason = _reason(Action.HIDE_POST, reason)
    with transaction.atomic():
        thread = _locked_thread(post.thread)
        post = Post.objects.select_for_update().get(pk=post.pk)
        if post.pk == thread.opening_post_id():
            return _set_thread(thread, user, Action.HIDE_THREAD, reason, post=post)
        if post.hidden:
            raise ModerationError(_("This post is already hidden."), status=409)
        post.hidden, post.hidden_by, post.hidden_at, post.hidden_reason = True, user, timezone.now(), reason
        post.save(update_fields=["hidden", "hidden_by", "hidden_at", "hidden_reason"])
        if thread.solution_id == post.pk:
            thread.solution = None
            thread.save(update_fields=["solution"])
        recount(thread.pk)
        return _log(thread.space, Action.HIDE_POST, user, reason, thread=thread, post=post, member=post.author)


def show_post(post, user, reason=""):
    """Show a hidden post again (the opening post: its thread)."""
    space = post.thread.space
    _require(user, space)
    reason = _reason(Action.SHOW_POST, reason)
    with transaction.atomic():
        thread = _locked_thread(post.thread)
        post = Post.objects.select_for_update().get(pk=post.pk)
        if post.pk == thread.opening_post_id() and not post.hidden:
            return _set_thread(thread, user, Action.SHOW_THREAD, reason, post=post)
        if not post.hidden:
            raise ModerationError(_("This post is not hidden."), status=409)
        # What was hidden, by whom and why stays in the log; the post itself is plain again.
        post.hidden, post.hidden_by, post.hidden_at, post.hidden_reason = False, None, None, ""
        post.save(update_fields=["hidden", "hidden_by", "hidden_at", "hidden_reason"])
        recount(thread.pk)
        return _log(thread.space, Action.SHOW_POST, user, reason, thread=thread, post=post, member=post.author)


# -- threads --------------------------------------------------------------------------------------


def set_thread_state(thread, user, action, reason=""):
    """``action`` is one of ModerationLog.Action's lock/unlock/pin/unpin/hide_thread/show_thread."""
    if action not in THREAD_ACTIONS:
        raise ModerationError(_("Unknown action."))
    _require(user, thread.space)
    reason = _reason(action, reason)
    with transaction.atomic():
        return _set_thread(_locked_thread(thread), user, action, reason)


def _set_thread(thread, user, action, reason, post=None):
    field, value = THREAD_ACTIONS[action]
    if getattr(thread, field) == value:
        raise ModerationError(ALREADY[action], status=409)
    setattr(thread, field, value)
    thread.save(update_fields=[field])
    return _log(thread.space, action, user, reason, thread=thread, post=post, member=thread.author)


ALREADY = {
    Action.LOCK: gettext_lazy("This thread is already locked."),
    Action.UNLOCK: gettext_lazy("This thread is not locked."),
    Action.PIN: gettext_lazy("This thread is already pinned."),
    Action.UNPIN: gettext_lazy("This thread is not pinned."),
    Action.HIDE_THREAD: gettext_lazy("This thread is already hidden."),
    Action.SHOW_THREAD: gettext_lazy("This thread is not hidden."),
}


def move_thread(thread, space, user, reason=""):
    """Move ``thread`` to ``space``; both must be moderated by ``user``. Logged in both spaces."""
    _require(user, thread.space)
    if not access.may_moderate(user, space):
        raise ModerationError(_("You can only move a thread to a space you moderate."), status=403)
    reason = _reason(Action.MOVE, reason)
    with transaction.atomic():
        thread = _locked_thread(thread)
        origin = thread.space
        if origin.pk == space.pk:
            raise ModerationError(_("The thread is already in that space."), status=409)
        thread.moved_from, thread.space = origin, space
        thread.save(update_fields=["moved_from", "space"])
        _log(origin, Action.MOVE, user, reason, thread=thread, member=thread.author)
        return _log(space, Action.MOVE, user, reason, thread=thread, member=thread.author)


# -- bans -----------------------------------------------------------------------------------------


def is_member_or_writer(member, space):
    """A member of ``space``, or someone who has written in it (a former member may come back)."""
    return (access.member_organisations(member, space).exists()
            or Post.objects.filter(thread__space=space, author=member).exists())


def ban(space, member, user, reason, until=None):
    """Bar ``member`` from ``space`` (no posting; no reading unless public) until ``until`` or lifted."""
    _require(user, space)
    reason = _reason(Action.BAN, reason)
    if member is None or member.pk == user.pk:
        raise ModerationError(_("You cannot ban yourself."))
    if access.may_moderate(member, space):
        raise ModerationError(_("A moderator of this space cannot be banned from it."))
    if not is_member_or_writer(member, space):
        raise ModerationError(_("Only members of this space can be banned from it."))
    if until is not None and until <= timezone.now():
        raise ModerationError(_("The end of the ban must be in the future (or leave it empty)."))
    with transaction.atomic():
        Space.objects.select_for_update().filter(pk=space.pk).first()
        existing = SpaceBan.objects.select_for_update().filter(space=space, user=member).first()
        if existing is not None and (existing.until is None or existing.until > timezone.now()):
            raise ModerationError(_("This member is already banned from this space."), status=409)
        if existing is None:
            existing = SpaceBan(space=space, user=member)
        existing.reason, existing.until, existing.banned_by = reason, until, user
        existing.created_at = timezone.now()
        existing.save()
        entry = _log(space, Action.BAN, user, reason, member=member)
        transaction.on_commit(lambda: _tell_banned(existing))
    return entry


def unban(space, member, user, reason=""):
    """Lift ``member``'s ban from ``space`` now (the row stays, ending now)."""
    _require(user, space)
    reason = _reason(Action.UNBAN, reason)
    with transaction.atomic():
        Space.objects.select_for_update().filter(pk=space.pk).first()
        current = SpaceBan.objects.select_for_update().filter(space=space, user=member).first()
        now = timezone.now()
        if current is None or (current.until is not None and current.until <= now):
            raise ModerationError(_("This member is not banned from this space."), status=409)
        current.until = now
        current.save(update_fields=["until"])
        return _log(space, Action.UNBAN, user, reason, member=member)


def _tell_banned(space_ban):
    """A short email to the banned member: which space, why, until when (after commit)."""
    from campaigns.notifications import send_templated_email

    member = space_ban.user
    if not member.email:
        return
    send_templated_email(member.email, "forums/moderation/email/banned", {
        "ban": space_ban, "space": space_ban.space, "member": member})
