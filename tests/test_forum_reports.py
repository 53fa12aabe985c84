"""Reports of forum posts (issue 16): the "Laporkan" form of a post reaches the right moderators only
(email and /admin/laporan/), who hide the post from there; the "report" rate limit applies."""
import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from forums.models import ModerationLog, Post, Thread
from forums.posting import recount
from forums import testing as forums_testing
from partners import testing as partners_testing
from reports.models import Report
from throttle.policies import RATES

pytestmark = pytest.mark.django_db
PASSWORD = partners_testing.PASSWORD
make_verified_oms = partners_testing.make_verified_oms  # the fixtures, for this module
make_moderator = partners_testing.make_moderator
make_space = forums_testing.make_space
User = get_user_model()
DETAIL = "Pos ini berisi nomor telepon pribadi orang lain."


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def make_post(space, author, organisation, title, body="Isi pos yang dilaporkan."):
    thread = Thread.objects.create(space=space, title=title, author=author, organisation=organisation,
                                   last_post_at=timezone.now())
    Post.objects.create(thread=thread, author=author, organisation=organisation, body="Pembuka.",
                        body_html="<p>Pembuka.</p>")
    post = Post.objects.create(thread=thread, author=author, organisation=organisation, body=body,
                               body_html=f"<p>{body}</p>")
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() + datetime.timedelta(seconds=1))
    recount(thread.pk)
    return post


@pytest.fixture
def world(make_verified_oms, make_moderator, make_space):
    class World:
        pass

    w = World()
    w.oms_a = make_verified_oms("oms-a", "33.74")
    w.oms_b = make_verified_oms("oms-b", "33.74")
    w.oms_c = make_verified_oms("oms-c", "73.71")
    w.mod_33, w.mod_73 = make_moderator("33"), make_moderator("73")
    w.admin = User.objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    w.space_33, w.space_73, w.national = make_space("33"), make_space("73"), make_space()
    w.post_33 = make_post(w.space_33, w.oms_b.editor, w.oms_b, "Topik Semarang", "Hubungi 0812 milik tetangga saya.")
    w.post_national = make_post(w.national, w.oms_c.editor, w.oms_c, "Topik nasional", "Pos nasional bermasalah.")
    return w


def report(client, post, **overrides):
    return client.post(f"/en/forum/pos/{post.pk}/laporkan/", {"reason": "privacy", "detail": DETAIL, **overrides})


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


# -- the form ----------------------------------------------------------------------------------------


def test_a_member_reports_a_post_of_province_33_and_only_its_moderators_are_told(
        world, django_capture_on_commit_callbacks):
    client = logged_in(world.oms_a.editor)
    page = client.get(f"/en/forum/pos/{world.post_33.pk}/laporkan/")
    assert page.status_code == 200 and 'id="report-post-form"' in page.content.decode()
    assert 'name="email"' not in page.content.decode()  # the account's address is used
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = report(client, world.post_33)
    assert response.status_code == 302 and response["Location"].endswith("?sent=1")
    saved = Report.objects.get()
    assert (saved.kind, saved.post, saved.page, saved.page_title, saved.province.code, saved.email) == (
        "forum_post", world.post_33, None, "Topik Semarang", "33", world.oms_a.editor.email)
    assert recipients() == sorted([world.mod_33.email, world.admin.email])
    assert all(len(message.to) == 1 for message in mail.outbox)
    body = mail.outbox[0].body
    assert "Hubungi 0812" in body and f"#pos-{world.post_33.pk}" in body and "/admin/laporan/" in body
    assert world.oms_a.editor.email not in body
    assert 'id="report-sent"' in client.get(response["Location"]).content.decode()


def test_a_national_post_reaches_national_admins_and_the_spaces_extra_moderators(
        world, django_capture_on_commit_callbacks):
    world.national.moderators.add(world.oms_a.editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert report(logged_in(world.oms_b.editor), world.post_national).status_code == 302
    saved = Report.objects.get()
    assert saved.province is None
    assert recipients() == sorted([world.admin.email, world.oms_a.editor.email])
    # In the admin: national admins and the extra moderator see it; provincial moderators do not.
    assert f'id="laporan-{saved.pk}"' in logged_in(world.admin).get("/admin/laporan/").content.decode()
    assert f'id="laporan-{saved.pk}"' in logged_in(world.oms_a.editor).get("/admin/laporan/").content.decode()
    assert logged_in(world.mod_33).get("/admin/laporan/").status_code == 200
    assert f'id="laporan-{saved.pk}"' not in logged_in(world.mod_33).get("/admin/laporan/").content.decode()


def test_a_cohort_spaces_post_reaches_the_cohort_networks_province(world, make_space, django_capture_on_commit_callbacks):
    from cohorts.models import Cohort
    from network.models import ProvincialNetwork

    today = timezone.localdate()
    cohort = Cohort.objects.create(title="Kohort Makassar", network=ProvincialNetwork.objects.get(province__code="73"),
                                   start_date=today, end_date=today + datetime.timedelta(days=30))
    space = make_space(cohort=cohort, is_public=True)
    post = make_post(space, world.oms_c.editor, world.oms_c, "Topik kohort")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert report(Client(), post, email="warga@contoh.id").status_code == 302
    assert Report.objects.get().province.code == "73"
    assert recipients() == sorted([world.mod_73.email, world.admin.email])


def test_who_may_report(world):
    # Anonymous readers of a private space, and members of another province: 404, nothing stored.
    assert Client().get(f"/en/forum/pos/{world.post_33.pk}/laporkan/").status_code == 404
    assert report(Client(), world.post_33).status_code == 404
    assert report(logged_in(world.oms_c.editor), world.post_33).status_code == 404
    # The author does not report their own post.
    response = report(logged_in(world.oms_b.editor), world.post_33)
    assert response.status_code == 400
    # A hidden post is a 404 for readers.
    Post.objects.filter(pk=world.post_33.pk).update(hidden=True)
    assert report(logged_in(world.oms_a.editor), world.post_33).status_code == 404
    assert not Report.objects.exists()
    # In a public space anyone may report, with an optional email.
    world.space_33.is_public = True
    world.space_33.save()
    Post.objects.filter(pk=world.post_33.pk).update(hidden=False)
    page = Client().get(f"/en/forum/pos/{world.post_33.pk}/laporkan/").content.decode()
    assert 'name="email"' in page and 'name="homepage_url"' in page  # the honeypot
    assert report(Client(), world.post_33, email="warga@contoh.id").status_code == 302
    assert Report.objects.get().email == "warga@contoh.id"


def test_a_bad_report_keeps_what_was_typed(world):
    response = report(logged_in(world.oms_a.editor), world.post_33, reason="", detail="Terlalu pendek? Tidak, ini cukup.")
    assert response.status_code == 400
    assert "Terlalu pendek? Tidak, ini cukup." in response.content.decode()
    response = report(logged_in(world.oms_a.editor), world.post_33, detail="pendek")
    assert response.status_code == 400 and not Report.objects.exists()


# -- /admin/laporan/ ----------------------------------------------------------------------------------


def test_moderators_see_and_hide_the_reported_post_of_their_province_only(world):
    report(logged_in(world.oms_a.editor), world.post_33)
    report(logged_in(world.oms_a.editor), world.post_33, reason="hateful")
    first, second = Report.objects.order_by("pk")
    body_33 = logged_in(world.mod_33).get("/admin/laporan/").content.decode()
    assert f'id="laporan-{first.pk}-pos"' in body_33 and "Hubungi 0812" in body_33
    assert f"#pos-{world.post_33.pk}" in body_33
    assert f'id="laporan-{first.pk}"' not in logged_in(world.mod_73).get("/admin/laporan/").content.decode()

    # Province 73's moderator may not hide it: 404, nothing changes.
    response = logged_in(world.mod_73).post("/admin/laporan/", {"action": "hide_post", "report": first.pk,
                                                                "reason": "Data pribadi"})
    assert response.status_code == 404 and not Post.objects.get(pk=world.post_33.pk).hidden
    # No reason: 400, nothing hidden.
    response = logged_in(world.mod_33).post("/admin/laporan/", {"action": "hide_post", "report": first.pk,
                                                                "reason": ""})
    assert response.status_code == 400 and not Post.objects.get(pk=world.post_33.pk).hidden

    response = logged_in(world.mod_33).post("/admin/laporan/", {"action": "hide_post", "report": first.pk,
                                                                "reason": "Data pribadi"})
    assert response.status_code == 302
    post = Post.objects.get(pk=world.post_33.pk)
    assert post.hidden and post.hidden_by == world.mod_33 and post.hidden_reason == "Data pribadi"
    assert ModerationLog.objects.filter(action="hide_post", post=post, user=world.mod_33).exists()
    # Every open report of that post is handled by the decision.
    assert set(Report.objects.values_list("status", flat=True)) == {"handled"}
    assert second.pk and Report.objects.get(pk=second.pk).handled_by == world.mod_33

    # "Mark as handled" still works for a forum post's report.
    report(logged_in(world.oms_a.editor), world.post_national)
    national_report = Report.objects.get(post=world.post_national)
    assert logged_in(world.mod_33).post("/admin/laporan/", {"report": national_report.pk}).status_code == 404
    assert logged_in(world.admin).post("/admin/laporan/", {"report": national_report.pk, "note": "Dicek"}).status_code == 302
    assert Report.objects.get(pk=national_report.pk).status == "handled"


def test_oms_editors_do_not_get_the_reports(world):
    report(logged_in(world.oms_a.editor), world.post_33)
    # The admin refuses (Wagtail sends them back to the dashboard), the list is not shown.
    response = logged_in(world.oms_b.editor).get("/admin/laporan/")
    assert response.status_code in (302, 403) and "Hubungi 0812" not in response.content.decode()


# -- the rate limit -----------------------------------------------------------------------------------


@pytest.fixture
def limits_on(settings):
    settings.THROTTLE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


def test_the_report_limit_applies_to_the_post_report_form(world, limits_on):
    """Per address, for anonymous readers and members alike; over it nothing is stored."""
    world.space_33.is_public = True
    world.space_33.save()
    url = f"/en/forum/pos/{world.post_33.pk}/laporkan/"
    per_ip = int(RATES["report"]["ip"].split("/")[0])
    anonymous, member = Client(), logged_in(world.oms_a.editor)
    for n in range(per_ip):
        client = anonymous if n % 2 else member
        data = {"reason": "privacy", "detail": DETAIL, **({"email": f"p{n}@contoh.id"} if n % 2 else {})}
        assert client.post(url, data, REMOTE_ADDR="203.0.113.7").status_code == 302
    assert member.post(url, {"reason": "privacy", "detail": DETAIL}, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert anonymous.post(url, {"reason": "privacy", "detail": DETAIL}, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert Report.objects.count() == per_ip
    assert anonymous.post(url, {"reason": "privacy", "detail": DETAIL}, REMOTE_ADDR="192.0.2.9").status_code == 302
