"""Story updates: when a story is first published, its campaigns' supporters who asked for updates hear of it.

Every support type's records are asked the same way (``registry.call(key, "records_admin").model``,
a ``SupportRecord`` with ``campaign``, ``email``, ``wants_updates``), so the core never names a type.
Each address gets one email per story, with a signed one-click unsubscribe link (and the
``List-Unsubscribe`` headers mail clients use) and its signed link to manage every consent
(``privacy.consent.tokens``). A story and its translations are one story: the
first publication in any language sends, and only that one, once the transaction has committed.
"""
import contextlib
import logging
import threading
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from .models import StoryUpdateDelivery, StoryUpdateDispatch, UpdateOptOut
from .tokens import make_unsubscribe_token

logger = logging.getLogger("lokadaya.editorial")
_state = threading.local()


@contextlib.contextmanager
def story_updates_muted():
    """Publish stories without mailing anyone (demo content, imports): they are recorded as announced."""
    previous = getattr(_state, "muted", False)
    _state.muted = True
    try:
        yield
    finally:
        _state.muted = previous


def absolute(url):
    return url if url.startswith(("http://", "https://")) else settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


# -- who ---------------------------------------------------------------------------------------


def record_models():
    """The record model of every installed support type (once each)."""
    from campaigns.plugins import registry

    models = []
    for support_type in registry.support_types():
        admin = registry.call(support_type.key, "records_admin")
        model = getattr(admin, "model", None)
        if model is not None and model not in models:
            models.append(model)
    return models


def update_recipients(campaign_ids):
    """``{email: [campaign ids]}``: opted-in supporters of these campaigns, less those who opted out."""
    found = defaultdict(set)
    campaign_ids = list(campaign_ids)
    if not campaign_ids:
        return {}
    for model in record_models():
        rows = (model.objects.filter(campaign_id__in=campaign_ids, wants_updates=True).exclude(email="")
                .values_list("email", "campaign_id").distinct())
        for email, campaign_id in rows:
            found[email.strip().lower()].add(campaign_id)
    if not found:
        return {}
    everything, per_campaign = set(), defaultdict(set)
    for email, campaign_id in UpdateOptOut.objects.filter(email__in=list(found)).values_list("email", "campaign_id"):
        if campaign_id is None:
            everything.add(email)
        else:
            per_campaign[email].add(campaign_id)
    recipients = {}
    for email, campaigns in found.items():
        remaining = campaigns - per_campaign[email]
        if email not in everything and remaining:
            recipients[email] = sorted(remaining)
    return dict(sorted(recipients.items()))


def story_campaign_ids(story):
    """The story's campaigns, in the default language (records point there)."""
    return sorted({campaign.source.pk for campaign in story.campaigns.all()})


# -- when --------------------------------------------------------------------------------------


def story_published(sender, instance, revision=None, **kwargs):
    """``page_published`` receiver for stories: announce the first publication, once."""
    story = instance
    # Wagtail sends page_published when it schedules a page too; only a live page is news.
    if not story.live or story.alias_of_id or kwargs.get("alias"):
        return
    if story.first_published_at is None or story.last_published_at != story.first_published_at:
        return  # republished: announced (or deliberately not) the first time
    with transaction.atomic():
        try:
            dispatch, created = StoryUpdateDispatch.objects.get_or_create(
                translation_key=story.translation_key,
                defaults={"story_id": story.pk, "language": story.locale.language_code,
                          "muted": getattr(_state, "muted", False)},
            )
        except IntegrityError:
            return  # another process announced it at the same moment
    if not created:
        return
    if dispatch.muted:
        StoryUpdateDispatch.objects.filter(pk=dispatch.pk).update(finished_at=timezone.now())
        return
    transaction.on_commit(lambda: send_story_update.enqueue(dispatch.pk))


# -- what --------------------------------------------------------------------------------------


def story_context(story):
    """What every recipient's email shares, worked out once per story."""
    organisation = story.organisation
    return {
        "story": story,
        "story_url": absolute(story.get_url() or "/"),
        "organisation": organisation.localized if organisation is not None else None,
    }


def build_message(shared, email, campaigns, connection=None):
    """The email to one address: ``campaigns`` are those they supported (already localized)."""
    from privacy.consent.tokens import consent_path

    token = make_unsubscribe_token(email, [c.pk for c in campaigns])
    unsubscribe_url = absolute(reverse("editorial:unsubscribe", kwargs={"token": token}))
    consent = consent_path(email)  # every consent and the personal data, beside the unsubscribe link
    context = {**shared, "campaigns": campaigns, "unsubscribe_url": unsubscribe_url,
               "consent_url": absolute(consent) if consent else ""}
    subject = " ".join(render_to_string("editorial/email/story_update_subject.txt", context).split())
    body = render_to_string("editorial/email/story_update.txt", context)
    return EmailMultiAlternatives(
        subject, body, settings.DEFAULT_FROM_EMAIL, [email], connection=connection,
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


BATCH_SIZE = 100


@task()
def send_story_update(dispatch_id):
    """Mail a story's update to each recipient once; safe to run again after a failure.

    Addresses are claimed in batches (a delivery row each, unique per dispatch) before their
    emails go out, so two runs at once never mail anyone twice; a batch that fails to send is
    released for the next run.
    """
    from campaigns.models import CampaignPage

    dispatch = StoryUpdateDispatch.objects.filter(pk=dispatch_id).first()
    if dispatch is None or dispatch.muted or dispatch.story_id is None:
        return 0
    story = dispatch.story.specific
    recipients = update_recipients(story_campaign_ids(story))
    already = set(dispatch.deliveries.values_list("email", flat=True))
    pending = [(email, ids) for email, ids in recipients.items() if email not in already]
    sent = 0
    with translation.override(dispatch.language or settings.LANGUAGE_CODE):
        campaigns = {pk: campaign.localized for pk, campaign in
                     CampaignPage.objects.in_bulk({pk for ids in recipients.values() for pk in ids}).items()}
        shared = story_context(story)
        connection = get_connection()
        for start in range(0, len(pending), BATCH_SIZE):
            batch = _claim(dispatch, pending[start:start + BATCH_SIZE])
            messages = [build_message(shared, email, [campaigns[pk] for pk in ids if pk in campaigns],
                                      connection=connection) for email, ids in batch]
            try:
                sent += connection.send_messages(messages) or 0
            except Exception:  # noqa: BLE001 - any transport error: release the batch for a retry
                logger.exception("Could not send the update of story %s to %d addresses", story.pk, len(batch))
                dispatch.deliveries.filter(email__in=[email for email, _ids in batch]).delete()
    StoryUpdateDispatch.objects.filter(pk=dispatch.pk).update(
        recipients=len(recipients), sent=dispatch.deliveries.count(), finished_at=timezone.now())
    return sent


def _claim(dispatch, batch):
    """The part of ``batch`` this run may send: a delivery row each, none another run holds."""
    try:
        with transaction.atomic():
            StoryUpdateDelivery.objects.bulk_create(
                [StoryUpdateDelivery(dispatch=dispatch, email=email) for email, _ids in batch])
        return batch
    except IntegrityError:
        pass  # another run claimed some: go one by one
    claimed = []
    for email, ids in batch:
        try:
            with transaction.atomic():
                StoryUpdateDelivery.objects.create(dispatch=dispatch, email=email)
        except IntegrityError:
            continue
        claimed.append((email, ids))
    return claimed
