"""forums.text (safe Markdown, mentions), forums.posting (permissions, counts, files, limits, answers),
forums.unread and forums.profiles."""
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from forums import posting, profiles, text, unread
from forums.models import Attachment, ForumProfile, Mention, Post, ReadMarker, SpaceBan, Thread
from forums import testing as forums_testing
from partners import testing as partners_testing

make_verified_oms = partners_testing.make_verified_oms
make_moderator = partners_testing.make_moderator
make_space = forums_testing.make_space


@pytest.fixture(autouse=True)
def _calls(monkeypatch, tmp_path, settings):
    """Record the after-commit notification calls (whatever their state), keep files in a temporary directory."""
    calls = {"created": [], "solved": [], "subscribed": []}
    monkeypatch.setattr("forums.notify.post_created", lambda post: calls["created"].append(post.pk))
    monkeypatch.setattr("forums.notify.thread_solved", lambda thread: calls["solved"].append(thread.pk))
    monkeypatch.setattr("forums.subscriptions.auto_subscribe",
                        lambda user, thread: calls["subscribed"].append((user.pk, thread.pk)))
    settings.FORUM_FILES_ROOT = str(tmp_path / "forum")
    return calls


def png_bytes(size=(3, 2)):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "PNG")
    return out.getvalue()


# -- text ---------------------------------------------------------------------------------------------

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe src=https://evil.example></iframe>",
    "<svg onload=alert(1)>",
    "![x](https://evil.example/x.png \"t\" onerror=alert(1))",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "[x](https://ok.example \"a\" onmouseover=\"alert(1)\")",
    "<<script>script>alert(1)<</script>/script>",
]


def _elements(html):
    """``[(tag, {attr: value})]`` of ``html``, as a browser's parser sees them."""
    from html.parser import HTMLParser

    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Parser().feed(html)
    return found


@pytest.mark.parametrize("payload", XSS)
def test_render_never_lets_script_through(payload):
    html = text.render(payload, known=set())
    for tag, attrs in _elements(html):
        assert tag in text.TAGS, (payload, html)
        assert set(attrs) <= {"href", "rel", "title", "class", "data-handle"}, (payload, html)
        href = attrs.get("href")
        assert href is None or href.split(":", 1)[0].lower() in ("http", "https", "mailto"), (payload, html)
        if tag == "a":
            assert attrs["rel"] == "nofollow ugc noopener"
    assert "<script" not in html.lower()


def test_render_markdown_links_and_headings():
    html = text.render("# Judul\n\n**tebal** _miring_\n\n- satu\n- dua\n\n> kutip\n\n"
                       "lihat https://contoh.id/a_b_c. dan [situs](http://contoh.id) `kode` mailto [surat](mailto:a@b.id)",
                       known=set())
    assert "<h3>Judul</h3>" in html and "<strong>tebal</strong>" in html and "<em>miring</em>" in html
    assert "<li>satu</li>" in html and "<blockquote>" in html and "<code>kode</code>" in html
    assert '<a href="https://contoh.id/a_b_c" rel="nofollow ugc noopener">https://contoh.id/a_b_c</a>.' in html
    assert '<a href="http://contoh.id" rel="nofollow ugc noopener">situs</a>' in html
    assert 'href="mailto:a@b.id"' in html
    assert "<h1" not in html


def test_raw_html_is_shown_as_text():
    html = text.render("<b>halo</b> & <i>x</i>", known=set())
    assert "&lt;b&gt;halo&lt;/b&gt;" in html and "<b>" not in html


def test_mentions_only_known_handles_and_never_in_code():
    body = "Halo @budi dan @siapa, `@budi` di kode\n\n```\n@sari\n```\n\nsurel budi@contoh.id @Sari"
    assert text.mentioned_handles(body) == ["budi", "siapa", "sari"]
    html = text.render(body, known={"budi", "sari"})
    assert html.count('class="mention"') == 2 and 'data-handle="sari">@sari</span>' in html
    assert '<span class="mention" data-handle="budi">@budi</span>' in html
    assert "<code>@budi</code>" in html and "@siapa" in html


@pytest.mark.django_db
def test_profile_handles_are_unique_and_made_from_names(django_user_model):
    a = django_user_model.objects.create_user("a1", first_name="Siti", last_name="Aminah")
    b = django_user_model.objects.create_user("b1", first_name="Siti", last_name="Aminah")
    c = django_user_model.objects.create_user("rina_w@x.id")
    assert profiles.profile_for(a).handle == "siti-aminah"
    assert profiles.profile_for(b).handle == "siti-aminah-2"
    assert profiles.profile_for(c).handle == "rina-w"
    assert profiles.profile_for(a).pk == ForumProfile.objects.get(user=a).pk


# -- posting ------------------------------------------------------------------------------------------


@pytest.fixture
def setting(make_verified_oms, make_space, make_moderator):
    semarang = make_verified_oms("bank-sampah-semarang", "33.74", title="Bank Sampah Semarang")
    solo = make_verified_oms("kampung-solo", "33.72", title="Komunitas Kampung Solo")
    makassar = make_verified_oms("taman-baca-makassar", "73.71", title="Taman Baca Makassar")
    return {"space": make_space("33"), "a": semarang.editor, "b": solo.editor, "c": makassar.editor,
            "oms_a": semarang, "moderator": make_moderator("33")}


def test_start_thread_and_reply_keep_counts(setting, django_capture_on_commit_callbacks, _calls):
    s = setting
    with django_capture_on_commit_callbacks(execute=True):
        thread = posting.start_thread(s["space"], s["a"], title="  Cara   membuat laporan? ", body="Tolong **bantu**")
    thread.refresh_from_db()
    assert thread.title == "Cara membuat laporan?" and thread.post_count == 1
    assert thread.organisation_id == s["oms_a"].pk and thread.kind == "question"
    first = thread.posts.get()
    assert first.body_html == "<p>Tolong <strong>bantu</strong></p>"
    assert _calls["created"] == [first.pk] and _calls["subscribed"] == [(s["a"].pk, thread.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        answer = posting.reply(thread, s["b"], body="Begini caranya")
    thread.refresh_from_db()
    assert thread.post_count == 2 and thread.last_post_at == answer.created_at
    assert _calls["created"] == [first.pk, answer.pk]


def test_who_may_post(setting):
    s = setting
    with pytest.raises(posting.PostingError) as err:
        posting.start_thread(s["space"], s["c"], title="x", body="y")
    assert err.value.status == 403
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(posting.PostingError):
        posting.start_thread(s["space"], AnonymousUser(), title="x", body="y")
    thread = posting.start_thread(s["space"], s["a"], title="t", body="b")
    SpaceBan.objects.create(space=s["space"], user=s["b"], reason="spam")
    with pytest.raises(posting.PostingError) as err:
        posting.reply(thread, s["b"], body="boleh?")
    assert err.value.status == 403
    # The network's moderator writes though no OMS of theirs is a member.
    post = posting.reply(thread, s["moderator"], body="Dari moderator")
    assert post.organisation_id is None


def test_bad_input_is_refused(setting):
    s = setting
    for title, body in (("", "b"), ("t", "   "), ("x" * 201, "b"), ("t", "x" * 20001)):
        with pytest.raises(posting.PostingError) as err:
            posting.start_thread(s["space"], s["a"], title=title, body=body)
        assert err.value.status == 400
    with pytest.raises(posting.PostingError):
        posting.start_thread(s["space"], s["a"], title="t", body="b", kind="poll")
    assert not Thread.objects.exists()


def test_locked_thread_refuses_replies_but_not_moderators(setting):
    s = setting
    thread = posting.start_thread(s["space"], s["a"], title="t", body="b")
    Thread.objects.filter(pk=thread.pk).update(locked=True)
    with pytest.raises(posting.PostingError) as err:
        posting.reply(thread, s["b"], body="telat")
    assert err.value.status == 409
    posting.reply(thread, s["moderator"], body="Ditutup karena sudah terjawab.")
    thread.refresh_from_db()
    assert thread.post_count == 2


def test_hidden_posts_are_not_counted(setting):
    s = setting
    thread = posting.start_thread(s["space"], s["a"], title="t", body="b")
    spam = posting.reply(thread, s["b"], body="spam")
    Post.objects.filter(pk=spam.pk).update(hidden=True)
    posting.reply(thread, s["b"], body="bukan spam")
    thread.refresh_from_db()
    assert thread.post_count == 2


def test_mentions_only_for_readers_and_not_the_author(setting):
    s = setting
    for user in (s["a"], s["b"], s["c"]):
        user.first_name = user.username
        user.save()
    handles = {u: profiles.profile_for(u).handle for u in (s["a"], s["b"], s["c"])}
    body = f"@{handles[s['a']]} @{handles[s['b']]} @{handles[s['c']]} @tidak-ada"
    thread = posting.start_thread(s["space"], s["a"], title="t", body=body)
    post = thread.posts.get()
    assert set(Mention.objects.filter(post=post).values_list("user_id", flat=True)) == {s["b"].pk}
    # Every existing handle is shown as a mention; nothing links to the unknown one.
    assert post.body_html.count('class="mention"') == 3 and "@tidak-ada" in post.body_html


def test_edit_rules(setting):
    s = setting
    thread = posting.start_thread(s["space"], s["a"], title="t", body="lama")
    post = thread.posts.get()
    posting.edit_post(post, s["a"], body="baru *sekali*")
    post.refresh_from_db()
    assert post.body == "baru *sekali*" and post.body_html == "<p>baru <em>sekali</em></p>" and post.edited_at
    with pytest.raises(posting.PostingError) as err:
        posting.edit_post(post, s["b"], body="bukan milikku")
    assert err.value.status == 403
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - posting.EDIT_WINDOW - timezone.timedelta(minutes=1))
    post.refresh_from_db()
    with pytest.raises(posting.PostingError):
        posting.edit_post(post, s["a"], body="terlambat")
    posting.edit_post(post, s["moderator"], body="dirapikan moderator")


def test_mark_solved(setting, django_capture_on_commit_callbacks, _calls):
    s = setting
    thread = posting.start_thread(s["space"], s["a"], title="t", body="b")
    answer = posting.reply(thread, s["b"], body="jawab")
    with pytest.raises(posting.PostingError) as err:
        posting.mark_solved(thread, answer, s["b"])  # not the asker
    assert err.value.status == 403
    with pytest.raises(posting.PostingError):
        posting.mark_solved(thread, thread.posts.first(), s["a"])  # the question itself
    other = posting.start_thread(s["space"], s["b"], title="lain", body="b")
    with pytest.raises(posting.PostingError):
        posting.mark_solved(thread, other.posts.get(), s["a"])  # another thread's post
    hidden = posting.reply(thread, s["b"], body="tersembunyi")
    Post.objects.filter(pk=hidden.pk).update(hidden=True)
    hidden.refresh_from_db()
    with pytest.raises(posting.PostingError):
        posting.mark_solved(thread, hidden, s["moderator"])
    with django_capture_on_commit_callbacks(execute=True):
        posting.mark_solved(thread, answer, s["a"])
    thread.refresh_from_db()
    assert thread.solution_id == answer.pk and _calls["solved"] == [thread.pk]
    posting.unmark_solved(thread, s["moderator"])
    thread.refresh_from_db()
    assert thread.solution_id is None


def test_attachments(setting):
    s = setting
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    files = [SimpleUploadedFile("foto kegiatan.png", png_bytes((4, 3)), "image/png"),
             SimpleUploadedFile("laporan.pdf", b"%PDF-1.4\n...", "application/pdf"),
             SimpleUploadedFile("rencana.docx", docx.getvalue(), "application/octet-stream"),
             SimpleUploadedFile("data.csv", "nama,jumlah\nSiti,3\n".encode(), "text/csv")]
    thread = posting.start_thread(s["space"], s["a"], title="t", body="b", files=files)
    items = list(Attachment.objects.filter(post__thread=thread).order_by("pk"))
    assert [a.name for a in items] == ["foto_kegiatan.png", "laporan.pdf", "rencana.docx", "data.csv"]
    assert items[0].is_image and (items[0].width, items[0].height) == (4, 3)
    assert items[0].content_type == "image/png" and items[3].content_type == "text/csv; charset=utf-8"
    assert not items[1].is_image and items[1].size == len(b"%PDF-1.4\n...")
    assert f"/{s['space'].pk}/" in items[0].file.path


@pytest.mark.parametrize("name,content", [
    ("virus.exe", b"MZ..."),
    ("halaman.html", b"<script>alert(1)</script>"),
    ("gambar.svg", b"<svg onload=alert(1)></svg>"),
    ("palsu.png", b"<html>not a picture</html>"),
    ("palsu.jpg", None),  # a real PNG named .jpg
    ("palsu.pdf", b"<html>"),
    ("palsu.docx", b"PK not really"),
    ("biner.txt", b"\x00\x01\x02"),
    ("kosong.pdf", b""),
    ("arsip.zip", b"PK\x03\x04"),
])
def test_bad_attachments_are_refused(setting, name, content):
    s = setting
    content = png_bytes() if content is None else content
    with pytest.raises(posting.PostingError) as err:
        posting.start_thread(s["space"], s["a"], title="t", body="b", files=[SimpleUploadedFile(name, content)])
    assert err.value.status == 400 and name.split(".")[0] in str(err.value.message)
    assert not Thread.objects.exists()


def test_too_many_or_too_large_files(setting, monkeypatch):
    s = setting
    with pytest.raises(posting.PostingError):
        posting.start_thread(s["space"], s["a"], title="t", body="b",
                             files=[SimpleUploadedFile(f"{i}.txt", b"x") for i in range(6)])
    monkeypatch.setattr(posting, "MAX_FILE_SIZE", 10)
    with pytest.raises(posting.PostingError):
        posting.start_thread(s["space"], s["a"], title="t", body="b", files=[SimpleUploadedFile("a.txt", b"x" * 11)])


def test_per_member_rate_limit(setting, settings):
    from django.core.cache import cache

    s = setting
    settings.THROTTLE_ENABLED = True
    cache.clear()
    thread = posting.start_thread(s["space"], s["a"], title="t", body="b")
    for i in range(9):
        posting.reply(thread, s["a"], body=f"balasan {i}")
    with pytest.raises(posting.PostingError) as err:
        posting.reply(thread, s["a"], body="satu lagi")
    assert err.value.status == 429
    posting.reply(thread, s["b"], body="yang lain masih boleh")  # per member, not per space
    thread.refresh_from_db()
    assert thread.post_count == 11
    cache.clear()


# -- unread -------------------------------------------------------------------------------------------


def test_unread_markers(setting, django_assert_num_queries):
    s = setting
    one = posting.start_thread(s["space"], s["a"], title="satu", body="b")
    two = posting.start_thread(s["space"], s["a"], title="dua", body="b")
    posting.reply(one, s["b"], body="b ikut")
    for t in (one, two):
        t.refresh_from_db()
    with django_assert_num_queries(1):
        unread.annotate_unread([one, two], s["b"])
    assert one.unread and two.unread
    unread.mark_read(s["b"], one)
    unread.annotate_unread([one, two], s["b"])
    assert not one.unread and two.unread
    # B took part in "one" only: it is listed when A replies there, "two" is not B's business.
    assert list(unread.unread_threads(s["b"])) == []
    posting.reply(one, s["a"], body="terima kasih")
    assert [t.pk for t in unread.unread_threads(s["b"])] == [one.pk]
    # Markers never move back.
    one.refresh_from_db()
    unread.mark_read(s["b"], one)
    unread.mark_read(s["b"], one, when=one.last_post_at - timezone.timedelta(days=1))
    assert ReadMarker.objects.get(user=s["b"], thread=one).read_at == one.last_post_at
    # C (province 73) never sees province 33's threads, even after taking part is impossible.
    assert list(unread.unread_threads(s["c"])) == []
