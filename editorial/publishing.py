"""Who may publish a page straight away, skipping its review.

OMS editors hold Wagtail's publish permission on their OMS's subtree (they keep their profile and
launched campaigns up to date), so without this rule they could publish a story, or launch a
campaign, without anyone reviewing it. A story always goes through review unless its publisher
is one of its reviewers; a campaign's first publication (its launch) likewise. Superusers keep
Wagtail's direct publishing: it is written to the audit log.
"""
from django.utils.translation import gettext_lazy as _

from .workflows import workflow_of


def requires_review(page):
    """Does publishing ``page`` need a review? Stories always; campaigns until they are launched."""
    from campaigns.models import CampaignPage
    from stories.models import StoryPage

    page = page.specific_deferred if page.pk else page
    if isinstance(page, StoryPage):
        return True
    if isinstance(page, CampaignPage):
        source = page.source if page.pk else page
        return source.first_published_at is None
    return False


def is_reviewer_of(page, user):
    """Could ``user`` act on ``page`` in one of the tasks of its workflow?"""
    workflow = workflow_of(page)
    if workflow is None:
        return False
    return any(task.specific.get_actions(page, user) for task in workflow.tasks.filter(active=True))


def direct_publish_refusal(page, user):
    """Why ``user`` may not publish ``page`` without review, or None when they may."""
    if user.is_superuser or not requires_review(page):
        return None
    if is_reviewer_of(page, user):
        return None
    from stories.models import StoryPage

    if isinstance(page.specific_deferred if page.pk else page, StoryPage):
        return _("A story of change is published after the communications team has reviewed it. "
                 "Save it and submit it for review.")
    return _("A campaign is launched once the moderators of its provincial network have approved it. "
             "Save it and submit it for approval.")
