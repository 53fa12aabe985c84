"""Progress (filled slots, hours given, volunteers) and the public wall."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import ngettext

from campaigns.plugins import registry
from plugins.volunteering.models import VolunteerSignup

from .conftest import form_data, pledge_url, shifts_of

pytestmark = pytest.mark.django_db
Status = VolunteerSignup.Status


def add(campaign, shift, email, status=Status.REGISTERED, hours=None, name="Relawan", anonymous=False):
    return VolunteerSignup.objects.create(
        campaign=campaign, ask_id=campaign.get_asks()[0].id, shift_id=shift.id, role_name=shift.role_name,
        shift_date=shift.date, shift_start=shift.start, shift_end=shift.end, shift_place=shift.place,
        email=email, name=name, status=status, hours=hours, is_anonymous=anonymous)


def progress_of(campaign):
    ask = campaign.get_asks()[0]
    return registry.call("volunteering", "ask_progress", campaign=campaign, asks=[ask])[ask.id]


def test_progress_counts_filled_slots_hours_and_people(campaign):
    reading, reading_later, past, patrol = shifts_of(campaign)
    add(campaign, reading, "a@contoh.id", Status.CONFIRMED)
    add(campaign, reading, "b@contoh.id", Status.CANCELLED)  # cancelled: frees its slot
    add(campaign, past, "a@contoh.id", Status.ATTENDED, Decimal("4.0"))  # same person: one volunteer
    add(campaign, past, "c@contoh.id", Status.ATTENDED, Decimal("3.5"))
    add(campaign, past, "d@contoh.id", Status.NO_SHOW)  # did not fill the slot, but signed up
    add(campaign, patrol, "e@contoh.id", Status.REGISTERED)

    progress = progress_of(campaign)
    assert progress.target == Decimal(2 + 1 + 5 + 4)
    assert progress.current == Decimal(1 + 0 + 2 + 1)
    # Volunteers signed up of volunteers needed (one per place on a shift); read from the catalogue.
    assert progress.unit == ngettext("volunteer", "volunteers", 12)
    assert progress.is_money is False and progress.money is None
    assert progress.supporters == 4  # a, c, d, e (b cancelled)
    assert progress.label == "7,5 jam diberikan"
    assert [(p.current, p.target) for p in progress.parts] == [
        (Decimal(1), Decimal(2)), (Decimal(0), Decimal(1)), (Decimal(2), Decimal(5)), (Decimal(1), Decimal(4))]
    assert progress.parts[0].label.startswith("Pendamping baca · ")
    assert "Taman Baca Pelangi" in progress.parts[0].label
    assert progress.parts[3].label.startswith("Patroli malam · ")


def test_progress_shows_no_hours_until_some_are_given(campaign):
    """Not "0 jam diberikan": people signed up of people needed, and hours only once there are any."""
    reading = shifts_of(campaign)[0]
    assert progress_of(campaign).label == ""
    add(campaign, reading, "a@contoh.id", Status.CONFIRMED)
    progress = progress_of(campaign)
    assert (progress.current, progress.target, progress.label) == (Decimal(1), Decimal(12), "")
    assert "0" not in progress.label and "jam" not in progress.label


def test_progress_never_counts_a_shift_above_its_slots(campaign):
    one_slot = shifts_of(campaign)[1]
    add(campaign, one_slot, "a@contoh.id")
    add(campaign, one_slot, "b@contoh.id")  # e.g. the OMS took someone extra by hand
    assert progress_of(campaign).parts[1].current == 1


def test_progress_uses_a_fixed_number_of_queries(campaign):
    shifts = shifts_of(campaign)
    add(campaign, shifts[0], "a@contoh.id")
    with CaptureQueriesContext(connection) as few:
        progress_of(campaign)
    for i in range(30):
        add(campaign, shifts[i % 4], f"r{i}@contoh.id", Status.ATTENDED, Decimal("2"))
    with CaptureQueriesContext(connection) as many:
        progress = progress_of(campaign)
    assert len(few) == len(many) == 2
    assert progress.label == "60 jam diberikan"


def test_campaign_page_shows_the_progress(client, campaign):
    add(campaign, shifts_of(campaign)[0], "a@contoh.id", Status.CONFIRMED)
    body = client.get(campaign.url).content.decode()
    assert f"1 / 12 {ngettext('volunteer', 'volunteers', 12)}" in body
    assert pledge_url(campaign) in body


def test_wall_shows_names_and_hides_anonymous_ones(client, campaign):
    reading = shifts_of(campaign)[0]
    client.post(pledge_url(campaign), form_data(reading.id, name="Dewi Lestari", email="dewi@contoh.id"))
    client.post(pledge_url(campaign), form_data(reading.id, name="Rahasia Sekali", email="r@contoh.id",
                                                is_anonymous="on"))
    wall = registry.call("volunteering", "supporter_wall", campaign=campaign, limit=10)
    assert [s.name for s in wall] == ["Anonim", "Dewi Lestari"]
    assert wall[1].summary == "Relawan: Pendamping baca"
    body = client.get(campaign.url).content.decode()
    assert "Dewi Lestari" in body and "Anonim" in body
    assert "Rahasia Sekali" not in body


def test_wall_leaves_out_cancelled_signups_and_is_one_query(campaign):
    reading = shifts_of(campaign)[0]
    add(campaign, reading, "a@contoh.id", Status.CANCELLED, name="Sudah Batal")
    add(campaign, reading, "b@contoh.id", Status.CONFIRMED, name="Agus Salim")
    with CaptureQueriesContext(connection) as queries:
        wall = registry.call("volunteering", "supporter_wall", campaign=campaign, limit=10)
    assert len(queries) == 1
    assert [s.name for s in wall] == ["Agus Salim"]


def test_shift_length_handles_overnight_shifts(campaign):
    patrol = shifts_of(campaign)[3]
    assert (patrol.start, patrol.end) == (datetime.time(20, 0), datetime.time(2, 0))
    assert patrol.length_hours == Decimal("6.0")
