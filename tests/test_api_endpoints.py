"""The open data API (``/api/v1/``, api/): every endpoint with realistic data.

One world for the module (built once, rolled back after its last test): two verified OMS in two
provinces, live campaigns of each status with donation and petition asks and confirmed donations,
an English translation, a draft, a private and a frozen campaign, stories, a programme. Checks:
filters narrow, pagination, ETag/304, CORS, the rate limit, languages, what never appears, errors,
and the query budget of the campaigns list (the same at twice the campaigns).
"""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Locale, Page, PageViewRestriction, Site

from lokadaya.testing import module_transaction

API = "/api/v1/"
DONATION = {"title": "Donasi air bersih", "target": Decimal(10000000), "minimum": Decimal(10000),
            "suggested_amounts": [50000]}
PETITION = {"title": "Petisi sumur desa", "description": "Dukung kami.", "decision_maker": "Bupati",
            "demand": "Perbaiki sumur desa.", "goal": 100}
#: The campaigns list's query budget: fixed, whatever the number of campaigns on the page.
CAMPAIGN_LIST_BUDGET = 14


class World(dict):
    __getattr__ = dict.__getitem__


def _publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _image(title):
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 180), "#3a7").save(buffer, "JPEG", quality=80)
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.jpg"))


def _donate(campaign, amount, name="Donatur Baik"):
    from plugins.donation.models import Donation, Payment

    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount), status="confirmed")
    Donation.objects.create(campaign=campaign, ask_id=campaign.get_asks()[0].id, amount=Decimal(amount),
                            payment=payment, name=name, email="donatur@contoh.id", phone="081234567890",
                            status=Donation.Status.CONFIRMED, received_amount=Decimal(amount))


def _campaign(parent, slug, regency, asks=(("donation", DONATION), ("petition", PETITION)), sdgs=(), live=True,
              **fields):
    from campaigns.models import CampaignPage

    today = timezone.localdate()
    fields.setdefault("start_date", today - datetime.timedelta(days=1))
    fields.setdefault("end_date", today + datetime.timedelta(days=30))
    page = CampaignPage(title=fields.pop("title", f"Kampanye {slug}"), slug=slug, asks=list(asks), regency=regency,
                        summary=f"Ringkasan {slug}.", live=live, **fields)
    parent.add_child(instance=page)
    page.sdgs.set(sdgs)
    revision = page.save_revision()
    if live:
        revision.publish()
    page.refresh_from_db()
    return page


def _build():
    from campaigns.models import CampaignIndexPage
    from home.models import HomePage
    from partners.models import OrganisationIndexPage, OrganisationPage
    from programmes.models import ProgrammeIndexPage, ProgrammePage
    from regions.models import Regency
    from reports.models import CampaignStanding
    from sdgs.models import SDG
    from stories.models import StoryIndexPage, StoryPage

    english = Locale.objects.get(language_code="en")
    Page.objects.filter(depth=2).exclude(content_type__model="homepage").delete()
    home = HomePage(title="Lokadaya", slug="home", hero_title="Memacu keberdayaan lokal")
    Page.get_first_root_node().add_child(instance=home)
    _publish(home)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Lokadaya")
    _publish(home.copy_for_translation(english))
    indexes = {}
    for model, slug in ((CampaignIndexPage, "galang-daya"), (OrganisationIndexPage, "mitra"),
                        (StoryIndexPage, "cerita-perubahan"), (ProgrammeIndexPage, "program-nasional")):
        page = model(title=slug, slug=slug)
        home.add_child(instance=page)
        indexes[slug] = _publish(page)
    semarang, denpasar = Regency.objects.get(code="33.74"), Regency.objects.get(code="51.71")
    water, education = SDG.objects.get(number=6), SDG.objects.get(number=4)

    def organisation(slug, regency, **fields):
        page = OrganisationPage(title=slug.replace("-", " ").title(), slug=slug, regency=regency,
                                email=f"kontak-{slug}@contoh.id", whatsapp="0899111222333", summary=f"OMS {slug}.",
                                is_verified=True, bank_account_number="1234567890123", **fields)
        indexes["mitra"].add_child(instance=page)
        return _publish(page)

    tirta = organisation("yayasan-tirta", semarang, logo=_image("logo-tirta"))
    tirta.sdgs.set([water])
    _publish(tirta)
    bali = organisation("komunitas-bali", denpasar)
    draft_oms = OrganisationPage(title="Draf OMS", slug="draf-oms", regency=semarang, summary="x", live=False)
    indexes["mitra"].add_child(instance=draft_oms)

    today = timezone.localdate()
    water_campaign = _campaign(tirta, "air-bersih", semarang, sdgs=[water], title="Air bersih untuk desa",
                               hero_image=_image("sampul-air"))
    _donate(water_campaign, 150000)
    _donate(water_campaign, 50000)
    upcoming = _campaign(bali, "sekolah-pantai", denpasar, asks=(("petition", PETITION),), sdgs=[education],
                         start_date=today + datetime.timedelta(days=5))
    ended = _campaign(tirta, "sumur-lama", semarang, asks=(("donation", DONATION),), sdgs=[water],
                      start_date=today - datetime.timedelta(days=60), end_date=today - datetime.timedelta(days=2))
    frozen = _campaign(bali, "dibekukan", denpasar, asks=(("donation", DONATION),))
    CampaignStanding.objects.create(campaign=frozen, state=CampaignStanding.State.FROZEN,
                                    public_note="Sedang ditinjau moderator.")
    draft = _campaign(tirta, "draf-kampanye", semarang, live=False, title="Kampanye draf rahasia")
    private = _campaign(tirta, "kampanye-pribadi", semarang, title="Kampanye pribadi rahasia")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")

    # The English site: the OMS and one campaign translated.
    tirta_en = tirta.copy_for_translation(english, copy_parents=True)
    _publish(tirta_en)
    water_en = water_campaign.copy_for_translation(english)
    water_en.title = "Clean water for the village"
    water_en = _publish(water_en)

    story = StoryPage(title="Sumur kembali mengalir", slug="sumur-mengalir", summary="Cerita air.", regency=semarang,
                      organisation=tirta, date=today - datetime.timedelta(days=3))
    indexes["cerita-perubahan"].add_child(instance=story)
    story.campaigns.set([water_campaign])
    story.sdgs.set([water])
    story = _publish(story)
    bali_story = StoryPage(title="Pantai bersih", slug="pantai-bersih", summary="Cerita pantai.", regency=denpasar,
                           date=today - datetime.timedelta(days=10))
    indexes["cerita-perubahan"].add_child(instance=bali_story)
    bali_story = _publish(bali_story)
    draft_story = StoryPage(title="Cerita draf rahasia", slug="cerita-draf", summary="x", regency=semarang, live=False)
    indexes["cerita-perubahan"].add_child(instance=draft_story)
    draft_story.save_revision()

    programme = ProgrammePage(title="Program air", slug="program-air", summary="Air untuk semua.", sdg=water)
    indexes["program-nasional"].add_child(instance=programme)
    programme = _publish(programme)
    return World(home=home, tirta=tirta, bali=bali, draft_oms=draft_oms, water=water_campaign, upcoming=upcoming,
                 ended=ended, frozen=frozen, draft=draft, private=private, water_en=water_en, story=story,
                 bali_story=bali_story, draft_story=draft_story, programme=programme, semarang=semarang)


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    with module_transaction(django_db_blocker):
        yield _build()


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """Each test starts with the local address's budget whole (the throttle counts in the cache)."""
    from api.throttling import ReadThrottle

    cache.delete(ReadThrottle.cache_format % {"scope": "api", "ident": "127.0.0.1"})


def get(client, path, **extra):
    response = client.get(API + path, **extra)
    assert response["Content-Type"].startswith("application/json"), (path, response.status_code, response.content[:300])
    return response


def ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


# -- campaigns -----------------------------------------------------------------------------------


def test_campaigns_list_only_live_public_ones_with_their_asks(client, w, db):
    response = get(client, "campaigns/")
    assert ids(response) == {w.water.pk, w.upcoming.pk, w.ended.pk, w.frozen.pk}
    body = response.content.decode()
    assert "rahasia" not in body  # the draft's and the private campaign's titles
    water = next(item for item in response.json()["results"] if item["id"] == w.water.pk)
    assert water["title"] == "Air bersih untuk desa"
    assert water["url"].startswith("http://localhost/") and water["url"].endswith("/air-bersih/")
    assert water["organisation"] == {"id": w.tirta.pk, "name": "Yayasan Tirta", "url": water["organisation"]["url"]}
    assert water["region"] == {"province_code": "33", "province_name": w.semarang.province.name,
                               "regency_code": "33.74", "regency_name": w.semarang.name}
    assert [sdg["number"] for sdg in water["sdgs"]] == [6]
    assert water["status"] == "active" and water["status_label"] == gettext("Active")
    assert water["money_raised"] == "200000" and water["supporters"] == 2
    assert water["cover_image"].startswith("http://") and ".jpg" in water["cover_image"]
    donation, petition = water["asks"]
    assert donation["type"] == "donation" and donation["title"] == "Donasi air bersih"
    assert donation["progress"]["current"] == "200000" and donation["progress"]["target"] == "10000000"
    assert donation["progress"]["money"] == "200000" and donation["progress"]["percentage"] == 2
    assert donation["progress"]["supporters"] == 2 and donation["progress"]["is_money"] is True
    assert isinstance(donation["details"], dict)
    assert petition["type"] == "petition" and petition["progress"]["target"] == "100"
    assert petition["progress"]["money"] is None
    assert water["support"]["open"] is True


def test_campaign_detail_by_id_and_404s(client, w, db):
    response = get(client, f"campaigns/{w.water.pk}/")
    assert response.status_code == 200 and response.json()["id"] == w.water.pk
    for hidden in (w.draft, w.private):
        response = get(client, f"campaigns/{hidden.pk}/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert get(client, "campaigns/999999/").status_code == 404


def test_frozen_campaign_says_it_is_under_review_as_its_page_does(client, w, db):
    item = get(client, f"campaigns/{w.frozen.pk}/").json()
    assert item["support"]["open"] is False and item["support"]["reason"] == "frozen"
    assert item["support"]["public_note"] == ""  # a freeze shows no note on the page either
    page = client.get(w.frozen.url)
    assert item["support"]["message"] in page.content.decode()


@pytest.mark.parametrize("query, expected", [
    ("province=33", {"water", "ended"}),
    ("province=51", {"upcoming", "frozen"}),
    ("regency=51.71", {"upcoming", "frozen"}),
    ("sdg=6", {"water", "ended"}),
    ("sdg=quality-education", {"upcoming"}),
    ("type=petition", {"water", "upcoming"}),
    ("status=active", {"water", "frozen"}),
    ("status=upcoming", {"upcoming"}),
    ("status=ended", {"ended"}),
    ("province=33&status=active&type=donation", {"water"}),
])
def test_campaign_filters_narrow(client, w, db, query, expected):
    from sdgs.models import SDG

    if "quality-education" in query:
        query = f"sdg={SDG.objects.get(number=4).slug}"
    assert ids(get(client, f"campaigns/?{query}")) == {w[name].pk for name in expected}


@pytest.mark.parametrize("query, parameter", [
    ("province=99", "province"), ("regency=33.99", "regency"), ("sdg=18", "sdg"), ("type=bookswap", "type"),
    ("status=soon", "status"), ("page=abc", "page"), ("page_size=0", "page_size"), ("lang=fr", "lang"),
])
def test_bad_parameters_are_clear_translated_errors(client, w, db, query, parameter):
    response = get(client, f"campaigns/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["detail"] == gettext("Some parameters are not valid.")
    assert list(body["errors"]) == [parameter] and body["errors"][parameter][0]


def test_errors_follow_the_language(client, w, db):
    assert client.post(API + "campaigns/").json()["detail"] == gettext("This API only reads: use GET.")
    assert client.post(API + "campaigns/?lang=en").json()["detail"] == "This API only reads: use GET."
    assert get(client, "campaigns/999999/").json()["detail"] == gettext("Not found.")
    assert get(client, "campaigns/999999/?lang=en").json()["detail"] == "Not found."
    assert get(client, "campaigns/?status=x&lang=en").json()["errors"]["status"] == [
        "Unknown status: x. Use upcoming, active or ended."]


def test_english_gives_the_english_pages_and_labels(client, w, db):
    response = get(client, "campaigns/?lang=en")
    assert ids(response) == {w.water.pk}  # the id is the campaign's, the same in both languages
    item = response.json()["results"][0]
    assert item["title"] == "Clean water for the village" and item["status_label"] == "Active"
    assert "/en/" in item["url"]
    assert item["money_raised"] == "200000"  # records count for the campaign in every language
    assert get(client, f"campaigns/{w.water.pk}/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8").json()["title"] == \
        "Clean water for the village"
    assert get(client, f"campaigns/{w.water.pk}/?lang=id", HTTP_ACCEPT_LANGUAGE="en").json()["title"] == \
        "Air bersih untuk desa"
    sdg = get(client, "sdgs/6/?lang=en").json()
    assert sdg["name"] == "Clean Water and Sanitation"
    assert get(client, "sdgs/6/").json()["name"] != sdg["name"]
    assert get(client, "support-types/?lang=en").json()["results"][0]["name"] != \
        get(client, "support-types/").json()["results"][0]["name"]


def test_campaigns_list_keeps_its_query_budget_at_twice_the_campaigns(client, w, db, django_assert_max_num_queries):
    from django.test.utils import override_settings

    def measure():
        with override_settings(LOKADAYA_PAGE_CACHE=False), CaptureQueriesContext(connection) as ctx:
            response = client.get(API + "campaigns/?page_size=100")
        assert response.status_code == 200
        ctx_queries.append(ctx.captured_queries)
        return len(response.json()["results"]), len(ctx.captured_queries)

    ctx_queries = []

    client.get(API + "campaigns/?page_size=100")  # warm: site root paths, locales, renditions
    few, before = measure()
    for n in range(6):
        campaign = _campaign(w.tirta, f"tambahan-{n}", w.semarang, hero_image=_image(f"sampul-{n}"))
        _donate(campaign, 10000 * (n + 1))
    client.get(API + "campaigns/?page_size=100")  # the new covers' renditions are made once
    many, after = measure()
    assert many == few + 6
    assert after <= before, f"{before} queries for {few} campaigns, {after} for {many}:\n" + "\n".join(
        q["sql"][:300] for q in ctx_queries[-1])
    with django_assert_max_num_queries(CAMPAIGN_LIST_BUDGET):
        client.get(API + "campaigns/?page_size=100")


# -- pagination, ETag, CORS, rate limit ------------------------------------------------------------


def test_pagination(client, w, db):
    first = get(client, "campaigns/?page_size=3").json()
    assert first["count"] == 4 and len(first["results"]) == 3 and first["previous"] is None
    assert first["next"].startswith("http://") and "page=2" in first["next"] and "page_size=3" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None and second["previous"]
    assert not {i["id"] for i in first["results"]} & {i["id"] for i in second["results"]}
    assert get(client, "campaigns/?page=3&page_size=3").status_code == 404
    assert len(get(client, "regions/regencies/?page_size=500").json()["results"]) == 100  # the maximum


def test_etag_and_304(client, w, db):
    response = get(client, "campaigns/")
    etag = response["ETag"]
    assert etag.startswith('"') and len(etag) > 40
    again = client.get(API + "campaigns/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert client.get(API + "campaigns/", HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    assert client.get(API + "campaigns/", HTTP_IF_NONE_MATCH='"other"').status_code == 200
    assert client.get(API + "campaigns/?lang=en", HTTP_IF_NONE_MATCH=etag).status_code == 200
    _donate(w.water, 25000)  # the figures moved: a new body, a new ETag
    changed = client.get(API + "campaigns/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    for path in ("regions/provinces/", "transparency/", "schema/?format=json", "sdgs/1/"):
        tagged = client.get(API + path)
        assert client.get(API + path, HTTP_IF_NONE_MATCH=tagged["ETag"]).status_code == 304, path


def test_cross_origin_read_without_credentials(client, w, db):
    response = client.get(API + "campaigns/", HTTP_ORIGIN="https://mitra.example.org")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert not response.cookies
    preflight = client.options(API + "campaigns/", HTTP_ORIGIN="https://mitra.example.org",
                               HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert client.post(API + "campaigns/").status_code == 405


def test_rate_limit_per_address(client, w, db, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "3/min"}}
    for _n in range(3):
        assert client.get(API + "sdgs/").status_code == 200
    refused = client.get(API + "sdgs/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused["Content-Type"].startswith("application/json") and refused.json()["code"] == "throttled"
    # Another address has its own budget; a client-written X-Forwarded-For changes nothing.
    assert client.get(API + "sdgs/", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get(API + "sdgs/", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


# -- the other endpoints ---------------------------------------------------------------------------


def test_support_types_list_every_installed_type(client, w, db):
    from campaigns.plugins import registry

    keys = [item["key"] for item in get(client, "support-types/").json()["results"]]
    assert keys == [t.key for t in registry.support_types()] and {"donation", "petition"} <= set(keys)


def test_organisations(client, w, db):
    response = get(client, "organisations/")
    assert ids(response) == {w.tirta.pk, w.bali.pk}
    body = response.content.decode()
    for secret in ("kontak-yayasan-tirta@contoh.id", "0899111222333", "1234567890123", "Draf OMS"):
        assert secret not in body
    tirta = next(item for item in response.json()["results"] if item["id"] == w.tirta.pk)
    assert tirta["verified"] is True and tirta["region"]["regency_code"] == "33.74"
    assert tirta["campaign_count"] == 2 and tirta["story_count"] == 1  # live public campaigns, its story
    assert tirta["logo"].startswith("http://") and [s["number"] for s in tirta["sdgs"]] == [6]
    assert ids(get(client, "organisations/?province=51")) == {w.bali.pk}
    assert ids(get(client, "organisations/?sdg=6")) == {w.tirta.pk}
    assert ids(get(client, "organisations/?lang=en")) == {w.tirta.pk}
    assert get(client, f"organisations/{w.bali.pk}/").json()["name"] == "Komunitas Bali"
    assert get(client, f"organisations/{w.draft_oms.pk}/").status_code == 404


def test_stories(client, w, db):
    response = get(client, "stories/")
    assert [item["id"] for item in response.json()["results"]] == [w.story.pk, w.bali_story.pk]  # newest first
    assert "Cerita draf rahasia" not in response.content.decode()
    story = response.json()["results"][0]
    assert story["campaigns"] == [{"id": w.water.pk, "title": "Air bersih untuk desa", "url": story["campaigns"][0]["url"]}]
    assert story["organisation"]["id"] == w.tirta.pk and [s["number"] for s in story["sdgs"]] == [6]
    assert ids(get(client, "stories/?province=51")) == {w.bali_story.pk}
    assert ids(get(client, "stories/?sdg=6")) == {w.story.pk}
    assert get(client, f"stories/{w.draft_story.pk}/").status_code == 404
    assert get(client, f"stories/{w.story.pk}/").json()["title"] == "Sumur kembali mengalir"


def test_regions_programmes_sdgs(client, w, db):
    provinces = get(client, "regions/provinces/?page_size=100").json()
    assert provinces["count"] >= 34 and provinces["results"][0]["code"] == "11"
    assert get(client, "regions/provinces/33/").json()["name"] == w.semarang.province.name
    regencies = get(client, "regions/regencies/?province=51&page_size=100").json()["results"]
    assert regencies and {r["province_code"] for r in regencies} == {"51"}
    assert "51.71" in {r["code"] for r in regencies}
    assert get(client, "regions/regencies/51.71/").json()["kind"] == "kota"
    assert get(client, "regions/regencies/99.99/").status_code == 404
    assert get(client, "regions/regencies/?province=99").status_code == 400
    assert ids(get(client, "programmes/")) == {w.programme.pk}
    assert ids(get(client, "programmes/?sdg=4")) == set()
    assert get(client, f"programmes/{w.programme.pk}/").json()["sdg"]["number"] == 6
    assert get(client, "sdgs/").json()["count"] == 17


def test_transparency_aggregates(client, w, db, settings):
    from finance.ledger import bulk_record_income
    from plugins.donation.models import Donation

    settings.LOKADAYA_FIGURES_CACHE_SECONDS = 0  # the bulk insert below sends no signal to the cache
    bulk_record_income(w.water, list(Donation.objects.filter(campaign=w.water)), amount_field="received_amount")
    body = get(client, "transparency/").json()
    central = next(row for row in body["provinces"] if row["province_code"] == "33")
    assert central["money_gross"] == "200000"
    assert int(central["money_fee"]) + int(central["money_net"]) == 200000 and int(central["money_fee"]) > 0
    assert central["campaigns"] == 2 and central["active_campaigns"] == 1 and central["supporters"] == 2
    assert body["national"]["money_gross"] == "200000" and body["national"]["campaigns"] == 4
    assert get(client, "transparency/provinces/33/").json() == central
    assert get(client, "transparency/provinces/99/").status_code == 404


def test_unknown_paths_are_json_404s(client, w, db):
    response = get(client, "nothing-here/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert response.json()["detail"] == gettext("There is nothing at this address of the API.")
