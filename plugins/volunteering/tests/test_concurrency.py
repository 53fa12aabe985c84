"""Eight people race for a three-slot shift: exactly three get in, five are told it is full."""
import html
import threading

import pytest
from django.db import connection
from django.test import Client

from plugins.volunteering.models import VolunteerSignup

from .conftest import form_data, pledge_url, shift, shifts_of

RACERS = 8
SLOTS = 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("stale_form", [True, False], ids=["only-the-lock-stops-them", "as-it-comes"])
def test_concurrent_signups_never_overfill_a_shift(volunteer_campaign, monkeypatch, stale_form):
    from plugins.volunteering import views

    if stale_form:
        # Every racer's form sees the shift empty, so only the locked recount can stop them.
        monkeypatch.setattr(views, "taken_counts", lambda *args, **kwargs: {})
    campaign = volunteer_campaign({"name": "Relawan sekat kanal", "shifts": [shift(days=5, slots=SLOTS)]})
    url = pledge_url(campaign)
    shift_id = shifts_of(campaign)[0].id
    barrier = threading.Barrier(RACERS)
    results = [None] * RACERS

    def race(i):
        try:
            client = Client()
            barrier.wait(timeout=30)
            response = client.post(url, form_data(shift_id, name=f"Relawan {i}", email=f"relawan{i}@contoh.id"))
            results[i] = (response.status_code, html.unescape(response.content.decode()))
        except Exception as exc:  # noqa: BLE001 - reported by the assertions below
            results[i] = ("error", repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    codes = sorted(code for code, _body in results)
    if stale_form:
        assert codes == [302] * SLOTS + [409] * (RACERS - SLOTS), results
    else:
        # A request that reads the form after the shift filled is refused by the form (400), the
        # others by the locked recount (409): either way exactly SLOTS get in.
        assert codes.count(302) == SLOTS and all(code in (400, 409) for code in codes[SLOTS:]), results
    refusals = [body for code, body in results if code != 302]
    assert all("Jadwal ini sudah penuh. Pilih jadwal lain." in body for body in refusals)
    assert VolunteerSignup.objects.filter(shift_id=shift_id).count() == SLOTS
    assert VolunteerSignup.objects.values("email").distinct().count() == SLOTS
