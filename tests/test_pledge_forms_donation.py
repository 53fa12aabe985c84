"""The donation form: bank transfer only where the OMS can take it, a sane largest donation, and the
test-payment page in the visitor's language (issue 12)."""
from decimal import Decimal

import pytest
from django.utils import translation

from banktransfer.testing import ASK, set_bank_account
from plugins.donation.forms import DEFAULT_MAX_DONATION, max_donation
from plugins.donation.models import Donation, Payment

pytestmark = pytest.mark.django_db


def url(campaign):
    return f"{campaign.url}dukung/{campaign.get_asks()[0].id}/"


def data(**overrides):
    return {"amount": "150.000", "name": "Siti", "email": "siti@contoh.id", "message": "Semangat!",
            "method": "dummy", **overrides}


def indonesian(message):
    with translation.override("id"):
        return str(translation.gettext(message))


def test_bank_transfer_is_offered_only_when_the_oms_has_a_bank_account(client, make_campaign, organisation):
    campaign = make_campaign(asks=[("donation", ASK)])
    body = client.get(url(campaign)).content.decode()
    assert 'value="transfer"' not in body  # not offered: the OMS has no account
    set_bank_account(organisation)
    body = client.get(url(campaign)).content.decode()
    assert '<option value="transfer"' in body and '<option value="dummy"' in body


def test_bank_transfer_posted_anyway_is_refused_clearly(client, make_campaign):
    campaign = make_campaign(asks=[("donation", ASK)])
    response = client.post(url(campaign), data(method="transfer"))
    body = response.content.decode()
    assert response.status_code == 400
    assert "belum memasang rekening bank" in body  # the provider's reason, not "invalid choice"
    assert body.index("data-error-summary") < body.index("belum memasang rekening bank")  # in the summary
    assert not Payment.objects.exists()


def test_an_unknown_method_is_refused(client, make_campaign):
    campaign = make_campaign(asks=[("donation", ASK)])
    response = client.post(url(campaign), data(method="cash-in-envelope"))
    assert response.status_code == 400 and not Payment.objects.exists()


@pytest.mark.parametrize("amount, accepted", [("100.000.000", True), ("100.000.001", False),
                                              ("10.000.000.000.000", False)])
def test_the_largest_donation_is_100_million_by_default(client, make_campaign, amount, accepted):
    assert max_donation() == DEFAULT_MAX_DONATION == Decimal("100000000")
    campaign = make_campaign(asks=[("donation", ASK)])
    response = client.post(url(campaign), data(amount=amount))
    if accepted:
        assert response.status_code == 302
        assert Donation.objects.get().amount == Decimal("100000000")
    else:
        body = response.content.decode()
        assert response.status_code == 400
        expected = indonesian("That amount is too large. The most one donation can be is %(maximum)s.") % {
            "maximum": "Rp 100.000.000"}
        assert expected in body
        assert not Donation.objects.exists()


def test_the_largest_donation_is_a_setting(client, make_campaign, settings):
    settings.DONATION_MAX_AMOUNT = "5000000"
    assert max_donation() == Decimal("5000000")
    campaign = make_campaign(asks=[("donation", ASK)])
    response = client.post(url(campaign), data(amount="5.000.001"))
    assert response.status_code == 400 and "Rp 5.000.000" in response.content.decode()
    # The field's help says the range, linked to the field.
    body = client.get(url(campaign)).content.decode()
    assert 'aria-describedby="id_amount_helptext"' in body and 'id="id_amount_helptext"' in body
    assert "Rp 5.000.000" in body
    settings.DONATION_MAX_AMOUNT = 1.5
    with pytest.raises(TypeError):
        max_donation()  # money is never a float


def test_the_test_payment_page_is_a_translated_test_page(client, make_campaign):
    campaign = make_campaign(asks=[("donation", ASK)])
    response = client.post(url(campaign), data())
    pay = client.get(response["Location"])
    body = pay.content.decode()
    assert pay.status_code == 200
    # The developer form's English is gone; the page says it is a test, in the catalogue's words.
    for english in ("3DS disabled", "Gateway connection error", "Fraud status", "Verification result"):
        assert english not in body
    assert indonesian("Test payment (no real money)") in body
    assert f"<h1>{indonesian('Test payment (no real money)')}</h1>" in body
    for name in ("status", "fraud_status", "gateway_response"):
        assert f'<select name="{name}"' in body and f'for="id_{name}"' in body
    # The same field names still pay: confirmed money reaches the thank-you page.
    done = client.post(response["Location"], {"status": "confirmed", "fraud_status": "accept",
                                              "gateway_response": "3ds-disabled", "verification_result": ""})
    assert done.status_code == 302
    assert Donation.objects.get().status == Donation.Status.CONFIRMED
