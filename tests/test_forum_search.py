"""The forum search (forums/search.py, /<lang>/forum/cari/) and the forum block of the site search:
only threads the reader may read, words in the title or a visible post, escaped snippets."""
import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone

from forums.testing import *  # noqa: F401,F403 - fixtures
from partners.testing import *  # noqa: F401,F403 - fixtures
from query_budget import LISTING_BUDGET, assert_query_budget

pytestmark = pytest.mark.django_db


def add_thread(space, title, *bodies, author=None, hidden=False, hidden_posts=(), days_ago=1):
    """A thread with its posts written directly (``body_html`` escaped, as the cohorts' migration does)."""
    from django.template.defaultfilters import linebreaks_filter

    from forums.models import Post, Thread

    when = timezone.now() - datetime.timedelta(days=days_ago)
    thread = Thread.objects.create(space=space, title=title, author=author, last_post_at=when, hidden=hidden,
                                   post_count=len(bodies))
    for n, body in enumerate(bodies):
        Post.objects.create(thread=thread, author=author, body=body, hidden=n in hidden_posts,
                            body_html=linebreaks_filter(body, autoescape=True))
    return thread


@pytest.fixture
def forums_world(home_page, make_space, make_verified_oms, make_moderator):
    """Jawa Tengah's private space with a thread; Jawa Timur's public space with two; an OMS editor of
    each province; a moderator of Jawa Tengah."""
    world = type("World", (), {})()
    world.central = make_space("33")
    world.east = make_space("35", is_public=True)
    world.semarang = make_verified_oms("bank-sampah-semarang", "33.74", title="Bank Sampah Semarang")
    world.surabaya = make_verified_oms("sekolah-surabaya", "35.78", title="Sekolah Rakyat Surabaya")
    world.moderator = make_moderator("33")
    world.private = add_thread(world.central, "Timbangan digital untuk bank sampah",
                               "Merek timbangan apa yang awet untuk bank sampah RW?",
                               "Kami memakai timbangan gantung, murah dan kuat.")
    world.public = add_thread(world.east, "Perpustakaan keliling di pesisir",
                              "Bagaimana merawat buku di perahu? Kami juga menimbang sampah plastik.",
                              author=world.surabaya.editor)
    world.hidden = add_thread(world.east, "Topik tersembunyi tentang timbangan", "Isi timbangan tersembunyi.",
                              hidden=True)
    world.secret_reply = add_thread(world.east, "Jadwal kelas membaca", "Kelas membaca setiap Sabtu.",
                                    "Kata rahasia: zamrud.", hidden_posts=(1,))
    return world


def titles(hits):
    return {hit.thread.title for hit in hits}


def test_a_private_space_is_searched_by_its_members_and_moderators_only(forums_world):
    from forums.search import search_threads

    w = forums_world
    assert titles(search_threads(w.semarang.editor, "timbangan")) == {w.private.title}
    assert w.private.title in titles(search_threads(w.moderator, "timbangan"))
    # Another province's OMS editor and anonymous visitors: never the private thread (nor the hidden one).
    assert titles(search_threads(w.surabaya.editor, "timbangan")) == set()
    assert titles(search_threads(AnonymousUser(), "timbangan")) == set()


def test_a_public_space_is_searched_by_anyone_in_titles_and_visible_posts(forums_world):
    from forums.search import public_threads, search_threads

    w = forums_world
    anonymous = AnonymousUser()
    assert titles(search_threads(anonymous, "perpustakaan")) == {w.public.title}  # the title
    assert titles(search_threads(anonymous, "perahu plastik")) == {w.public.title}  # words of a post
    assert titles(search_threads(anonymous, "perpustakaan perahu")) == {w.public.title}  # title + post
    assert titles(search_threads(anonymous, "perpustakaan zebra")) == set()  # every word must be there
    assert titles(search_threads(anonymous, "zamrud")) == set()  # a hidden post's words
    # A member of Jawa Tengah reads the public space too, and their own.
    assert titles(search_threads(w.semarang.editor, "sampah")) == {w.private.title, w.public.title}
    assert titles(public_threads("sampah")) == {w.public.title}
    assert search_threads(anonymous, "!!! ???") == []


def test_titles_and_snippets_are_escaped_and_marked(forums_world):
    from forums.search import public_threads

    add_thread(forums_world.east, "Tips <script>alert(1)</script> sampah", "Pilah sampah <b>organik</b> dulu.")
    hit = next(h for h in public_threads("organik") if "Tips" in h.thread.title)
    assert "<script>" not in hit.title_html and "&lt;script&gt;" in hit.title_html
    assert "<b>" not in hit.snippet_html and "<mark>organik</mark>" in hit.snippet_html


def test_the_forum_search_page(forums_world):
    w = forums_world
    anonymous = Client()
    page = anonymous.get("/en/forum/cari/?q=timbangan")
    assert page.status_code == 200
    assert f'data-thread="{w.private.pk}"' not in page.content.decode()
    page = anonymous.get("/en/forum/cari/?q=perpustakaan").content.decode()
    assert f'data-thread="{w.public.pk}"' in page
    # A space the visitor may not read is a 404, as if it did not exist.
    assert anonymous.get(f"/en/forum/cari/?q=timbangan&ruang={w.central.slug}").status_code == 404
    assert anonymous.get("/en/forum/cari/?q=timbangan&ruang=tidak-ada").status_code == 404
    member = Client()
    member.force_login(w.semarang.editor)
    response = member.get(f"/en/forum/cari/?q=timbangan&ruang={w.central.slug}")
    assert response.status_code == 200 and f'data-thread="{w.private.pk}"' in response.content.decode()
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    # Nothing searchable typed: a notice, no results, what was typed kept.
    response = anonymous.get("/en/forum/cari/?q=%21%21%21")
    assert response.status_code == 200 and 'value="!!!"' in response.content.decode()
    assert response.context["hits"] == []


def test_the_site_search_shows_public_threads_only_the_same_for_everyone(forums_world):
    w = forums_world
    member = Client()
    member.force_login(w.semarang.editor)
    for client in (Client(), member):
        page = client.get("/en/cari/?q=sampah").content.decode()
        assert 'id="forum-threads"' in page
        assert f'data-thread="{w.public.pk}"' in page
        assert f'data-thread="{w.private.pk}"' not in page
    # A type chosen: no forum block.
    assert 'id="forum-threads"' not in Client().get("/en/cari/?q=sampah&kind=campaign").content.decode()


def test_the_site_search_keeps_its_budget_with_forum_threads(forums_world):
    for n in range(8):
        add_thread(forums_world.east, f"Sampah plastik {n}", "Pilah sampah plastik.", "Setuju, sampah dipilah.")
    response, _queries = assert_query_budget(Client(), "/id/cari/?q=sampah", LISTING_BUDGET)
    assert len(response.context["threads"]) == 5
