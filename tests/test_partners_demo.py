"""The demo content of Profil Mitra, the networks and the national programmes (``manage.py seed_demo``)."""
import io

import pytest
from django.core.management import call_command
from django.test import Client

from network.models import ProvincialNetwork
from partners.models import OrganisationAccess, OrganisationPage
from programmes.models import ProgrammePage

pytestmark = pytest.mark.django_db


def test_the_demo_has_networks_verified_and_pending_oms_and_programmes():
    out = io.StringIO()
    call_command("seed_demo", "--records", "2", stdout=out)
    assert ProvincialNetwork.objects.count() == 38
    verified = OrganisationPage.objects.filter(locale__language_code="id", verification_status="verified", live=True)
    assert verified.count() >= 8
    assert set(verified.values_list("regency__province__code", flat=True)) >= {"12", "33", "34", "35", "53", "62", "73"}
    for page in verified:
        assert page.verified_by is not None and page.verified_at is not None, page.title
        assert OrganisationAccess.objects.filter(organisation=page).exists(), page.title
    terang = verified.get(slug="yayasan-terang-desa")
    assert terang.vision and terang.team_members.count() == 3 and terang.districts.count() == 3
    assert terang.legal_registration_number.startswith("AHU-")
    pending = OrganisationPage.objects.filter(verification_status__in=["pending", "changes_requested"])
    assert sorted(pending.values_list("verification_status", flat=True)) == ["changes_requested", "pending", "pending"]
    assert not pending.filter(live=True).exists()
    assert ProvincialNetwork.objects.get(province__code="53").organisations.count() == 2
    assert ProvincialNetwork.objects.get(province__code="74").moderators.exists()
    assert ProgrammePage.objects.filter(live=True, locale__language_code="id").count() == 2
    assert "Pending OMS: Komunitas Nelayan Pesisir Kendari" in out.getvalue()

    client = Client()
    ntt = client.get("/id/jejaring/nusa-tenggara-timur/").content.decode()
    assert "Yayasan Terang Desa" in ntt and "Perkumpulan Bantuan Hukum Desa Sumba" in ntt
    programme = client.get("/id/program-nasional/aksi-iklim-lokal/")
    assert programme.status_code == 200
    body = programme.content.decode()
    assert "Kalimantan Tengah" in body and "Patroli Api Gambut" in body
    assert client.get("/en/program-nasional/kesepakatan-hijau/").status_code == 200
    profile = client.get(terang.url).content.decode()
    assert "Yohanes Jehamat" in profile and "Satar Mese" in profile and "Terverifikasi" in profile

    # Again: nothing added.
    counts = (OrganisationPage.objects.count(), OrganisationAccess.objects.count(), ProgrammePage.objects.count())
    call_command("seed_demo", "--records", "2", stdout=io.StringIO())
    assert (OrganisationPage.objects.count(), OrganisationAccess.objects.count(),
            ProgrammePage.objects.count()) == counts
