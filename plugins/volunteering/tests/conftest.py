"""Fixtures for the volunteering plugin's tests."""
import datetime

import pytest
from django.utils import timezone


def shift(days=7, start=datetime.time(8, 0), end=datetime.time(12, 0), place="Balai Desa Sukamaju", slots=3):
    return {"date": timezone.localdate() + datetime.timedelta(days=days), "start_time": start,
            "end_time": end, "place": place, "slots": slots}


def ask_value(*roles, title="Jadi relawan taman baca"):
    roles = roles or ({"name": "Pendamping baca", "description": "Membacakan cerita untuk anak-anak.",
                       "skills": "sabar dengan anak-anak", "shifts": [shift()]},)
    return {"title": title, "description": "Bantu kami setiap Sabtu.", "roles": list(roles)}


@pytest.fixture
def volunteer_campaign(make_campaign):
    """``volunteer_campaign(*roles, **campaign fields)``: a live campaign with one volunteering ask."""

    def make(*roles, **fields):
        return make_campaign(asks=[("volunteering", ask_value(*roles))], **fields)

    return make


@pytest.fixture
def campaign(volunteer_campaign):
    """Two roles: reading (a 2-slot shift next week, a full-able 1-slot shift, a past shift), patrol (overnight)."""
    return volunteer_campaign(
        {"name": "Pendamping baca", "description": "", "skills": "sabar dengan anak-anak", "shifts": [
            shift(days=7, slots=2, place="Taman Baca Pelangi"),
            shift(days=14, slots=1, place="Taman Baca Pelangi"),
            shift(days=-3, slots=5, place="Taman Baca Pelangi"),
        ]},
        {"name": "Patroli malam", "description": "", "skills": "tahan begadang", "shifts": [
            shift(days=10, start=datetime.time(20, 0), end=datetime.time(2, 0), slots=4, place="Posko MPA"),
        ]},
    )


def shifts_of(campaign):
    from plugins.volunteering.shifts import iter_shifts

    return iter_shifts(campaign.get_asks()[0].value)


def pledge_url(campaign):
    return f"{campaign.url}dukung/{campaign.get_asks()[0].id}/"


def form_data(shift_id, **overrides):
    data = {"shift": shift_id, "name": "Siti Rahmawati", "email": "siti@contoh.id", "phone": "0812 3456 7890",
            "note": "Guru SD, libur di akhir pekan.", "wants_updates": "on"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
