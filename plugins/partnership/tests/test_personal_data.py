"""The contact person's rights (UU PDP): access, correction, erasure and retention through the
partnership plugin's four personal-data hooks. The organisation is not a person: it stays."""
import pytest

from plugins.partnership import hooks
from plugins.partnership.models import Proposal
from privacy.records import is_anonymous_email, not_anonymised
from privacy.subjects import Subject

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(client, pledge_url, valid_data):
    response = client.post(pledge_url, valid_data)
    assert response.status_code == 302, response.content.decode()[:1500]
    return Proposal.objects.get()


def test_access_finds_the_contact_person_by_email_or_phone(proposal, make_proposal):
    other = make_proposal(name="Dewi", email="dewi@mitra.contoh.id", phone="0813 5555 6666")
    for subject in (Subject.of(email="andi@cahayatimur.co.id"), Subject.of(phone="+6281234567890")):
        (item,) = hooks.personal_data(subject)
        assert item.reference == f"partnership.proposal:{proposal.pk}"
    values = item.fields.values()
    assert "Andi Pratama" in values and "PT Cahaya Timur Energi" in values
    assert any("20 lampu tenaga surya" in str(value) for value in values)
    assert [i.reference for i in hooks.personal_data(Subject.of(phone="0813-5555-6666"))] == [
        f"partnership.proposal:{other.pk}"]


def test_correction(proposal):
    assert hooks.correct_personal_data(Subject.of(email="andi@cahayatimur.co.id"),
                                       {"phone": "0857 1111 2222"}) == 1
    proposal.refresh_from_db()
    assert proposal.phone == "0857 1111 2222" and proposal.name == "Andi Pratama"
    assert hooks.personal_data(Subject.of(phone="0812 3456 7890")) == []


def test_erasure_keeps_an_agreed_partner_listed_under_its_organisation(client, campaign, proposal, make_proposal):
    from campaigns import events

    events.change_status(proposal, Proposal.Status.AGREED)
    open_one = make_proposal(name="Andi Pratama", email="andi@cahayatimur.co.id", status="new")
    assert hooks.erase_personal_data(Subject.of(email="Andi@CahayaTimur.co.id")) == 2
    for record in (proposal, open_one):
        record.refresh_from_db()
        assert (record.name, record.phone, record.offer, record.response) == ("", "", "", "")
        assert is_anonymous_email(record.email) and not record.wants_updates
    assert proposal.email != open_one.email
    # The company, its consent to be shown and the agreement stay: the wall still lists it.
    assert (proposal.organisation_name, proposal.show_publicly, proposal.status) == (
        "PT Cahaya Timur Energi", True, "agreed")
    body = client.get(campaign.url).content.decode()
    assert "PT Cahaya Timur Energi" in body and "Andi Pratama" not in body
    assert hooks.erase_personal_data(Subject.of(email="andi@cahayatimur.co.id")) == 0


def test_retention_anonymises_every_proposal_of_the_campaigns(proposal, make_proposal, make_campaign, ask_value):
    make_proposal()
    make_proposal()  # two open proposals: their stand-in addresses must not collide
    other = make_campaign(asks=[("partnership", ask_value)], slug="lain", title="Lain")
    kept = make_proposal(target_campaign=other, ask_id=other.get_asks()[0].id)
    assert hooks.expire_personal_data(campaign_ids=[proposal.campaign_id], include_money=False) == 3
    assert not not_anonymised(Proposal.objects.filter(campaign_id=proposal.campaign_id), ["offer"]).exists()
    kept.refresh_from_db()
    assert kept.name == "Kontak 3" and kept.offer
