"""Access accountability (UU PDP, issue 19): who viewed or downloaded supporters' personal data, per role.

Every request here is a real one through the admin: an OMS editor downloads their CSV and views a
record, a national admin exports everything; the log page shows an OMS editor their own OMS's
entries only (never another OMS's, never the platform's, whatever the URL asks), national admins
everything with filters and a CSV; moderators and communications staff get 403, anonymous visitors
the login. The world is the permissions matrix's (two OMS in two provinces, their donors).
"""
import csv
import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from plugins.donation.models import Donation
from privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db

LOG_URL = "/admin/privasi/akses/"
RECORDS_URL = "/admin/galang-daya/donation/"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from test_permissions_matrix import build_world

    from lokadaya.testing import module_transaction

    with module_transaction(django_db_blocker):
        yield build_world()


@pytest.fixture
def w(world, db):
    return world


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def new_entries(before_pk):
    return list(AccessLogEntry.objects.filter(pk__gt=before_pk).order_by("pk"))


def last_pk():
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def csv_rows(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


# -- what the screens write ------------------------------------------------------------------------


def test_oms_editor_csv_download_is_logged_with_their_oms_and_the_count(w):
    before = last_pk()
    rows = csv_rows(client_for(w.editor_a).get(RECORDS_URL + "?export=csv"))
    body = "\n".join(",".join(row) for row in rows)
    assert w.donation_a.name in body and w.donation_b.name not in body
    [entry] = new_entries(before)
    expected = Donation.objects.filter(campaign__in=[w.camp_a]).count()
    assert expected >= 1 and len(rows) == expected + 1  # the header
    assert (entry.user, entry.username, entry.organisation_id, entry.action, entry.record_count) == (
        w.editor_a, w.editor_a.username, w.a.pk, AccessLogEntry.Action.EXPORT, expected)
    assert entry.path == RECORDS_URL + "?export=csv"
    assert timezone.now() - entry.created_at < datetime.timedelta(minutes=1)


def test_oms_editor_viewing_a_record_is_logged(w):
    before = last_pk()
    response = client_for(w.editor_a).get(f"{RECORDS_URL}{w.donation_a.pk}/")
    assert response.status_code == 200 and w.donation_a.name in response.content.decode()
    [entry] = new_entries(before)
    assert (entry.user, entry.organisation_id, entry.action, entry.record_count) == (
        w.editor_a, w.a.pk, AccessLogEntry.Action.RECORD, 1)
    assert f"#{w.donation_a.pk}" in entry.what
    # Another OMS's record is a 404, and a refused request logs nothing.
    before = last_pk()
    response = client_for(w.editor_a).get(f"{RECORDS_URL}{w.donation_b.pk}/")
    assert response.status_code == 404
    assert new_entries(before) == []


def test_oms_editor_list_is_logged_with_the_rows_shown_and_no_search_text(w):
    before = last_pk()
    response = client_for(w.editor_a).get(RECORDS_URL, {"q": w.donation_a.name, "status": "confirmed"})
    assert response.status_code == 200 and w.donation_a.name in response.content.decode()
    [entry] = new_entries(before)
    assert (entry.action, entry.organisation_id, entry.record_count) == (AccessLogEntry.Action.LIST, w.a.pk, 1)
    # The search text (a supporter's name) is never kept in the log.
    assert w.donation_a.name not in entry.what and w.donation_a.name.split()[0] not in entry.path
    assert "q=%E2%80%A6" in entry.path and "status=confirmed" in entry.path


def test_national_admin_export_of_every_oms_is_the_platforms_entry(w):
    before = last_pk()
    rows = csv_rows(client_for(w.admin).get(RECORDS_URL + "?export=csv"))
    body = "\n".join(",".join(row) for row in rows)
    assert w.donation_a.name in body and w.donation_b.name in body
    [entry] = new_entries(before)
    assert (entry.user, entry.action, entry.organisation_id, entry.record_count) == (
        w.admin, AccessLogEntry.Action.EXPORT, None, Donation.objects.count())
    # Filtered to one campaign, the same export is that OMS's.
    before = last_pk()
    rows = csv_rows(client_for(w.admin).get(RECORDS_URL, {"export": "csv", "campaign": w.camp_b.pk}))
    [entry] = new_entries(before)
    assert (entry.organisation_id, entry.record_count) == (w.b.pk, len(rows) - 1)
    assert entry.record_count == Donation.objects.filter(campaign=w.camp_b).count()


def test_other_screens_of_an_oms_are_logged_as_that_oms(w):
    """The monthly donors' CSV and the bank transfers' review, by B's editor."""
    before = last_pk()
    rows = csv_rows(client_for(w.editor_b).get("/admin/donasi/rutin/?export=csv"))
    assert w.plan_b.email in "\n".join(",".join(row) for row in rows)
    response = client_for(w.editor_b).get(f"/admin/transfer-bank/{w.transfer_b.pk}/")
    assert response.status_code == 200
    export, record = new_entries(before)
    assert (export.action, export.organisation_id, export.record_count) == (AccessLogEntry.Action.EXPORT, w.b.pk, 1)
    assert (record.action, record.organisation_id, record.user) == (AccessLogEntry.Action.RECORD, w.b.pk, w.editor_b)


@pytest.mark.parametrize("role", ["moderator", "comms"])
def test_refused_roles_export_nothing_and_nothing_is_logged(w, role):
    before = last_pk()
    response = client_for(w[role]).get(RECORDS_URL + "?export=csv")
    if response.status_code == 200:  # the records admin answers an empty export to a user with no campaign
        assert csv_rows(response)[1:] == []
    # Whatever was answered, no supporter was seen: at most an entry saying so, of no OMS.
    assert all((e.record_count, e.organisation_id) == (0, None) for e in new_entries(before))


# -- who reads the log ------------------------------------------------------------------------------


@pytest.fixture
def logged(w):
    """One entry of each kind, written by real requests: A's editor, B's editor, a national admin."""
    client_for(w.editor_a).get(RECORDS_URL + "?export=csv")
    client_for(w.editor_b).get(RECORDS_URL)
    client_for(w.admin).get(RECORDS_URL + "?export=csv")
    entries = {
        "a": AccessLogEntry.objects.filter(user=w.editor_a).latest("pk"),
        "b": AccessLogEntry.objects.filter(user=w.editor_b).latest("pk"),
        "national": AccessLogEntry.objects.filter(user=w.admin).latest("pk"),
    }
    assert (entries["a"].organisation_id, entries["b"].organisation_id, entries["national"].organisation_id) == (
        w.a.pk, w.b.pk, None)
    return entries


def shown(response):
    return {entry.pk for entry in response.context["page_obj"]}


def test_oms_editor_sees_their_own_oms_entries_only(w, logged):
    response = client_for(w.editor_a).get(LOG_URL)
    assert response.status_code == 200
    assert logged["a"].pk in shown(response)
    assert logged["b"].pk not in shown(response) and logged["national"].pk not in shown(response)
    assert all(entry.organisation_id == w.a.pk for entry in response.context["page_obj"])
    body = response.content.decode()
    assert w.editor_b.username not in body and w.admin.username not in body
    # The other OMS's editor: the mirror image.
    response = client_for(w.editor_b).get(LOG_URL)
    assert logged["b"].pk in shown(response) and logged["a"].pk not in shown(response)
    assert logged["national"].pk not in shown(response)
    assert w.editor_a.username not in response.content.decode()


@pytest.mark.parametrize("crafted", ["b", "none", "999999", "x"])
def test_a_crafted_organisation_parameter_shows_nothing_of_others(w, logged, crafted):
    value = {"b": str(w.b.pk), "none": "none"}.get(crafted, crafted)
    for url in (f"{LOG_URL}?organisation={value}", f"{LOG_URL}?organisation={value}&format=csv"):
        response = client_for(w.editor_a).get(url)
        assert response.status_code == 400, url  # the form says why; nothing else is shown
        with translation.override("id"):
            assert gettext("That organisation is not one whose log you may read.") in response.content.decode()
        assert logged["b"].pk not in shown(response) and logged["national"].pk not in shown(response)
        assert w.editor_b.username not in response.content.decode()


def test_moderator_and_communications_staff_get_403_and_anonymous_the_login(w, logged):
    for role in ("moderator", "comms"):
        for url in (LOG_URL, LOG_URL + "?format=csv"):
            response = client_for(w[role]).get(url)
            assert response.status_code == 403, (role, url)
            assert w.editor_a.username not in response.content.decode()
    response = Client().get(LOG_URL)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_menu_item_only_for_those_who_may_read_the_log(w):
    for user, visible in ((w.admin, True), (w.editor_a, True), (w.moderator, False), (w.comms, False)):
        body = client_for(user).get("/admin/").content.decode()
        assert (LOG_URL in body) is visible, user


def test_national_admin_sees_everything_and_filters(w, logged):
    client = client_for(w.admin)
    everything = shown(client.get(LOG_URL))
    assert {logged["a"].pk, logged["b"].pk, logged["national"].pk} <= everything
    only_b = client.get(LOG_URL, {"organisation": w.b.pk})
    assert logged["b"].pk in shown(only_b) and not {logged["a"].pk, logged["national"].pk} & shown(only_b)
    platform = client.get(LOG_URL, {"organisation": "none"})
    assert logged["national"].pk in shown(platform)
    assert all(entry.organisation_id is None for entry in platform.context["page_obj"])
    by_user = client.get(LOG_URL, {"user": w.editor_a.username.upper()})
    assert shown(by_user) and all(entry.user_id == w.editor_a.pk for entry in by_user.context["page_obj"])
    exports = client.get(LOG_URL, {"action": "export"})
    assert {logged["a"].pk, logged["national"].pk} <= shown(exports) and logged["b"].pk not in shown(exports)
    # Dates: an entry of ten days ago falls outside "from yesterday", inside "until ten days ago".
    old = AccessLogEntry.objects.create(username="lama", action="list", what="Lama",
                                        created_at=timezone.now() - datetime.timedelta(days=10))
    today = timezone.localdate()
    recent = client.get(LOG_URL, {"date_from": (today - datetime.timedelta(days=1)).isoformat()})
    assert logged["a"].pk in shown(recent) and old.pk not in shown(recent)
    past = client.get(LOG_URL, {"date_to": (today - datetime.timedelta(days=9)).isoformat()})
    assert shown(past) == {old.pk}


def test_bad_filters_say_why(w, logged):
    client = client_for(w.admin)
    response = client.get(LOG_URL, {"date_from": "kemarin"})
    assert response.status_code == 400
    with translation.override("id"):
        assert gettext("Give the date as YYYY-MM-DD.") in response.content.decode()
    assert 'value="kemarin"' in response.content.decode()  # what was typed stays
    response = client.get(LOG_URL, {"date_from": "2026-02-10", "date_to": "2026-02-01"})
    assert response.status_code == 400
    with translation.override("id"):
        assert gettext("The end date is before the start date.") in response.content.decode()


def test_newest_first_and_paginated(w):
    start = timezone.now() - datetime.timedelta(hours=2)
    AccessLogEntry.objects.bulk_create([
        AccessLogEntry(username=w.editor_a.username, user=w.editor_a, organisation=w.a, action="list",
                       what=f"Halaman {i}", created_at=start + datetime.timedelta(minutes=i)) for i in range(60)])
    client = client_for(w.editor_a)
    first = client.get(LOG_URL).context["page_obj"]
    whats = [entry.what for entry in first]
    assert len(whats) == 50 and whats[0] == "Halaman 59" and whats[:3] == ["Halaman 59", "Halaman 58", "Halaman 57"]
    second = client.get(LOG_URL, {"p": 2}).context["page_obj"]
    assert [entry.what for entry in second][-1] == "Halaman 0"


def test_log_csv_download_is_itself_logged(w, logged):
    before = last_pk()
    rows = csv_rows(client_for(w.admin).get(LOG_URL, {"format": "csv", "organisation": w.a.pk}))
    assert len(rows) >= 2 and all(row[2] == w.a.title for row in rows[1:])
    assert w.editor_a.username in {row[1] for row in rows[1:]}
    [entry] = new_entries(before)
    assert (entry.user, entry.action, entry.organisation_id, entry.record_count) == (
        w.admin, AccessLogEntry.Action.EXPORT, None, len(rows) - 1)
    # An OMS editor's CSV holds their own OMS's entries only.
    rows = csv_rows(client_for(w.editor_a).get(LOG_URL, {"format": "csv"}))
    assert rows[1:] and {row[2] for row in rows[1:]} == {w.a.title}
    assert w.editor_b.username not in {row[1] for row in rows[1:]}


def test_retention_job_deletes_entries_older_than_two_years(w):
    from jobs.schedule import discover
    from privacy.accesslog import tasks
    from privacy.accesslog.log import RETENTION_YEARS

    now = timezone.now()
    old = AccessLogEntry.objects.create(username="lama", action="list", what="Lama",
                                        created_at=now - datetime.timedelta(days=365 * RETENTION_YEARS + 2))
    kept = AccessLogEntry.objects.create(username="baru", action="list", what="Baru",
                                         created_at=now - datetime.timedelta(days=365 * RETENTION_YEARS - 2))
    assert tasks.purge_access_log.call() == 1
    assert not AccessLogEntry.objects.filter(pk=old.pk).exists() and AccessLogEntry.objects.filter(pk=kept.pk).exists()
    job = discover()["privacy.accesslog.tasks.purge_access_log"]
    assert job.every == datetime.timedelta(days=1)
