"""The members' pages under /<lang>/kohort/: my cohorts, a cohort, its threads; new thread, reply.

Every view asks ``cohorts.scope`` first (a non-member gets a 404). Members see the figures of their
own OMS only (``progress.organisation_rows`` over ``scope.member_organisations``), never a learner's
name in the figures. Posts are plain text, escaped and linkified in the template (``urlize``).
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import progress, scope
from .forms import PostForm, ThreadForm
from .models import CohortPost, CohortThread

#: Posts (threads and replies) one person may send in the window; generous for a discussion, tight for a script.
POST_RATE = "10/10m"


def over_post_limit(request):
    """Count this post against the user's limit; seconds to wait when over it, else 0."""
    from django_ratelimit import ALL
    from django_ratelimit.core import get_usage

    from throttle import conf

    if not conf.enabled():
        return 0
    usage = get_usage(request, group="cohorts:post", key=lambda _g, r: str(r.user.pk), rate=POST_RATE,
                      method=ALL, increment=True)
    if usage and usage["should_limit"]:
        return max(1, usage["time_left"])
    return 0


def _limit_error(form, wait):
    from throttle.responses import retry_text

    form.add_error(None, _("You have posted a lot in a short time. Your text is kept below.") + " "
                   + retry_text(wait))


@login_required
def my_cohorts(request):
    cohorts = (scope.visible_cohorts(request.user).select_related("network__province", "programme")
               .prefetch_related("courses").order_by("-start_date", "title"))
    return TemplateResponse(request, "cohorts/my_cohorts.html", {"cohorts": cohorts})


@login_required
def cohort_detail(request, pk):
    cohort = scope.cohort_for_member_or_404(request.user, pk)
    own = list(scope.member_organisations(request.user, cohort).select_related("regency"))
    rows, _total = progress.organisation_rows(cohort, own)
    return TemplateResponse(request, "cohorts/cohort.html", {
        "cohort": cohort, "courses": list(cohort.courses.all()), "rows": rows,
        "threads": cohort.threads.select_related("author")[:10],
        "is_manager": scope.manages(request.user, cohort),
    })


@login_required
def thread_list(request, pk):
    cohort = scope.cohort_for_member_or_404(request.user, pk)
    return TemplateResponse(request, "cohorts/threads.html", {
        "cohort": cohort, "threads": cohort.threads.select_related("author"),
    })


@login_required
def thread_new(request, pk):
    cohort = scope.cohort_for_member_or_404(request.user, pk)
    form = ThreadForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        wait = over_post_limit(request)
        if wait:
            _limit_error(form, wait)
            status = 429
        else:
            with transaction.atomic():
                thread = CohortThread.objects.create(cohort=cohort, title=form.cleaned_data["title"],
                                                     author=request.user)
                CohortPost.objects.create(thread=thread, author=request.user, body=form.cleaned_data["body"])
            messages.success(request, _("Your thread is posted."))
            return redirect(thread.get_absolute_url())
    elif form.errors:
        status = 400
    return TemplateResponse(request, "cohorts/thread_new.html", {"cohort": cohort, "form": form}, status=status)


@login_required
def thread_detail(request, pk, thread_pk):
    """A thread and its visible posts; a reply form unless the thread is locked."""
    cohort = scope.cohort_for_member_or_404(request.user, pk)
    thread = get_object_or_404(CohortThread.objects.select_related("author"), cohort=cohort, pk=thread_pk)
    form = PostForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            wait = over_post_limit(request)
            if wait:
                _limit_error(form, wait)
                status = 429
            else:
                with transaction.atomic():
                    # Locked under the row lock: a reply racing the lock does not slip in.
                    locked = CohortThread.objects.select_for_update().get(pk=thread.pk).locked
                    if not locked:
                        CohortPost.objects.create(thread=thread, author=request.user,
                                                  body=form.cleaned_data["body"])
                        CohortThread.objects.filter(pk=thread.pk).update(last_post_at=timezone.now())
                if not locked:
                    messages.success(request, _("Your reply is posted."))
                    return redirect(thread.get_absolute_url() + "#balasan")
                form.add_error(None, _("This thread is locked: it takes no more replies. Your text is kept below."))
                thread.locked = True
                status = 409
        else:
            status = 400
    posts = thread.posts.select_related("author")
    if not scope.manages(request.user, cohort):
        posts = posts.filter(hidden=False)
    return TemplateResponse(request, "cohorts/thread.html", {
        "cohort": cohort, "thread": thread, "posts": posts, "form": form,
    }, status=status)
