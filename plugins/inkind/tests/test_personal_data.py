"""The goods pledger's rights (UU PDP): access, correction, erasure and retention through the
plugin's four personal-data hooks, on pledges made through the real form."""
import datetime

import pytest
from django.utils import timezone

from campaigns.plugins import registry
from plugins.inkind import hooks
from plugins.inkind.models import InKindPledge
from privacy.subjects import Subject


@pytest.fixture
def pledge(client, pledge_url, valid_data):
    """Budi's pick-up pledge of 2 sak Semen, and Sari's of 3, through the form."""

    def post(**fields):
        response = client.post(pledge_url, dict(valid_data, **fields))
        assert response.status_code == 302, response.content.decode()[:1500]
        return InKindPledge.objects.latest("pk")

    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    budi = post(delivery="pick_up", delivery_date=tomorrow, address="Jl. Mawar 7, Dusun Ngelo",
                note="Telepon dulu sebelum datang.")
    sari = post(name="Sari", email="sari@contoh.id", phone="0813 9999 0000", quantity="3", note="Dari Sari.")
    return budi, sari


def test_access_finds_the_pledger_by_email_or_by_phone_in_any_format(pledge):
    budi, sari = pledge
    for subject in (Subject.of(email="BUDI@contoh.id"), Subject.of(phone="+62 812-3456-7890"),
                    Subject.of(phone="6281234567890")):
        items = hooks.personal_data(subject)
        assert [item.reference for item in items] == [f"inkind.inkindpledge:{budi.pk}"], subject
    (item,) = hooks.personal_data(Subject.of(phone="0812-3456-7890"))
    values = list(item.fields.values())
    assert "Budi" in values and "Jl. Mawar 7, Dusun Ngelo" in values and "Telepon dulu sebelum datang." in values
    assert item.campaign_id == budi.campaign_id and not item.kept_after_erasure
    # Through the plugin manager, as the privacy centre asks every plugin.
    answers = [item.reference for answer in registry.hook.personal_data(subject=Subject.of(email="sari@contoh.id"))
               for item in answer or []]
    assert f"inkind.inkindpledge:{sari.pk}" in answers and f"inkind.inkindpledge:{budi.pk}" not in answers


def test_correction_changes_only_the_persons_pledges(pledge):
    budi, sari = pledge
    changed = hooks.correct_personal_data(Subject.of(phone="0812 3456 7890"),
                                          {"name": "Budi Santoso", "email": "budi.s@contoh.id"})
    assert changed == 1
    budi.refresh_from_db()
    sari.refresh_from_db()
    assert (budi.name, budi.email, budi.phone) == ("Budi Santoso", "budi.s@contoh.id", "0812 3456 7890")
    assert (sari.name, sari.email) == ("Sari", "sari@contoh.id")
    assert hooks.personal_data(Subject.of(email="budi@contoh.id")) == []
    assert len(hooks.personal_data(Subject.of(email="budi.s@contoh.id"))) == 1


def test_erasure_anonymises_the_pledge_and_keeps_what_was_pledged(pledge, campaign):
    budi, sari = pledge
    (before,) = [progress for _ask, _type, progress in campaign.get_progress()]
    assert hooks.erase_personal_data(Subject.of(email="budi@contoh.id")) == 1
    budi.refresh_from_db()
    assert (budi.name, budi.email, budi.phone, budi.address, budi.note) == ("", "", "", "", "")
    assert budi.is_anonymous and not budi.wants_updates
    assert (budi.quantity, budi.status, budi.item_name) == (2, "pledged", "Semen")
    sari.refresh_from_db()
    assert (sari.name, sari.note) == ("Sari", "Dari Sari.")
    (after,) = [progress for _ask, _type, progress in campaign.get_progress()]
    assert after.current == before.current
    assert hooks.personal_data(Subject.of(phone="0812 3456 7890")) == []
    assert hooks.erase_personal_data(Subject.of(email="budi@contoh.id")) == 0  # idempotent


def test_retention_anonymises_the_campaigns_pledges_only(pledge, campaign, make_inkind_campaign):
    budi, _sari = pledge
    other = make_inkind_campaign(slug="kampanye-lain", title="Kampanye lain")
    (other_ask,) = other.get_asks()
    elsewhere = InKindPledge.objects.create(
        campaign=other, ask_id=other_ask.id, item_key=budi.item_key, item_name="Semen", quantity=1,
        delivery="drop_off", delivery_date=timezone.localdate(), name="Budi", email="budi@contoh.id")
    # Goods are not money: include_money makes no difference.
    assert hooks.expire_personal_data(campaign_ids=[campaign.pk], include_money=False) == 2
    assert not InKindPledge.objects.filter(campaign=campaign).exclude(name="", email="", phone="", note="",
                                                                      address="").exists()
    elsewhere.refresh_from_db()
    assert elsewhere.name == "Budi" and elsewhere.email == "budi@contoh.id"
    assert hooks.expire_personal_data(campaign_ids=[campaign.pk], include_money=True) == 0
