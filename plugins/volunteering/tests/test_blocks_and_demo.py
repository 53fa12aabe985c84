"""The ask block's validation, and the demo ask and records."""
import datetime
import random

import pytest
from django.core.exceptions import ValidationError

from campaigns.plugins import registry
from campaigns.types import DemoInitiative
from plugins.volunteering.blocks import ShiftBlock, VolunteeringAskBlock
from plugins.volunteering.models import VolunteerSignup
from plugins.volunteering.shifts import iter_shifts, timezone_for, zone_abbreviation

from .conftest import ask_value, shift


def test_a_shift_must_not_end_when_it_starts():
    block = ShiftBlock()
    value = block.to_python(shift(start=datetime.time(8, 0), end=datetime.time(8, 0)))
    with pytest.raises(ValidationError):
        block.clean(value)
    block.clean(block.to_python(shift(start=datetime.time(20, 0), end=datetime.time(2, 0))))  # overnight is fine


def test_a_shift_needs_at_least_one_slot():
    block = ShiftBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python(shift(slots=0)))


def test_an_ask_needs_a_role_and_each_role_a_shift():
    block = VolunteeringAskBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"title": "Relawan", "description": "", "roles": []}))
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"title": "Relawan", "description": "",
                                     "roles": [{"name": "Penjaga", "shifts": []}]}))
    block.clean(block.to_python(ask_value()))


@pytest.mark.django_db
def test_time_zone_follows_the_province(make_organisation, make_campaign):
    makassar = make_organisation(slug="oms-makassar", regency_code="73.71")
    jayapura = make_organisation(slug="oms-jayapura", regency_code="91.71")
    assert zone_abbreviation(timezone_for(make_campaign(parent=makassar, slug="k-mks"))) == "WITA"
    assert zone_abbreviation(timezone_for(make_campaign(parent=jayapura, slug="k-jpr"))) == "WIT"
    assert zone_abbreviation(timezone_for(make_campaign(slug="k-smg"))) == "WIB"


@pytest.mark.parametrize("keywords, role", [
    (("api", "gambut"), "Relawan patroli api gambut"),
    (("sampah", "daur ulang"), "Petugas timbang bank sampah"),
    (("buku", "anak"), "Pendamping baca anak"),
    (("kesehatan", "tb"), "Pendamping minum obat (PMO)"),
    (("hukum", "advokasi"), "Relawan pos konsultasi hukum"),
    (("pertanian", "tikus"), "Relawan pemasangan rumah burung hantu"),
    (("jelantah", "sabun"), "Pengumpul jelantah keliling"),
    (("lampu", "energi"), "Relawan pemasangan lampu jalan"),
    (("lain",), "Relawan kegiatan lapangan"),
])
def test_demo_ask_fits_the_initiative(keywords, role):
    value = registry.call("volunteering", "demo_ask",
                          initiative=DemoInitiative(slug="x", title="Inisiatif Contoh", keywords=keywords))
    assert value["roles"][0]["name"] == role
    block = VolunteeringAskBlock()
    block.clean(block.to_python(value))  # a valid ask
    assert all(s["date"] > datetime.date.today() for r in value["roles"] for s in r["shifts"])


@pytest.mark.django_db
def test_demo_records_fill_shifts_without_overfilling(make_campaign):
    value = registry.call("volunteering", "demo_ask",
                          initiative=DemoInitiative(slug="x", title="Patroli Api", keywords=("api", "gambut")))
    campaign = make_campaign(asks=[("volunteering", value)])
    ask = campaign.get_asks()[0]
    registry.call("volunteering", "demo_records", campaign=campaign, ask=ask, count=200, rng=random.Random(1))
    shifts = {s.id: s for s in iter_shifts(ask.value)}
    signups = VolunteerSignup.objects.filter(campaign=campaign)
    assert signups.exists()
    for shift_id, s in shifts.items():
        held = signups.filter(shift_id=shift_id, status__in=VolunteerSignup.COUNTED_STATUSES).count()
        assert held == s.slots  # 200 is more than enough to fill every shift, never more
    assert set(signups.values_list("shift_id", flat=True)) <= set(shifts)
    assert all(s.email.endswith("@contoh.id") and s.phone.startswith("0812") for s in signups)
