"""Fixtures for the partnership plugin's tests."""
import pytest

ASK = {
    "title": "Mitra penerangan desa",
    "description": "Kami mencari mitra untuk lampu tenaga surya.",
    "kinds_sought": ["csr", "goods"],
    "target_partners": 4,
    "offer_in_return": "Nama mitra di papan proyek dan laporan pemasangan.",
}

VALID = {
    "organisation_name": "PT Cahaya Timur Energi",
    "sector": "business",
    "kind": "csr",
    "name": "Andi Pratama",
    "email": "Andi@CahayaTimur.co.id",
    "phone": "0812 3456 7890",
    "website": "cahayatimur.co.id",
    "offer": "Kami menyediakan 20 lampu tenaga surya beserta pemasangan oleh teknisi kami.",
    "value_estimate": "Rp 15.000.000",
    "show_publicly": "on",
    "wants_updates": "on",
}


@pytest.fixture
def ask_value():
    return dict(ASK)


@pytest.fixture
def valid_data():
    return dict(VALID)


@pytest.fixture
def campaign(make_campaign, ask_value):
    return make_campaign(asks=[("partnership", ask_value)])


@pytest.fixture
def ask(campaign):
    return campaign.get_asks()[0]


@pytest.fixture
def pledge_url(campaign, ask):
    return campaign.url + f"dukung/{ask.id}/"


@pytest.fixture
def make_proposal(campaign, ask):
    from plugins.partnership.models import Proposal

    counter = {"n": 0}

    def make(status="new", show_publicly=True, target_campaign=None, ask_id=None, **fields):
        counter["n"] += 1
        n = counter["n"]
        values = dict(
            campaign=target_campaign or campaign, ask_id=ask_id or ask.id, status=status,
            organisation_name=f"Organisasi Mitra {n}", sector="umkm", kind="goods", name=f"Kontak {n}",
            email=f"kontak{n}@mitra.contoh.id", phone="0812 1111 2222",
            offer="Kami menyediakan karung dan timbangan untuk bank sampah warga.",
            show_publicly=show_publicly, is_anonymous=not show_publicly, language="id",
        )
        values.update(fields)
        return Proposal.objects.create(**values)

    return make
