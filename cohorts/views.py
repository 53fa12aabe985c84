"""The members' pages under /<lang>/kohort/: my cohorts and a cohort (its discussions are its forum space).

Every view asks ``cohorts.scope`` first (a non-member gets a 404). Members see the figures of their
own OMS only (``progress.organisation_rows`` over ``scope.member_organisations``), never a learner's
name in the figures. The cohort page lists the latest threads of the cohort's forum space that the
user may read (``forums.access``): the forum decides who reads, posts and moderates there.
"""
from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse

from . import progress, scope

#: Threads of the cohort's forum space shown on its page.
LATEST_THREADS = 5


@login_required
def my_cohorts(request):
    cohorts = (scope.visible_cohorts(request.user).select_related("network__province", "programme")
               .prefetch_related("courses").order_by("-start_date", "title"))
    return TemplateResponse(request, "cohorts/my_cohorts.html", {"cohorts": cohorts})


def forum_of(user, cohort):
    """The cohort's forum space, its latest threads ``user`` may read and whether they may post there.

    ``(None, [], False)`` when ``user`` may not read it (a member banned there): no link then.
    """
    from forums import access, spaces

    space = spaces.space_for_cohort(cohort)
    if not access.may_read(user, space):
        return None, [], False
    threads = (access.visible_threads(user, space).select_related("space", "author", "organisation")
               [:LATEST_THREADS])
    return space, list(threads), access.may_post(user, space)


@login_required
def cohort_detail(request, pk):
    cohort = scope.cohort_for_member_or_404(request.user, pk)
    own = list(scope.member_organisations(request.user, cohort).select_related("regency"))
    rows, _total = progress.organisation_rows(cohort, own)
    space, threads, may_post = forum_of(request.user, cohort)
    return TemplateResponse(request, "cohorts/cohort.html", {
        "cohort": cohort, "courses": list(cohort.courses.all()), "rows": rows,
        "space": space, "threads": threads, "may_post": may_post,
        "is_manager": scope.manages(request.user, cohort),
    })
