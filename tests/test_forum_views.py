"""The forums' pages: who reads what (404 otherwise), posting through the pages with what was typed
kept on errors, answers, attachments served only to readers, mention suggestions, the unread page,
and a thread page whose query count does not grow with its posts."""
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from forums import posting, profiles
from forums.models import Post, SpaceBan, Thread
from forums import testing as forums_testing
from partners import testing as partners_testing

make_verified_oms = partners_testing.make_verified_oms
make_moderator = partners_testing.make_moderator
make_space = forums_testing.make_space


@pytest.fixture(autouse=True)
def _quiet(monkeypatch, tmp_path, settings):
    monkeypatch.setattr("forums.notify.post_created", lambda post: None)
    monkeypatch.setattr("forums.notify.thread_solved", lambda thread: None)
    monkeypatch.setattr("forums.subscriptions.auto_subscribe", lambda user, thread: None)
    settings.FORUM_FILES_ROOT = str(tmp_path / "forum")


def url(view, **kwargs):
    with translation.override("en"):
        return reverse(f"forums:{view}", kwargs=kwargs)


@pytest.fixture
def s(make_verified_oms, make_space, make_moderator, django_user_model):
    semarang = make_verified_oms("bank-sampah-semarang", "33.74", title="Bank Sampah Semarang")
    solo = make_verified_oms("kampung-solo", "33.72", title="Komunitas Kampung Solo")
    makassar = make_verified_oms("taman-baca-makassar", "73.71", title="Taman Baca Makassar")
    space = make_space("33")
    thread = posting.start_thread(space, semarang.editor, title="Bagaimana membuat laporan dana?", body="Tolong")
    return {"space": space, "a": semarang.editor, "b": solo.editor, "c": makassar.editor, "thread": thread,
            "moderator": make_moderator("33"), "public": make_space(is_public=True)}


def test_another_province_gets_404_everywhere(client, s):
    client.force_login(s["c"])
    space, thread = s["space"], s["thread"]
    post = thread.posts.get()
    for target in (url("space", slug=space.slug), url("thread", slug=space.slug, pk=thread.pk),
                   url("thread_new", slug=space.slug), url("post_edit", pk=post.pk),
                   url("mention_suggestions", slug=space.slug) + "?q=a"):
        assert client.get(target).status_code == 404, target
    assert client.post(url("thread", slug=space.slug, pk=thread.pk), {"body": "masuk?"}).status_code == 404
    assert client.post(url("solve", slug=space.slug, pk=thread.pk), {"post": post.pk}).status_code == 404
    assert thread.posts.count() == 1
    # Not even listed.
    assert space.slug not in client.get(url("index")).content.decode()


def test_anonymous_reads_public_space_but_cannot_post(client, s):
    public = s["public"]
    thread = posting.start_thread(public, s["a"], title="Terbuka", body="Semua boleh baca")
    response = client.get(url("index"))
    assert response.status_code == 200 and public.slug in response.content.decode()
    assert s["space"].slug not in response.content.decode()
    assert 'id="forum-sign-in"' in response.content.decode()
    assert client.get(url("space", slug=s["space"].slug)).status_code == 404
    page = client.get(url("thread", slug=public.slug, pk=thread.pk))
    assert page.status_code == 200 and "Semua boleh baca" in page.content.decode()
    assert 'id="forum-reply-form"' not in page.content.decode()
    refused = client.post(url("thread", slug=public.slug, pk=thread.pk), {"body": "spam anonim"})
    assert refused.status_code == 403 and thread.posts.count() == 1
    assert client.get(url("thread_new", slug=public.slug)).status_code == 302  # to sign in


def test_member_posts_a_thread_and_a_reply_through_the_pages(client, s):
    client.force_login(s["b"])
    space = s["space"]
    listing = client.get(url("space", slug=space.slug))
    assert listing.status_code == 200 and 'id="forum-new-thread"' in listing.content.decode()
    assert "no-cache" in listing["Cache-Control"] and "private" in listing["Cache-Control"]
    response = client.post(url("thread_new", slug=space.slug), {
        "kind": "discussion", "title": "Berbagi pengalaman", "body": "Kami **mencoba** ini",
        "files": [SimpleUploadedFile("catatan.txt", b"halo")]})
    thread = Thread.objects.get(title="Berbagi pengalaman")
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    assert thread.kind == "discussion" and thread.posts.get().attachments.count() == 1
    reply = client.post(url("thread", slug=space.slug, pk=s["thread"].pk), {"body": "Ini jawabannya"})
    assert reply.status_code == 302 and "#pos-" in reply["Location"]
    s["thread"].refresh_from_db()
    assert s["thread"].post_count == 2


def test_errors_keep_the_text(client, s):
    client.force_login(s["b"])
    space, thread = s["space"], s["thread"]
    empty = client.post(url("thread_new", slug=space.slug), {"kind": "question", "title": "", "body": "teks saya"})
    assert empty.status_code == 400 and "teks saya" in empty.content.decode()
    bad_file = client.post(url("thread_new", slug=space.slug), {
        "kind": "question", "title": "Judul", "body": "teks dengan berkas",
        "files": [SimpleUploadedFile("x.exe", b"MZ")]})
    assert bad_file.status_code == 400 and "teks dengan berkas" in bad_file.content.decode()
    assert "x.exe" in bad_file.content.decode()
    Thread.objects.filter(pk=thread.pk).update(locked=True)
    locked = client.post(url("thread", slug=space.slug, pk=thread.pk), {"body": "balasan yang telat"})
    assert locked.status_code == 409 and "balasan yang telat" in locked.content.decode()
    assert Thread.objects.filter(space=space).count() == 1 and thread.posts.count() == 1


def test_rate_limit_keeps_the_text(client, s, settings):
    from django.core.cache import cache

    settings.THROTTLE_ENABLED = True
    settings.THROTTLE_RATES = {"forum_post": {"ip": "1000/m"}}
    cache.clear()
    client.force_login(s["b"])
    target = url("thread", slug=s["space"].slug, pk=s["thread"].pk)
    for i in range(10):
        assert client.post(target, {"body": f"balasan {i}"}).status_code == 302
    over = client.post(target, {"body": "balasan kesebelas"})
    assert over.status_code == 429 and "balasan kesebelas" in over.content.decode()
    cache.clear()


def test_banned_member_can_neither_read_nor_post(client, s):
    SpaceBan.objects.create(space=s["space"], user=s["b"], reason="spam")
    client.force_login(s["b"])
    assert client.get(url("space", slug=s["space"].slug)).status_code == 404
    assert client.post(url("thread", slug=s["space"].slug, pk=s["thread"].pk), {"body": "x"}).status_code == 404


def test_moderators_see_hidden_posts_and_threads(client, s):
    answer = posting.reply(s["thread"], s["b"], body="disembunyikan nanti")
    Post.objects.filter(pk=answer.pk).update(hidden=True)
    target = url("thread", slug=s["space"].slug, pk=s["thread"].pk)
    client.force_login(s["a"])
    assert "disembunyikan nanti" not in client.get(target).content.decode()
    client.force_login(s["moderator"])
    assert "disembunyikan nanti" in client.get(target).content.decode()
    Thread.objects.filter(pk=s["thread"].pk).update(hidden=True)
    assert client.get(target).status_code == 200
    client.force_login(s["a"])
    assert client.get(target).status_code == 404


def test_mark_the_answer(client, s):
    space, thread = s["space"], s["thread"]
    answer = posting.reply(thread, s["b"], body="Jawaban B")
    client.force_login(s["b"])
    page = client.get(url("thread", slug=space.slug, pk=thread.pk)).content.decode()
    assert "forum-mark-answer" not in page  # only the asker or a moderator
    refused = client.post(url("solve", slug=space.slug, pk=thread.pk), {"post": answer.pk})
    assert refused.status_code == 403
    client.force_login(s["a"])
    page = client.get(url("thread", slug=space.slug, pk=thread.pk)).content.decode()
    assert f'data-post="{answer.pk}"' in page and "forum-mark-answer" in page
    assert client.post(url("solve", slug=space.slug, pk=thread.pk), {"post": "x"}).status_code == 400
    done = client.post(url("solve", slug=space.slug, pk=thread.pk), {"post": answer.pk})
    assert done.status_code == 302
    thread.refresh_from_db()
    assert thread.solution_id == answer.pk
    page = client.get(url("thread", slug=space.slug, pk=thread.pk)).content.decode()
    assert 'id="forum-answer"' in page and 'id="forum-solved"' in page
    client.post(url("solve", slug=space.slug, pk=thread.pk), {"action": "unmark"})
    thread.refresh_from_db()
    assert thread.solution_id is None


def test_edit_through_the_page(client, s):
    post = s["thread"].posts.get()
    client.force_login(s["b"])
    assert client.get(url("post_edit", pk=post.pk)).status_code == 403
    client.force_login(s["a"])
    assert client.get(url("post_edit", pk=post.pk)).status_code == 200
    assert client.post(url("post_edit", pk=post.pk), {"body": "   "}).status_code == 400
    assert client.post(url("post_edit", pk=post.pk), {"body": "Tolong, *segera*"}).status_code == 302
    post.refresh_from_db()
    assert post.body_html == "<p>Tolong, <em>segera</em></p>"


def _png():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 2), "blue").save(out, "PNG")
    return out.getvalue()


def test_attachments_are_served_only_to_readers(client, s):
    post = posting.reply(s["thread"], s["b"], body="lampiran", files=[
        SimpleUploadedFile("foto.png", _png()), SimpleUploadedFile("laporan.pdf", b"%PDF-1.4 x")])
    image, pdf = post.attachments.order_by("pk")
    client.force_login(s["a"])
    page = client.get(url("thread", slug=s["space"].slug, pk=s["thread"].pk)).content.decode()
    assert f'<img src="{image.get_absolute_url()}"' in page.replace("/id/", "/en/") or image.name in page
    shown = client.get(image.get_absolute_url())
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert shown["X-Content-Type-Options"] == "nosniff" and "private" in shown["Cache-Control"]
    assert "attachment" not in shown.get("Content-Disposition", "")
    download = client.get(pdf.get_absolute_url())
    assert download["Content-Disposition"].startswith("attachment") and b"".join(download.streaming_content) == b"%PDF-1.4 x"
    assert client.get(url("attachment", pk=pdf.pk, name="other.pdf")).status_code == 404
    client.force_login(s["c"])
    assert client.get(pdf.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(image.get_absolute_url()).status_code == 404
    # A hidden post's files go with it.
    Post.objects.filter(pk=post.pk).update(hidden=True)
    client.force_login(s["a"])
    assert client.get(image.get_absolute_url()).status_code == 404


def test_mention_suggestions(client, s):
    s["b"].first_name, s["b"].last_name = "Budi", "Santoso"
    s["b"].save()
    s["c"].first_name = "Budiman"
    s["c"].save()
    client.force_login(s["a"])
    data = client.get(url("mention_suggestions", slug=s["space"].slug) + "?q=bud").json()
    assert data == {"results": [{"handle": profiles.profile_for(s["b"]).handle, "name": "Budi Santoso"}]}
    assert client.get(url("mention_suggestions", slug=s["space"].slug)).json() == {"results": []}
    client.logout()
    assert client.get(url("mention_suggestions", slug=s["public"].slug) + "?q=b").status_code == 302


def test_index_groups_and_unread(client, s):
    client.force_login(s["b"])
    page = client.get(url("index")).content.decode()
    assert 'id="forum-section-province"' in page and f'data-space="{s["space"].slug}"' in page
    assert 'data-unread="1"' in page  # A's thread is new to B
    client.get(url("thread", slug=s["space"].slug, pk=s["thread"].pk))  # read it
    assert 'data-unread="1"' not in client.get(url("index")).content.decode()
    client.post(url("thread", slug=s["space"].slug, pk=s["thread"].pk), {"body": "ikut"})
    client.force_login(s["a"])
    unread_page = client.get(url("unread")).content.decode()
    assert f'data-thread="{s["thread"].pk}"' in unread_page
    client.get(url("thread", slug=s["space"].slug, pk=s["thread"].pk))
    assert f'data-thread="{s["thread"].pk}"' not in client.get(url("unread")).content.decode()


def test_unanswered_filter(client, s):
    other = posting.start_thread(s["space"], s["a"], title="Sudah dijawab", body="?")
    posting.reply(other, s["b"], body="jawab")
    client.force_login(s["a"])
    page = client.get(url("space", slug=s["space"].slug) + "?filter=unanswered").content.decode()
    assert f'data-thread="{s["thread"].pk}"' in page and f'data-thread="{other.pk}"' not in page


def test_thread_page_queries_do_not_grow_with_posts(client, s, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(s["b"])
    target = url("thread", slug=s["space"].slug, pk=s["thread"].pk)
    client.get(target)
    with CaptureQueriesContext(connection) as few:
        assert client.get(target).status_code == 200
    for i in range(12):
        posting.reply(s["thread"], s["a"] if i % 2 else s["b"], body=f"balasan {i}",
                      files=[SimpleUploadedFile("a.png", _png())] if i % 3 == 0 else ())
    with CaptureQueriesContext(connection) as many:
        assert client.get(target).status_code == 200
    extra = [q["sql"] for q in many.captured_queries][len(few.captured_queries):]
    assert len(many.captured_queries) <= len(few.captured_queries) + 2, "\n".join(extra)
    with django_assert_max_num_queries(45):
        client.get(target)
    assert re.search(r'id="pos-\d+"', client.get(target).content.decode())
