"""The public pledge form: what is offered, what is refused and why, what is written and sent."""
import datetime
from unittest import mock

import pytest
from django.utils import timezone

from plugins.inkind import views
from plugins.inkind.models import InKindPledge


def errors(response):
    return {field: " ".join(messages) for field, messages in response.context["form"].errors.items()}


def test_form_lists_what_is_still_needed(client, pledge_url, make_pledge, items):
    make_pledge("Pasir", 5)  # all the sand is pledged
    make_pledge("Semen", 4, status="received", received_quantity=4)
    response = client.get(pledge_url)
    assert response.status_code == 200
    choices = dict(response.context["form"].fields["item"].choices)
    assert list(choices) == [items["Semen"].key, items["Talang PVC"].key]  # no sand on offer
    assert "16" in str(choices[items["Semen"].key]) and "sak" in str(choices[items["Semen"].key])
    html = response.content.decode()
    assert "Balai Dusun Ngelo" in html  # drop-off details
    assert html.count("<tr") == 4  # header + one row per item, sand shown as fully pledged


def test_item_can_be_preselected(client, pledge_url, items):
    response = client.get(pledge_url, {"item": items["Pasir"].key})
    assert response.context["form"]["item"].value() == items["Pasir"].key


def test_valid_pledge_is_recorded_announced_and_confirmed(client, campaign, ask, items, pledge_url, valid_data,
                                                          django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(pledge_url, dict(valid_data, note="Saya datang sore hari.", wants_updates="on"))
    assert response.status_code == 302
    record = InKindPledge.objects.get()
    assert response.url == f"/id/dukung/inkind/terima-kasih/{record.token}/"
    assert (record.campaign_id, record.ask_id, record.item_key) == (campaign.pk, ask.id, items["Semen"].key)
    assert (record.item_name, record.unit, record.quantity, record.status) == ("Semen", "sak", 2, "pledged")
    assert record.received_quantity is None and record.address == "" and record.wants_updates
    assert (record.name, record.phone, record.language) == ("Budi", "0812 3456 7890", "id")
    to_pledger, to_oms = mailoutbox
    assert to_pledger.to == ["budi@contoh.id"] and "2 sak Semen" in to_pledger.body
    assert "Balai Dusun Ngelo" in to_pledger.body and str(record.token) in to_pledger.body
    assert to_oms.to == ["oms@contoh.id"]
    assert "0812 3456 7890" in to_oms.body and "budi@contoh.id" in to_oms.body
    assert "Saya datang sore hari." in to_oms.body and f"/admin/galang-daya/inkind/{record.pk}/" in to_oms.body
    thanks = client.get(response.url)
    assert thanks.status_code == 200 and "2 sak Semen" in thanks.content.decode()


def test_thanks_page_needs_the_token(client, home_page):
    assert client.get("/id/dukung/inkind/terima-kasih/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_quantity_above_still_needed_is_refused_clearly(client, pledge_url, valid_data, make_pledge):
    make_pledge("Semen", 15)
    make_pledge("Semen", 4, status="partly_received", received_quantity=2)  # 2 of 4 came: 2 needed again
    make_pledge("Semen", 9, status="not_received")  # counts nothing
    response = client.post(pledge_url, dict(valid_data, quantity="4"))
    assert response.status_code == 400
    message = errors(response)["quantity"]
    assert "3 sak" in message and "Semen" in message  # 20 - 15 - 2 = 3
    assert response.context["form"]["quantity"].value() == "4"  # what was typed is kept
    assert InKindPledge.objects.count() == 3
    assert client.post(pledge_url, dict(valid_data, quantity="3")).status_code == 302


def test_fully_pledged_item_is_refused_clearly(client, pledge_url, valid_data, make_pledge, items):
    make_pledge("Pasir", 5)
    response = client.post(pledge_url, dict(valid_data, item=items["Pasir"].key, quantity="1"))
    assert response.status_code == 400
    assert "Pasir" in errors(response)["item"]


def test_capacity_is_checked_again_under_the_lock(client, pledge_url, valid_data, items):
    """Still needed when the form was checked, gone by the time the lock is held: refused, nothing written."""
    key = items["Semen"].key
    with mock.patch.object(views, "still_needed", side_effect=[
            {key: 20}, {key: 1}]) as fresh:
        response = client.post(pledge_url, valid_data)
    assert fresh.call_count == 2
    assert response.status_code == 409
    assert "1 sak" in errors(response)["quantity"]
    assert not InKindPledge.objects.exists()


@pytest.mark.parametrize("changes, field", [
    ({"delivery_date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat()}, "delivery_date"),
    ({"phone": "", "email": ""}, "phone"),
    ({"phone": "telepon saya"}, "phone"),
    ({"phone": "0812"}, "phone"),
    ({"email": "bukan-email"}, "email"),
    ({"name": ""}, "name"),
    ({"delivery": "pick_up", "address": "  "}, "address"),
    ({"quantity": "0"}, "quantity"),
    ({"quantity": "dua"}, "quantity"),
    ({"item": "tidak-ada"}, "item"),
])
def test_invalid_pledges_are_refused(client, pledge_url, valid_data, changes, field):
    response = client.post(pledge_url, dict(valid_data, **changes))
    assert response.status_code == 400
    assert field in errors(response)
    assert not InKindPledge.objects.exists()


def test_one_contact_is_enough(client, pledge_url, valid_data):
    assert client.post(pledge_url, dict(valid_data, email="")).status_code == 302
    assert client.post(pledge_url, dict(valid_data, phone="")).status_code == 302


def test_today_is_a_valid_date_and_anonymous_needs_no_name(client, pledge_url, valid_data):
    data = dict(valid_data, delivery_date=timezone.localdate().isoformat(), name="", is_anonymous="on")
    assert client.post(pledge_url, data).status_code == 302
    assert InKindPledge.objects.get().is_anonymous


def test_pick_up_keeps_the_address(client, pledge_url, valid_data):
    response = client.post(pledge_url, dict(valid_data, delivery="pick_up", address="Jl. Kaliurang Km 5, Sleman"))
    assert response.status_code == 302
    record = InKindPledge.objects.get()
    assert (record.delivery, record.address) == ("pick_up", "Jl. Kaliurang Km 5, Sleman")


def test_drop_off_drops_an_address_typed_by_mistake(client, pledge_url, valid_data):
    client.post(pledge_url, dict(valid_data, address="Jl. Kaliurang"))
    assert InKindPledge.objects.get().address == ""


def test_pick_up_is_refused_when_the_organisation_cannot_pick_up(client, make_inkind_campaign, valid_data):
    from .conftest import ASK

    campaign = make_inkind_campaign(dict(ASK, allows_pick_up=False))
    url = campaign.pledge_url(campaign.get_asks()[0])
    form = client.get(url).context["form"]
    assert "address" not in form.fields and len(form.fields["delivery"].choices) == 1
    from plugins.inkind.items import ask_items

    data = dict(valid_data, item=ask_items(campaign.get_asks()[0].value)[0].key)
    response = client.post(url, dict(data, delivery="pick_up", address="Jl. Kaliurang"))
    assert response.status_code == 400 and "delivery" in errors(response)
    assert client.post(url, data).status_code == 302


def test_everything_pledged_shows_no_form(client, pledge_url, make_pledge):
    make_pledge("Semen", 20)
    make_pledge("Pasir", 5)
    make_pledge("Talang PVC", 100, status="received", received_quantity=100)
    response = client.get(pledge_url)
    assert response.status_code == 200
    assert "<form" not in response.content.decode().split('class="wrap pledge"')[1]


def test_closed_campaign_takes_no_pledge(client, make_inkind_campaign, valid_data):
    campaign = make_inkind_campaign(closed=True)
    response = client.post(campaign.pledge_url(campaign.get_asks()[0]), valid_data)
    assert response.status_code == 409
    assert not InKindPledge.objects.exists()


def test_anonymous_is_for_the_wall_not_for_the_emails(client, pledge_url, valid_data,
                                                      django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(pledge_url, dict(valid_data, is_anonymous="on"))
    to_pledger, to_oms = mailoutbox
    assert to_pledger.body.startswith("Halo Budi,")
    assert "Budi (anonim di dinding publik)" in to_oms.body
