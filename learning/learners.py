"""Who is a learner: the one rule every learning view asks.

Invariants:
- A learner is an active user who edits a **verified** OMS (its editor group) or was invited to learn
  by a verified OMS (``LearnerMembership``). Only learners enrol themselves on the site.
- An enrolment made otherwise (a cohort, a Moodle over LTI) lets its holder learn that course.
- Organisations are always their default-language (source) pages.
"""
from django.db.models import Q
from wagtail.models import Locale


def learner_organisations(user):
    """The verified source-language OMS ``user`` learns under (their own, or that invited them)."""
    from partners.models import OrganisationPage

    if not (user and user.is_authenticated and user.is_active):
        return OrganisationPage.objects.none()
    return OrganisationPage.objects.filter(
        Q(access__group__user=user) | Q(learner_memberships__user=user),
        locale=Locale.get_default(), is_verified=True,
    ).distinct()


def is_learner(user):
    """Whether ``user`` may enrol in courses on the site."""
    return learner_organisations(user).exists()
