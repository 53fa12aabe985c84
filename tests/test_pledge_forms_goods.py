"""Goods: the campaign page's progress and the pledge form agree on what is still needed, and the
drop-off point has an address and opening hours, shown on the form and the thank-you page (issue 12).
Volunteering progress never says "0 hours given"."""
import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.blocks import StructBlockValidationError

from campaigns.plugins import registry
from plugins.inkind.blocks import InKindAskBlock
from plugins.inkind.items import ask_items
from plugins.inkind.models import InKindPledge
from plugins.inkind.quantities import still_needed

pytestmark = pytest.mark.django_db

ASK = {
    "title": "Bahan bangunan tandon air", "description": "",
    "items": [{"name": "Semen Portland", "unit": "sak", "quantity": 10}, {"name": "Pasir", "unit": "m³", "quantity": 4}],
    "drop_off_address": "Balai Dusun Ngelo, Jl. Kaliurang Km 12, Sleman",
    "drop_off_hours": "Senin–Sabtu, 09.00–16.00",
    "drop_off_details": "Tanyakan Pak Wahyu.",
    "allows_pick_up": True,
}


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[("inkind", ASK)])


def pledge(campaign, item, quantity, **fields):
    ask = campaign.get_asks()[0]
    fields.setdefault("status", InKindPledge.Status.PLEDGED)
    return InKindPledge.objects.create(
        campaign=campaign, ask_id=ask.id, item_key=item.key, item_name=item.name, unit=item.unit, quantity=quantity,
        delivery=InKindPledge.Delivery.DROP_OFF, delivery_date=timezone.localdate(), name="Budi", **fields)


def test_a_fully_pledged_item_is_not_still_needed_anywhere(client, campaign):
    ask = campaign.get_asks()[0]
    cement, sand = ask_items(ask.value)
    pledge(campaign, cement, 10)  # all the cement promised, none arrived yet
    pledge(campaign, sand, 1, status=InKindPledge.Status.RECEIVED, received_quantity=1)

    progress = registry.call("inkind", "ask_progress", campaign=campaign, asks=[ask])[ask.id]
    form_says = still_needed(campaign, ask.id, [cement, sand])
    # One rule: the progress parts and the form agree item by item.
    assert [part.still_needed for part in progress.parts] == [form_says[cement.key], form_says[sand.key]] == [0, 3]
    assert progress.parts[0].label == gettext("%(name)s · fully pledged") % {"name": "Semen Portland"}
    assert progress.parts[1].label == gettext("%(name)s · still needed: %(quantity)s %(unit)s") % {
        "name": "Pasir", "quantity": 3, "unit": "m³"}
    # The label is short and never repeats the ask's title.
    assert ASK["title"] not in progress.label and progress.label == gettext("received")

    body = client.get(campaign.pledge_url(ask)).content.decode()
    assert f'<option value="{cement.key}"' not in body  # not offered
    assert f'<option value="{sand.key}"' in body

    # The campaign page's card says the same, item by item.
    page = client.get(campaign.url).content.decode()
    card = page[page.index(f'id="ask-{ask.id}"'):]
    card = card[:card.index("</details>")]
    assert progress.parts[0].label in card and progress.parts[1].label in card

    pledge(campaign, sand, 3)
    progress = registry.call("inkind", "ask_progress", campaign=campaign, asks=[ask])[ask.id]
    assert progress.label == gettext("received · everything pledged")
    assert 'class="pledge-form"' not in client.get(campaign.pledge_url(ask)).content.decode()  # nothing to pledge


def test_drop_off_address_and_hours_on_the_form_and_the_thank_you_page(client, campaign):
    ask = campaign.get_asks()[0]
    body = client.get(campaign.pledge_url(ask)).content.decode()
    for text in ("Balai Dusun Ngelo, Jl. Kaliurang Km 12, Sleman", "Senin–Sabtu, 09.00–16.00", "Tanyakan Pak Wahyu."):
        assert text in body
    assert "<address>Balai Dusun Ngelo" in body
    cement = ask_items(ask.value)[0]
    response = client.post(campaign.pledge_url(ask), {
        "item": cement.key, "quantity": "2", "delivery": "drop_off",
        "delivery_date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        "name": "Budi", "phone": "0812 3456 7890", "email": "budi@contoh.id"})
    assert response.status_code == 302
    thanks = client.get(response["Location"]).content.decode()
    assert "<address>Balai Dusun Ngelo, Jl. Kaliurang Km 12, Sleman</address>" in thanks
    assert "Senin–Sabtu, 09.00–16.00" in thanks


def test_asks_saved_before_the_address_existed_still_read(client, make_campaign):
    old = {k: v for k, v in ASK.items() if k not in ("drop_off_address", "drop_off_hours")}
    campaign = make_campaign(asks=[("inkind", old)])
    ask = campaign.get_asks()[0]
    body = client.get(campaign.pledge_url(ask)).content.decode()
    assert "Tanyakan Pak Wahyu." in body and "<address>" not in body


def test_without_pick_up_the_drop_off_address_is_required():
    block = InKindAskBlock()
    value = dict(ASK, allows_pick_up=False, drop_off_address="")
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python(value))
    assert "drop_off_address" in error.value.block_errors
    block.clean(block.to_python(dict(ASK, allows_pick_up=False)))  # with an address: fine
    block.clean(block.to_python(dict(ASK, drop_off_address="")))  # pick-up offered: may come later
