"""The cohorts' own discussion threads move into the cohort's forum space (``forums.Thread``/``Post``).

Each ``CohortThread`` becomes a discussion thread of its cohort's space (made here when missing,
slug as ``forums.spaces`` makes it), keeping its title, author, dates and lock; each ``CohortPost``
a post keeping its author, text, date and hiding (who hid it, when). ``body_html`` is the escaped
text in paragraphs with line breaks and its web addresses linked (``forums.text.render`` cannot run
in a migration: the plain text was never Markdown anyway). ``post_count`` counts the visible posts.
Threads already moved (same space, title and opening date) are skipped, so a re-run adds nothing.
"""
import re

from django.db import migrations
from django.utils.html import escape
from django.utils.text import slugify

_URL = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}"


def _linked(text):
    """``text`` escaped, its web addresses as links (found in the raw text, so quotes never end up inside)."""
    html, last = [], 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        html.append(escape(text[last:match.start()]))
        html.append(f'<a href="{escape(url)}" rel="nofollow ugc noopener">{escape(url)}</a>')
        last = match.start() + len(url)
    html.append(escape(text[last:]))
    return "".join(html)


def body_html(text):
    """Plain text as safe HTML: escaped, paragraphs at blank lines, ``<br>`` at single newlines, links."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    paragraphs = [p.strip("\n") for p in re.split(r"\n{2,}", text)]
    return "\n\n".join("<p>" + _linked(p).replace("\n", "<br>") + "</p>" for p in paragraphs)


def _space_for(Space, cohort):
    space = Space.objects.filter(cohort=cohort).first()
    if space is not None:
        return space
    base = (slugify(f"kohort-{cohort.pk}-{cohort.title}") or "forum")[:70]
    slug, n = base, 2
    while Space.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return Space.objects.create(kind="cohort", cohort=cohort, slug=slug)


def move_threads(apps, schema_editor):
    CohortThread = apps.get_model("cohorts", "CohortThread")
    CohortPost = apps.get_model("cohorts", "CohortPost")
    Thread = apps.get_model("forums", "Thread")
    Post = apps.get_model("forums", "Post")
    Space = apps.get_model("forums", "Space")

    for old in CohortThread.objects.select_related("cohort").order_by("pk"):
        space = _space_for(Space, old.cohort)
        if Thread.objects.filter(space=space, title=old.title, created_at=old.created_at).exists():
            continue
        posts = list(CohortPost.objects.filter(thread=old).order_by("created_at", "pk"))
        visible = [p for p in posts if not p.hidden]
        thread = Thread.objects.create(
            space=space, kind="discussion", title=old.title, author_id=old.author_id,
            last_post_at=old.last_post_at, post_count=len(visible), locked=old.locked, hidden=False)
        # created_at is auto_now_add: the original date goes in with an update.
        Thread.objects.filter(pk=thread.pk).update(created_at=old.created_at)
        for post in posts:
            new = Post.objects.create(
                thread=thread, author_id=post.author_id, body=post.body, body_html=body_html(post.body),
                hidden=post.hidden, hidden_by_id=post.hidden_by_id, hidden_at=post.hidden_at,
                # Old posts are not news: never emailed to followers.
                notified_at=post.created_at)
            Post.objects.filter(pk=new.pk).update(created_at=post.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0001_initial"),
        ("forums", "0002_spaces"),
    ]
    operations = [migrations.RunPython(move_threads, migrations.RunPython.noop)]
