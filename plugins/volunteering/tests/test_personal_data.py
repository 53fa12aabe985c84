"""The volunteer's rights (UU PDP): access, correction, erasure and retention through the plugin's
four personal-data hooks, on signups made through the real form."""
import pytest

from plugins.volunteering import hooks
from plugins.volunteering.models import VolunteerSignup
from privacy.records import is_anonymous_email, not_anonymised
from privacy.subjects import Subject

from .conftest import form_data, pledge_url, shifts_of

pytestmark = pytest.mark.django_db


def sign_up(client, campaign, shift, **fields):
    response = client.post(pledge_url(campaign), form_data(shift.id, **fields))
    assert response.status_code == 302, response.content.decode()[:1500]
    return VolunteerSignup.objects.latest("pk")


@pytest.fixture
def signups(client, campaign):
    reading, _later, _past, patrol = shifts_of(campaign)
    siti = sign_up(client, campaign, reading)
    siti_patrol = sign_up(client, campaign, patrol, phone="+62 812-3456-7890")
    andi = sign_up(client, campaign, reading, name="Andi", email="andi@contoh.id", phone="0811 2222 3333",
                   note="Mahasiswa PGSD.")
    return siti, siti_patrol, andi


def test_access_finds_every_signup_of_the_person_by_email_or_phone(signups):
    siti, siti_patrol, _andi = signups
    expected = {f"volunteering.volunteersignup:{siti.pk}", f"volunteering.volunteersignup:{siti_patrol.pk}"}
    for subject in (Subject.of(email="Siti@Contoh.id"), Subject.of(phone="081234567890")):
        assert {item.reference for item in hooks.personal_data(subject)} == expected
    item = next(item for item in hooks.personal_data(Subject.of(email="siti@contoh.id"))
                if item.reference.endswith(f":{siti.pk}"))
    assert "Guru SD, libur di akhir pekan." in item.fields.values() and "Siti Rahmawati" in item.fields.values()
    assert "Taman Baca Pelangi" in item.fields.values()


def test_correction_reaches_every_signup_and_never_breaks_one_address_per_shift(client, campaign, signups):
    siti, siti_patrol, andi = signups
    patrol = shifts_of(campaign)[3]
    # Siti had also signed up for the night patrol with her new address: that signup is hers already.
    again = sign_up(client, campaign, patrol, email="siti.baru@contoh.id")
    changed = hooks.correct_personal_data(Subject.of(email="siti@contoh.id"),
                                          {"name": "Siti R.", "email": "siti.baru@contoh.id"})
    assert changed == 2
    for record in (siti, siti_patrol, again, andi):
        record.refresh_from_db()
    assert (siti.name, siti.email) == ("Siti R.", "siti.baru@contoh.id")
    # The patrol signup would repeat her new address on that shift: it keeps the old one.
    assert (siti_patrol.name, siti_patrol.email) == ("Siti R.", "siti@contoh.id")
    assert again.email == "siti.baru@contoh.id"
    assert (andi.name, andi.email) == ("Andi", "andi@contoh.id")


def test_erasure_of_two_volunteers_of_one_shift_keeps_the_slots(client, campaign, signups):
    siti, siti_patrol, andi = signups
    (before,) = [progress.current for _ask, _type, progress in campaign.get_progress()]
    assert hooks.erase_personal_data(Subject.of(phone="0812-3456-7890")) == 2
    # A second volunteer of the same shift: the blank addresses do not collide.
    assert hooks.erase_personal_data(Subject.of(email="andi@contoh.id")) == 1
    for record in (siti, siti_patrol, andi):
        record.refresh_from_db()
        assert (record.name, record.phone, record.note) == ("", "", "")
        assert is_anonymous_email(record.email) and record.email.endswith("@anonim.invalid")
        assert record.is_anonymous and not record.wants_updates and record.status == "registered"
    assert siti.email != andi.email
    assert not not_anonymised(VolunteerSignup.objects.all()).exists()
    (after,) = [progress.current for _ask, _type, progress in campaign.get_progress()]
    assert after == before == 3
    assert hooks.personal_data(Subject.of(email="siti@contoh.id")) == []
    assert hooks.erase_personal_data(Subject.of(email="andi@contoh.id")) == 0


def test_retention_anonymises_a_campaigns_signups_once(client, campaign, signups, volunteer_campaign):
    other = volunteer_campaign(slug="relawan-lain", title="Relawan lain")
    kept = sign_up(client, other, shifts_of(other)[0])
    assert hooks.expire_personal_data(campaign_ids=[campaign.pk], include_money=False) == 3
    assert not not_anonymised(VolunteerSignup.objects.filter(campaign=campaign), ["note"]).exists()
    kept.refresh_from_db()
    assert kept.email == "siti@contoh.id" and kept.note
    assert hooks.expire_personal_data(campaign_ids=[campaign.pk], include_money=True) == 0
