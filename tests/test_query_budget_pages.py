"""The query budget of the pages that list things (issue 13): whatever they show, they cost a fixed
number of queries (tests/query_budget.py: at most 15 for the home page, an OMS profile, a story and a
network's page; at most 20 for the OMS and story indexes, region, network index and programme pages).

One world for the module: a small province (Bali: 3 OMS, 3 campaigns, 3 stories) and a large one
(Nusa Tenggara Timur: 30 OMS, 40 campaigns, 15 stories with pictures in their bodies), a small and a
large OMS profile (gallery, team, places, SDGs, issues, links, documents, 20 campaigns), story and
programme. Each page type is measured at both sizes with the figures cache cold
(``LOKADAYA_FIGURES_CACHE_SECONDS = 0``), and must not cost more at the large size.

The batching must not change what a page shows: the pages are compared with the same pages drawn
without it (``test_batching_changes_nothing_shown``).
"""
import datetime
import io
import math
import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from lokadaya.testing import module_transaction
from query_budget import LISTING_BUDGET, PAGE_BUDGET, assert_query_budget, count_queries

DONATION = ("donation", {"title": "Donasi", "target": Decimal("10000000"), "minimum": Decimal("10000"),
                         "suggested_amounts": [50000]})
PETITION = ("petition", {"title": "Petisi", "description": "Dukung kami.", "decision_maker": "Bupati",
                         "demand": "Perbaiki jalan desa.", "goal": 100})

LARGE_OMS, LARGE_CAMPAIGNS, LARGE_STORIES = 30, 40, 15


class World(dict):
    __getattr__ = dict.__getitem__


def _publish(page):
    page.save_revision().publish()
    return page


def _image(title, colour):
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 200), colour).save(buffer, "JPEG", quality=80)
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.jpg"))


def _donate(campaign, amount):
    from plugins.donation.models import Donation, Payment

    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount), status="confirmed")
    Donation.objects.create(campaign=campaign, ask_id=campaign.get_asks()[0].id, amount=Decimal(amount),
                            payment=payment, name="Donatur", email="d@contoh.id",
                            status=Donation.Status.CONFIRMED, received_amount=Decimal(amount))


def _home():
    """The Indonesian home page (the default site's root) with its English translation, and the indexes."""
    from campaigns.models import CampaignIndexPage
    from home.models import HomePage
    from partners.models import OrganisationIndexPage
    from programmes.models import ProgrammeIndexPage
    from stories.models import StoryIndexPage

    Page.objects.filter(depth=2).exclude(content_type__model="homepage").delete()
    home = HomePage(title="Lokadaya", slug="home", hero_title="Memacu keberdayaan lokal")
    Page.get_first_root_node().add_child(instance=home)
    _publish(home)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Lokadaya")
    english = home.copy_for_translation(Locale.objects.get(language_code="en"))
    _publish(english)
    indexes = {}
    for model, slug, title in ((CampaignIndexPage, "galang-daya", "Galang Daya"),
                               (OrganisationIndexPage, "mitra", "Mitra"),
                               (StoryIndexPage, "cerita-perubahan", "Cerita Perubahan"),
                               (ProgrammeIndexPage, "program-nasional", "Program Nasional")):
        page = model(title=title, slug=slug)
        home.add_child(instance=page)
        indexes[slug] = _publish(page)
    return home, indexes


def _organisation(index, slug, regency, **fields):
    from partners.models import OrganisationPage

    page = OrganisationPage(title=slug.replace("-", " ").title(), slug=slug, regency=regency,
                            email=f"{slug}@contoh.id", summary=f"OMS {slug}.", is_verified=True, **fields)
    index.add_child(instance=page)
    return _publish(page)


def _campaign(parent, slug, regency, image, asks=(DONATION, PETITION), **fields):
    from campaigns.models import CampaignPage

    today = timezone.localdate()
    fields.setdefault("start_date", today - datetime.timedelta(days=1))
    fields.setdefault("end_date", today + datetime.timedelta(days=30))
    page = CampaignPage(title=f"Kampanye {slug}", slug=slug, asks=list(asks), regency=regency, hero_image=image,
                        summary=f"Ringkasan {slug}.", **fields)
    parent.add_child(instance=page)
    _publish(page)
    page.refresh_from_db()
    return page


def _story(parent, slug, regency, image, campaigns=(), sdgs=(), body_images=()):
    from stories.models import StoryPage

    body = [("paragraph", RichText(f"<p>Cerita {slug}: warga bergotong royong membangun desa.</p>"))]
    body += [("image", {"image": picture, "caption": f"Foto {n}", "credit": "Warga", "alt_text": ""})
             for n, picture in enumerate(body_images)]
    body += [("quote", {"text": "Sekarang anak-anak belajar malam hari.", "attribution": "Bu Sri"})]
    voices = [("voice", {"quote": "Terima kasih.", "name": "Pak Yos", "role": "warga",
                         "photo": body_images[0] if body_images else None})]
    page = StoryPage(title=f"Cerita {slug}", slug=slug, summary=f"Ringkasan {slug}.", regency=regency,
                     hero_image=image, hero_caption="Foto warga", body=body, voices=voices)
    parent.add_child(instance=page)
    page.campaigns.set(campaigns)
    page.sdgs.set(sdgs)
    return _publish(page)


def build_world():
    from editorial.gate import publishing_without_review
    from partners.models import OrganisationLink, OrganisationPhoto, TeamMember
    from programmes.models import ProgrammePage, StrategicPartner
    from regions.models import District, Regency
    from sdgs.models import SDG

    with publishing_without_review("test world: query budget"):
        home, indexes = _home()
        partners, programmes = indexes["mitra"], indexes["program-nasional"]
        pool = [_image(f"Foto {n}", (20 * n, 110, 80)) for n in range(4)]
        logos = [_image(f"Logo {n}", (200, 40 * n, 0)) for n in range(3)]
        ntt = list(Regency.objects.filter(province__code="53").order_by("code"))
        bali = list(Regency.objects.filter(province__code="51").order_by("code"))
        sdgs = list(SDG.objects.order_by("number")[:5])

        # Bali: small.
        small_oms = [_organisation(partners, f"oms-bali-{n}", bali[n], logo=logos[n % 3]) for n in range(3)]
        # Without a cover, its share card takes the first gallery photo (the first: the logo).
        small_oms[1].gallery_photos = [OrganisationPhoto(image=pool[2], caption="Kegiatan"),
                                       OrganisationPhoto(image=pool[3])]
        _publish(small_oms[1])
        small_campaigns = [_campaign(oms, f"bali-{n}", oms.regency, pool[n]) for n, oms in enumerate(small_oms)]
        small_stories = [_story(oms, f"cerita-bali-{n}", oms.regency, pool[n], campaigns=[small_campaigns[n]],
                                body_images=pool[n:n + 1]) for n, oms in enumerate(small_oms)]
        _donate(small_campaigns[0], "150000")

        # Nusa Tenggara Timur: large. The first OMS has every kind of thing, many of each.
        big = _organisation(partners, "oms-ntt-besar", ntt[9], logo=logos[0], cover_image=pool[1],
                            founded_year=2015)
        big.work_regencies.set(ntt[:4])
        big.districts.set(District.objects.filter(regency__in=[ntt[9], ntt[0]]).order_by("code")[:6])
        big.sdgs.set(sdgs)
        big.gallery_photos = [OrganisationPhoto(image=pool[n % 4], caption=f"Foto kegiatan {n}") for n in range(8)]
        big.team_members = [TeamMember(name=f"Anggota {n}", role="Relawan", photo=pool[n % 4] if n % 3 else None)
                            for n in range(6)]
        big.links = [OrganisationLink(kind=kind, url=f"https://{kind}.com/ntt") for kind in ("instagram", "facebook",
                                                                                           "youtube")]
        _publish(big)
        big.issues.add("air bersih", "energi surya", "pendidikan", "kesehatan")
        from partners.models import OrganisationDocument

        for year in (2022, 2023, 2024):
            document = Document.objects.create(title=f"Laporan {year}",
                                               file=ContentFile(b"%PDF-1.4 laporan", name=f"laporan-{year}.pdf"))
            big.documents.add(OrganisationDocument(title=f"Laporan tahunan {year}", year=year, document=document))
        _publish(big)
        large_oms = [big] + [_organisation(partners, f"oms-ntt-{n}", ntt[n % len(ntt)], logo=logos[n % 3])
                             for n in range(1, LARGE_OMS)]
        large_campaigns = []
        for n in range(LARGE_CAMPAIGNS):
            parent = big if n < 20 else large_oms[n % LARGE_OMS]
            asks = (DONATION, PETITION) if n % 2 else (DONATION,)
            ended = {"start_date": timezone.localdate() - datetime.timedelta(days=90),
                     "end_date": timezone.localdate() - datetime.timedelta(days=5)} if n % 5 == 4 else {}
            large_campaigns.append(_campaign(parent, f"ntt-{n}", ntt[n % len(ntt)], pool[n % 4], asks=asks, **ended))
        for campaign in large_campaigns[:10]:
            _donate(campaign, "250000")
        large_stories = [_story(large_oms[n % 5], f"cerita-ntt-{n}", ntt[n % len(ntt)], pool[n % 4],
                                campaigns=large_campaigns[:12] if n == 0 else [large_campaigns[n]], sdgs=sdgs[:3],
                                body_images=pool[:3]) for n in range(LARGE_STORIES)]

        # Programmes: one small, one large.
        partner = StrategicPartner.objects.create(name="Kemitraan Iklim", website="https://iklim.contoh.id",
                                                  logo=logos[1])
        small_programme = ProgrammePage(title="Program Kecil", slug="program-kecil", sdg=sdgs[0], partner=partner,
                                        summary="Satu kampanye.")
        small_programme.campaigns.set(small_campaigns[:1])
        small_programme.stories.set(small_stories[:1])
        programmes.add_child(instance=small_programme)
        _publish(small_programme)
        large_programme = ProgrammePage(title="Program Besar", slug="program-besar", sdg=sdgs[1], partner=partner,
                                        summary="Empat puluh kampanye.")
        large_programme.campaigns.set(large_campaigns)
        large_programme.stories.set(large_stories)
        programmes.add_child(instance=large_programme)
        _publish(large_programme)
    return World(home=home, small_oms=small_oms[0], gallery_oms=small_oms[1], big=big, small_story=small_stories[0],
                 large_story=large_stories[0], small_programme=small_programme, large_programme=large_programme,
                 large_campaigns=large_campaigns)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with module_transaction(django_db_blocker):
        yield build_world()


@pytest.fixture
def w(world, db, settings):
    """The world, inside this test's savepoint, with the consolidated figures computed at each render."""
    settings.LOKADAYA_FIGURES_CACHE_SECONDS = 0
    return world


def _pages(world, size):
    """``{page type: (url or [urls], budget)}`` at ``size``."""
    small = size == "small"
    return {
        "home": ("/id/", PAGE_BUDGET),
        "oms profile": ([world.small_oms.url, world.gallery_oms.url] if small else world.big.url, PAGE_BUDGET),
        "story": ((world.small_story if small else world.large_story).url, PAGE_BUDGET),
        "network detail": ("/id/jejaring/bali/" if small else "/id/jejaring/nusa-tenggara-timur/", PAGE_BUDGET),
        "oms index": ("/id/mitra/?province=bali" if small else "/id/mitra/", LISTING_BUDGET),
        "story index": ("/id/cerita-perubahan/?provinsi=bali" if small else "/id/cerita-perubahan/",
                        LISTING_BUDGET),
        "province": ("/id/wilayah/bali/" if small else "/id/wilayah/nusa-tenggara-timur/", LISTING_BUDGET),
        "regency": ("/id/wilayah/bali/kabupaten-jembrana/" if small
                    else "/id/wilayah/nusa-tenggara-timur/kabupaten-manggarai/", LISTING_BUDGET),
        "network index": ("/id/jejaring/", LISTING_BUDGET),
        "programme": ((world.small_programme if small else world.large_programme).url, LISTING_BUDGET),
    }


PAGE_TYPES = ["home", "oms profile", "story", "network detail", "oms index", "story index", "province", "regency",
              "network index", "programme"]


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_keeps_its_budget_at_any_size(w, page_type):
    client = Client()
    counts = {}
    for size in ("small", "large"):
        urls, budget = _pages(w, size)[page_type]
        for url in [urls] if isinstance(urls, str) else urls:
            _response, queries = assert_query_budget(client, url, budget)
            counts[size] = max(counts.get(size, 0), len(queries))
    # The count must not grow with what the page shows (a query per card would).
    assert counts["large"] <= counts["small"] + 1, counts


def test_the_large_pages_show_what_they_list(w):
    """The measured pages are the full ones: every card, the figures, the profile's every part."""
    client = Client()
    profile = client.get(w.big.url).content.decode()
    own = sum(1 for campaign in w.large_campaigns if campaign.get_parent().pk == w.big.pk)
    assert own >= 20 and profile.count('class="card campaign-card"') == own
    assert profile.count("<figure>") == 8 and "Anggota 5" in profile and "Laporan tahunan 2024" in profile
    assert "energi surya" in profile and "https://youtube.com/ntt" in profile
    province = client.get("/id/wilayah/nusa-tenggara-timur/").content.decode()
    assert province.count('class="card campaign-card"') == LARGE_CAMPAIGNS
    assert province.count('class="card oms-card"') == LARGE_OMS
    assert province.count('class="card story-card"') == LARGE_STORIES
    programme = client.get(w.large_programme.url).content.decode()
    assert "Nusa Tenggara Timur" in programme.split('<table class="figures')[1]


def _unbatched(monkeypatch):
    """Draw pages without the batching: each card and relation looked up on its own, as before."""
    import lokadaya.cards
    import partners.models

    monkeypatch.setattr(lokadaya.cards, "attach_renditions", lambda wanted: None)
    monkeypatch.setattr("campaigns.progress.prefetch_progress", lambda campaigns: campaigns)
    monkeypatch.setattr(partners.models, "_profile_rows", lambda page: (
        list(page.work_regencies.select_related("province")), list(page.districts.all()),
        list(page.sdgs.all()), list(page.issues.all())))


def _content(response):
    # The Content-Security-Policy nonce is new at each response.
    return re.sub(rb'nonce="[^"]*"', b'nonce=""', response.content)


def test_batching_changes_nothing_shown(w, monkeypatch):
    urls = sorted({url for size in ("small", "large") for urls, _budget in _pages(w, size).values()
                   for url in ([urls] if isinstance(urls, str) else urls)})
    client = Client()
    batched = {url: _content(count_queries(client, url)[0]) for url in urls}
    batched_cost = len(count_queries(client, w.big.url)[1])
    with monkeypatch.context() as patch:
        _unbatched(patch)
        for url in urls:
            assert _content(count_queries(client, url)[0]) == batched[url], url
        unbatched_cost = len(count_queries(client, w.big.url)[1])
    # Not two batched drawings compared: without the batching the profile costs more.
    assert unbatched_cost > batched_cost, (unbatched_cost, batched_cost)


def _old_reading_minutes(story):
    """The reading time as it was computed before (from the blocks' values, fetching their images)."""
    from stories.reading import WORDS_PER_MINUTE, count_words

    def texts(stream):
        for child in stream or []:
            value = child.value
            if hasattr(value, "source"):
                yield value.source
            elif isinstance(value, dict) or hasattr(value, "items"):
                for item in value.values():
                    if isinstance(item, str):
                        yield item
            elif isinstance(value, str):
                yield value

    words = [story.title, story.summary, story.problem, story.what_was_done, story.change]
    for stream in (story.body, story.evidence, story.voices):
        words.extend(texts(stream))
    return max(1, math.ceil(sum(count_words(text) for text in words) / WORDS_PER_MINUTE))


def test_reading_time_is_the_same_without_fetching_the_body_images(w, django_assert_num_queries):
    from stories.models import StoryPage

    story = StoryPage.objects.get(pk=w.large_story.pk)
    with django_assert_num_queries(0):
        minutes = story.reading_minutes
    assert minutes == _old_reading_minutes(StoryPage.objects.get(pk=story.pk))
    long = StoryPage.objects.get(pk=story.pk)
    long.body = list(long.body.raw_data) + [{"type": "paragraph", "value": "<p>" + "kata " * 700 + "</p>"}]
    assert long.reading_minutes == _old_reading_minutes(long) == 4
