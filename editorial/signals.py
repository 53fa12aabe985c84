"""Signal wiring: reviewers' emails, story updates, and what a new campaign or story index gets."""
from django.db.models.signals import post_save
from wagtail.models import TaskState
from wagtail.signals import page_published, task_submitted


def campaign_created(sender, instance, created, raw=False, **kwargs):
    """A new campaign (or its translation, or a copy) goes through the launch workflow."""
    from .workflows import assign_type_workflow

    if created and not raw:
        assign_type_workflow(instance)


def story_index_created(sender, instance, created, raw=False, **kwargs):
    """Communications staff write, edit and publish national stories under every story index."""
    from .roles import grant_story_index_permissions

    if created and not raw:
        grant_story_index_permissions(instance)


def connect():
    from campaigns.models import CampaignPage
    from stories.models import StoryIndexPage, StoryPage

    from .notifications import notify_provincial_reviewers
    from .updates import story_published

    task_submitted.connect(notify_provincial_reviewers, sender=TaskState,
                           dispatch_uid="editorial_provincial_task_submitted")
    page_published.connect(story_published, sender=StoryPage, dispatch_uid="editorial_story_published")
    post_save.connect(campaign_created, sender=CampaignPage, dispatch_uid="editorial_campaign_workflow")
    post_save.connect(story_index_created, sender=StoryIndexPage, dispatch_uid="editorial_story_index_perms")
