"""The pledger's rights (UU PDP): the privacy centre's access, correction and erasure, and the
retention job, reach the book drive through its four personal-data hooks."""
import pytest

from campaigns.plugins import registry
from lokadaya_bookdrive import hooks
from lokadaya_bookdrive.models import BookPledge
from privacy.records import not_anonymised
from privacy.subjects import Subject

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledge(client, pledge_url, valid_data):
    response = client.post(pledge_url, valid_data)
    assert response.status_code == 302, response.content.decode()[:1500]
    return BookPledge.objects.get()


def test_access_by_email_or_phone_through_the_plugin_manager(pledge, make_pledge):
    make_pledge(name="Andi", email="andi@contoh.id", phone="0811 0000 1111")
    for subject in (Subject.of(email="Rina@Contoh.id"), Subject.of(phone="+62 812 3456 7890")):
        answers = [item for answer in registry.hook.personal_data(subject=subject) for item in answer or []]
        (item,) = [item for item in answers if item.reference.startswith("bookdrive.")]
        assert item.reference == f"bookdrive.bookpledge:{pledge.pk}"
        assert "Rina Marlina" in item.fields.values() and "Selamat membaca, adik-adik!" in item.fields.values()
        assert not item.kept_after_erasure


def test_correction_then_erasure(client, campaign, pledge, make_pledge):
    andi = make_pledge(name="Andi", email="andi@contoh.id", message="Dari Andi")
    assert hooks.correct_personal_data(Subject.of(phone="0812-3456-7890"), {"name": "Rina M."}) == 1
    pledge.refresh_from_db()
    assert pledge.name == "Rina M."
    (_ask, _type, before), = campaign.get_progress()
    assert hooks.erase_personal_data(Subject.of(email="rina@contoh.id")) == 1
    pledge.refresh_from_db()
    assert (pledge.name, pledge.email, pledge.phone, pledge.message) == ("", "", "", "")
    assert pledge.is_anonymous and not pledge.wants_updates
    assert (pledge.quantity, pledge.titles) == (12, "Seri Si Kancil dan 5 buku bergambar")
    (_ask, _type, after), = campaign.get_progress()
    assert after.current == before.current == 17
    andi.refresh_from_db()
    assert andi.message == "Dari Andi"
    assert "Rina" not in client.get(campaign.url).content.decode()


def test_retention(campaign, pledge, make_pledge, make_campaign, ask_value):
    other = make_campaign(asks=[("bookdrive", ask_value)], slug="lain", title="Lain")
    kept = make_pledge(target_campaign=other, message="Tetap")
    assert hooks.expire_personal_data(campaign_ids=[campaign.pk], include_money=False) == 1
    assert not not_anonymised(BookPledge.objects.filter(campaign=campaign), ["message"]).exists()
    kept.refresh_from_db()
    assert kept.message == "Tetap" and kept.name
