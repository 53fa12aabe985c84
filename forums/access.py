"""Who may read, post in and moderate a forum space: the one rule every forum view, task and search asks.

Invariants:
- **Members** post. A space's members are OMS staff: the editors (``partners.OrganisationAccess``
  group) of a *verified* OMS, and for a cohort its learners (``cohorts.scope``):
  - national and programme spaces: the editors of any verified OMS;
  - a provincial network's space: the editors of verified OMS of that province only;
  - a cohort's space: the learners of its member OMS.
- **Moderators** of a space: national staff (``dashboards.scope.is_national_staff``) everywhere; the
  network's moderators in their province's space and its cohorts' spaces; and the space's extra
  moderators. Moderators read, post and moderate there.
- **Readers**: members and moderators; everyone (anonymous visitors too) when the space is public.
- A **banned** member (an active ``SpaceBan``) neither posts nor reads the space unless it is public.
- Hidden threads and posts are seen by moderators only; everyone else gets a 404 for a hidden thread.
- A space, thread or attachment the user may not read is a 404 that does not say whether it exists.
- The decision reads only the user's groups, networks, OMS, cohorts and bans and the space's owner.
"""
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from .models import Post, Space, SpaceBan, Thread


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def _national(user):
    from dashboards.scope import is_national_staff

    return is_national_staff(user)


def _own_verified(user):
    """The verified source-language OMS ``user`` edits for."""
    from dashboards.scope import own_organisations

    return own_organisations(user).filter(is_verified=True)


def active_bans(user):
    return SpaceBan.objects.filter(user=user).filter(Q(until__isnull=True) | Q(until__gt=timezone.now()))


def is_banned(user, space):
    return _active(user) and active_bans(user).filter(space=space).exists()


# -- members ----------------------------------------------------------------------------------------


def member_organisations(user, space):
    """The OMS ``user`` may post for in ``space`` (empty: not a member). Source-language pages."""
    from partners.models import OrganisationPage

    if not _active(user):
        return OrganisationPage.objects.none()
    if space.kind in (Space.Kind.NATIONAL, Space.Kind.PROGRAMME):
        return _own_verified(user)
    if space.kind == Space.Kind.PROVINCE:
        return _own_verified(user).filter(regency__province_id=space.network.province_id)
    if space.kind == Space.Kind.COHORT:
        from cohorts.scope import member_organisations as cohort_members

        return cohort_members(user, space.cohort)
    return OrganisationPage.objects.none()


def _member_condition(user):
    """``Q`` over spaces where ``user`` is a member (bans not applied)."""
    from cohorts.scope import member_cohorts

    own = _own_verified(user)
    condition = Q(cohort__in=member_cohorts(user).values("pk"))
    if own.exists():
        provinces = own.values("regency__province_id")
        condition |= Q(kind__in=[Space.Kind.NATIONAL, Space.Kind.PROGRAMME]) | Q(network__province_id__in=provinces)
    return condition


def _moderator_condition(user):
    return Q(moderators=user) | Q(network__moderators=user) | Q(cohort__network__moderators=user)


# -- questions ----------------------------------------------------------------------------------------


def moderated_spaces(user):
    """The spaces ``user`` moderates: every one for national staff."""
    if not _active(user):
        return Space.objects.none()
    if _national(user):
        return Space.objects.all()
    return Space.objects.filter(pk__in=Space.objects.filter(_moderator_condition(user)).values("pk"))


def may_moderate(user, space):
    if not _active(user):
        return False
    return _national(user) or moderated_spaces(user).filter(pk=space.pk).exists()


def readable_spaces(user):
    """The spaces ``user`` may read: public ones, their members' (not banned) and their moderators'."""
    public = Q(is_public=True)
    if not _active(user):
        return Space.objects.filter(public)
    if _national(user):
        return Space.objects.all()
    member = Q(pk__in=Space.objects.filter(_member_condition(user)).values("pk")) & ~Q(
        pk__in=active_bans(user).values("space_id"))
    return Space.objects.filter(public | member | Q(pk__in=moderated_spaces(user).values("pk")))


def may_read(user, space):
    return space.is_public or readable_spaces(user).filter(pk=space.pk).exists()


def may_post(user, space):
    """Members who are not banned, and moderators."""
    if not _active(user):
        return False
    if may_moderate(user, space):
        return True
    return not is_banned(user, space) and member_organisations(user, space).exists()


def posting_organisation(user, space):
    """The OMS a new post of ``user`` in ``space`` is shown under: their first, None for a moderator without one."""
    return member_organisations(user, space).order_by("title").first()


def space_or_404(user, slug):
    """The space ``slug`` if ``user`` may read it; a 404 otherwise."""
    space = (Space.objects.select_related("network__province", "programme", "cohort__network__province")
             .filter(slug=slug).first())
    if space is None or not may_read(user, space):
        raise Http404
    return space


def visible_threads(user, space):
    """The threads of ``space`` ``user`` sees (hidden ones only for its moderators)."""
    threads = Thread.objects.filter(space=space)
    return threads if may_moderate(user, space) else threads.filter(hidden=False)


def thread_or_404(user, space, pk):
    thread = visible_threads(user, space).select_related("author", "organisation", "solution").filter(pk=pk).first()
    if thread is None:
        raise Http404
    return thread


def visible_posts(user, thread):
    posts = Post.objects.filter(thread=thread)
    return posts if may_moderate(user, thread.space) else posts.filter(hidden=False)


def readable_threads(user):
    """Every thread ``user`` may read, across spaces (for the forum search and the digest)."""
    threads = Thread.objects.filter(space__in=readable_spaces(user).values("pk"))
    if _national(user):
        return threads
    return threads.filter(Q(hidden=False) | Q(space__in=moderated_spaces(user).values("pk")))
