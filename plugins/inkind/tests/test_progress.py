"""Progress, the wall and what counts: received quantities per item and overall, in one query."""
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext

from campaigns.plugins import registry
from plugins.inkind.items import ask_items
from plugins.inkind.quantities import still_needed


def progress_of(campaign):
    (_ask, _type, progress), = campaign.get_progress()
    return progress


def test_progress_counts_what_arrived_per_item_and_overall(campaign, ask, make_pledge):
    make_pledge("Semen", 5)  # on its way: not received yet
    make_pledge("Semen", 3, status="received", received_quantity=3)
    make_pledge("Semen", 4, status="partly_received", received_quantity=2)
    make_pledge("Semen", 7, status="not_received")
    make_pledge("Pasir", 1, status="cancelled")
    make_pledge("Talang PVC", 40, status="received", received_quantity=40)
    progress = progress_of(campaign)
    assert [(p.current, p.target, p.unit) for p in progress.parts] == [
        (5, 20, "sak"), (0, 5, "m³"), (40, 100, "meter")]
    # Each part says what is still needed by the form's own rule (pledged goods on their way count).
    assert [p.still_needed for p in progress.parts] == [10, 5, 60]
    assert [p.label for p in progress.parts] == [
        gettext("%(name)s · still needed: %(quantity)s %(unit)s") % {"name": name, "quantity": left, "unit": unit}
        for name, left, unit in (("Semen", 10, "sak"), ("Pasir", 5, "m³"), ("Talang PVC", 60, "meter"))]
    assert (progress.current, progress.target, progress.supporters, progress.money) == (45, 125, 3, None)
    assert not progress.is_money and progress.percentage == 36
    items = ask_items(ask.value)
    # Still needed: 20 - 5 pledged - 3 received - 2 partly received (the other 2 are needed again).
    assert list(still_needed(campaign, ask.id, items).values()) == [10, 5, 60]


def test_an_item_delivered_twice_over_does_not_hide_one_missing(campaign, make_pledge):
    make_pledge("Pasir", 5, status="received", received_quantity=15)
    progress = progress_of(campaign)
    assert progress.parts[1].current == 15  # the item shows all that came
    assert progress.current == 5  # overall counts at most what the item needed


def test_pledges_for_a_removed_item_leave_progress(campaign, make_pledge):
    make_pledge("Pasir", 2, status="received", received_quantity=2)
    raw = campaign.asks.get_prep_value()
    raw[0]["value"]["items"] = [i for i in raw[0]["value"]["items"] if i["value"]["name"] != "Pasir"]
    campaign.asks = raw
    campaign.save_revision().publish()
    campaign.refresh_from_db()
    progress = progress_of(campaign)
    assert (progress.current, progress.target, len(progress.parts)) == (0, 120, 2)
    assert progress.supporters == 1  # they still gave


def test_campaign_page_shows_overall_progress(client, campaign, make_pledge):
    make_pledge("Semen", 10, status="received", received_quantity=10)
    html = client.get(campaign.url).content.decode()
    assert "10 / 125" in html


def test_progress_costs_one_query_whatever_the_number_of_pledges(campaign, ask, make_pledge):
    asks = campaign.get_asks()

    def measure():
        with CaptureQueriesContext(connection) as queries:
            result = registry.call("inkind", "ask_progress", campaign=campaign, asks=asks)
        return len(queries), result[ask.id]

    few, _progress = measure()
    from plugins.inkind.models import InKindPledge

    base = make_pledge("Talang PVC", 1, status="received", received_quantity=1)
    InKindPledge.objects.bulk_create([InKindPledge(
        campaign=campaign, ask_id=ask.id, item_key=base.item_key, item_name="Talang PVC", unit="meter",
        quantity=1, received_quantity=1, status="received", delivery="drop_off", delivery_date=base.delivery_date,
    ) for _ in range(98)])
    many, progress = measure()
    assert few == many == 1
    assert progress.parts[2].current == 99 and progress.supporters == 99


def test_wall_shows_goods_that_arrived_and_hides_anonymous_names(campaign, make_pledge):
    make_pledge("Semen", 2, status="received", received_quantity=2, name="Budi")
    make_pledge("Talang PVC", 12, status="partly_received", received_quantity=10, name="Rahasia",
                is_anonymous=True)
    make_pledge("Pasir", 1, name="Belum datang")  # only pledged: not on the wall yet
    make_pledge("Pasir", 1, status="not_received", name="Tidak datang")
    wall = campaign.get_wall()
    assert [(s.name, s.summary, s.type_key) for s in wall] == [
        ("Anonim", "10 meter Talang PVC", "inkind"), ("Budi", "2 sak Semen", "inkind")]


def test_wall_is_one_query(campaign, make_pledge):
    for n in range(5):
        make_pledge("Semen", 1, status="received", received_quantity=1, name=f"P{n}")
    with CaptureQueriesContext(connection) as queries:
        wall = registry.call("inkind", "supporter_wall", campaign=campaign, limit=3)
    assert len(queries) == 1 and len(wall) == 3


def test_quantities_use_indonesian_grouping(campaign, make_pledge):
    make_pledge("Talang PVC", 100, status="received", received_quantity=1500)
    from plugins.inkind.models import InKindPledge

    assert InKindPledge.objects.get(item_name="Talang PVC").summary == "1.500 meter Talang PVC"
    assert Decimal(progress_of(campaign).parts[2].current) == 1500
