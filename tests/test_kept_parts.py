"""Kept parts (issue 13): a campaign page rendered for a visitor the page cache cannot answer reuses
its editorial parts between publishes, and is never stale nor anybody's but everybody's.

Through Django's whole stack: each visitor here carries a session cookie, so the page cache (which
answers only visitors without one) stays out of the way and every request renders the page.
"""
import datetime
import re
import time

import pytest
from django.core.cache import caches
from django.db import connection
from django.template import loader
from django.test import Client
from django.test.utils import CaptureQueriesContext

from campaigns.models import CampaignPage
from pagecache import parts, store
from pagecache.templatetags.kept_parts import KeepNode
from tests.test_page_cache import DONATION, PETITION, donate

pytestmark = pytest.mark.django_db

@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[DONATION, PETITION], title="Sumur Bor Tembalang", slug="sumur-bor",
                         problem="<p>Sumur warga kering setiap kemarau.</p>")


def visitor():
    """A visitor the page cache does not answer (a session cookie): every request is rendered."""
    client = Client()
    client.cookies["sessionid"] = "pengunjung-dengan-sesi"
    return client


def html(response):
    """The page without the instants it shows ("figures counted at ..."): equal renders compare equal."""
    assert response.status_code == 200
    return re.sub(r'datetime="[^"]*"', 'datetime=""', response.content.decode())


def kept_names(campaign, language="id"):
    """The parts kept for ``campaign``'s address."""
    keys = {parts.part_key("testserver", campaign.url, language, name): name for name in CampaignPage.kept_parts}
    return {keys[key] for key in caches["pages"].get_many(list(keys))}


# -- the same page, for less ---------------------------------------------------------------------

def test_a_render_from_kept_parts_is_the_cold_render_for_fewer_queries(campaign, settings):
    settings.LOKADAYA_KEPT_PARTS = False
    with CaptureQueriesContext(connection) as cold_queries:
        cold = html(visitor().get(campaign.url))
    cold_queries = list(cold_queries)  # the next request empties Django's log
    assert kept_names(campaign) == set()
    settings.LOKADAYA_KEPT_PARTS = True
    first = html(visitor().get(campaign.url))  # renders every part and keeps it
    assert kept_names(campaign) == set(CampaignPage.kept_parts)
    with CaptureQueriesContext(connection) as warm_queries:
        warm = html(visitor().get(campaign.url))
    assert cold == first == warm
    assert "Sumur warga kering setiap kemarau." in warm and "Sumur Bor Tembalang" in warm
    # The editorial reads (the OMS, the place, the cover, the SDGs, the permit, the verdict) are gone.
    assert len(warm_queries) <= len(cold_queries) - 5, [q["sql"][:60] for q in warm_queries]


def test_every_kept_part_of_the_templates_is_declared_by_the_page():
    """What ``get_context`` reads in one round trip is what the templates keep (and "facts")."""
    names = set()
    for name in ("campaigns/campaign_page.html", "base.html"):
        names.update(node.name for node in loader.get_template(name).template.nodelist.get_nodes_by_type(KeepNode))
    assert names | {"facts", "alternates"} == set(CampaignPage.kept_parts)


def test_each_language_keeps_its_own_parts(campaign):
    indonesian = html(visitor().get(campaign.url))
    assert 'lang="id"' in indonesian and kept_names(campaign, "id") == set(CampaignPage.kept_parts)
    assert kept_names(campaign, "en") == set()


# -- never stale -----------------------------------------------------------------------------------

def test_a_publish_shows_at_once(campaign):
    visitor().get(campaign.url)
    page = CampaignPage.objects.get(pk=campaign.pk)
    page.title = "Sumur Bor Tembalang Tahap Dua"
    page.problem = "<p>Kemarau kini enam bulan.</p>"
    page.save_revision().publish()
    after = html(visitor().get(campaign.url))
    assert "Tahap Dua" in after and "Kemarau kini enam bulan." in after
    assert "Sumur warga kering" not in after


def test_the_oms_renamed_shows_at_once_on_its_campaigns(campaign, organisation):
    assert organisation.title in html(visitor().get(campaign.url))
    oms = type(organisation).objects.get(pk=organisation.pk)
    oms.title = "Yayasan Air Bersih Semarang"
    oms.save_revision().publish()
    assert "Yayasan Air Bersih Semarang" in html(visitor().get(campaign.url))


def test_figures_and_the_wall_are_read_on_every_render(campaign):
    before = html(visitor().get(campaign.url))
    assert "250.000</strong>" not in before
    donate(campaign, 250000, name="Budi Santoso")
    after = html(visitor().get(campaign.url))
    assert re.search(r'give-raised"><strong>Rp\W?250\.000</strong>', after) and "Budi Santoso" in after
    assert kept_names(campaign) == set(CampaignPage.kept_parts)  # a pledge moved no editorial part


def test_a_moderators_freeze_shows_at_once(campaign):
    from reports.models import CampaignStanding

    assert "btn-give" in html(visitor().get(campaign.url))
    CampaignStanding.objects.create(campaign=campaign, state=CampaignStanding.State.FROZEN,
                                    public_note="Sedang ditinjau moderator.")
    frozen = html(visitor().get(campaign.url))
    assert "support-frozen" in frozen and "btn-give" not in frozen


def test_a_part_made_before_a_purge_or_yesterday_or_with_a_lost_purge_time_is_not_used(campaign):
    visitor().get(campaign.url)
    kept = parts.KeptParts("testserver", campaign.url, "id", CampaignPage.kept_parts)
    assert kept.has("story")
    made_at = caches["pages"].get(kept.key("story"))[0]
    # A purge committed while that render ran (after it started): born invalid.
    store.mark_purged([campaign.url], at=made_at + 0.0001)
    assert not parts.KeptParts("testserver", campaign.url, "id", ["story"]).has("story")

    visitor().get(campaign.url)
    assert parts.KeptParts("testserver", campaign.url, "id", ["story"]).has("story")
    caches["pages"].delete(store.ALL_KEY)  # evicted: counts as purged now
    assert not parts.KeptParts("testserver", campaign.url, "id", ["story"]).has("story")

    visitor().get(campaign.url)
    kept = parts.KeptParts("testserver", campaign.url, "id", ["story"])
    made_at, _day, value = caches["pages"].get(kept.key("story"))
    yesterday = (datetime.date.fromisoformat(kept.day) - datetime.timedelta(days=1)).isoformat()
    caches["pages"].set(kept.key("story"), (made_at, yesterday, value))
    assert not parts.KeptParts("testserver", campaign.url, "id", ["story"]).has("story")


def test_a_campaign_that_ends_says_so_the_next_day(campaign):
    """Status and days left change at midnight: the parts of yesterday are not used today."""
    visitor().get(campaign.url)
    CampaignPage.objects.filter(pk=campaign.pk).update(end_date=datetime.date.today() - datetime.timedelta(days=1))
    kept = parts.KeptParts("testserver", campaign.url, "id", CampaignPage.kept_parts)
    for name in CampaignPage.kept_parts:  # as if made yesterday
        made_at, _day, value = caches["pages"].get(kept.key(name))
        caches["pages"].set(kept.key(name), (made_at, "2000-01-01", value))
    ended = html(visitor().get(campaign.url))
    assert "badge-ended" in ended and "btn-give" not in ended


# -- nobody's but everybody's ----------------------------------------------------------------------

def test_parts_made_for_a_signed_in_editor_are_what_an_anonymous_visitor_gets(campaign, organisation,
                                                                              make_editor, settings):
    settings.LOKADAYA_KEPT_PARTS = False
    cold_for_visitor = html(visitor().get(campaign.url))
    settings.LOKADAYA_KEPT_PARTS = True
    editor = Client()
    editor.force_login(make_editor(organisation, username="editor-rahasia"))
    assert editor.get(campaign.url).status_code == 200  # made the parts
    assert kept_names(campaign) == set(CampaignPage.kept_parts)
    for_visitor = html(visitor().get(campaign.url))
    assert for_visitor == cold_for_visitor and "editor-rahasia" not in for_visitor


def test_a_part_with_a_form_token_or_a_nonce_is_never_kept(campaign):
    kept = parts.KeptParts("testserver", campaign.url, "id")
    form = '<form><input type="hidden" name="csrfmiddlewaretoken" value="milik-siti"></form>'
    assert kept.keep("story", form) == form
    assert kept.keep("cover", '<script nonce="abc">1</script>')
    assert not parts.KeptParts("testserver", campaign.url, "id", ["story", "cover"]).found


def test_a_request_with_a_query_string_neither_uses_nor_makes_kept_parts(campaign):
    """Its parts could carry its parameters (a signed-in visitor's click id is not stripped) to others."""
    shared = html(visitor().get(campaign.url + "?fbclid=IwAR-klik-pribadi-123&utm_source=whatsapp"))
    assert "Sumur Bor Tembalang" in shared
    assert kept_names(campaign) == set()
    visitor().get(campaign.url)
    assert kept_names(campaign) == set(CampaignPage.kept_parts)


def test_a_preview_neither_uses_nor_makes_kept_parts(campaign):
    visitor().get(campaign.url)  # the live parts are kept
    draft = CampaignPage.objects.get(pk=campaign.pk)
    draft.title = "Judul Draf Belum Terbit"
    draft.problem = "<p>Cerita draf.</p>"
    preview = draft.make_preview_request().content.decode()
    assert "Judul Draf Belum Terbit" in preview and "Cerita draf." in preview
    live = html(visitor().get(campaign.url))
    assert "Judul Draf Belum Terbit" not in live and "Cerita draf." not in live
    assert "Sumur warga kering setiap kemarau." in live


def test_the_render_start_is_stamped_before_the_view_reads(campaign, monkeypatch):
    """The time a part counts as made is the request's start, not the template's."""
    seen = []
    original = parts.KeptParts.keep

    def spy(self, name, value):
        seen.append(self.made_at)
        return original(self, name, value)

    monkeypatch.setattr(parts.KeptParts, "keep", spy)
    before = time.time()
    visitor().get(campaign.url)
    assert seen and all(before <= made_at <= time.time() for made_at in seen)
    assert len(set(seen)) == 1  # every part of one render: one instant, the request's start
