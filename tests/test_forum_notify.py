"""Forum emails: followers hear of each new post once, mentions, the answer chosen, the daily digest,
one-click unsubscribe, and who may follow what."""
import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from forums import testing as forums_testing
from partners import testing as partners_testing

pytestmark = pytest.mark.django_db

make_verified_oms = partners_testing.make_verified_oms
make_moderator = partners_testing.make_moderator
make_space = forums_testing.make_space


class World:
    pass


@pytest.fixture
def world(make_verified_oms, make_moderator, make_space):
    w = World()
    w.space = make_space("33")  # Central Java's network: private
    w.a = make_verified_oms("bank-sampah-semarang", "33.74", title="Bank Sampah Semarang").editor
    w.b = make_verified_oms("kampung-solo", "33.72", title="Komunitas Kampung Solo").editor
    w.c = make_verified_oms("sekolah-kudus", "33.19", title="Sekolah Kudus").editor
    w.far = make_verified_oms("taman-baca-makassar", "73.71", title="Taman Baca Makassar").editor
    for user, name in ((w.a, "Ani"), (w.b, "Budi"), (w.c, "Citra"), (w.far, "Dewi")):
        user.first_name = name
        user.save(update_fields=["first_name"])
    w.moderator = make_moderator("33")
    return w


@pytest.fixture
def write(django_capture_on_commit_callbacks):
    """``write.thread(space, user, ...)`` / ``write.reply(thread, user, ...)`` through ``forums.posting``,
    running the after-commit hooks (the immediate task backend then sends at once)."""
    from forums import posting

    class Writer:
        def thread(self, space, user, title="Cara menyusun laporan dana hibah?", body="Ada contoh format?"):
            with django_capture_on_commit_callbacks(execute=True):
                return posting.start_thread(space, user, title=title, body=body)

        def reply(self, thread, user, body="Pakai format dari dinas."):
            with django_capture_on_commit_callbacks(execute=True):
                return posting.reply(thread, user, body=body)

        def solve(self, thread, post, user):
            with django_capture_on_commit_callbacks(execute=True):
                return posting.mark_solved(thread, post, user)

    return Writer()


def to(*users):
    return sorted(u.email for u in users)


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def follow(user, **target):
    from forums.subscriptions import subscribe

    return subscribe(user, **target)


def set_language(user, language):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def unsubscribe_path(message):
    match = re.search(r"http://[^/\s]+(/\w\w/forum/berhenti/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


# -- a post's emails ----------------------------------------------------------------------------------------


def test_followers_get_one_email_per_post_and_the_author_none(world, write):
    w = world
    follow(w.c, space=w.space)  # hears of new threads
    mail.outbox.clear()
    thread = write.thread(w.space, w.a)
    assert recipients() == to(w.c)  # not the author; one email
    assert thread.title in mail.outbox[0].subject
    assert "Ada contoh format?" in mail.outbox[0].body
    assert thread.get_absolute_url() in mail.outbox[0].body
    # One-click unsubscribe headers for mail clients (RFC 8058).
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/forum/berhenti/" in mail.outbox[0].extra_headers["List-Unsubscribe"]

    mail.outbox.clear()
    reply = write.reply(thread, w.b)
    # The asker follows their thread; the space's followers hear of new threads only.
    assert recipients() == to(w.a)
    assert f"#pos-{reply.pk}" in mail.outbox[0].body

    mail.outbox.clear()
    write.reply(thread, w.a, body="Terima kasih!")
    assert recipients() == to(w.b)  # the one who replied follows it now; the author hears nothing

    mail.outbox.clear()
    write.reply(thread, w.b, body="Sama-sama.")
    assert recipients() == to(w.a)


def test_a_mentioned_member_is_told_once_in_their_language(world, write):
    from forums.profiles import profile_for

    w = world
    set_language(w.c, "en")
    handle = profile_for(w.c).handle
    thread = write.thread(w.space, w.a)
    mail.outbox.clear()
    write.reply(thread, w.b, body=f"@{handle} pernah membuat laporan seperti ini?")
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == to(w.a, w.c)
    mention = by_address[w.c.email]
    assert "Budi mentioned you" in mention.subject
    assert "/en/forum/" in mention.body and "/id/forum/" not in mention.body
    # The asker's email is in the site's language (Indonesian).
    assert "/id/forum/" in by_address[w.a.email].body


def test_an_edit_that_names_a_member_tells_only_them_once(world, write, django_capture_on_commit_callbacks):
    from forums import posting
    from forums.profiles import profile_for
    from forums.tasks import deliver_new_mentions

    w = world
    thread = write.thread(w.space, w.a)
    reply = write.reply(thread, w.b, body="Pakai format dari dinas.")
    c, far = profile_for(w.c).handle, profile_for(w.far).handle
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        posting.edit_post(reply, w.b, body=f"Pakai format dari dinas. @{c} punya contohnya? @{far}")
    # Citra is told; Dewi (another province, cannot read the space) is not; the asker is not told again.
    assert recipients() == to(w.c)
    assert "Budi menyebut Anda" in mail.outbox[0].subject  # Citra has no language set: Indonesian
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        posting.edit_post(reply, w.b, body=f"@{c} punya contohnya? Terima kasih.")
    assert mail.outbox == []  # already mentioned: not told again
    assert deliver_new_mentions(reply.pk, [w.c.pk]) == 0  # a retried task sends nothing either


def test_someone_who_can_no_longer_read_the_space_gets_nothing(world, write):
    from partners.models import OrganisationPage
    from regions.models import Regency

    w = world
    thread = write.thread(w.space, w.a)
    follow(w.b, thread=thread)
    follow(w.c, thread=thread)
    # Budi's OMS moved to another province; Citra left her OMS's editors.
    OrganisationPage.objects.filter(slug="kampung-solo").update(regency=Regency.objects.get(code="73.71"))
    w.c.groups.clear()
    mail.outbox.clear()
    write.reply(thread, w.moderator, body="Silakan lihat panduan di perpustakaan.")
    assert recipients() == to(w.a)


def test_a_banned_or_inactive_follower_gets_nothing(world, write):
    from forums.models import SpaceBan

    w = world
    thread = write.thread(w.space, w.a)
    follow(w.b, thread=thread)
    follow(w.c, thread=thread)
    SpaceBan.objects.create(space=w.space, user=w.b, reason="spam", banned_by=w.moderator)
    w.c.is_active = False
    w.c.save(update_fields=["is_active"])
    mail.outbox.clear()
    write.reply(thread, w.moderator, body="Catatan moderator.")
    assert recipients() == to(w.a)


def test_a_retried_delivery_sends_nothing_twice(world, write):
    from forums import tasks
    from forums.models import Post

    w = world
    follow(w.b, space=w.space)
    thread = write.thread(w.space, w.a)
    assert recipients() == to(w.b)
    post = Post.objects.get(thread=thread)
    assert post.notified_at is not None
    assert tasks.deliver(post.pk) == 0
    tasks.deliver_post.enqueue(post.pk)
    assert recipients() == to(w.b)


def test_a_post_hidden_before_delivery_is_mailed_to_no_one(world, write):
    from forums import tasks
    from forums.models import Post, Thread

    w = world
    thread = write.thread(w.space, w.a)
    follow(w.b, thread=thread)
    post = Post.objects.create(thread=thread, author=w.c, body="iklan", body_html="<p>iklan</p>", hidden=True)
    Thread.objects.filter(pk=thread.pk).update(post_count=2)
    mail.outbox.clear()
    assert tasks.deliver(post.pk) == 0
    assert mail.outbox == []
    post.refresh_from_db()
    assert post.notified_at is not None


def test_the_chosen_answers_author_is_told(world, write):
    w = world
    thread = write.thread(w.space, w.a)
    answer = write.reply(thread, w.b)
    mail.outbox.clear()
    write.solve(thread, answer, w.a)
    assert recipients() == to(w.b)
    assert thread.title in mail.outbox[0].subject
    # Choosing it again (unmark, mark) does not mail again the same day.
    from forums import posting

    posting.unmark_solved(thread, w.a)
    write.solve(thread, answer, w.a)
    assert recipients() == to(w.b)


def test_auto_follow_happens_only_on_a_first_post(world, write):
    from forums.subscriptions import is_subscribed, unsubscribe

    w = world
    thread = write.thread(w.space, w.a)
    write.reply(thread, w.b)
    assert is_subscribed(w.b, thread=thread)
    unsubscribe(w.b, thread=thread)
    write.reply(thread, w.b, body="Satu lagi.")
    assert not is_subscribed(w.b, thread=thread)  # left it once: writing again does not re-follow


# -- the daily digest ------------------------------------------------------------------------------------


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def test_the_digest_lists_exactly_the_new_readable_posts_once_a_day(world, write, make_space):
    from forums import tasks
    from forums.models import ForumProfile, Post, Space, Subscription
    from forums.subscriptions import subscribe

    w = world
    national = make_space()
    other = make_space("73")
    subscribe(w.c, space=w.space, delivery=Subscription.Delivery.DIGEST)
    subscribe(w.c, space=national, delivery=Subscription.Delivery.DIGEST)
    day = timezone.localdate() + datetime.timedelta(days=3)

    asked = write.thread(w.space, w.a, title="Laporan hibah")
    answered = write.reply(asked, w.b, body="Contoh terlampir.")
    own = write.thread(w.space, w.c, title="Pertanyaan Citra sendiri")
    hidden = write.reply(asked, w.b, body="pesan tersembunyi")
    Post.objects.filter(pk=hidden.pk).update(hidden=True)
    elsewhere = write.thread(other, w.far, title="Forum Sulawesi Selatan")
    national_thread = write.thread(national, w.far, title="Diskusi nasional")
    for post in Post.objects.all():
        Post.objects.filter(pk=post.pk).update(created_at=at(day, 5))
    mail.outbox.clear()

    assert tasks.send_digests(now=at(day, 4)) == 0  # before the digest hour
    assert tasks.send_digests(now=at(day, 7)) == 1
    assert recipients() == to(w.c)
    body = mail.outbox[0].body
    assert "Laporan hibah" in body and "Diskusi nasional" in body
    assert "Pertanyaan Citra sendiri" not in body  # their own
    assert "Forum Sulawesi Selatan" not in body  # a space they do not follow (and may not read)
    assert f"#pos-{Post.objects.filter(thread=asked).order_by('pk').first().pk}" in body
    assert re.search(r"\b3\b", mail.outbox[0].subject)  # two in the province, one national; not the hidden one
    assert "/forum/berhenti/" in body
    del own, elsewhere, national_thread, answered

    # Once a day: running again the same day sends nothing, even with something new.
    write.reply(asked, w.a, body="Baru lagi")
    Post.objects.filter(thread=asked, body="Baru lagi").update(created_at=at(day, 9))
    mail.outbox.clear()  # (Budi's email: he follows the thread)
    assert tasks.send_digests(now=at(day, 10)) == 0
    assert mail.outbox == []
    # The next day: only what is new since.
    assert tasks.send_digests(now=at(day + datetime.timedelta(days=1), 7)) == 1
    assert "Laporan hibah" in mail.outbox[0].body and re.search(r"\b1\b", mail.outbox[0].subject)
    assert "Diskusi nasional" not in mail.outbox[0].body
    # Nothing new: nothing sent (and the day is still counted as done).
    assert tasks.send_digests(now=at(day + datetime.timedelta(days=2), 7)) == 0
    assert len(mail.outbox) == 1
    profile = ForumProfile.objects.get(user=w.c)
    assert profile.last_digest_at == at(day + datetime.timedelta(days=2), 7)
    # Losing access to a space takes it out of the digest.
    Space.objects.filter(pk=national.pk).update(is_public=False)
    w.c.groups.clear()
    write.reply(national_thread_for(national), w.far, body="Tanggapan nasional")
    Post.objects.filter(body="Tanggapan nasional").update(created_at=at(day + datetime.timedelta(days=2), 12))
    assert tasks.send_digests(now=at(day + datetime.timedelta(days=3), 7)) == 0
    # Turned off: nothing.
    profile.digest = False
    profile.save()
    assert tasks.digest_candidates().filter(pk=w.c.pk).count() == 0


def national_thread_for(space):
    return space.threads.get()


def test_instant_followers_do_not_get_the_same_posts_in_the_digest(world, write):
    from forums import tasks
    from forums.models import Post

    w = world
    follow(w.c, space=w.space)  # instant: each new thread by email
    day = timezone.localdate() + datetime.timedelta(days=3)
    thread = write.thread(w.space, w.a, title="Topik baru")
    follow(w.c, thread=thread)  # and each reply by email
    write.reply(thread, w.b)
    Post.objects.update(created_at=at(day, 5))
    mail.outbox.clear()
    assert tasks.send_digests(now=at(day, 7)) == 0
    assert mail.outbox == []


def test_the_digest_is_a_scheduled_job():
    from jobs.schedule import discover

    jobs = discover()
    assert "forums.tasks.forum_digests" in jobs
    assert jobs["forums.tasks.forum_digests"].every <= datetime.timedelta(hours=1)


# -- one-click unsubscribe -----------------------------------------------------------------------------------


def test_the_unsubscribe_link_works_without_signing_in(client, world, write):
    from forums.subscriptions import is_subscribed

    w = world
    thread = write.thread(w.space, w.a)
    mail.outbox.clear()
    write.reply(thread, w.b)
    path = unsubscribe_path(mail.outbox[0])
    response = client.get(path)
    assert response.status_code == 200
    assert 'id="unsubscribe-form"' in response.content.decode()
    assert is_subscribed(w.a, thread=thread)  # a link scanner's GET changes nothing
    response = client.post(path)
    assert response.status_code == 200 and 'id="unsubscribe-done"' in response.content.decode()
    assert not is_subscribed(w.a, thread=thread)
    assert client.post(path).status_code == 200  # twice: still fine
    mail.outbox.clear()
    write.reply(thread, w.b, body="Ada yang lain?")
    assert recipients() == []


def test_a_tampered_or_expired_unsubscribe_link_is_refused(client, world, monkeypatch):
    from forums import notify

    w = world
    token = notify.make_unsubscribe_token(w.a, notify.SPACE, w.space.pk)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (tampered, "bukan-token", token.replace(":", "", 1)):
        response = client.post(f"/en/forum/berhenti/{bad}/")
        assert response.status_code == 400
        assert 'id="unsubscribe-error"' in response.content.decode()
        assert "not valid" in response.content.decode()
    follow(w.a, space=w.space)
    monkeypatch.setattr(notify, "UNSUBSCRIBE_MAX_AGE", datetime.timedelta(seconds=-1))
    response = client.post(f"/en/forum/berhenti/{token}/")
    assert response.status_code == 400 and "expired" in response.content.decode()
    from forums.subscriptions import is_subscribed

    assert is_subscribed(w.a, space=w.space)


def test_the_digest_link_turns_the_digest_off(client, world):
    from forums import notify
    from forums.subscriptions import wants_digest

    w = world
    token = notify.make_unsubscribe_token(w.c, notify.DIGEST)
    assert client.get(f"/en/forum/berhenti/{token}/").status_code == 200
    assert wants_digest(w.c)
    assert client.post(f"/en/forum/berhenti/{token}/").status_code == 200
    assert not wants_digest(w.c)


# -- following ------------------------------------------------------------------------------------------


def test_following_a_space_or_thread_needs_reading_rights(client, world, write, make_space):
    from forums.subscriptions import is_subscribed

    w = world
    thread = write.thread(w.space, w.a)
    space_url = f"/en/forum/{w.space.slug}/ikuti/"
    thread_url = f"/en/forum/{w.space.slug}/{thread.pk}/ikuti/"
    # Another province's member: the private space does not exist for them.
    client.force_login(w.far)
    assert client.post(space_url).status_code == 404
    assert client.post(thread_url).status_code == 404
    assert client.post("/en/forum/tidak-ada/ikuti/").status_code == 404
    assert not is_subscribed(w.far, space=w.space)
    # A public space: anyone signed in may follow it.
    public = make_space("73", is_public=True)
    client.force_login(w.b)
    assert client.post(f"/en/forum/{public.slug}/ikuti/").status_code == 302
    assert is_subscribed(w.b, space=public)
    # A member toggles, and is sent back where they were (never to another site).
    response = client.post(space_url, {"next": thread.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    assert is_subscribed(w.b, space=w.space)
    response = client.post(space_url, {"next": "https://jahat.example/"})
    assert response["Location"] == w.space.get_absolute_url()
    assert not is_subscribed(w.b, space=w.space)
    assert client.post(space_url, {"delivery": "tiap-menit"}).status_code == 400
    assert not is_subscribed(w.b, space=w.space)
    assert client.post(thread_url).status_code == 302 and is_subscribed(w.b, thread=thread)
    assert client.post(thread_url).status_code == 302 and not is_subscribed(w.b, thread=thread)
    assert client.get(thread_url).status_code == 405
    # Signed out: asked to sign in, nothing changes.
    client.logout()
    response = client.post(space_url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_hidden_thread_cannot_be_followed_by_members(client, world, write):
    from forums.models import Thread

    w = world
    thread = write.thread(w.space, w.a)
    Thread.objects.filter(pk=thread.pk).update(hidden=True)
    client.force_login(w.b)
    assert client.post(f"/en/forum/{w.space.slug}/{thread.pk}/ikuti/").status_code == 404
    client.force_login(w.moderator)
    assert client.post(f"/en/forum/{w.space.slug}/{thread.pk}/ikuti/").status_code == 302


def test_the_follow_button(rf, world, write):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    w = world
    thread = write.thread(w.space, w.a)
    request = rf.get(thread.get_absolute_url())
    request.user = w.a
    html = render_to_string("forums/includes/follow.html", {"thread": thread, "request": request})
    assert 'aria-pressed="true"' in html and f"/forum/{w.space.slug}/{thread.pk}/ikuti/" in html
    request.user = w.b
    html = render_to_string("forums/includes/follow.html", {"space": w.space, "request": request})
    assert 'aria-pressed="false"' in html and f"/forum/{w.space.slug}/ikuti/" in html
    request.user = AnonymousUser()
    html = render_to_string("forums/includes/follow.html", {"space": w.space, "request": request})
    assert "?next=" in html and "<form" not in html


# -- the settings page ------------------------------------------------------------------------------------


def test_the_settings_page_changes_only_ones_own_subscriptions(client, world, write):
    from forums.models import Subscription
    from forums.subscriptions import wants_digest

    w = world
    thread = write.thread(w.space, w.a)
    mine = Subscription.objects.get(user=w.a, thread=thread)
    theirs = follow(w.b, space=w.space)
    assert client.get("/en/forum/pengaturan/").status_code == 302  # sign in first
    client.force_login(w.a)
    page = client.get("/en/forum/pengaturan/").content.decode()
    assert f'id="subscription-{mine.pk}"' in page and f'id="subscription-{theirs.pk}"' not in page

    url = "/en/forum/pengaturan/"
    assert client.post(url, {"action": "save", "subscription": mine.pk, "delivery": "digest"}).status_code == 302
    mine.refresh_from_db()
    assert mine.delivery == "digest"
    response = client.post(url, {"action": "save", "subscription": mine.pk, "delivery": "kadang"})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert client.post(url, {"action": "save", "subscription": theirs.pk, "delivery": "digest"}).status_code == 404
    assert client.post(url, {"action": "unfollow", "subscription": theirs.pk}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.delivery == "instant"
    assert client.post(url, {"action": "hapus-semua"}).status_code == 400
    assert client.post(url, {"action": "digest"}).status_code == 302
    assert not wants_digest(w.a)
    assert client.post(url, {"action": "digest", "digest": "on"}).status_code == 302
    assert wants_digest(w.a)
    assert client.post(url, {"action": "unfollow", "subscription": mine.pk}).status_code == 302
    assert not Subscription.objects.filter(pk=mine.pk).exists()
