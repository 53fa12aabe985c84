"""Story updates: a campaign's supporters who opted in hear of its new story once, and can unsubscribe in one click.

The records come from every installed support type (through their demo hooks); the test never
names a type either.
"""
import datetime
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from editorial.models import StoryUpdateDispatch, UpdateOptOut
from editorial.testing import add_demo_records, every_type_asks, make_story  # noqa: F401 - fixture
from editorial.tokens import make_unsubscribe_token
from editorial.updates import story_updates_muted, update_recipients

pytestmark = pytest.mark.django_db


@pytest.fixture
def supported(make_campaign):
    """Two campaigns with records of every installed type; who opted in is set per test."""
    first = make_campaign(asks=every_type_asks(), title="Sumur untuk Dusun Kali", slug="sumur")
    second = make_campaign(asks=every_type_asks(), title="Lampu Jalan", slug="lampu")
    return first, second, add_demo_records(first), add_demo_records(second, seed=2)


def opt_in(records, email, models=None):
    """Give the first record of each model (or of ``models``) this address, opted in."""
    for model, rows in records.items():
        if models is not None and model not in models:
            continue
        row = rows[0]
        model.objects.filter(pk=row.pk).update(email=email, wants_updates=True)


def publish_story(make_story, campaigns, captured, **fields):
    with captured(execute=True):
        return make_story("Air Mengalir", campaigns=campaigns, **fields)


def sent_to():
    return sorted(address for message in mail.outbox for address in message.to)


def test_every_opted_in_supporter_hears_once(supported, make_story, django_capture_on_commit_callbacks):
    first, second, records_first, records_second = supported
    assert len(records_first) >= 2, "at least two installed support types keep records"
    opt_in(records_first, "Siti@Contoh.id")  # the same person through every type: one email
    opt_in(records_second, "siti@contoh.id")  # and through the story's other campaign: still one
    some_model = next(iter(records_first))
    some_model.objects.filter(pk=records_first[some_model][1].pk).update(email="budi@contoh.id",
                                                                       wants_updates=True)
    some_model.objects.filter(pk=records_first[some_model][2].pk).update(email="tidak@contoh.id",
                                                                       wants_updates=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        story = make_story("Air Mengalir", campaigns=[first, second])
        assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert sent_to() == ["budi@contoh.id", "siti@contoh.id"]
    message = next(m for m in mail.outbox if m.to == ["siti@contoh.id"])
    assert "Air Mengalir" in message.subject
    assert story.full_url.split("//", 1)[1].split("/", 1)[1] in message.body
    assert "Sumur untuk Dusun Kali" in message.body and "Lampu Jalan" in message.body
    # One-click unsubscribe: the link in the body and the headers mail clients read.
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    dispatch = StoryUpdateDispatch.objects.get(translation_key=story.translation_key)
    assert (dispatch.recipients, dispatch.sent) == (2, 2)

    # Republishing, and publishing the English translation, send nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
        english = story.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
        english.save_revision().publish()
    assert mail.outbox == []
    assert StoryUpdateDispatch.objects.count() == 1


def test_unsubscribe_in_one_click(client, supported, make_story, django_capture_on_commit_callbacks):
    first, second, records_first, records_second = supported
    opt_in(records_first, "siti@contoh.id")
    opt_in(records_second, "siti@contoh.id")
    publish_story(make_story, [first], django_capture_on_commit_callbacks)
    url = urlparse(mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")).path

    # The link opens a page with one button (a link scanner unsubscribes no one)...
    page = client.get(url)
    assert page.status_code == 200 and "siti@contoh.id" in page.content.decode()
    assert not UpdateOptOut.objects.exists()
    # ...and the button, or the mail client's RFC 8058 POST (no CSRF token), unsubscribes.
    csrf_client = type(client)(enforce_csrf_checks=True)
    response = csrf_client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert list(UpdateOptOut.objects.values_list("email", "campaign")) == [("siti@contoh.id", first.pk)]
    csrf_client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert UpdateOptOut.objects.count() == 1  # clicking twice changes nothing

    # No more updates from that campaign; the other campaign's still come.
    assert update_recipients([first.pk]) == {}
    assert update_recipients([first.pk, second.pk]) == {"siti@contoh.id": [second.pk]}
    mail.outbox.clear()
    publish_story(make_story, [first, second], django_capture_on_commit_callbacks)
    assert sent_to() == ["siti@contoh.id"]
    assert "Lampu Jalan" in mail.outbox[0].body and "Sumur untuk Dusun Kali" not in mail.outbox[0].body

    # Unsubscribing from everything stops them all.
    client.post(reverse("editorial:unsubscribe", args=[make_unsubscribe_token("siti@contoh.id", [second.pk])]),
                {"scope": "all"})
    assert UpdateOptOut.objects.filter(email="siti@contoh.id", campaign=None).exists()
    assert update_recipients([first.pk, second.pk]) == {}


def test_a_forged_or_damaged_link_is_refused(client, supported):
    first = supported[0]
    token = make_unsubscribe_token("siti@contoh.id", [first.pk])
    tampered = token[:5] + ("A" if token[5] != "A" else "B") + token[6:]
    for bad in (token[:-3] + ("abc" if not token.endswith("abc") else "xyz"), "bukan-token", tampered):
        response = client.post(reverse("editorial:unsubscribe", args=[bad]), {"scope": "all"})
        assert response.status_code == 400
        assert "unsubscribe" in response.content.decode().lower() or "berhenti" in response.content.decode().lower()
    response = client.post(reverse("editorial:unsubscribe", args=[token]), {"scope": "semua"})
    assert response.status_code == 400
    assert not UpdateOptOut.objects.exists()


def test_scheduled_story_is_announced_when_it_goes_live(supported, make_story, django_capture_on_commit_callbacks):
    first, _second, records_first, _records_second = supported
    opt_in(records_first, "siti@contoh.id")
    mail.outbox.clear()
    later = timezone.now() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        story = make_story("Terbit Besok", campaigns=[first], go_live_at=later)
    story.refresh_from_db()
    assert not story.live and mail.outbox == []  # scheduled, not news yet

    revision = story.get_latest_revision()
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    story.refresh_from_db()
    assert story.live
    assert sent_to() == ["siti@contoh.id"]


def test_demo_content_is_published_quietly(supported, make_story, django_capture_on_commit_callbacks):
    first, _second, records_first, _records_second = supported
    opt_in(records_first, "siti@contoh.id")
    mail.outbox.clear()
    with story_updates_muted(), django_capture_on_commit_callbacks(execute=True):
        story = make_story("Cerita Demo", campaigns=[first])
    assert mail.outbox == []
    assert StoryUpdateDispatch.objects.get(translation_key=story.translation_key).muted
