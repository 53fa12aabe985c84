"""The provincial network pages and the consolidated figures per kabupaten/kota (also on region pages)."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from network.consolidation import province_figures, regency_figures
from network.models import ProvincialNetwork
from partners.models import OrganisationPage
from partners.testing import *  # noqa: F401,F403 - fixtures
from plugins.donation.models import Donation, Payment
from plugins.petition.models import Signature
from regions.models import Province, Regency

pytestmark = pytest.mark.django_db

DONATION = ("donation", {"title": "Donasi", "target": Decimal("10000000"), "minimum": Decimal("10000"),
                         "suggested_amounts": [50000]})
PETITION = ("petition", {"title": "Petisi", "description": "Dukung kami.", "decision_maker": "Wali Kota",
                         "demand": "Perbaiki jalan.", "goal": 100})


def donate(campaign, amount, status=Donation.Status.CONFIRMED):
    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount),
                                     status="confirmed" if status == Donation.Status.CONFIRMED else "waiting")
    return Donation.objects.create(campaign=campaign, ask_id=campaign.get_asks()[0].id, amount=Decimal(amount),
                                   payment=payment, name="Donatur", email="d@contoh.id", status=status,
                                   received_amount=Decimal(amount) if status == Donation.Status.CONFIRMED else 0)


def sign(campaign, n, status=Signature.Status.CONFIRMED):
    ask = [a for a in campaign.get_asks() if a.type_key == "petition"][0]
    for i in range(n):
        Signature.objects.create(campaign=campaign, ask_id=ask.id, name=f"Penanda {i}", email=f"p{i}-{status}@contoh.id",
                                 regency=campaign.regency, status=status, confirmed_at=timezone.now())


@pytest.fixture
def jateng(make_verified_oms, make_organisation, make_campaign, make_pending_oms):
    """Jawa Tengah: two verified OMS, an unverified live one, a pending one; campaigns with support."""
    semarang = make_verified_oms("bank-sampah", "33.74", title="Bank Sampah Berseri")
    kab_semarang = make_verified_oms("kebun-ungaran", "33.22", title="Kebun Ungaran")
    unverified = make_organisation(slug="belum-verif", title="OMS Belum Verifikasi", regency_code="33.74")
    OrganisationPage.objects.filter(pk=unverified.pk).update(is_verified=False, verification_status="pending")
    pending = make_pending_oms(regency="33.74", districts="Tembalang")
    today = timezone.localdate()
    active = make_campaign(asks=[DONATION, PETITION], parent=semarang, slug="bank-sampah-rw", title="Bank Sampah RW",
                           regency=Regency.objects.get(code="33.74"))
    ended = make_campaign(asks=[DONATION], parent=kab_semarang, slug="kebun-lama", title="Kebun Lama",
                          regency=Regency.objects.get(code="33.22"), start_date=today - datetime.timedelta(days=90),
                          end_date=today - datetime.timedelta(days=10))
    elsewhere = make_verified_oms("oms-surabaya", "35.78", title="OMS Surabaya")
    other = make_campaign(asks=[DONATION], parent=elsewhere, slug="surabaya", title="Kampanye Surabaya",
                          regency=Regency.objects.get(code="35.78"))
    donate(active, "150000")
    donate(active, "250000")
    donate(active, "999000", status=Donation.Status.PENDING)  # not confirmed: not counted
    donate(ended, "100000")
    donate(other, "777000")
    sign(active, 3)
    sign(active, 2, status=Signature.Status.PENDING)
    from stories.models import StoryPage

    story = StoryPage(title="Tabungan Sampah Bu Sri", slug="tabungan-bu-sri", summary="Cerita.",
                      regency=Regency.objects.get(code="33.74"))
    semarang.add_child(instance=story)
    story.save_revision().publish()
    network = ProvincialNetwork.objects.get(province__code="33")
    network.organisations.add(semarang)
    return locals()


def test_province_figures_per_regency(jateng):
    rows, total = province_figures(Province.objects.get(code="33"))
    by_code = {row.place.code: row for row in rows}
    assert len(rows) == Regency.objects.filter(province__code="33").count() == 35
    kota = by_code["33.74"]
    # make_campaign's own OMS ("oms-contoh") is in Kota Semarang too: 2 verified OMS there.
    assert (kota.organisations, kota.campaigns, kota.active_campaigns, kota.stories) == (2, 1, 1, 1)
    assert kota.support["donation"].amount == Decimal("400000") and kota.support["donation"].supporters == 2
    assert kota.support["donation"].display == "Rp 400.000"
    assert kota.support["petition"].amount == 3
    kab = by_code["33.22"]
    assert (kab.organisations, kab.campaigns, kab.active_campaigns, kab.stories) == (1, 1, 0, 0)
    assert kab.support["donation"].amount == Decimal("100000")
    assert by_code["33.01"].campaigns == 0 and by_code["33.01"].support == {}
    assert (total.organisations, total.campaigns, total.active_campaigns, total.stories) == (3, 2, 1, 1)
    assert total.support["donation"].amount == Decimal("500000")
    assert total.support["donation"].supporters == 3 and total.support["petition"].amount == 3
    # Surabaya's money is Jawa Timur's.
    assert regency_figures(Regency.objects.get(code="35.78")).support["donation"].amount == Decimal("777000")


def test_the_network_page_consolidates_the_province(client, jateng):
    response = client.get("/id/jejaring/jawa-tengah/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Jejaring Lokadaya Provinsi Jawa Tengah</h1>" in body
    assert "Dijalankan oleh" in body and "Bank Sampah Berseri" in body
    # Verified OMS only; active campaigns only in the list; the story.
    assert "Kebun Ungaran" in body and "OMS Belum Verifikasi" not in body
    assert "Yayasan Lentera Pesisir" not in body  # pending, not public
    assert "Bank Sampah RW" in body and "Kampanye Surabaya" not in body
    campaigns_section = body.split('id="campaigns-title"')[1].split("</section>")[0]
    assert "Kebun Lama" not in campaigns_section  # ended: counted in the table, not listed as active
    assert "Tabungan Sampah Bu Sri" in body
    # The table: a row per kabupaten/kota, the money per row and in total.
    table = body.split('<table class="figures')[1].split("</table>")[0]
    # A row per kabupaten/kota with activity, and the total; the other 35 - 3 are named under a toggle.
    idle = body.split('<details class="idle-places"')[1].split("</details>")[0]
    assert table.count("<tr>") + idle.count("<li>") == 35 + 2
    assert "Kota Semarang" in table and "Rp 400.000" in table and "Rp 100.000" in table and "Rp 500.000" in table
    assert "3 tanda tangan" in table
    assert "Donasi" in table  # a column per support type


def test_the_network_page_in_english_and_an_unknown_province(client, jateng):
    english = client.get("/en/jejaring/jawa-tengah/")
    assert english.status_code == 200 and '<html lang="en">' in english.content.decode()
    assert "Run by" in english.content.decode()
    assert client.get("/id/jejaring/tidak-ada/").status_code == 404


def test_the_network_index_lists_every_province(client, jateng):
    body = client.get("/id/jejaring/").content.decode()
    assert body.count('<li class="card">') == 38
    assert "Jejaring Lokadaya Provinsi Papua Barat Daya" in body
    jateng_card = body.split("Jejaring Lokadaya Provinsi Jawa Tengah")[1].split("</li>")[0]
    assert "3 OMS terverifikasi" in jateng_card and "1 kampanye aktif" in jateng_card


def test_region_pages_link_the_network_and_show_the_totals(client, jateng):
    province = client.get("/id/wilayah/jawa-tengah/").content.decode()
    assert 'href="/id/jejaring/jawa-tengah/"' in province
    assert "Rp 500.000" in province and "Kota Semarang" in province
    # The region pages still list the OMS, campaigns and stories of the place.
    assert "Bank Sampah Berseri" in province and "Bank Sampah RW" in province and "Tabungan Sampah Bu Sri" in province
    regency = client.get("/id/wilayah/jawa-tengah/kota-semarang/").content.decode()
    assert "Rp 400.000" in regency and 'href="/id/jejaring/jawa-tengah/"' in regency
    assert "Bank Sampah RW" in regency and "Kebun Lama" not in regency


def test_the_figures_cost_a_bounded_number_of_queries(client, jateng, make_campaign, django_assert_max_num_queries):
    """Each campaign costs one progress query per support type; everything else is fixed."""
    semarang = jateng["semarang"]
    for n in range(10):
        make_campaign(asks=[DONATION], parent=semarang, slug=f"tambahan-{n}", title=f"Tambahan {n}",
                      regency=Regency.objects.get(code="33.74"))
    with django_assert_max_num_queries(120):
        assert client.get("/id/jejaring/jawa-tengah/").status_code == 200
