"""Writing in the forums: new threads, replies, edits, attachments, answers.

Invariants (with those of ``forums.models``):
- Every function checks ``forums.access`` itself (views call these, never the models): only who
  ``may_post`` starts threads and replies; a hidden thread takes replies from its moderators only.
- A locked thread refuses replies (409), except from its space's moderators (they may explain why).
- Edits: the author within ``EDIT_WINDOW`` (24 h) of posting while they may still post there and the
  thread is not locked and the post not hidden; the space's moderators always.
- An answer is chosen (or unchosen) by the thread's author (who may still post there) or a moderator;
  it must be a visible reply of that question (not its opening post).
- One transaction per write, under the thread's row lock; ``post_count`` (visible posts) is recounted
  and ``last_post_at`` set there, so neither drifts under concurrent replies.
- A post's ``body_html`` is ``forums.text.render(body)``, written only here.
- ``Mention`` rows only for mentioned members who may read the space, never the author; an edit that
  names a member for the first time tells them (``forums.notify.mentions_added``), once.
- Attachments: at most ``MAX_FILES`` per post, ``MAX_FILE_SIZE`` each, of the types in ``TYPES``,
  checked by content with the site's upload checks (``lokadaya.uploads``), kept in the private storage.
- After commit: ``forums.notify.post_created(post)`` per new post, ``forums.notify.thread_solved``
  when an answer is chosen; inside the transaction ``forums.subscriptions.auto_subscribe``.
- A member's posts are limited by ``forums.limits`` (429).
"""
import codecs
import os
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _, ngettext

from . import access, limits, notify, subscriptions, text
from .models import Attachment, ForumProfile, Mention, Post, Thread

EDIT_WINDOW = timedelta(hours=24)
MAX_FILES = 5
MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_MENTIONS = 20
BODY_MAX = Post._meta.get_field("body").max_length
TITLE_MAX = Thread._meta.get_field("title").max_length

_IMAGE = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}
#: Allowed extensions and the type they are served with. No archives, executables, HTML or SVG.
TYPES = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp", ".gif": "image/gif",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".txt": "text/plain", ".csv": "text/csv",
}


class PostingError(Exception):
    """A refused write, with a translated message for the member (what they typed is kept by the view)."""

    def __init__(self, message, status=400):
        super().__init__(str(message))
        self.message = message
        self.status = status


# -- checks ---------------------------------------------------------------------------------------------


def _may_post_or_error(user, space):
    if not access.may_post(user, space):
        raise PostingError(_("You may not post in this space."), 403)


def _clean_body(body):
    body = (body or "").strip()
    if not body:
        raise PostingError(_("Write a message."))
    if len(body) > BODY_MAX:
        raise PostingError(_("The message is too long: at most %(max)d characters.") % {"max": BODY_MAX})
    return body


def _clean_title(title):
    title = " ".join((title or "").split())
    if not title:
        raise PostingError(_("Write a title."))
    if len(title) > TITLE_MAX:
        raise PostingError(_("The title is too long: at most %(max)d characters.") % {"max": TITLE_MAX})
    return title


def _rate(user):
    wait = limits.over_post_limit(user)
    if wait:
        from throttle.responses import retry_text

        raise PostingError(_("You have posted a lot in a short time.") + " " + retry_text(wait), 429)


def _check_file(upload):
    """``dict`` of the attachment's fields for a valid upload; ``PostingError`` naming the file otherwise.

    The content checks are the site's own (``lokadaya.uploads``: pictures by their header, documents
    by their content, no markup anywhere); this adds the forums' list of types, sizes and UTF-8 text.
    """
    from django.core.exceptions import ValidationError

    from lokadaya import uploads

    name = get_valid_filename(os.path.basename(upload.name or "")) or "berkas"
    stem, ext = os.path.splitext(name)
    ext = ext.lower()
    name = f"{stem[:90]}{ext}"
    shown = {"name": name}
    if ext not in TYPES:
        raise PostingError(_("%(name)s: this type of file cannot be attached. Allowed: pictures (JPEG, PNG, "
                             "WebP, GIF), PDF, Word, Excel, PowerPoint, OpenDocument, text and CSV.") % shown)
    size = upload.size or 0
    if size > MAX_FILE_SIZE:
        raise PostingError(_("%(name)s is too large: at most %(mb)d MB per file.")
                           % {**shown, "mb": MAX_FILE_SIZE // (1024 * 1024)})
    if size == 0:
        raise PostingError(_("%(name)s is empty.") % shown)
    fields = {"name": name, "size": size, "content_type": TYPES[ext], "is_image": False, "width": None,
              "height": None}
    try:
        if ext in _IMAGE:
            _format, width, height = uploads.check_image(upload, formats={_IMAGE[ext]})
            fields.update(is_image=True, width=width, height=height)
        else:
            uploads.check_document(upload, extensions=[ext.lstrip(".")])
    except ValidationError as refused:
        raise PostingError(f"{name}: {refused.messages[0]}") from None
    if fields["content_type"].startswith("text/"):  # served as UTF-8: it must be UTF-8
        upload.seek(0)
        try:
            codecs.getincrementaldecoder("utf-8")().decode(upload.read(65536), final=False)
        except UnicodeDecodeError:
            raise PostingError(_("%(name)s is not a UTF-8 text file.") % shown) from None
        finally:
            upload.seek(0)
        fields["content_type"] += "; charset=utf-8"
    return fields


def check_files(files):
    """The checked uploads as ``[(upload, fields)]``; ``PostingError`` (400) for the first bad one."""
    files = [f for f in (files or ()) if f]
    if len(files) > MAX_FILES:
        raise PostingError(ngettext("At most %(max)d file per post.", "At most %(max)d files per post.",
                                    MAX_FILES) % {"max": MAX_FILES})
    return [(f, _check_file(f)) for f in files]


# -- writing --------------------------------------------------------------------------------------------


def _mentioned_users(body, space, author):
    handles = text.mentioned_handles(body)[:MAX_MENTIONS]
    profiles = list(ForumProfile.objects.filter(handle__in=handles).select_related("user")) if handles else []
    known = {p.handle for p in profiles}
    users = [p.user for p in profiles
             if p.user_id != getattr(author, "pk", None) and p.user.is_active and access.may_read(p.user, space)]
    return known, users


def _add_mentions(post, users):
    """Record the mentions of ``users`` not yet recorded on ``post``; returns those new users."""
    existing = set(Mention.objects.filter(post=post).values_list("user_id", flat=True))
    new = [u for u in users if u.pk not in existing]
    Mention.objects.bulk_create([Mention(post=post, user=u) for u in new], ignore_conflicts=True)
    return new


def _new_post(thread, user, organisation, body, checked_files):
    known, mentioned = _mentioned_users(body, thread.space, user)
    post = Post.objects.create(thread=thread, author=user, organisation=organisation, body=body,
                               body_html=text.render(body, known=known))
    for upload, fields in checked_files:
        attachment = Attachment(post=post, **{k: v for k, v in fields.items() if k != "name"}, name=fields["name"])
        attachment.file.save(fields["name"], upload, save=False)
        attachment.save()
    _add_mentions(post, mentioned)
    return post


def recount(thread_pk):
    """Set the thread's ``post_count`` and ``last_post_at`` from its visible posts (call under its row
    lock): the one place both are computed, for new posts here and for hiding in ``forums.moderation``."""
    from django.db.models import Count, Max

    visible = Post.objects.filter(thread_id=thread_pk, hidden=False).aggregate(n=Count("pk"), last=Max("created_at"))
    fields = {"post_count": visible["n"]}
    if visible["last"] is not None:
        fields["last_post_at"] = visible["last"]
    Thread.objects.filter(pk=thread_pk).update(**fields)


def _locked_thread(thread):
    return Thread.objects.select_for_update(of=("self",)).select_related("space").get(pk=thread.pk)


def start_thread(space, user, *, title, body, kind="question", files=()):
    """A new thread with its opening post; returns the thread."""
    _may_post_or_error(user, space)
    title, body = _clean_title(title), _clean_body(body)
    if kind not in Thread.Kind.values:
        raise PostingError(_("Choose a question or a discussion."))
    checked = check_files(files)
    _rate(user)
    with transaction.atomic():
        organisation = access.posting_organisation(user, space)
        thread = Thread.objects.create(space=space, kind=kind, title=title, author=user, organisation=organisation,
                                       last_post_at=timezone.now(), post_count=0)
        post = _new_post(thread, user, organisation, body, checked)
        Thread.objects.filter(pk=thread.pk).update(post_count=1, last_post_at=post.created_at)
        thread.post_count, thread.last_post_at = 1, post.created_at
        subscriptions.auto_subscribe(user, thread)
        transaction.on_commit(lambda: notify.post_created(post))
    return thread


def reply(thread, user, *, body, files=()):
    """A reply to ``thread`` (refused when locked or when ``user`` may not post); returns the post."""
    space = thread.space
    _may_post_or_error(user, space)
    body = _clean_body(body)
    checked = check_files(files)
    with transaction.atomic():
        locked = _locked_thread(thread)
        space = locked.space  # it may have been moved meanwhile
        moderator = access.may_moderate(user, space)
        if locked.hidden and not moderator:
            raise PostingError(_("This thread is no longer available."), 404)
        if not moderator and not access.may_post(user, space):
            raise PostingError(_("You may not post in this space."), 403)
        if locked.locked and not moderator:
            raise PostingError(_("This thread is locked: it takes no more replies."), 409)
        _rate(user)
        post = _new_post(locked, user, access.posting_organisation(user, space), body, checked)
        recount(locked.pk)
        subscriptions.auto_subscribe(user, locked)
        transaction.on_commit(lambda: notify.post_created(post))
    return post


def may_edit(user, post, *, moderator=None, may_post=None):
    """Whether ``user`` may change ``post`` now (see the module's invariants).

    ``moderator`` / ``may_post``: the caller's answers for the post's space, when it has them (a page
    of posts asks once).
    """
    if not (user and user.is_authenticated):
        return False
    space = post.thread.space
    if moderator is None:
        moderator = access.may_moderate(user, space)
    if moderator:
        return True
    if not (post.author_id == user.pk and not post.hidden and not post.thread.locked
            and timezone.now() - post.created_at <= EDIT_WINDOW):
        return False
    return access.may_post(user, space) if may_post is None else may_post


def edit_post(post, user, *, body):
    """The author (within 24 h) or a moderator changes a post's text; members it mentions for the first
    time are recorded and told (after commit), the others are not told again."""
    body = _clean_body(body)
    with transaction.atomic():
        thread = _locked_thread(post.thread)
        post = Post.objects.select_for_update().get(pk=post.pk)
        post.thread = thread
        if not may_edit(user, post):
            raise PostingError(_("You may no longer change this post."), 403)
        known, mentioned = _mentioned_users(body, thread.space, post.author)
        post.body, post.body_html, post.edited_at = body, text.render(body, known=known), timezone.now()
        post.save(update_fields=["body", "body_html", "edited_at"])
        added = _add_mentions(post, mentioned)
        if added and post.notified_at is not None:
            # The post's emails went out already: tell only the members this edit names for the first time.
            ids = [u.pk for u in added]
            transaction.on_commit(lambda: notify.mentions_added(post, ids))
    return post


def _may_choose_answer(user, thread):
    space = thread.space
    if access.may_moderate(user, space):
        return True
    return bool(user and user.is_authenticated and thread.author_id == user.pk and access.may_post(user, space))


def may_choose_answer(user, thread):
    """Whether ``user`` may mark (or unmark) the answer of ``thread`` (a question)."""
    return thread.kind == Thread.Kind.QUESTION and _may_choose_answer(user, thread)


def mark_solved(thread, post, user):
    """``post`` answers the question: by the thread's author or a moderator. Returns the thread."""
    with transaction.atomic():
        locked = _locked_thread(thread)
        if not may_choose_answer(user, locked):
            raise PostingError(_("Only the author of the question or a moderator may choose its answer."), 403)
        if (post.thread_id != locked.pk or post.pk == locked.opening_post_id()
                or not Post.objects.filter(pk=post.pk, thread=locked, hidden=False).exists()):
            raise PostingError(_("Choose a visible reply of this thread as its answer."))
        changed = locked.solution_id != post.pk
        if changed:
            Thread.objects.filter(pk=locked.pk).update(solution=post)
            locked.solution = post
            transaction.on_commit(lambda: notify.thread_solved(locked))
    return locked


def unmark_solved(thread, user):
    """The question is open again (by its author or a moderator). Returns the thread."""
    with transaction.atomic():
        locked = _locked_thread(thread)
        if not may_choose_answer(user, locked):
            raise PostingError(_("Only the author of the question or a moderator may choose its answer."), 403)
        Thread.objects.filter(pk=locked.pk).update(solution=None)
        locked.solution = None
    return locked
