"""The forums' pages under /<lang>/forum/: spaces, threads, writing, answers, attachments.

Every view asks ``forums.access`` first: a space, thread, post or attachment the visitor may not read
is a 404 that does not say whether it exists. Writing goes through ``forums.posting`` (which checks
again); a refused write shows the form again with what was typed and a 400/403/409/429. No page here
opts in to the page cache (``pagecache`` keeps only views that call ``cache_public_page``), and the
pages of signed-in members say ``Cache-Control: private`` on top.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, posting, unread as unread_markers
from .forms import EditForm, ReplyForm, ThreadForm
from .models import Attachment, Post, ReadMarker, Space, Thread

THREADS_PER_PAGE = 20


def _private(response):
    """Members' pages and forms are never kept by a browser or proxy for someone else."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def _mention_url(space):
    return reverse("forums:mention_suggestions", kwargs={"slug": space.slug})


def _own_province_ids(user):
    from dashboards.scope import own_organisations

    if not user.is_authenticated:
        return set()
    return set(own_organisations(user).filter(is_verified=True).values_list("regency__province_id", flat=True))


def _unread_counts(user, spaces):
    """``{space id: threads with unread posts}`` in one query."""
    if not user.is_authenticated or not spaces:
        return {}
    marker = ReadMarker.objects.filter(user=user, thread=OuterRef("pk")).values("read_at")[:1]
    rows = (Thread.objects.filter(space__in=spaces, hidden=False).annotate(read_at=Subquery(marker))
            .filter(Q(read_at__isnull=True) | Q(last_post_at__gt=Subquery(marker)))
            .values("space_id").annotate(n=Count("pk")).order_by())
    return {row["space_id"]: row["n"] for row in rows}


def index(request):
    """The spaces the visitor may read, grouped; anonymous visitors see the public ones."""
    user = request.user
    spaces = list(access.readable_spaces(user).select_related(
        "network__province", "programme", "cohort__network__province")
        .annotate(thread_count=Count("threads", filter=Q(threads__hidden=False))).order_by("kind", "slug"))
    counts = _unread_counts(user, spaces)
    provinces = _own_province_ids(user)
    groups = {key: [] for key in ("national", "province", "programme", "cohort", "other_province", "public")}
    for space in spaces:
        space.unread_count = counts.get(space.pk, 0)
        if not user.is_authenticated:
            groups["public"].append(space)
        elif space.kind == Space.Kind.PROVINCE:
            groups["province" if space.network.province_id in provinces else "other_province"].append(space)
        else:
            groups[space.kind].append(space)
    sections = [
        ("national", _("National forum"), groups["national"]),
        ("province", _("My province"), groups["province"]),
        ("programme", _("National programmes"), groups["programme"]),
        ("cohort", _("My cohorts"), groups["cohort"]),
        ("other_province", _("Other provinces"), groups["other_province"]),
        ("public", _("Public forums"), groups["public"]),
    ]
    response = TemplateResponse(request, "forums/index.html", {
        "sections": [s for s in sections if s[2]], "has_spaces": bool(spaces)})
    return _private(response) if user.is_authenticated else response


def space(request, slug):
    """A space's threads, pinned first, 20 a page; ``?filter=unanswered`` for questions without reply."""
    space = access.space_or_404(request.user, slug)
    threads = access.visible_threads(request.user, space).select_related("author", "organisation")
    current = request.GET.get("filter", "")
    if current == "unanswered":
        threads = threads.filter(kind=Thread.Kind.QUESTION, solution__isnull=True, post_count__lte=1)
    elif current == "unsolved":
        threads = threads.filter(kind=Thread.Kind.QUESTION, solution__isnull=True)
    else:
        current = ""
    page = Paginator(threads.order_by("-pinned", "-last_post_at", "-pk"), THREADS_PER_PAGE).get_page(
        request.GET.get("page"))
    unread_markers.annotate_unread(page.object_list, request.user)
    response = TemplateResponse(request, "forums/space.html", {
        "space": space, "page_obj": page, "threads": page.object_list, "filter": current,
        "may_post": access.may_post(request.user, space),
        "may_moderate": access.may_moderate(request.user, space),
    })
    return _private(response) if request.user.is_authenticated else response


def _thread_response(request, space, thread, form, status=200):
    user = request.user
    moderator = access.may_moderate(user, space)
    posts = list(access.visible_posts(user, thread).select_related("author", "organisation")
                 .prefetch_related("attachments").order_by("created_at", "pk"))
    first_pk = posts[0].pk if posts else None
    may_choose = posting.may_choose_answer(user, thread) if user.is_authenticated else False
    may_post = access.may_post(user, space)
    solution = None
    for post in posts:
        post.thread = thread
        post.is_opening = post.pk == first_pk
        post.is_solution = post.pk == thread.solution_id
        post.may_edit = posting.may_edit(user, post, moderator=moderator, may_post=may_post) \
            if user.is_authenticated else False
        if post.is_solution:
            solution = post
    context = {
        "space": space, "thread": thread, "posts": posts, "solution": solution, "form": form,
        "may_post": may_post, "may_reply": may_post and (not thread.locked or moderator),
        "may_moderate": moderator, "may_choose": may_choose, "mention_url": _mention_url(space),
    }
    response = TemplateResponse(request, "forums/thread.html", context, status=status)
    return _private(response) if user.is_authenticated else response


def thread(request, slug, pk):
    """A thread: its answer first, then its posts; POST adds a reply (members)."""
    space = access.space_or_404(request.user, slug)
    thread = access.thread_or_404(request.user, space, pk)
    thread.space = space
    if request.method == "POST":
        form = ReplyForm(request.POST, request.FILES, mention_url=_mention_url(space))
        if not form.is_valid():
            return _thread_response(request, space, thread, form, status=400)
        try:
            post = posting.reply(thread, request.user, body=form.cleaned_data["body"],
                                 files=form.cleaned_data["files"])
        except posting.PostingError as error:
            if error.status == 404:
                raise Http404
            form.add_error(None, error.message)
            if error.status == 409:
                thread.locked = True
            return _thread_response(request, space, thread, form, status=error.status)
        messages.success(request, _("Your reply is posted."))
        return redirect(post.get_absolute_url())
    unread_markers.mark_read(request.user, thread)
    form = ReplyForm(mention_url=_mention_url(space))
    return _thread_response(request, space, thread, form)


@login_required
def thread_new(request, slug):
    space = access.space_or_404(request.user, slug)
    if not access.may_post(request.user, space):
        raise PermissionDenied
    form = ThreadForm(request.POST or None, request.FILES or None, mention_url=_mention_url(space))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                thread = posting.start_thread(space, request.user, title=data["title"], body=data["body"],
                                              kind=data["kind"], files=data["files"])
            except posting.PostingError as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(request, _("Your thread is posted."))
                return redirect(thread.get_absolute_url())
        else:
            status = 400
    return _private(TemplateResponse(request, "forums/thread_new.html", {"space": space, "form": form},
                                     status=status))


def _post_or_404(user, pk):
    post = get_object_or_404(Post.objects.select_related("thread__space"), pk=pk)
    space = access.space_or_404(user, post.thread.space.slug)
    thread = access.thread_or_404(user, space, post.thread_id)
    if not access.visible_posts(user, thread).filter(pk=post.pk).exists():
        raise Http404
    thread.space = space
    post.thread = thread
    return post


@login_required
def post_edit(request, pk):
    """The author (within 24 h) or a moderator changes a post's text."""
    post = _post_or_404(request.user, pk)
    thread, space = post.thread, post.thread.space
    if not posting.may_edit(request.user, post):
        raise PermissionDenied
    form = EditForm(request.POST or None, initial={"body": post.body}, mention_url=_mention_url(space))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                posting.edit_post(post, request.user, body=form.cleaned_data["body"])
            except posting.PostingError as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect(post.get_absolute_url())
        else:
            status = 400
    return _private(TemplateResponse(request, "forums/post_edit.html", {
        "space": space, "thread": thread, "post": post, "form": form}, status=status))


@require_POST
def solve(request, slug, pk):
    """POST ``post=<id>`` marks that reply as the answer; ``action=unmark`` opens the question again."""
    space = access.space_or_404(request.user, slug)
    thread = access.thread_or_404(request.user, space, pk)
    thread.space = space
    form = ReplyForm(mention_url=_mention_url(space))
    try:
        if request.POST.get("action") == "unmark":
            posting.unmark_solved(thread, request.user)
            messages.success(request, _("The question is open again."))
        else:
            post = access.visible_posts(request.user, thread).filter(pk=request.POST.get("post") or 0).first() \
                if str(request.POST.get("post", "")).isdigit() else None
            if post is None:
                raise posting.PostingError(_("Choose a visible reply of this thread as its answer."))
            posting.mark_solved(thread, post, request.user)
            messages.success(request, _("The answer is marked. Thank you!"))
    except posting.PostingError as error:
        form.errors  # an unbound form gets its (empty) error list here
        form.cleaned_data = {}
        form.add_error(None, error.message)
        return _thread_response(request, space, thread, form, status=error.status)
    return redirect(thread.get_absolute_url())


def attachment(request, pk, name):
    """The file, only for readers of its post; pictures inline, other files as downloads."""
    item = get_object_or_404(Attachment.objects.select_related("post__thread__space"), pk=pk, name=name)
    _post_or_404(request.user, item.post_id)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404
    response = FileResponse(handle, content_type=item.content_type, as_attachment=not item.is_image,
                            filename=item.name)
    response["X-Content-Type-Options"] = "nosniff"
    # Nothing in a file runs as a page of this site, even if a browser were tricked into rendering it.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    patch_cache_control(response, private=True, max_age=3600)
    return response


@login_required
def mention_suggestions(request, slug):
    """JSON ``{"results": [{"handle", "name"}]}``: up to 8 members of the space matching ``?q=`` (members only)."""
    from django.contrib.auth import get_user_model

    from .profiles import profile_for

    space = access.space_or_404(request.user, slug)
    if not access.may_post(request.user, space):
        raise Http404
    q = (request.GET.get("q") or "").strip().lstrip("@")[:40]
    results = []
    if q:
        candidates = (get_user_model().objects.filter(is_active=True)
                      .filter(Q(forum_profile__handle__istartswith=q) | Q(username__istartswith=q)
                              | Q(first_name__istartswith=q) | Q(last_name__istartswith=q))
                      .exclude(pk=request.user.pk).select_related("forum_profile").order_by("first_name", "pk")[:30])
        for user in candidates:
            if len(results) >= 8:
                break
            if access.may_post(user, space):
                results.append({"handle": profile_for(user).handle,
                                "name": user.get_full_name() or user.get_username()})
    return _private(JsonResponse({"results": results}))


@login_required
def unread(request):
    """Threads with posts the member has not read, in what they follow or took part in."""
    page = Paginator(unread_markers.unread_threads(request.user), THREADS_PER_PAGE).get_page(request.GET.get("page"))
    for thread in page.object_list:
        thread.unread = True
    return _private(TemplateResponse(request, "forums/unread.html", {"page_obj": page, "threads": page.object_list}))
