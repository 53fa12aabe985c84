"""A campaign whose OMS is not verified takes nothing, whoever published it (issue 11, "Low").

The finding: a national admin published a campaign under a pending OMS and it took a donation.
Now the page says why it takes no support, every pledge POST is refused, no payment starts and
nothing is paid out; once the OMS is verified the same requests go through.
"""
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from payments import PaymentStatus

from finance.ledger import DisbursementRefused, record_disbursement
from finance.models import Disbursement
from partners.models import OrganisationPage
from plugins.donation.models import Donation, Payment
from reports.support import OMS_UNVERIFIED, support_verdict

DONATION = ("donation", {"title": "Donasi sumur", "target": Decimal("2000000"), "minimum": Decimal("10000"),
                         "suggested_amounts": [50000]})
PETITION = ("petition", {"title": "Air bersih", "description": "", "decision_maker": "Bupati",
                         "demand": "Bangun sumur desa.", "goal": 10})
NOTICE = "belum terverifikasi"


def set_verification(organisation, status):
    """As the verification flow leaves it: every language's page, status and flag together."""
    OrganisationPage.objects.filter(translation_key=organisation.translation_key).update(
        verification_status=status, is_verified=status == OrganisationPage.Verification.VERIFIED)


@pytest.fixture
def unverified(make_organisation, make_campaign):
    organisation = make_organisation(slug="oms-baru")
    campaign = make_campaign(asks=[DONATION, PETITION], parent=organisation, slug="sumur-desa")
    set_verification(organisation, OrganisationPage.Verification.PENDING)
    return campaign


def donation_data(**overrides):
    return {"amount": "150.000", "name": "Siti", "email": "siti@contoh.id", "method": "dummy", **overrides}


@pytest.mark.parametrize("status", ["pending", "unconfirmed", "changes_requested", "rejected"])
def test_a_campaign_of_an_unverified_oms_takes_no_support(client, unverified, status):
    set_verification(unverified.get_parent(), status)
    campaign = unverified
    assert support_verdict(campaign).reason == OMS_UNVERIFIED
    page = client.get(campaign.url)
    assert page.status_code == 200
    body = page.content.decode()
    assert NOTICE in body
    for ask in campaign.get_asks():
        assert campaign.pledge_url(ask) not in body
    donation, petition = campaign.get_asks()
    response = client.post(campaign.pledge_url(donation), donation_data())
    assert response.status_code == 409 and NOTICE in response.content.decode()
    response = client.post(campaign.pledge_url(petition),
                           {"name": "Yohanes", "email": "yohanes@contoh.id", "regency": "53.12", "show_name": "on"})
    assert response.status_code == 409
    assert not Donation.objects.exists() and not Payment.objects.exists()
    from plugins.petition.models import Signature

    assert not Signature.objects.exists()


def test_verified_again_the_same_pledge_goes_through(client, unverified):
    donation = unverified.get_asks()[0]
    assert client.post(unverified.pledge_url(donation), donation_data()).status_code == 409
    set_verification(unverified.get_parent(), OrganisationPage.Verification.VERIFIED)
    response = client.post(unverified.pledge_url(donation), donation_data())
    assert response.status_code == 302
    assert Donation.objects.count() == 1
    assert NOTICE not in client.get(unverified.url).content.decode()


def test_a_national_admin_publishing_does_not_change_it(client, make_organisation, make_campaign):
    """The finding's own path: a superuser publishes the campaign under a pending OMS."""
    organisation = make_organisation(slug="oms-pending")
    set_verification(organisation, OrganisationPage.Verification.PENDING)
    admin = get_user_model().objects.create_superuser("nasional", "nasional@lokadaya.id", "Kop1-Tubruk-Manis")
    campaign = make_campaign(asks=[DONATION], parent=OrganisationPage.objects.get(pk=organisation.pk),
                             slug="oleh-admin", live=False)
    campaign.save_revision(user=admin).publish(user=admin)
    campaign.refresh_from_db()
    assert campaign.live
    response = client.post(campaign.pledge_url(campaign.get_asks()[0]), donation_data())
    assert response.status_code == 409
    assert not Donation.objects.exists()


def test_no_payment_starts_and_nothing_is_paid_out_while_the_oms_is_unverified(client, make_organisation,
                                                                              make_campaign):
    from django.core.files.uploadedfile import SimpleUploadedFile

    organisation = make_organisation(slug="oms-dicabut")
    campaign = make_campaign(asks=[DONATION], parent=organisation, slug="dicabut")
    # Money given while it was verified: one confirmed, one pledged and not paid yet.
    response = client.post(campaign.pledge_url(campaign.get_asks()[0]), donation_data(amount="300.000"))
    client.post(response["Location"], {"status": PaymentStatus.CONFIRMED, "fraud_status": "accept",
                                       "gateway_response": "3ds-disabled", "verification_result": ""})
    waiting = Client().post(campaign.pledge_url(campaign.get_asks()[0]), donation_data(name="Budi"))["Location"]
    set_verification(organisation, OrganisationPage.Verification.CHANGES_REQUESTED)

    response = Client().get(waiting)
    assert response.status_code == 409 and NOTICE in response.content.decode()
    assert Donation.objects.get(name="Budi").payment.status == PaymentStatus.WAITING

    def proof():
        return SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")

    with pytest.raises(DisbursementRefused):
        record_disbursement(campaign, Decimal("100000"), timezone.localdate(), proof())
    assert not Disbursement.objects.exists()
    set_verification(organisation, OrganisationPage.Verification.VERIFIED)
    record_disbursement(campaign, Decimal("100000"), timezone.localdate(), proof())
    assert Disbursement.objects.count() == 1
