"""Forum moderation (issue 16): hide, lock, pin, move, ban by a space's moderators only; the log; /admin/forum/.

Every refusal is asked by the actor who must be refused (a moderator of another province, an OMS
editor, the public) and checks that nothing changed. Threads and posts are made directly with the
models (independent of forums.posting), with ``post_count``/``last_post_at`` as posting keeps them.
"""
import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from forums import access, moderation
from forums.posting import recount as posting_recount
from forums.models import ModerationLog, Post, SpaceBan, Thread
from forums import testing as forums_testing
from partners import testing as partners_testing

pytestmark = pytest.mark.django_db
PASSWORD = partners_testing.PASSWORD
make_verified_oms = partners_testing.make_verified_oms  # the fixtures, for this module
make_moderator = partners_testing.make_moderator
make_space = forums_testing.make_space
User = get_user_model()


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def make_thread(space, author, organisation, title="Bagaimana menyusun laporan dana hibah?",
                body="Kami baru pertama kali menerima hibah.", replies=()):
    """A thread with its opening post and ``replies`` [(author, organisation, body)], one minute apart."""
    start = timezone.now() - datetime.timedelta(hours=1)
    thread = Thread.objects.create(space=space, title=title, author=author, organisation=organisation,
                                   last_post_at=start)
    for n, (who, oms, text) in enumerate([(author, organisation, body), *replies]):
        post = Post.objects.create(thread=thread, author=who, organisation=oms, body=text, body_html=f"<p>{text}</p>")
        Post.objects.filter(pk=post.pk).update(created_at=start + datetime.timedelta(minutes=n))
    posting_recount(thread.pk)
    return thread


@pytest.fixture
def world(make_verified_oms, make_moderator, make_space):
    """Province 33's space (OMS A and B of Semarang), province 73's (OMS C of Makassar), the national space;
    a moderator of each province, a national admin; a thread of A in 33 with two replies of B."""

    class World:
        pass

    w = World()
    w.oms_a = make_verified_oms("oms-a", "33.74")
    w.oms_b = make_verified_oms("oms-b", "33.74")
    w.oms_c = make_verified_oms("oms-c", "73.71")
    w.mod_33, w.mod_73 = make_moderator("33"), make_moderator("73")
    w.admin = User.objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    w.space_33, w.space_73, w.national = make_space("33"), make_space("73"), make_space()
    w.thread = make_thread(w.space_33, w.oms_a.editor, w.oms_a, replies=[
        (w.oms_b.editor, w.oms_b, "Pisahkan pengeluaran per kegiatan."),
        (w.oms_b.editor, w.oms_b, "Iklan murah! Kunjungi situs kami."),
    ])
    w.opening, w.answer, w.spam = list(w.thread.posts.order_by("created_at", "pk"))
    return w


def state(thread):
    """Everything moderation may change on a thread, its posts, bans and log."""
    thread = Thread.objects.get(pk=thread.pk)
    return ((thread.space_id, thread.locked, thread.pinned, thread.hidden, thread.post_count, thread.solution_id),
            list(Post.objects.filter(thread=thread).values_list("pk", "hidden")),
            SpaceBan.objects.count(), ModerationLog.objects.count())


# -- the moderators of province 33 ----------------------------------------------------------------


def test_a_moderator_hides_a_reply_and_the_counts_stay_exact(world):
    client = logged_in(world.mod_33)
    before = Thread.objects.get(pk=world.thread.pk)
    assert before.post_count == 3 and before.last_post_at == Post.objects.get(pk=world.spam.pk).created_at

    response = client.post(f"/en/forum/moderasi/pos/{world.spam.pk}/", {"action": "hide", "reason": "Spam iklan"})
    assert response.status_code == 302 and response["Location"].endswith(f"#pos-{world.spam.pk}")
    spam, thread = Post.objects.get(pk=world.spam.pk), Thread.objects.get(pk=world.thread.pk)
    assert spam.hidden and spam.hidden_by == world.mod_33 and spam.hidden_reason == "Spam iklan"
    assert thread.post_count == 2 and thread.last_post_at == Post.objects.get(pk=world.answer.pk).created_at
    entry = ModerationLog.objects.get()
    assert (entry.space, entry.action, entry.post_id, entry.member, entry.user, entry.reason) == (
        world.space_33, "hide_post", spam.pk, world.oms_b.editor, world.mod_33, "Spam iklan")
    # Members no longer see it; the moderators still do.
    assert not access.visible_posts(world.oms_a.editor, thread).filter(pk=spam.pk).exists()
    assert access.visible_posts(world.mod_33, thread).filter(pk=spam.pk).exists()

    # Hiding it twice is a conflict; showing it again restores the counts, nothing was deleted.
    assert client.post(f"/en/forum/moderasi/pos/{spam.pk}/", {"action": "hide", "reason": "lagi"}).status_code == 409
    assert client.post(f"/en/forum/moderasi/pos/{spam.pk}/", {"action": "show"}).status_code == 302
    thread.refresh_from_db()
    assert thread.post_count == 3 and not Post.objects.get(pk=spam.pk).hidden
    assert list(ModerationLog.objects.values_list("action", flat=True)) == ["show_post", "hide_post"]


def test_hiding_needs_a_reason_and_keeps_what_was_typed(world):
    response = logged_in(world.mod_33).post(f"/en/forum/moderasi/pos/{world.spam.pk}/",
                                            {"action": "hide", "reason": "   "})
    assert response.status_code == 400
    assert 'id="moderate-post-form"' in response.content.decode()
    assert not Post.objects.get(pk=world.spam.pk).hidden and not ModerationLog.objects.exists()


def test_hiding_the_answer_unsets_it_and_hiding_the_opening_post_hides_the_thread(world):
    Thread.objects.filter(pk=world.thread.pk).update(solution=world.answer)
    moderation.hide_post(world.answer, world.mod_33, "Salah dan menyesatkan")
    thread = Thread.objects.get(pk=world.thread.pk)
    assert thread.solution_id is None and thread.post_count == 2

    moderation.hide_post(world.opening, world.mod_33, "Topik ganda")
    thread.refresh_from_db()
    assert thread.hidden and not Post.objects.get(pk=world.opening.pk).hidden
    assert ModerationLog.objects.filter(action="hide_thread", post=world.opening).exists()
    assert not access.visible_threads(world.oms_b.editor, world.space_33).filter(pk=thread.pk).exists()
    moderation.show_post(world.opening, world.mod_33)
    assert not Thread.objects.get(pk=thread.pk).hidden


def test_a_moderator_locks_pins_hides_and_shows_a_thread(world):
    client = logged_in(world.mod_33)
    url = f"/en/forum/moderasi/topik/{world.thread.pk}/"
    for action in ("lock", "pin"):
        assert client.post(url, {"action": action}).status_code == 302
    assert client.post(url, {"action": "lock"}).status_code == 409
    # Hiding a thread needs a reason (typed text kept on the 400 page).
    response = client.post(url, {"action": "hide", "reason": ""})
    assert response.status_code == 400
    assert client.post(url, {"action": "hide", "reason": "Di luar topik forum"}).status_code == 302
    thread = Thread.objects.get(pk=world.thread.pk)
    assert thread.locked and thread.pinned and thread.hidden
    for action in ("unlock", "unpin", "show"):
        assert client.post(url, {"action": action}).status_code == 302
    thread.refresh_from_db()
    assert not (thread.locked or thread.pinned or thread.hidden)
    assert list(ModerationLog.objects.order_by("pk").values_list("action", flat=True)) == [
        "lock", "pin", "hide_thread", "unlock", "unpin", "show_thread"]
    assert client.post(url, {"action": "explode"}).status_code == 400
    # GET: the confirmation page.
    assert client.get(url + "?action=hide").status_code == 200


def test_a_thread_moves_only_to_a_space_the_moderator_also_moderates(world):
    client = logged_in(world.mod_33)
    url = f"/en/forum/moderasi/topik/{world.thread.pk}/pindahkan/"
    # Province 73's space is not offered, and posting it is refused with the typed reason kept.
    page = client.get(url)
    assert page.status_code == 200 and f'value="{world.space_73.pk}"' not in page.content.decode()
    response = client.post(url, {"space": world.space_73.pk, "reason": "Salah provinsi sekali"})
    assert response.status_code == 400 and "Salah provinsi sekali" in response.content.decode()
    assert Thread.objects.get(pk=world.thread.pk).space == world.space_33
    with pytest.raises(moderation.ModerationError) as refused:
        moderation.move_thread(world.thread, world.space_73, world.mod_33, "x")
    assert refused.value.status == 403

    world.national.moderators.add(world.mod_33)
    assert f'value="{world.national.pk}"' in client.get(url).content.decode()
    assert client.post(url, {"space": world.national.pk, "reason": "Pertanyaan untuk semua provinsi"}).status_code == 302
    thread = Thread.objects.get(pk=world.thread.pk)
    assert thread.space == world.national and thread.moved_from == world.space_33
    assert sorted(ModerationLog.objects.filter(action="move").values_list("space_id", flat=True)) == sorted(
        [world.space_33.pk, world.national.pk])


def test_a_moderator_bans_a_member_who_then_cannot_post_nor_read_the_private_space(
        world, django_capture_on_commit_callbacks):
    member = world.oms_b.editor
    assert access.may_post(member, world.space_33) and access.may_read(member, world.space_33)
    client = logged_in(world.mod_33)
    url = f"/en/forum/moderasi/pos/{world.spam.pk}/blokir/"
    assert client.get(url).status_code == 200
    # A date in the past: 400, the reason typed is kept.
    response = client.post(url, {"reason": "Berulang kali mengirim iklan", "until": "2001-01-01"})
    assert response.status_code == 400 and "Berulang kali mengirim iklan" in response.content.decode()
    mail.outbox.clear()
    until = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Berulang kali mengirim iklan", "until": until})
    assert response.status_code == 302
    ban = SpaceBan.objects.get()
    assert (ban.space, ban.user, ban.banned_by) == (world.space_33, member, world.mod_33) and ban.until
    assert [m.to for m in mail.outbox] == [[member.email]] and "Berulang kali mengirim iklan" in mail.outbox[0].body
    assert ModerationLog.objects.filter(action="ban", member=member, space=world.space_33).exists()

    assert access.is_banned(member, world.space_33)
    assert not access.may_post(member, world.space_33) and not access.may_read(member, world.space_33)
    assert not access.readable_spaces(member).filter(pk=world.space_33.pk).exists()
    # The ban is the space's only: the national space is still theirs.
    assert access.may_post(member, world.national)
    # A public space may still be read, never written in.
    world.space_33.is_public = True
    world.space_33.save()
    assert access.may_read(member, world.space_33) and not access.may_post(member, world.space_33)
    # Banning again is a conflict.
    assert client.post(url, {"reason": "Lagi"}).status_code == 409

    # Lifted from /admin/forum/: the row stays, ending now; the member may post again.
    response = client.post(f"/admin/forum/{world.space_33.pk}/blokir/", {"ban": ban.pk, "reason": "Sudah minta maaf"})
    assert response.status_code == 302
    ban.refresh_from_db()
    assert ban.until <= timezone.now() and access.may_post(member, world.space_33)
    assert ModerationLog.objects.filter(action="unban", member=member).exists()


def test_who_cannot_be_banned(world):
    with pytest.raises(moderation.ModerationError):
        moderation.ban(world.space_33, world.mod_33, world.mod_33, "diri sendiri")
    with pytest.raises(moderation.ModerationError):
        moderation.ban(world.space_33, world.admin, world.mod_33, "moderator nasional")
    with pytest.raises(moderation.ModerationError):  # not a member of province 33's space
        moderation.ban(world.space_33, world.oms_c.editor, world.mod_33, "bukan anggota")
    with pytest.raises(moderation.ModerationError):
        moderation.ban(world.space_33, world.oms_b.editor, world.mod_33, "  ")
    assert not SpaceBan.objects.exists() and not ModerationLog.objects.exists()


# -- everyone else: 404, nothing changes -----------------------------------------------------------


@pytest.mark.parametrize("actor", ["mod_73", "editor_a", "editor_c", "anonymous"])
def test_others_get_404_on_every_moderation_action(world, actor):
    client = Client() if actor == "anonymous" else logged_in({
        "mod_73": world.mod_73, "editor_a": world.oms_a.editor, "editor_c": world.oms_c.editor}[actor])
    before = state(world.thread)
    t, p = world.thread.pk, world.spam.pk
    requests = [
        (f"/en/forum/moderasi/pos/{p}/", {"action": "hide", "reason": "x"}),
        (f"/en/forum/moderasi/pos/{world.opening.pk}/", {"action": "hide", "reason": "x"}),
        (f"/en/forum/moderasi/topik/{t}/", {"action": "lock"}),
        (f"/en/forum/moderasi/topik/{t}/", {"action": "hide", "reason": "x"}),
        (f"/en/forum/moderasi/topik/{t}/pindahkan/", {"space": world.national.pk, "reason": "x"}),
        (f"/en/forum/moderasi/pos/{p}/blokir/", {"reason": "x"}),
    ]
    for url, data in requests:
        assert client.get(url).status_code == 404, url
        assert client.post(url, data).status_code == 404, url
    for path in ("/admin/forum/{}/", "/admin/forum/{}/blokir/", "/admin/forum/{}/log/"):
        response = client.get(path.format(world.space_33.pk))
        assert response.status_code in ((302,) if actor == "anonymous" else (404,)), path
    assert state(world.thread) == before
    # The functions refuse too, whatever the door.
    if actor != "anonymous":
        user = client.session and User.objects.get(pk=client.session["_auth_user_id"])
        for decision in (lambda: moderation.hide_post(world.spam, user, "x"),
                         lambda: moderation.set_thread_state(world.thread, user, "lock"),
                         lambda: moderation.ban(world.space_33, world.oms_b.editor, user, "x")):
            with pytest.raises(moderation.ModerationError) as refused:
                decision()
            assert refused.value.status == 404
        assert state(world.thread) == before


def test_the_province_73_moderator_moderates_their_own_space(world):
    thread = make_thread(world.space_73, world.oms_c.editor, world.oms_c, title="Pertanyaan Makassar")
    assert logged_in(world.mod_73).post(f"/en/forum/moderasi/topik/{thread.pk}/", {"action": "lock"}).status_code == 302
    assert logged_in(world.mod_33).post(f"/en/forum/moderasi/topik/{thread.pk}/",
                                        {"action": "unlock"}).status_code == 404
    assert Thread.objects.get(pk=thread.pk).locked


# -- /admin/forum/ ---------------------------------------------------------------------------------


def test_the_admin_lists_the_spaces_one_moderates(world):
    body = logged_in(world.mod_33).get("/admin/forum/").content.decode()
    assert f'data-space="{world.space_33.pk}"' in body and f'data-space="{world.space_73.pk}"' not in body
    assert f'data-space="{world.national.pk}"' not in body
    national = logged_in(world.admin).get("/admin/forum/").content.decode()
    assert all(f'data-space="{s.pk}"' in national for s in (world.space_33, world.space_73, world.national))
    assert logged_in(world.oms_a.editor).get("/admin/forum/").status_code == 404
    # The menu item follows the same rule.
    from forums.wagtail_hooks import ForumMenuItem

    item = ForumMenuItem("Forum", "/admin/forum/")
    for user, shown in ((world.mod_33, True), (world.admin, True), (world.oms_a.editor, False)):
        request = type("R", (), {"user": user})()
        assert item.is_shown(request) is shown


def test_space_settings_provincial_moderators_set_description_and_public_only(world):
    url = f"/admin/forum/{world.space_33.pk}/"
    client = logged_in(world.mod_33)
    assert client.get(url).status_code == 200
    response = client.post(url, {"description": "Ruang belajar OMS Jawa Tengah", "is_public": "on",
                                 "name": "Nama baru", "extra_moderators": world.oms_a.editor.email})
    assert response.status_code == 302
    world.space_33.refresh_from_db()
    assert world.space_33.is_public and world.space_33.description == "Ruang belajar OMS Jawa Tengah"
    assert world.space_33.name == "" and not world.space_33.moderators.exists()
    assert ModerationLog.objects.filter(action="settings", space=world.space_33, user=world.mod_33).exists()

    # National staff rename it and choose extra moderators among active admin accounts.
    national = logged_in(world.admin)
    response = national.post(url, {"description": "x", "name": "Forum Jateng", "extra_moderators": "nobody@contoh.id"})
    assert response.status_code == 400 and "nobody@contoh.id" in response.content.decode()
    response = national.post(url, {"description": "x", "name": "Forum Jateng",
                                   "extra_moderators": world.oms_c.editor.email})
    assert response.status_code == 302
    assert list(world.space_33.moderators.all()) == [world.oms_c.editor]
    # The extra moderator now moderates it (and only it).
    assert access.may_moderate(world.oms_c.editor, world.space_33)
    assert logged_in(world.oms_c.editor).get(url).status_code == 200
    assert logged_in(world.oms_c.editor).get(f"/admin/forum/{world.space_73.pk}/").status_code == 404


def test_the_log_and_bans_pages_show_the_spaces_decisions(world):
    moderation.hide_post(world.spam, world.mod_33, "Iklan berulang")
    moderation.ban(world.space_33, world.oms_b.editor, world.mod_33, "Spam terus-menerus")
    client = logged_in(world.mod_33)
    log = client.get(f"/admin/forum/{world.space_33.pk}/log/").content.decode()
    assert 'data-action="hide_post"' in log and 'data-action="ban"' in log and "Iklan berulang" in log
    assert 'data-action="ban"' not in client.get(f"/admin/forum/{world.space_33.pk}/log/?action=hide_post").content.decode()
    bans = client.get(f"/admin/forum/{world.space_33.pk}/blokir/").content.decode()
    assert "Spam terus-menerus" in bans
    # Lifting another space's ban id from this space: 404.
    other = SpaceBan.objects.create(space=world.space_73, user=world.oms_c.editor, reason="x", banned_by=world.mod_73)
    assert client.post(f"/admin/forum/{world.space_33.pk}/blokir/", {"ban": other.pk}).status_code == 404


# -- the includes ----------------------------------------------------------------------------------


def test_the_tools_show_moderation_to_moderators_and_reports_to_other_readers(world, rf):
    from django.template.loader import render_to_string

    def render(template, user, may):
        request = rf.get("/en/forum/")
        request.user = user
        return render_to_string(template, {"post": world.spam, "thread": world.thread, "space": world.space_33,
                                           "may_moderate": may, "request": request})

    reader = render("forums/includes/post_tools.html", world.oms_a.editor, False)
    assert f"/forum/pos/{world.spam.pk}/laporkan/" in reader and "moderasi" not in reader
    author = render("forums/includes/post_tools.html", world.oms_b.editor, False)
    assert "laporkan" not in author
    mod = render("forums/includes/post_tools.html", world.mod_33, True)
    assert f"/forum/moderasi/pos/{world.spam.pk}/" in mod and f"/forum/moderasi/pos/{world.spam.pk}/blokir/" in mod

    Thread.objects.filter(pk=world.thread.pk).update(locked=True, moved_from=world.national)
    world.thread.refresh_from_db()
    public = render("forums/includes/thread_tools.html", world.oms_a.editor, False)
    assert 'id="thread-locked"' in public and 'id="thread-moved"' in public and "moderasi" not in public
    tools = render("forums/includes/thread_tools.html", world.mod_33, True)
    assert f"/forum/moderasi/topik/{world.thread.pk}/pindahkan/" in tools and 'value="unlock"' in tools


def test_the_thread_page_shows_the_tools_and_hides_what_was_hidden(world):
    url = world.thread.get_absolute_url().replace("/id/", "/en/", 1)
    body = logged_in(world.mod_33).get(url).content.decode()
    assert 'id="thread-tools"' in body and f"/forum/moderasi/pos/{world.spam.pk}/blokir/" in body
    reader = logged_in(world.oms_a.editor).get(url).content.decode()
    assert f"/forum/pos/{world.spam.pk}/laporkan/" in reader and "/forum/moderasi/" not in reader
    moderation.hide_post(world.spam, world.mod_33, "Spam")
    moderation.set_thread_state(world.thread, world.mod_33, "lock")
    body = logged_in(world.mod_33).get(url).content.decode()
    assert "forum-hidden-notice" in body and 'id="thread-locked"' in body
    reader = logged_in(world.oms_a.editor).get(url).content.decode()
    assert "Iklan murah" not in reader and 'id="thread-locked"' in reader
