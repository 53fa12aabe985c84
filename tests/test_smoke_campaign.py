"""A campaign with a donation ask renders its progress through the plugin contract."""
from decimal import Decimal


def test_campaign_page_shows_donation_progress(client, make_campaign):
    campaign = make_campaign(asks=[("donation", {"title": "Donasi lampu", "target": Decimal("1000000"),
                                                 "minimum": Decimal("10000"), "suggested_amounts": [50000]})])
    response = client.get(campaign.url)
    assert response.status_code == 200
    assert "Donasi lampu" in response.content.decode()
    assert "Rp 1.000.000" in response.content.decode()
