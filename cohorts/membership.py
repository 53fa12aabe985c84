"""Which OMS may join a cohort, and what joining does: its learners are enrolled in the cohort's courses.

Invariants:
- A member is a verified, source-language OMS; for a provincial cohort, one of that province
  (``membership_error`` says why not, translated, and every path that adds a member asks it).
- Adding members and adding courses run in one transaction with the cohort's row locked, so two
  managers saving at once cannot enrol twice; membership rows are unique and
  ``learning.progress.enrol`` is get-or-create, so running any of it again changes nothing.
- Enrolments made here carry ``source="cohort"`` and the member OMS; removing a member or a course
  keeps its learners' enrolments and progress (they are the learners').
- A learner is emailed once per enrolment this made (after commit, through the task worker),
  never for an enrolment they already had.
"""
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Locale

from .models import Cohort, CohortMember


def eligible_organisations(cohort_or_network):
    """The OMS that may join: verified source pages, of the network's province for a provincial cohort.

    Accepts a cohort or a provincial network (None: a national programme's cohort, any province).
    """
    from partners.models import OrganisationPage

    network = cohort_or_network.network if isinstance(cohort_or_network, Cohort) else cohort_or_network
    organisations = OrganisationPage.objects.filter(locale=Locale.get_default(), is_verified=True)
    if network is not None:
        organisations = organisations.filter(regency__province_id=network.province_id)
    return organisations.select_related("regency").order_by("title")


def membership_error(cohort, organisation):
    """Why ``organisation`` cannot join ``cohort`` (a translated sentence), or '' when it can."""
    if organisation.locale_id != Locale.get_default().pk or not organisation.is_verified:
        return _("%(name)s is not a verified OMS.") % {"name": organisation.title}
    if cohort.network_id and (organisation.regency is None
                              or organisation.regency.province_id != cohort.network.province_id):
        return _("%(name)s is not in %(province)s: a provincial cohort takes only OMS of its province.") % {
            "name": organisation.title, "province": cohort.network.province.name}
    return ""


def learners_of(organisations):
    """Active users learning under any of ``organisations``: their editors and the people they invited."""
    ids = [o.pk for o in organisations]
    return get_user_model().objects.filter(
        Q(groups__organisation_access__organisation__in=ids) | Q(learner_memberships__organisation__in=ids),
        is_active=True,
    ).distinct()


def learner_ids_by_organisation(organisations):
    """``{organisation id: set of user ids}`` of the active learners of each OMS (two queries)."""
    from learning.models import LearnerMembership
    from partners.models import OrganisationAccess

    ids = [o.pk for o in organisations]
    result = {pk: set() for pk in ids}
    for organisation_id, user_id in (OrganisationAccess.objects.filter(
            organisation__in=ids, group__user__is_active=True).values_list("organisation_id", "group__user")):
        result[organisation_id].add(user_id)
    for organisation_id, user_id in LearnerMembership.objects.filter(
            organisation__in=ids, user__is_active=True).values_list("organisation_id", "user_id"):
        result[organisation_id].add(user_id)
    return result


def _enrol(cohort, organisations, courses):
    """Enrol every learner of ``organisations`` in ``courses``; ``{user: [new course, ...]}`` (caller holds the lock)."""
    from learning.models import Enrolment
    from learning.progress import enrol

    new = {}
    courses = list(courses)
    if not courses:
        return new
    for organisation in organisations:
        for user in learners_of([organisation]):
            had = set(Enrolment.objects.filter(user=user, course__in=courses).values_list("course_id", flat=True))
            for course in courses:
                enrol(user, course, organisation=organisation, source="cohort")
                if course.pk not in had:
                    new.setdefault(user, []).append(course)
    return new


def _email_enrolled(cohort, new):
    """Tell each newly enrolled learner, after the transaction commits."""
    if not new:
        return
    from campaigns.notifications import absolute_url, send_templated_email

    def send():
        url = absolute_url(cohort.get_absolute_url())
        for user, courses in new.items():
            if user.email:
                send_templated_email(user.email, "cohorts/email/enrolled", {
                    "cohort": cohort, "user": user, "courses": courses, "url": url})

    transaction.on_commit(send)


def add_members(cohort, organisations, *, by=None, notify=True):
    """Add ``organisations`` to ``cohort`` and enrol their learners; the members actually added.

    Raises ``ValueError`` (a translated sentence) if any OMS may not join; then nothing is added.
    ``notify=False`` (the demo) enrols without emailing.
    """
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update(of=("self",)).select_related("network__province").get(pk=cohort.pk)
        errors = [membership_error(cohort, o) for o in organisations]
        errors = [e for e in errors if e]
        if errors:
            raise ValueError(" ".join(errors))
        added = []
        for organisation in organisations:
            member, created = CohortMember.objects.get_or_create(
                cohort=cohort, organisation=organisation, defaults={"added_by": by})
            if created:
                added.append(organisation)
        new = _enrol(cohort, added, cohort.courses.all())
        if notify:
            _email_enrolled(cohort, new)
    return added


def remove_members(cohort, organisations):
    """Take ``organisations`` out of ``cohort`` (their learners keep their enrolments and progress)."""
    CohortMember.objects.filter(cohort=cohort, organisation__in=[o.pk for o in organisations]).delete()


def set_courses(cohort, courses, *, notify=True):
    """Make ``courses`` the cohort's courses; the members' learners are enrolled in the new ones."""
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        before = set(cohort.courses.values_list("pk", flat=True))
        cohort.courses.set(courses)
        added = [course for course in courses if course.pk not in before]
        members = [m.organisation for m in cohort.members.select_related("organisation")]
        new = _enrol(cohort, members, added)
        if notify:
            _email_enrolled(cohort, new)
    return added


def enrol_new_learners(cohort):
    """Enrol learners who joined a member OMS since (invited later); the number of new enrolments."""
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        members = [m.organisation for m in cohort.members.select_related("organisation")]
        new = _enrol(cohort, members, cohort.courses.all())
        _email_enrolled(cohort, new)
    return sum(len(courses) for courses in new.values())
