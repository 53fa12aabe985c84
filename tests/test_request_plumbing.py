"""The per-request plumbing of every public page (issue 13): site, locales, routing, restrictions, navigation.

``lokadaya/lookups.py`` keeps sites, locales, navigation URLs and view restrictions per process,
``HomePage.route`` finds a page in one query plus its specific row. These tests hold the counts, show
that Wagtail's answers are unchanged (routing, sub-routes, drafts, 404s, translations, redirects,
password and login restrictions) and that every change is seen at once, here or, after the shared
generation changes, in another process.
"""
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page, PageViewRestriction, Site

from lokadaya import lookups

pytestmark = pytest.mark.django_db

DONATION = {"title": "Donasi lampu", "target": Decimal("1000000"), "minimum": Decimal("10000"),
            "suggested_amounts": [50000]}
PLUMBING_TABLES = ("wagtailcore_site", "wagtailcore_locale", "wagtailcore_pageviewrestriction")
NAV_TABLES = ("campaigns_campaignindexpage", "partners_organisationindexpage", "stories_storyindexpage")


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """What is measured here is every render's own cost, below the full-page cache."""
    settings.LOKADAYA_PAGE_CACHE = False


def tables(queries):
    """The tables each query reads first (``FROM "table"``)."""
    return [match.group(1) if (match := re.search(r'FROM "(\w+)"', q["sql"])) else q["sql"][:30]
            for q in queries]


def get(client, url, **extra):
    """``(response, queries)`` of one GET."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    return response, ctx.captured_queries


def publish(page):
    page.save_revision().publish()
    return page


def translate(page, code, slug=None):
    copy = page.copy_for_translation(Locale.objects.get(language_code=code), copy_parents=True)
    if slug:
        copy.slug = slug
    return publish(copy)


@pytest.fixture
def campaign(make_campaign):
    """A live campaign with a donation ask, at depth 5: /id/mitra/oms-contoh/lampu-desa/."""
    return make_campaign(asks=[("donation", DONATION)], slug="lampu-desa", title="Lampu Desa")


@pytest.fixture
def story_index(home_page):
    from stories.models import StoryIndexPage

    page = StoryIndexPage(title="Cerita", slug="cerita-perubahan")
    home_page.add_child(instance=page)
    return publish(page)


def route(path, language="id"):
    """``(page, args)`` of ``Page.route_for_request`` below /<language>/; ``(None, None)`` for a 404."""
    request = RequestFactory().get(f"/{language}/{path}")
    with translation.override(language):
        found = Page.route_for_request(request, path)
    return (None, None) if found is None else (found[0], found[1])


def walk(path, language="id"):
    """The same, by Wagtail's own walk (``Page.route`` level by level), for comparison."""
    site = Site.objects.get(is_default_site=True)
    request = RequestFactory().get(f"/{language}/{path}")
    with translation.override(language):
        home = site.root_page.get_translation_or_none(Locale.get_active())
        home = home if home is not None and home.live else site.root_page
        try:
            found = Page.route(home.specific, request, [part for part in path.split("/") if part])
        except Http404:
            return None, None
    return found[0], found[1]


def same(found, expected):
    page, args = found
    other, other_args = expected
    if page is None or other is None:
        return page is other

    def view_name(args):
        return args[0].__name__ if args else None

    return (page.pk, type(page), view_name(args), args[1:] if args else None) == (
        other.pk, type(other), view_name(other_args), other_args[1:] if other_args else None)


# -- routing ----------------------------------------------------------------------------------

def test_routing_gives_wagtails_answer_for_every_path(campaign, story_index, make_organisation):
    """Pages at every depth, a sub-route, drafts, a live page below a draft, 404s, both languages."""
    from campaigns.models import CampaignPage
    from editorial.gate import publishing_without_review

    ask_id = campaign.get_asks()[0].id
    draft_parent = make_organisation(slug="oms-draf")
    draft_parent.unpublish()
    below_draft = CampaignPage(title="Di bawah draf", slug="di-bawah-draf", summary="x")
    with publishing_without_review("test"):
        draft_parent.add_child(instance=below_draft)
        publish(below_draft)
        draft = CampaignPage(title="Draf", slug="kampanye-draf", summary="x", live=False)
        campaign.get_parent().add_child(instance=draft)
        english = translate(campaign, "en")
    paths = ["", "mitra/", "mitra/oms-contoh/", "mitra/oms-contoh/lampu-desa/",
             f"mitra/oms-contoh/lampu-desa/dukung/{ask_id}/", "mitra/oms-contoh/lampu-desa/dukung/",
             "mitra/oms-contoh/lampu-desa/dukung/tidak-ada/", "mitra/oms-contoh/lampu-desa/tidak/ada/",
             "mitra/oms-contoh/kampanye-draf/", "mitra/oms-contoh/kampanye-draf/dukung/x/",
             "mitra/oms-draf/", "mitra/oms-draf/di-bawah-draf/", "cerita-perubahan/", "tidak-ada/",
             "mitra/tidak-ada/lampu-desa/", "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/", "MITRA/"]
    for language in ("id", "en"):
        for path in paths:
            assert same(route(path, language), walk(path, language)), (language, path)
    assert route("mitra/oms-contoh/lampu-desa/")[0].pk == campaign.pk
    assert route("mitra/oms-contoh/lampu-desa/", "en")[0].pk == english.pk
    assert route("mitra/oms-draf/di-bawah-draf/")[0].pk == below_draft.pk
    assert route("mitra/oms-contoh/kampanye-draf/") == (None, None)
    page, args = route(f"mitra/oms-contoh/lampu-desa/dukung/{ask_id}/")
    assert page.pk == campaign.pk and args[0].__name__ == "pledge" and args[2] == {"ask_id": ask_id}


def test_a_depth_five_page_costs_two_routing_queries(client, campaign):
    assert campaign.depth == 5
    client.get(campaign.url)  # the process's copies: site, locales, home pages
    for path, language in (("mitra/oms-contoh/lampu-desa/", "id"), ("", "id"), ("", "en"),
                           (f"mitra/oms-contoh/lampu-desa/dukung/{campaign.get_asks()[0].id}/", "id")):
        with CaptureQueriesContext(connection) as ctx:
            page, _args = route(path, language)
        assert page is not None
        assert len(ctx.captured_queries) <= (2 if path else 0), (path, tables(ctx.captured_queries))


def test_a_path_routed_before_costs_one_query_and_follows_every_change(campaign, partner_index, make_organisation):
    """``HomePage.route`` remembers where a walk ended (``home.models._ROUTED``) and checks it before
    using it: after a rename, a move, an unpublish and a delete the answer is still Wagtail's."""
    from home import models as home_models

    home_models._ROUTED.clear()
    path, ask_id = "mitra/oms-contoh/lampu-desa/", campaign.get_asks()[0].id

    def both(*paths):
        for each in paths:
            for _twice in range(2):  # walked, then remembered
                assert same(route(each), walk(each)), each

    both(path, f"{path}dukung/{ask_id}/", "mitra/oms-contoh/")
    with CaptureQueriesContext(connection) as ctx:
        page, args = route(path)
    assert page.pk == campaign.pk and args[0].__name__ == "index_route"
    assert len(ctx.captured_queries) == 1, tables(ctx.captured_queries)

    partner_index.slug = "mitra-lokal"
    publish(partner_index)
    both(path, "mitra-lokal/oms-contoh/lampu-desa/")
    assert route(path) == (None, None)

    other = make_organisation(slug="oms-lain")
    Page.objects.get(pk=campaign.pk).move(other, pos="last-child")
    both("mitra-lokal/oms-contoh/lampu-desa/", "mitra-lokal/oms-lain/lampu-desa/")
    assert route("mitra-lokal/oms-lain/lampu-desa/")[0].pk == campaign.pk
    assert route("mitra-lokal/oms-contoh/lampu-desa/") == (None, None)

    moved = Page.objects.get(pk=campaign.pk).specific
    moved.unpublish()
    both("mitra-lokal/oms-lain/lampu-desa/")
    assert route("mitra-lokal/oms-lain/lampu-desa/") == (None, None)
    moved.delete()
    both("mitra-lokal/oms-lain/lampu-desa/")


def test_sub_route_draft_and_missing_pages_answer_as_before(client, campaign, settings):
    ask_id = campaign.get_asks()[0].id
    pledge = client.get(f"{campaign.url}dukung/{ask_id}/")
    assert pledge.status_code == 200
    assert client.get(f"{campaign.url}dukung/tidak-ada/").status_code == 404
    assert client.get(f"{campaign.url}tidak-ada/").status_code == 404
    assert client.get("/id/mitra/tidak-ada/").status_code == 404
    url = campaign.url
    campaign.unpublish()
    assert client.get(url).status_code == 404
    assert client.get(f"{url}dukung/{ask_id}/").status_code == 404
    # The editor's preview of the draft still renders.
    admin = get_user_model().objects.create_superuser("admin-plumbing", "a@contoh.id", "rahasia-123")
    client.force_login(admin)
    assert client.get(reverse("wagtailadmin_pages:view_draft", args=[campaign.pk])).status_code == 200


def test_translations_route_in_their_own_tree(client, campaign, home_page):
    english = translate(campaign, "en", slug="village-lights")
    response = client.get("/en/mitra/oms-contoh/village-lights/")
    assert response.status_code == 200
    assert response.context["page"].pk == english.pk
    assert response.context["page"].locale.language_code == "en"
    assert client.get("/en/mitra/oms-contoh/lampu-desa/").status_code == 404
    assert client.get("/id/mitra/oms-contoh/village-lights/").status_code == 404
    # An English home taken offline: Wagtail then routes /en/ in the Indonesian tree.
    home_page.get_translation(Locale.objects.get(language_code="en")).unpublish()
    assert client.get("/en/mitra/oms-contoh/lampu-desa/").context["page"].pk == campaign.pk


def test_redirects_are_unaffected(client, campaign):
    Redirect.add_redirect("/id/lampu-lama/", redirect_to=campaign, is_permanent=True)
    response = client.get("/id/lampu-lama/")
    assert response.status_code == 301
    assert response["Location"].endswith(campaign.url)


# -- the second request -----------------------------------------------------------------------

def test_a_second_request_costs_no_site_locale_restriction_or_navigation_query(client, campaign, story_index):
    for url in ("/id/", campaign.url, "/en/", "/id/wilayah/", "/id/mitra/oms-contoh/"):
        first = client.get(url)
        assert first.status_code == 200, url
        response, queries = get(client, url)
        assert response.status_code == 200
        read = tables(queries)
        assert not [t for t in read if t in PLUMBING_TABLES], (url, read)
        nav = [q["sql"] for q in queries if any(t in q["sql"] for t in NAV_TABLES) and "LIMIT 1" in q["sql"]]
        assert not nav, (url, nav)


def test_the_language_links_cost_one_query(client, campaign):
    from lokadaya.templatetags.lokadaya_tags import language_links, seo_links

    translate(campaign, "en", slug="village-lights")
    html = client.get(campaign.url).content.decode()
    assert 'hreflang="en" href="http://testserver/en/mitra/oms-contoh/village-lights/"' in html
    assert 'hreflang="x-default" href="http://testserver/id/mitra/oms-contoh/lampu-desa/"' in html
    assert '<a href="/en/mitra/oms-contoh/village-lights/" hreflang="en"' in html
    request = client.get(campaign.url).wsgi_request
    page = Page.objects.get(pk=campaign.pk).specific
    with translation.override("id"), CaptureQueriesContext(connection) as ctx:
        links = language_links({"request": request, "page": page})
        seo = seo_links({"request": request, "page": page})
    assert len(ctx.captured_queries) == 1, tables(ctx.captured_queries)
    assert [url for _code, _name, url, _current in links] == [
        "/id/mitra/oms-contoh/lampu-desa/", "/en/mitra/oms-contoh/village-lights/"]
    assert [code for code, _url in seo["alternates"]] == ["en", "id", "x-default"]


# -- changes are seen at once -----------------------------------------------------------------

def test_publishing_a_navigation_index_shows_at_once(client, home_page):
    from stories.models import StoryIndexPage

    assert "/id/cerita-perubahan/" not in client.get("/id/").content.decode()
    index = StoryIndexPage(title="Cerita", slug="cerita-perubahan")
    home_page.add_child(instance=index)
    publish(index)
    assert 'href="/id/cerita-perubahan/"' in client.get("/id/").content.decode()
    index.unpublish()
    assert "/id/cerita-perubahan/" not in client.get("/id/").content.decode()


def test_renaming_a_slug_shows_at_once(client, campaign, partner_index):
    assert 'href="/id/mitra/"' in client.get("/id/").content.decode()
    partner_index.slug = "mitra-lokal"
    publish(partner_index)
    html = client.get("/id/").content.decode()
    assert 'href="/id/mitra-lokal/"' in html and 'href="/id/mitra/"' not in html
    assert client.get("/id/mitra-lokal/oms-contoh/lampu-desa/").status_code == 200
    assert client.get("/id/mitra/oms-contoh/lampu-desa/").status_code == 404


def test_another_process_change_is_seen_after_the_generation_changes(client, story_index):
    """A change made elsewhere (no signal here) shows once the shared generation token moves."""
    assert 'href="/id/cerita-perubahan/"' in client.get("/id/").content.decode()
    Page.objects.filter(pk=story_index.pk).update(live=False)  # another process's change
    assert 'href="/id/cerita-perubahan/"' in client.get("/id/").content.decode()  # this process's copy
    cache.set(lookups.GENERATION_KEY, "bumped-by-another-process", None)  # that process's signal
    assert "/id/cerita-perubahan/" not in client.get("/id/").content.decode()


def test_locales_and_sites_follow_their_changes(client, home_page):
    assert Locale.get_default().language_code == "id"
    with CaptureQueriesContext(connection) as ctx:
        assert Locale.get_active().language_code == "id"
        assert Locale.objects.get_for_language("en").language_code == "en"
    assert not ctx.captured_queries
    with pytest.raises(LookupError):
        Locale.objects.get_for_language("xx")
    english = Locale.objects.get(language_code="en")
    english.language_code = "en-gb"  # no longer any content language's code
    english.save()
    with pytest.raises(Locale.DoesNotExist):
        Locale.objects.get_for_language("en")
    english.language_code = "en"
    english.save()
    assert Locale.objects.get_for_language("en").pk == english.pk
    site = Site.objects.get()
    client.get("/id/")
    site.site_name = "Lokadaya Baru"
    site.save()
    assert client.get("/id/").wsgi_request._wagtail_site.site_name == "Lokadaya Baru"


# -- view restrictions ------------------------------------------------------------------------

def restrict(page, kind, password=""):
    return PageViewRestriction.objects.create(page=page, restriction_type=kind, password=password)


@pytest.mark.parametrize("on", ["page", "ancestor"])
def test_a_password_restriction_is_still_refused(client, campaign, on):
    assert client.get(campaign.url).status_code == 200  # the copies are warm
    target = campaign if on == "page" else campaign.get_parent()
    restriction = restrict(target, PageViewRestriction.PASSWORD, "rahasia")
    response = client.get(campaign.url)
    html = response.content.decode()
    action = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, campaign.id])
    assert action in html
    assert "Donasi lampu" not in html
    restriction.delete()
    assert "Donasi lampu" in client.get(campaign.url).content.decode()


@pytest.mark.parametrize("on", ["page", "ancestor"])
def test_a_login_restriction_is_still_refused(client, campaign, on):
    assert client.get(campaign.url).status_code == 200
    target = campaign if on == "page" else campaign.get_parent()
    restrict(target, PageViewRestriction.LOGIN)
    response = client.get(campaign.url)
    assert response.status_code == 302
    assert "next=" in response["Location"]
    assert client.get("/id/").status_code == 200  # the rest of the site is not restricted
    user = get_user_model().objects.create_user("pembaca", password="rahasia-123")
    client.force_login(user)
    assert client.get(campaign.url).status_code == 200


def test_a_restriction_reaches_an_alias_through_its_source(client, campaign):
    """Wagtail checks an alias's source page: a restriction there refuses the alias too."""
    organisation = campaign.get_parent()
    alias_parent = organisation.get_parent().specific
    alias = organisation.specific.create_alias(parent=alias_parent, update_slug="oms-alias")
    assert client.get("/id/mitra/oms-alias/").status_code == 200
    restrict(organisation, PageViewRestriction.LOGIN)
    assert client.get("/id/mitra/oms-alias/").status_code == 302
    assert alias.alias_of_id == organisation.pk


def test_public_listings_follow_restrictions(campaign, make_campaign):
    from campaigns.models import CampaignPage

    other = make_campaign(slug="lain", title="Lain")
    assert set(CampaignPage.objects.live().public().values_list("pk", flat=True)) == {campaign.pk, other.pk}
    with CaptureQueriesContext(connection) as ctx:
        list(CampaignPage.objects.live().public())
    assert tables(ctx.captured_queries) == ["campaigns_campaignpage"]
    restriction = restrict(campaign.get_parent(), PageViewRestriction.PASSWORD, "rahasia")
    assert set(CampaignPage.objects.live().public().values_list("pk", flat=True)) == set()
    assert set(CampaignPage.objects.not_public().values_list("pk", flat=True)) == {campaign.pk, other.pk}
    restriction.delete()
    assert CampaignPage.objects.live().public().count() == 2


def test_private_q_is_wagtails(campaign, make_campaign):
    """The ``Q`` built from the copies selects what Wagtail's own query-built ``Q`` selects."""
    other = make_campaign(slug="lain", title="Lain")
    original = lookups._original["private_q"]

    def both():
        pages = Page.objects.all()
        return (set(pages.filter(pages.private_q()).values_list("pk", flat=True)),
                set(pages.filter(original(pages)).values_list("pk", flat=True)))

    mine, wagtails = both()
    assert mine == wagtails == set()
    restrict(other, PageViewRestriction.LOGIN)
    restrict(campaign.get_parent(), PageViewRestriction.PASSWORD, "rahasia")
    mine, wagtails = both()
    assert mine == wagtails and {campaign.pk, other.pk, campaign.get_parent().pk} <= mine


def test_other_processes_are_told_once_after_the_commit(django_capture_on_commit_callbacks):
    before = cache.get(lookups.GENERATION_KEY)
    english = Locale.objects.get(language_code="en")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        english.save()
        english.save()
        assert cache.get(lookups.GENERATION_KEY) == before  # nothing to read elsewhere before the commit
    assert callbacks.count(lookups._committed) == 1
    assert cache.get(lookups.GENERATION_KEY) not in (before, None)
