"""The campaign page as a giving page (issue 12), and its editor's guided path.

The public page: cover photo first (responsive, preloaded), the OMS's logo with its verified badge
and provincial network, the money ask first and large with one "Donate now" button (and a sticky
one on phones), the other asks as secondary cards with their own verbs, the story (six steps, the
summary once), updates, prayers and support with relative times, the transparency summary linking
to the ledger. Regression tests for the issue's findings on this page: titles repeated in labels,
the summary twice, "Dukung: Donasi" buttons, "275%" with a bar past its end, "2 menit" without
"lalu", an unlabelled "6" badge.

The editor: the cover photo is required to launch (publish, submit for launch), not to save a
draft; the panels follow the seed's six steps; the preview renders the live page's template, also
for a campaign never saved.
"""
import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from campaigns.models import CampaignPage
from campaigns.templatetags.campaign_tags import ago
from editorial.testing import admin_form_data, make_image, make_story  # noqa: F401 (fixtures)
from network.models import ProvincialNetwork
from partners.testing import *  # noqa: F401,F403 - fixtures
from partners.testing import PASSWORD
from plugins.donation.models import Donation, Payment

pytestmark = pytest.mark.django_db

DONATION = ("donation", {"title": "Donasi untuk sumur bor", "description": "Setiap rupiah untuk pipa dan pompa.",
                         "target": Decimal("1000000"), "minimum": Decimal("10000"), "suggested_amounts": [50000]})
PETITION = ("petition", {"title": "Petisi air bersih", "description": "Dukung kami.", "decision_maker": "Wali Kota",
                         "demand": "Perbaiki saluran air.", "goal": 100})
SUMMARY = "Sumur bor untuk 120 keluarga di Tembalang yang kekurangan air bersih."


def donate(campaign, amount, message="", name="Siti Rahmawati"):
    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount), status="confirmed")
    ask = [a for a in campaign.get_asks() if a.type_key == "donation"][0]
    return Donation.objects.create(campaign=campaign, ask_id=ask.id, amount=Decimal(amount), payment=payment,
                                   name=name, email="siti@contoh.id", status=Donation.Status.CONFIRMED,
                                   received_amount=Decimal(amount), message=message)


def main_html(response):
    body = response.content.decode()
    return body[body.index("<main"):body.index("</main>")]


@pytest.fixture
def campaign(make_campaign, organisation, make_image):
    logo = make_image("Logo OMS", size=(400, 400))
    type(organisation).objects.filter(pk=organisation.pk).update(logo=logo)
    # The petition first in the editor's order: the money ask still leads the page.
    return make_campaign(asks=[PETITION, DONATION], title="Sumur Bor Tembalang", slug="sumur-bor",
                         summary=SUMMARY, body=f"<p>{SUMMARY}</p>", hero_image=make_image("Sumur"),
                         end_date=timezone.localdate() + datetime.timedelta(days=12))


def ask_of(campaign, key):
    return [a for a in campaign.get_asks() if a.type_key == key][0]


# -- the public page --------------------------------------------------------------------------------

def test_cover_photo_first_responsive_and_preloaded(client, campaign):
    response = client.get(campaign.url)
    assert response.status_code == 200
    body = response.content.decode()
    head = body[:body.index("</head>")]
    assert re.search(r'<link rel="preload" as="image" type="image/avif" imagesrcset="[^"]+ 480w', head)
    main = main_html(response)
    cover = re.search(r'<div class="campaign-cover"><picture>(.*?)</picture>', main).group(1)
    assert 'type="image/avif"' in cover and 'type="image/webp"' in cover and 'fetchpriority="high"' in cover
    assert 'loading="lazy"' not in cover
    # The cover comes before the title, the title before the money.
    assert main.index("campaign-cover") < main.index("<h1>") < main.index('class="give')


def test_organisation_logo_verified_badge_and_provincial_network(client, campaign, organisation):
    network = ProvincialNetwork.objects.get(province__code="33")  # Kota Semarang is in Jawa Tengah
    main = main_html(client.get(campaign.url))
    oms = re.search(r'<div class="campaign-oms">(.*?)</div>', main, re.S).group(1)
    assert 'class="oms-logo"' in oms and 'alt=""' in oms  # the name beside it says who it is
    assert organisation.title in oms and 'class="verified"' in oms
    assert f'href="{network.get_absolute_url()}"' in oms and network.province.name in oms  # its name, translated
    organisation.verification_status = type(organisation).Verification.CHANGES_REQUESTED
    organisation.save(update_fields=["verification_status"])  # purges the pages showing it (pagecache)
    assert 'class="verified"' not in main_html(client.get(campaign.url))


def test_the_money_ask_leads_with_one_big_button_and_a_sticky_one(client, campaign):
    donate(campaign, "150000")
    donate(campaign, "250000")
    donation = ask_of(campaign, "donation")
    main = main_html(client.get(campaign.url))
    give = re.search(r'<section class="give[^"]*" id="ask-(\w[\w-]*)"(.*?)</section>', main, re.S)
    assert give.group(1) == donation.id
    assert main.index('class="give') < main.index('id="asks-title"')  # before the other asks
    assert "Rp 400.000" in give.group(2) and "Rp 1.000.000" in give.group(2)
    assert "<strong>2</strong>" in give.group(2)  # donors
    assert "<strong>40%</strong>" in give.group(2)
    assert "12" in re.search(r"<li>([^<]*\d+[^<]*)</li>", give.group(2)).group(1)  # days left
    pledge = campaign.pledge_url(donation)
    assert re.findall(r'<a class="btn btn-give" href="([^"]+)"', give.group(2)) == [pledge]
    sticky = re.search(r'<div class="donate-bar"><a class="btn btn-give" href="([^"]+)" data-donate-sticky>', main)
    assert sticky and sticky.group(1) == pledge
    assert client.get(pledge).status_code == 200


def test_other_asks_are_secondary_cards_without_repeated_titles(client, campaign):
    petition = ask_of(campaign, "petition")
    main = main_html(client.get(campaign.url))
    card = re.search(rf'<li class="card ask ask-petition" id="ask-{petition.id}">(.*?)</li>', main, re.S).group(1)
    assert '<a class="btn btn-secondary" href="%s">' % campaign.pledge_url(petition) in card
    assert main.count(">Petisi air bersih<") == 1 and main.count(">Donasi untuk sumur bor<") == 1
    # "Donasi: Donasi untuk ...", "Dukung: Donasi": the type is said once, never glued to the title.
    assert not re.search(r"(Donasi|Donation|Petisi|Petition): (Donasi|Petisi)", main)
    assert "Dukung:" not in main and "Support:" not in main
    assert main.count('role="progressbar"') == 2  # one each, the money one larger


def test_no_buttons_when_the_campaign_takes_no_support(client, make_campaign, make_image):
    ended = make_campaign(asks=[DONATION], slug="selesai", hero_image=make_image(),
                          start_date=timezone.localdate() - datetime.timedelta(days=40),
                          end_date=timezone.localdate() - datetime.timedelta(days=1))
    main = main_html(client.get(ended.url))
    assert 'class="give' in main and "btn-give" not in main and "donate-bar" not in main
    assert "has-donate-bar" not in client.get(ended.url).content.decode()


def test_over_target_is_said_and_the_bar_stops_at_its_end(client, make_campaign):
    small = make_campaign(asks=[("donation", {**DONATION[1], "target": Decimal("100000")})], slug="kecil")
    donate(small, "275000")
    main = main_html(client.get(small.url))
    assert 'aria-valuenow="100"' in main and 'class="fill-100"' in main
    assert re.search(r'<li class="over-target"><strong>275%</strong>', main)
    assert 'aria-valuetext="275% ' in main  # "275% of target", read out with the bar


def test_the_summary_once_and_the_six_steps_when_filled(client, campaign):
    main = main_html(client.get(campaign.url))
    assert main.count(SUMMARY) == 1  # the demo's body only repeated it
    assert 'id="story-title"' not in main  # nothing else to tell yet
    page = CampaignPage.objects.get(pk=campaign.pk)
    page.problem = "<p>Sumur warga kering setiap kemarau.</p>"
    page.people_served = "<p>120 keluarga RW 07.</p>"
    page.place_description = "RW 07, Kelurahan Tembalang"
    page.activities = "<p>Mengebor sumur 60 meter.</p>"
    page.change_measure = "<p>Liter air per hari, sebelum dan sesudah.</p>"
    page.body = "<p>Cerita lengkap bersama warga.</p>"
    page.save_revision().publish()
    main = main_html(client.get(campaign.url))
    story = main[main.index('id="story-title"'):]
    positions = [story.index(text) for text in ("Sumur warga kering", "120 keluarga", "RW 07, Kelurahan Tembalang",
                                                "Mengebor sumur", "Liter air per hari", "Cerita lengkap")]
    assert positions == sorted(positions)
    assert main.count(SUMMARY) == 1


def test_prayers_and_support_say_how_long_ago(client, campaign):
    donation = donate(campaign, "50000", message="Semoga lancar, aamiin.", name="Budi")
    Donation.objects.filter(pk=donation.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    main = main_html(client.get(campaign.url))
    wall = main[main.index('id="wall-title"'):]
    assert "Budi" in wall and "<blockquote>Semoga lancar, aamiin.</blockquote>" in wall
    when = re.search(r'<time class="small" datetime="[^"]+" data-ago>([^<]+)</time>', wall).group(1)
    # id catalogue compiled by integrator: until then "%(time)s ago" shows in English around Django's "2 menit".
    assert re.fullmatch(r"2\xa0menit (ago|yang lalu)", when), when
    with translation.override("en"):
        assert ago(timezone.now() - datetime.timedelta(minutes=2)) == "2\xa0minutes ago"
        assert ago(timezone.now()) == "just now"
    assert ago(None) == ""


def test_the_sdg_badge_is_labelled(client, campaign):
    from sdgs.models import SDG

    page = CampaignPage.objects.get(pk=campaign.pk)
    page.sdgs.set([SDG.objects.get(number=6)])
    page.save_revision().publish()
    main = main_html(client.get(campaign.url))
    item = re.search(r'<ul class="sdg-list"><li>(.*?)</li>', main).group(1)
    assert '<span class="sdg sdg-6" aria-hidden="true">6</span>' in item
    assert SDG.objects.get(number=6).name_id in item and "6" in item.split("</span>", 1)[1]


def test_transparency_summary_links_to_the_ledger_and_the_proofs(client, campaign):
    from finance.ledger import record_disbursement, summary, sync_record

    donation = donate(campaign, "400000")
    sync_record(donation, campaign, Decimal("400000"), "income")
    figures = summary(campaign=campaign)
    net = figures["net"]
    disbursement = record_disbursement(campaign, net, timezone.localdate(), ContentFile(b"%PDF-1.4", name="bukti.pdf"))
    main = main_html(client.get(campaign.url))
    money = main[main.index('id="money-title"'):]
    money = money[:money.index("</section>")]
    from lokadaya.money import format_rupiah

    for value in (figures["gross"], figures["fee"], net):
        assert format_rupiah(value) in money
    assert f'href="{disbursement.proof.url}"' in money
    assert f'href="{reverse("finance:campaign", args=[campaign.pk])}"' in money
    assert client.get(reverse("finance:campaign", args=[campaign.pk])).status_code == 200


def test_the_money_summary_costs_one_query_without_disbursements_and_two_with(campaign):
    """``campaigns/transparency.py``: the ledger's totals with the disbursements' sum and count in one
    query; the latest three disbursements only when there are some."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from campaigns.transparency import DISBURSEMENTS_SHOWN, campaign_transparency
    from finance.ledger import record_disbursement, summary, sync_record

    assert campaign.source == campaign  # as the page has it when it asks (a locale look-up)
    with CaptureQueriesContext(connection) as queries:
        empty = campaign_transparency(campaign)
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert (empty.gross, empty.disbursed, empty.disbursement_count, empty.disbursements) == (0, 0, 0, [])
    assert empty.is_empty

    sync_record(donate(campaign, "400000"), campaign, Decimal("400000"), "income")
    paid = [record_disbursement(campaign, Decimal(amount), timezone.localdate() - datetime.timedelta(days=days),
                                ContentFile(b"%PDF-1.4", name="bukti.pdf"))
            for days, amount in enumerate(("10000", "20000", "30000", "40000"))]
    with CaptureQueriesContext(connection) as queries:
        money = campaign_transparency(campaign)
    assert len(queries) == 2
    figures = summary(campaign=campaign)
    assert (money.gross, money.fee, money.net) == (figures["gross"], figures["fee"], figures["net"])
    assert money.disbursed == figures["disbursed"] == Decimal("100000") and money.disbursement_count == 4
    assert money.balance == figures["balance"] == figures["net"] - Decimal("100000")
    assert [d.pk for d in money.disbursements] == [d.pk for d in paid[:DISBURSEMENTS_SHOWN]]  # newest first


def test_updates_as_a_timeline(client, campaign, make_story):
    make_story(title="Sumur mulai dibor", campaigns=[campaign], date=timezone.localdate())
    main = main_html(client.get(campaign.url))
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', main, re.S).group(1)
    assert "Sumur mulai dibor" in timeline and "<time" in timeline


def test_index_cards_show_the_cover_lazily_and_one_money_line(client, campaign, campaign_index):
    donate(campaign, "400000")
    body = main_html(client.get(campaign_index.url))
    card = re.search(r'<article class="card campaign-card">(.*?)</article>', body, re.S).group(1)
    assert 'type="image/avif"' in card and 'loading="lazy"' in card and "fetchpriority" not in card
    assert card.count('role="progressbar"') == 1  # money only, not one bar per ask
    assert "Rp 400 rb" in card or "400" in card


# -- the editor --------------------------------------------------------------------------------------

@pytest.fixture
def oms(make_verified_oms):
    return make_verified_oms("oms-sumur", "33.74", title="OMS Sumur")


@pytest.fixture
def own_image(oms, make_image):
    image = make_image("Warga di sumur")
    image.collection = oms.access.collection
    image.save()
    return image


def login(client, user):
    client.cookies.pop("messages", None)
    assert client.login(username=user.username, password=PASSWORD)


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["campaigns", "campaignpage", parent.pk])


def new_campaign_data(client, parent, **fields):
    return admin_form_data(client, add_url(parent), streams=("asks",), title="Perahu Sekolah", slug="perahu-sekolah",
                           summary="Perahu untuk anak-anak pulau.", **fields)


def test_submitting_for_launch_without_a_cover_photo_is_refused(client, oms):
    login(client, oms.editor)
    data = new_campaign_data(client, oms)
    data["action-submit"] = "1"
    response = client.post(add_url(oms), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert [e.code for e in errors.as_data()["hero_image"]] == ["cover_required"]
    assert not CampaignPage.objects.filter(slug="perahu-sekolah").exists()


def test_a_draft_saves_without_a_cover_photo(client, oms):
    login(client, oms.editor)
    response = client.post(add_url(oms), new_campaign_data(client, oms))
    assert response.status_code == 302
    page = CampaignPage.objects.get(slug="perahu-sekolah")
    assert not page.live and page.hero_image_id is None


def test_submitting_with_a_cover_photo_starts_the_launch_review(client, oms, own_image):
    login(client, oms.editor)
    data = new_campaign_data(client, oms, hero_image=own_image.pk)
    data["action-submit"] = "1"
    assert client.post(add_url(oms), data).status_code == 302
    page = CampaignPage.objects.get(slug="perahu-sekolah")
    assert WorkflowState.objects.for_instance(page).get().status == WorkflowState.STATUS_IN_PROGRESS


def test_publishing_needs_the_cover_photo(client, oms, make_campaign, make_image, django_user_model):
    draft = make_campaign(parent=oms, slug="draf", title="Draf", live=False)
    django_user_model.objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    client.login(username="nasional", password=PASSWORD)
    url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    data = admin_form_data(client, url, streams=("asks",))
    data["action-publish"] = "1"
    response = client.post(url, data)
    assert response.status_code == 200 and "hero_image" in response.context["form"].errors
    draft.refresh_from_db()
    assert not draft.live
    data["hero_image"] = str(make_image("Perahu").pk)
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.live and draft.hero_image_id is not None


def test_the_editor_follows_the_six_steps_with_help(client, oms):
    login(client, oms.editor)
    html = client.get(add_url(oms)).content.decode()
    order = [html.index(f'name="{name}"' if name != "asks" else 'id="asks"') for name in
             ("title", "summary", "hero_image", "problem", "people_served", "regency", "place_description",
              "activities", "asks", "change_measure", "start_date")]
    assert order == sorted(order)
    for field in ("problem", "people_served", "place_description", "activities", "change_measure", "hero_image"):
        help_text = str(CampaignPage._meta.get_field(field).help_text)
        assert help_text and CampaignPage._meta.get_field(field).blank
    for heading in ("1. ", "2. ", "3. ", "4. ", "5. ", "6. "):
        assert heading in html


def _preview(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 200 and response.json()["is_valid"], response.content[:500]
    return client.get(url)


def test_preview_of_a_never_published_draft_is_the_live_template(client, oms, own_image, make_campaign):
    draft = make_campaign(parent=oms, asks=[DONATION], slug="draf-sumur", title="Draf Sumur", live=False)
    login(client, oms.editor)
    edit = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    asks = nested_form_data({"asks": streamfield([("donation", {
        "title": "Donasi untuk sumur", "description": "", "target": "1000000", "minimum": "10000",
        "suggested_amounts": streamfield([])})])})
    data = admin_form_data(client, edit, hero_image=own_image.pk, problem=rich_text("<p>Sumur kering.</p>"), **asks)
    response = _preview(client, reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk]), data)
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "campaigns/campaign_page.html"
    html = response.content.decode()
    assert 'class="give' in html and "btn-give" in html and "fetchpriority" in html and "Sumur kering." in html
    assert reverse("finance:campaign", args=[draft.pk]) not in html  # no ledger page for a draft


def test_preview_of_a_campaign_never_saved(client, oms):
    login(client, oms.editor)
    data = new_campaign_data(client, oms, problem=rich_text("<p>Anak-anak menyeberang dengan rakit.</p>"))
    url = reverse("wagtailadmin_pages:preview_on_add", args=["campaigns", "campaignpage", oms.pk])
    response = _preview(client, url, data)
    assert response.status_code == 200
    assert "Anak-anak menyeberang dengan rakit." in response.content.decode()
