"""Who manages and who takes part in a cohort: the one rule every cohort view applies.

Invariants:
- **Managers** of a cohort are the moderators of its provincial network and national staff
  (``dashboards.scope.is_national_staff``); national staff manage every cohort, a national
  programme's included. A moderator manages only its own province's cohorts: any other cohort is a
  404 that does not say whether it exists (``managed_cohort_or_404``).
- **Members** of a cohort are the learners (``learning.learners.learner_organisations``) of its
  member OMS. They see the cohort page, its threads and the figures of *their own* OMS only, never
  another OMS's figures nor any learner's name; anyone else gets a 404 (``cohort_for_member_or_404``).
- Learners' names and per-learner progress are shown to managers only (the admin's drill-down).
- The decision reads only the user's networks, groups and OMS and the cohort's owner and members.
"""
from django.http import Http404

from dashboards.scope import is_national_staff

from .models import Cohort


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def may_manage_any(user):
    """Whether ``user`` has the cohorts' admin at all: national staff and provincial moderators."""
    return _active(user) and (is_national_staff(user) or user.moderated_networks.exists())


def managed_cohorts(user):
    """The cohorts ``user`` manages: every one for national staff, their networks' for moderators."""
    if not _active(user):
        return Cohort.objects.none()
    if is_national_staff(user):
        return Cohort.objects.all()
    return Cohort.objects.filter(network__moderators=user).distinct()


def manages(user, cohort):
    return managed_cohorts(user).filter(pk=cohort.pk).exists()


def managed_cohort_or_404(user, pk):
    cohort = managed_cohorts(user).select_related("network__province", "programme").filter(pk=pk).first()
    if cohort is None:
        raise Http404
    return cohort


def manageable_networks(user):
    """The networks ``user`` may create a cohort for."""
    from network.models import ProvincialNetwork

    if not _active(user):
        return ProvincialNetwork.objects.none()
    networks = ProvincialNetwork.objects.select_related("province")
    return networks if is_national_staff(user) else networks.filter(moderators=user)


def manageable_programmes(user):
    """The national programmes ``user`` may run a cohort for: national staff only."""
    from programmes.models import ProgrammePage
    from wagtail.models import Locale

    if not (_active(user) and is_national_staff(user)):
        return ProgrammePage.objects.none()
    return ProgrammePage.objects.filter(locale=Locale.get_default()).order_by("title")


def member_organisations(user, cohort):
    """The member OMS of ``cohort`` that ``user`` learns under (empty: not a member)."""
    from learning.learners import learner_organisations

    return learner_organisations(user).filter(cohort_memberships__cohort=cohort)


def member_cohorts(user):
    """The cohorts ``user`` takes part in, through any OMS they learn under."""
    from learning.learners import learner_organisations

    if not _active(user):
        return Cohort.objects.none()
    return Cohort.objects.filter(members__organisation__in=learner_organisations(user)).distinct()


def visible_cohorts(user):
    """The cohorts whose members' pages ``user`` may open: as a member or as a manager."""
    from django.db.models import Q

    return Cohort.objects.filter(Q(pk__in=member_cohorts(user).values("pk"))
                                 | Q(pk__in=managed_cohorts(user).values("pk")))


def cohort_for_member_or_404(user, pk):
    """The cohort ``pk`` for its members (and managers); a 404 for anyone else."""
    cohort = visible_cohorts(user).select_related("network__province", "programme").filter(pk=pk).first()
    if cohort is None:
        raise Http404
    return cohort
