"""National programmes: an issue cluster held by a national strategic partner, linking initiatives
from across provinces, with a table by province."""
from decimal import Decimal

import pytest
from django.test import Client
from wagtail.models import Locale

from partners.testing import *  # noqa: F401,F403 - fixtures
from plugins.donation.models import Donation, Payment
from programmes.models import ProgrammeIndexPage, ProgrammePage, StrategicPartner
from regions.models import Regency
from sdgs.models import SDG

pytestmark = pytest.mark.django_db

DONATION = ("donation", {"title": "Donasi", "target": Decimal("10000000"), "minimum": Decimal("10000"),
                         "suggested_amounts": [50000]})


def donate(campaign, amount):
    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount), status="confirmed")
    Donation.objects.create(campaign=campaign, ask_id=campaign.get_asks()[0].id, amount=Decimal(amount),
                            payment=payment, name="Donatur", email="d@contoh.id", status=Donation.Status.CONFIRMED,
                            received_amount=Decimal(amount))


@pytest.fixture
def programme(home_page, make_verified_oms, make_campaign):
    """Climate action (SDG 13): a linked campaign in Kalimantan Tengah, an SDG-13 campaign in NTT,
    a linked story; an unrelated campaign in Jawa Tengah."""
    from stories.models import StoryPage

    peat = make_verified_oms("peduli-api", "62.11", title="Masyarakat Peduli Api")
    light = make_verified_oms("terang-desa", "53.10", title="Yayasan Terang Desa")
    waste = make_verified_oms("bank-sampah", "33.74", title="Bank Sampah Berseri")
    patrol = make_campaign(asks=[DONATION], parent=peat, slug="patroli-api", title="Patroli Api Gambut",
                           regency=Regency.objects.get(code="62.11"))
    solar = make_campaign(asks=[DONATION], parent=light, slug="lampu-surya", title="Lampu Jalan Tenaga Surya",
                          regency=Regency.objects.get(code="53.10"))
    solar.sdgs.add(SDG.objects.get(number=13))
    solar.save_revision().publish()
    unrelated = make_campaign(asks=[DONATION], parent=waste, slug="bank-sampah-rw", title="Bank Sampah RW 07",
                              regency=Regency.objects.get(code="33.74"))
    donate(patrol, "300000")
    donate(solar, "125000")
    donate(unrelated, "999000")
    story = StoryPage(title="Gambut Basah, Desa Aman", slug="gambut-basah", summary="Cerita patroli.",
                      regency=Regency.objects.get(code="62.11"))
    peat.add_child(instance=story)
    story.save_revision().publish()

    index = ProgrammeIndexPage(title="Program Nasional", slug="program-nasional")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    partner = StrategicPartner.objects.create(name="Kemitraan Iklim Nusantara", website="https://iklim.contoh.id")
    page = ProgrammePage(title="Aksi Iklim Lokal", slug="aksi-iklim", cluster="sdg",
                         sdg=SDG.objects.get(number=13), include_sdg_matches=True, partner=partner,
                         summary="Inisiatif warga untuk iklim.")
    page.campaigns.set([patrol])
    page.stories.set([story])
    index.add_child(instance=page)
    page.save_revision().publish()
    return ProgrammePage.objects.get(pk=page.pk)


def test_the_programme_links_initiatives_across_provinces(client, programme):
    assert [c.title for c in programme.get_campaigns().order_by("title")] == [
        "Lampu Jalan Tenaga Surya", "Patroli Api Gambut"]
    response = client.get("/id/program-nasional/aksi-iklim/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kemitraan Iklim Nusantara" in body and "Tujuan Pembangunan Berkelanjutan" in body
    assert "Patroli Api Gambut" in body and "Lampu Jalan Tenaga Surya" in body
    assert "Bank Sampah RW 07" not in body
    assert "Gambut Basah, Desa Aman" in body
    table = body.split('<table class="figures')[1].split("</table>")[0]
    assert "Kalimantan Tengah" in table and "Nusa Tenggara Timur" in table and "Jawa Tengah" not in table
    assert "Rp 300.000" in table and "Rp 125.000" in table and "Rp 425.000" in table


def test_the_table_by_province(programme):
    from network.consolidation import figures_by_province

    default = Locale.get_default()
    rows, total = figures_by_province(programme.get_campaigns(default), programme.get_stories(default))
    by_province = {row.place.code: row for row in rows}
    assert list(by_province) == ["53", "62"]
    assert (by_province["62"].campaigns, by_province["62"].stories, by_province["62"].organisations) == (1, 1, 1)
    assert (by_province["53"].campaigns, by_province["53"].stories) == (1, 0)
    assert total.support["donation"].amount == Decimal("425000")


def test_the_programme_index_and_english(client, programme):
    body = client.get("/id/program-nasional/").content.decode()
    assert "Aksi Iklim Lokal" in body and "dipegang oleh Kemitraan Iklim Nusantara" in body
    english_locale = Locale.objects.get(language_code="en")
    english = programme.copy_for_translation(english_locale, copy_parents=True)
    english.title = "Local climate action"
    english.save_revision().publish()
    response = client.get("/en/program-nasional/aksi-iklim/")
    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="en">' in text and "By province" in text
    # Campaigns without an English translation are not shown on the English page; the table counts
    # them, in English number format.
    assert "Rp 425,000" in text


def test_only_national_staff_edit_programmes(programme, make_verified_oms, make_moderator):
    editor = make_verified_oms("oms-lain", "33.74").editor
    moderator = make_moderator("62")
    for user in (editor, moderator):
        client = Client()
        client.force_login(user)
        response = client.get(f"/admin/pages/{programme.pk}/edit/")
        assert response.status_code == 302 and response["Location"] == "/admin/", user
        response = client.get("/admin/snippets/programmes/strategicpartner/")
        assert response.status_code == 302 and response["Location"] == "/admin/", user
