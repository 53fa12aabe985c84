"""The signer's rights (UU PDP): access, correction, erasure and retention through the petition
plugin's four personal-data hooks, on signatures made and confirmed through the real form."""
import pytest
from django.core import mail

from plugins.petition import hooks
from plugins.petition.models import Signature
from privacy.records import is_anonymous_email, not_anonymised
from privacy.subjects import Subject

from .helpers import ASK, CONFIRM_LINK, VALID, link, sign_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[("petition", ASK)])


@pytest.fixture
def sign(client, django_capture_on_commit_callbacks):
    """Sign through the form; ``confirm``: click the emailed link too."""

    def post(campaign, confirm=True, **fields):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(sign_url(campaign), dict(VALID, **fields))
        assert response.status_code == 200, response.content.decode()[:1500]
        if confirm:
            with django_capture_on_commit_callbacks(execute=True):
                assert client.get(link(CONFIRM_LINK, mail.outbox[0])).status_code == 200
        return Signature.objects.latest("pk")

    return post


def counted(campaign):
    (_ask, _type, progress), = campaign.get_progress()
    return progress.current


def test_access_correction_and_erasure_of_a_signer(campaign, make_campaign, sign, client):
    yohanes = sign(campaign)
    maria = sign(campaign, name="Maria Goreti", email="maria@contoh.id", comment="Setuju!")
    other = make_campaign(asks=[("petition", ASK)], slug="petisi-lain", title="Petisi lain")
    unconfirmed = sign(other, confirm=False)

    subject = Subject.of(email="YOHANES.LAKE@contoh.id")
    items = {item.reference: item for item in hooks.personal_data(subject)}
    assert set(items) == {f"petition.signature:{yohanes.pk}", f"petition.signature:{unconfirmed.pk}"}
    values = items[f"petition.signature:{yohanes.pk}"].fields.values()
    assert "Yohanes Lake" in values and VALID["comment"] in values and "Kabupaten Sumba Barat" in values

    # Correction: one spelling per address, as the form stores it.
    assert hooks.correct_personal_data(subject, {"email": "Yohanes@Lake.ID", "name": "Yohanes P. Lake"}) == 2
    yohanes.refresh_from_db()
    assert (yohanes.email, yohanes.name) == ("yohanes@lake.id", "Yohanes P. Lake")
    assert hooks.personal_data(subject) == []

    # Erasure: the confirmed signature is anonymised and still counts; the unconfirmed one is deleted.
    assert counted(campaign) == 2
    assert hooks.erase_personal_data(Subject.of(email="yohanes@lake.id")) == 2
    assert not Signature.objects.filter(pk=unconfirmed.pk).exists()
    yohanes.refresh_from_db()
    assert (yohanes.name, yohanes.comment, yohanes.status) == ("", "", "confirmed")
    assert is_anonymous_email(yohanes.email) and yohanes.is_anonymous and not yohanes.wants_updates
    assert yohanes.regency.code == "53.12"
    assert counted(campaign) == 2
    page = client.get(campaign.url).content.decode()
    assert "Yohanes" not in page and VALID["comment"] not in page and "Maria Goreti" in page
    maria.refresh_from_db()
    assert maria.email == "maria@contoh.id"
    assert hooks.erase_personal_data(Subject.of(email="yohanes@lake.id")) == 0


def test_retention_anonymises_signatures_and_deletes_unconfirmed_ones(campaign, sign):
    sign(campaign)
    sign(campaign, name="Maria Goreti", email="maria@contoh.id")
    pending = sign(campaign, name="Belum Konfirmasi", email="belum@contoh.id", confirm=False)
    assert hooks.expire_personal_data(campaign_ids=[campaign.pk], include_money=False) == 3
    assert not Signature.objects.filter(pk=pending.pk).exists()
    assert not not_anonymised(Signature.objects.filter(campaign=campaign), ["comment"]).exists()
    assert Signature.objects.filter(campaign=campaign).count() == 2  # two stand-in addresses, no collision
    assert counted(campaign) == 2
    assert hooks.expire_personal_data(campaign_ids=[campaign.pk], include_money=True) == 0
