"""The built-in support types' ``api_ask`` hook: what each adds under an ask's ``details`` in the API.

Each type's details are checked against a campaign built here (figures from real records), called
as the API does: with the campaign's own progress. One test puts supporters' personal data on every
type's records and checks that none of it reaches any type's details; others that the details cost
the same queries with few or many records.
"""
import datetime
import json
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.models import CampaignPage
from campaigns.plugins import registry

TODAY = timezone.localdate()

DONATION = ("donation", {"title": "Donasi lampu", "target": Decimal("5000000"), "minimum": Decimal("20000"),
                         "suggested_amounts": [25000, 50000, 100000], "allow_monthly": False})
INKIND = ("inkind", {
    "title": "Bahan tandon", "description": "",
    "items": [{"name": "Semen", "unit": "sak", "quantity": 20}, {"name": "Pasir", "unit": "m³", "quantity": 5}],
    "drop_off_address": "Balai Dusun Ngelo, Jl. Melati 3", "drop_off_hours": "Senin–Sabtu, 08.00–16.00",
    "drop_off_details": "Tanya Pak Kadus.", "allows_pick_up": False,
})
VOLUNTEERING = ("volunteering", {"title": "Relawan", "description": "", "roles": [
    {"name": "Pendamping baca", "description": "Membacakan cerita.", "skills": "sabar", "shifts": [
        {"date": TODAY + datetime.timedelta(days=7), "start_time": datetime.time(8, 0),
         "end_time": datetime.time(12, 0), "place": "Taman Baca Pelangi", "slots": 3},
        {"date": TODAY - datetime.timedelta(days=3), "start_time": datetime.time(8, 0),
         "end_time": datetime.time(10, 0), "place": "Taman Baca Pelangi", "slots": 2},
    ]},
    {"name": "Patroli malam", "description": "", "skills": "", "shifts": [
        {"date": TODAY + datetime.timedelta(days=10), "start_time": datetime.time(20, 0),
         "end_time": datetime.time(2, 0), "place": "Posko MPA", "slots": 1},
    ]},
]})
PARTNERSHIP = ("partnership", {"title": "Mitra", "description": "", "kinds_sought": ["funding", "expertise"],
                               "target_partners": 4, "offer_in_return": "Logo di halaman kampanye."})
PETITION = ("petition", {"title": "Petisi jalan", "description": "", "decision_maker": "Bupati Sumba Barat",
                         "demand": "Perbaiki jalan desa.", "goal": 300})

#: Personal data put on the records: none of it may appear in any details.
SECRETS = ("Rahasia Nama", "rahasia@contoh.id", "0812 9999 0000", "Jl. Rahasia 99", "Catatan pribadi")


def details(campaign):
    """``{type key: details}`` as the API gets them: a fresh page, its progress, then each ask's hook."""
    page = CampaignPage.objects.get(pk=campaign.pk)
    return {ask.type_key: registry.call(ask.type_key, "api_ask", campaign=page, ask=ask, progress=progress)
            for ask, _type, progress in page.get_progress()}


def _ask(campaign, key):
    return next(ask for ask in campaign.get_asks() if ask.type_key == key)


def _person(**extra):
    return dict(name=SECRETS[0], email=SECRETS[1], phone=SECRETS[2], **extra)


def _donate(campaign, amount, **fields):
    from plugins.donation.models import Donation, Payment

    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount), status="confirmed")
    fields = {**_person(message=SECRETS[4]), **fields}
    return Donation.objects.create(campaign=campaign, ask_id=_ask(campaign, "donation").id, amount=Decimal(amount),
                                   payment=payment, status=Donation.Status.CONFIRMED, received_amount=Decimal(amount),
                                   **fields)


def _pledge_goods(campaign, item_index, quantity, received=None):
    from plugins.inkind.items import ask_items
    from plugins.inkind.models import InKindPledge

    ask = _ask(campaign, "inkind")
    item = ask_items(ask.value)[item_index]
    status = InKindPledge.Status.PLEDGED if received is None else InKindPledge.Status.PARTLY_RECEIVED
    return InKindPledge.objects.create(
        campaign=campaign, ask_id=ask.id, item_key=item.key, item_name=item.name, unit=item.unit, quantity=quantity,
        received_quantity=received, status=status, delivery=InKindPledge.Delivery.PICK_UP,
        delivery_date=TODAY, address=SECRETS[3], note=SECRETS[4], **_person())


def _sign_up(campaign, shift_index, n=1):
    from plugins.volunteering.models import VolunteerSignup
    from plugins.volunteering.shifts import iter_shifts

    ask = _ask(campaign, "volunteering")
    shift = iter_shifts(ask.value)[shift_index]
    VolunteerSignup.objects.bulk_create(VolunteerSignup(
        campaign=campaign, ask_id=ask.id, shift_id=shift.id, role_name=shift.role_name, shift_date=shift.date,
        shift_start=shift.start, shift_end=shift.end, shift_place=shift.place, note=SECRETS[4],
        name=SECRETS[0], email=f"{i}{SECRETS[1]}", phone=SECRETS[2]) for i in range(n))


def _propose(campaign, status="agreed"):
    from plugins.partnership.models import Proposal

    return Proposal.objects.create(campaign=campaign, ask_id=_ask(campaign, "partnership").id, status=status,
                                   organisation_name="PT Rahasia Nama", sector="business", kind="funding",
                                   offer=SECRETS[4], show_publicly=False, **_person())


def _sign(campaign, n=1):
    from plugins.petition.models import Signature
    from regions.models import Regency

    regency = Regency.objects.get(code="33.74")
    Signature.objects.bulk_create(Signature(
        campaign=campaign, ask_id=_ask(campaign, "petition").id, status=Signature.Status.CONFIRMED,
        confirmed_at=timezone.now(), regency=regency, comment=SECRETS[4], name=SECRETS[0],
        email=f"{i}{SECRETS[1]}", phone=SECRETS[2]) for i in range(n))


def _deliver(campaign, **fields):
    from plugins.petition.models import PetitionDelivery

    return PetitionDelivery.objects.create(campaign=campaign, ask_id=_ask(campaign, "petition").id,
                                           delivered_on=TODAY - datetime.timedelta(days=2),
                                           delivered_to="Bupati Sumba Barat", signatures_delivered=2, **fields)


# --- donation ---------------------------------------------------------------------------------


def test_donation_amounts_and_monthly(make_campaign):
    found = details(make_campaign(asks=[DONATION]))["donation"]
    assert found == {"minimum": "20000", "suggested_amounts": ["25000", "50000", "100000"],
                     "monthly_giving": False, "matching": None}


def test_donation_monthly_giving_is_on_unless_turned_off(make_campaign):
    key, value = DONATION
    value = {k: v for k, v in value.items() if k != "allow_monthly"}
    assert details(make_campaign(asks=[(key, value)]))["donation"]["monthly_giving"] is True


def test_donation_shows_the_sponsor_match_covering_the_campaign(make_campaign, organisation):
    from plugins.donation.matching.models import MatchFund
    from plugins.donation.matching.testing import make_fund

    campaign = make_campaign(asks=[DONATION])
    province = organisation.regency.province
    make_fund(cap=3_000_000, ratio="0.5", limit=100_000, province=province)
    make_fund(cap=900_000, province=province, status=MatchFund.Status.DRAFT)  # not offered: a draft
    MatchFund.objects.filter(status=MatchFund.Status.ACTIVE).update(matched=Decimal("1250000"))
    matching = details(campaign)["donation"]["matching"]
    assert matching["sponsor"] == "Yayasan Mitra"
    assert matching["ratio"] == "0.5"
    assert matching["limit_per_donation"] == "100000"
    assert matching["left"] == "1750000"
    assert matching["starts_on"] == (TODAY - datetime.timedelta(days=1)).isoformat()
    assert matching["ends_on"] == (TODAY + datetime.timedelta(days=30)).isoformat()
    assert "Yayasan Mitra" in matching["headline"]


def test_donation_batched_details_match_one_by_one_and_take_the_oldest_fund(make_campaign, make_organisation,
                                                                           organisation):
    """``api_asks`` (one page of the API at once) answers exactly what ``api_ask`` answers per ask,
    each campaign with the oldest fund covering it, in two queries for any number of campaigns."""
    from plugins.donation.matching.testing import make_fund

    covered = [make_campaign(asks=[DONATION], title=f"Lampu {n}") for n in range(3)]
    elsewhere = make_organisation(slug="oms-jauh", regency_code="91.71")
    uncovered = make_campaign(asks=[DONATION], title="Lampu jauh", parent=elsewhere)
    province = organisation.regency.province
    assert elsewhere.regency.province != province
    first = make_fund(cap=2_000_000, ratio="1", province=province)
    second = make_fund(cap=1_000_000, ratio="0.5", province=province)
    type(first).objects.filter(pk=first.pk).update(sponsor_name="Sponsor Pertama")
    type(second).objects.filter(pk=second.pk).update(sponsor_name="Sponsor Kedua")
    pages = [CampaignPage.objects.get(pk=c.pk) for c in [*covered, uncovered]]
    items = [(page, ask, progress) for page in pages for ask, _type, progress in page.get_progress()]
    with CaptureQueriesContext(connection) as queries:
        batched = registry.call("donation", "api_asks", items=items)
    assert len(queries) == 2
    for page, ask, progress in items:
        assert batched[(page.pk, ask.id)] == registry.call("donation", "api_ask", campaign=page, ask=ask,
                                                           progress=progress)
    assert [batched[(p.pk, p.get_asks()[0].id)]["matching"]["sponsor"] for p in pages[:3]] == ["Sponsor Pertama"] * 3
    assert batched[(pages[3].pk, pages[3].get_asks()[0].id)]["matching"] is None


def test_donation_no_match_once_the_fund_is_spent(make_campaign, organisation):
    from plugins.donation.matching.models import MatchFund
    from plugins.donation.matching.testing import make_fund

    campaign = make_campaign(asks=[DONATION])
    make_fund(cap=500_000, province=organisation.regency.province)
    MatchFund.objects.update(matched=Decimal("500000"))
    assert details(campaign)["donation"]["matching"] is None


# --- in-kind goods ----------------------------------------------------------------------------


def test_inkind_items_with_quantities_and_drop_off(make_campaign):
    from plugins.inkind.items import ask_items

    campaign = make_campaign(asks=[INKIND])
    _pledge_goods(campaign, 0, 8)  # on its way: spoken for, not received
    _pledge_goods(campaign, 0, 5, received=3)  # partly received: counts what came
    _pledge_goods(campaign, 1, 9, received=7)  # more than needed arrived
    found = details(campaign)["inkind"]
    keys = [item.key for item in ask_items(_ask(campaign, "inkind").value)]
    assert found["items"] == [
        {"id": keys[0], "name": "Semen", "unit": "sak", "needed": 20, "pledged": 11, "received": 3,
         "still_needed": 9},
        {"id": keys[1], "name": "Pasir", "unit": "m³", "needed": 5, "pledged": 5, "received": 7,
         "still_needed": 0},
    ]
    assert len(keys[0]) == 36 and keys[0] != keys[1]  # the ListBlock child's stored id (a UUID)
    assert found["drop_off"] == {"address": "Balai Dusun Ngelo, Jl. Melati 3", "hours": "Senin–Sabtu, 08.00–16.00",
                                 "details": "Tanya Pak Kadus."}
    assert found["pick_up"] is False


def test_inkind_measures_again_when_progress_has_no_parts(make_campaign):
    """Called with a progress without the items' parts (a core that measured otherwise), the hook
    still gives the right figures, with one query."""
    from campaigns.types import Progress

    campaign = make_campaign(asks=[INKIND])
    _pledge_goods(campaign, 1, 2, received=2)
    page = CampaignPage.objects.get(pk=campaign.pk)
    assert page.source.pk == campaign.pk  # resolved now, as the API's batched progress resolves it
    bare = Progress(current=Decimal(0), target=Decimal(25))
    with CaptureQueriesContext(connection) as queries:
        found = registry.call("inkind", "api_ask", campaign=page, ask=_ask(page, "inkind"), progress=bare)
    assert [(item["received"], item["still_needed"]) for item in found["items"]] == [(0, 20), (2, 3)]
    assert len(queries) == 1


# --- volunteering -----------------------------------------------------------------------------


def test_volunteering_roles_and_shifts_with_places_left(make_campaign):
    from plugins.volunteering.shifts import iter_shifts

    campaign = make_campaign(asks=[VOLUNTEERING])
    _sign_up(campaign, 0, n=2)
    _sign_up(campaign, 2, n=1)
    found = details(campaign)["volunteering"]
    ids = [shift.id for shift in iter_shifts(_ask(campaign, "volunteering").value)]
    assert found["time_zone"] == "WIB"  # the OMS in Semarang (33.74)
    reading, patrol = found["roles"]
    assert (reading["name"], reading["description"], reading["skills"]) == (
        "Pendamping baca", "Membacakan cerita.", "sabar")
    next_week, past = reading["shifts"]
    assert next_week == {
        "id": ids[0], "date": (TODAY + datetime.timedelta(days=7)).isoformat(), "start_time": "08:00",
        "end_time": "12:00", "starts_at": f"{(TODAY + datetime.timedelta(days=7)).isoformat()}T08:00:00+07:00",
        "place": "Taman Baca Pelangi", "slots": 3, "filled": 2, "places_left": 1, "started": False}
    assert (past["id"], past["places_left"], past["started"]) == (ids[1], 2, True)
    (night,) = patrol["shifts"]
    assert (night["id"], night["start_time"], night["end_time"], night["slots"], night["places_left"]) == (
        ids[2], "20:00", "02:00", 1, 0)


# --- partnership and petition -----------------------------------------------------------------


def test_partnership_kinds_sought(make_campaign):
    from django.utils.translation import gettext

    campaign = make_campaign(asks=[PARTNERSHIP])
    _propose(campaign)
    assert details(campaign)["partnership"] == {
        "kinds_sought": [{"key": "funding", "label": gettext("Funding")},
                         {"key": "expertise", "label": gettext("Expertise and skills")}],
        "partners_wanted": 4, "offer_in_return": "Logo di halaman kampanye."}


def test_petition_before_and_after_delivery(make_campaign):
    campaign = make_campaign(asks=[PETITION])
    _sign(campaign, n=2)
    found = details(campaign)["petition"]
    assert found == {"decision_maker": "Bupati Sumba Barat", "demand": "Perbaiki jalan desa.", "goal": 300,
                     "delivery": None}
    _deliver(campaign, note="Diserahkan di kantor bupati.", response="Akan ditinjau.")
    delivery = details(campaign)["petition"]["delivery"]
    assert {k: v for k, v in delivery.items() if k != "text"} == {
        "delivered_to": "Bupati Sumba Barat", "delivered_on": (TODAY - datetime.timedelta(days=2)).isoformat(),
        "signatures_delivered": 2, "note": "Diserahkan di kantor bupati.", "response": "Akan ditinjau."}
    assert "Bupati Sumba Barat" in delivery["text"] and "Akan ditinjau." in delivery["text"]


# --- every type: JSON, no personal data, fixed cost ------------------------------------------


ALL_ASKS = [DONATION, INKIND, VOLUNTEERING, PARTNERSHIP, PETITION]


def _records(campaign, n):
    for _ in range(n):
        _donate(campaign, 50_000)
        _pledge_goods(campaign, 0, 1)
        _pledge_goods(campaign, 1, 1, received=1)
    _sign_up(campaign, 0, n=n)
    _sign(campaign, n=n)
    _propose(campaign)


def test_no_personal_data_in_any_details(make_campaign):
    campaign = make_campaign(asks=ALL_ASKS)
    _records(campaign, 2)
    _deliver(campaign)
    found = details(campaign)
    assert sorted(found) == sorted(key for key, _value in ALL_ASKS)
    text = json.dumps(found, ensure_ascii=False)  # fails on anything not JSON (a Decimal, a date)
    assert json.loads(text) == found
    assert "Bupati Sumba Barat" in text  # the check reads the real details
    for secret in SECRETS:
        assert secret.casefold() not in text.casefold(), secret
    assert "contoh.id" not in text


def _details_queries(campaign):
    page = CampaignPage.objects.get(pk=campaign.pk)
    rows = page.get_progress()
    with CaptureQueriesContext(connection) as queries:
        for ask, _type, progress in rows:
            registry.call(ask.type_key, "api_ask", campaign=page, ask=ask, progress=progress)
    return len(queries)


def test_details_cost_the_same_whatever_the_records(make_campaign):
    campaign = make_campaign(asks=ALL_ASKS)
    before = _details_queries(campaign)
    _records(campaign, 5)
    after = _details_queries(campaign)
    assert after == before
    # The donation's fund and the volunteering campaign's regency: nothing per item, shift or record.
    assert after <= 3
