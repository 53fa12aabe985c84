"""The breach register (issue 19, UU PDP): who a breach affects, the list and the Indonesian email
draft (``manage.py breach_report`` and the admin's downloads), the 3 × 24-hour deadline, and who
may use the register.
"""
import csv
import datetime
import io
import os
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import formats, timezone, translation

from partners.testing import PASSWORD, make_moderator, make_verified_oms  # noqa: F401 - fixtures
from privacy.breaches.draft import notification_draft
from privacy.models import SETTINGS_CACHE_KEY, AccessLogEntry, Breach, PrivacySettings

pytestmark = pytest.mark.django_db
NOW = timezone.now()
TODAY = timezone.localdate()
INKIND = ("inkind", {
    "title": "Bahan tandon", "description": "", "items": [{"name": "Semen", "unit": "sak", "quantity": 20}],
    "drop_off_address": "Balai Dusun", "drop_off_hours": "08.00–16.00", "drop_off_details": "", "allows_pick_up": True,
})
DONATION = ("donation", {"title": "Donasi tandon", "target": Decimal("5000000"), "minimum": Decimal("10000"),
                         "suggested_amounts": [50000], "allow_monthly": False})
CONTACT = "Petugas Pelindungan Data Pribadi, privasi@lokadaya.id, 0274 555 123"


@pytest.fixture(autouse=True)
def _fresh(settings):
    settings.LOKADAYA_PAGE_CACHE = False
    cache.delete(SETTINGS_CACHE_KEY)
    yield
    cache.delete(SETTINGS_CACHE_KEY)


def _ask(campaign, key):
    return next(ask for ask in campaign.get_asks() if ask.type_key == key)


def goods(campaign, name, email="", phone="", days_ago=1):
    from plugins.inkind.items import ask_items
    from plugins.inkind.models import InKindPledge

    ask = _ask(campaign, "inkind")
    item = ask_items(ask.value)[0]
    pledge = InKindPledge.objects.create(
        campaign=campaign, ask_id=ask.id, item_key=item.key, item_name=item.name, unit=item.unit, quantity=2,
        delivery=InKindPledge.Delivery.DROP_OFF, delivery_date=TODAY, name=name, email=email, phone=phone)
    InKindPledge.objects.filter(pk=pledge.pk).update(created_at=NOW - datetime.timedelta(days=days_ago))
    return pledge


def donation(campaign, name, email="", phone="", days_ago=1):
    from plugins.donation.models import Donation, Payment

    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal("50000"), status="confirmed")
    gift = Donation.objects.create(campaign=campaign, ask_id=_ask(campaign, "donation").id, amount=Decimal("50000"),
                                   payment=payment, name=name, email=email, phone=phone,
                                   status=Donation.Status.CONFIRMED, received_amount=Decimal("50000"))
    Donation.objects.filter(pk=gift.pk).update(created_at=NOW - datetime.timedelta(days=days_ago))
    return gift


@pytest.fixture
def w(make_verified_oms, make_campaign, make_moderator):
    class World:
        pass

    w = World()
    User = get_user_model()
    w.oms = make_verified_oms("oms-bocor", "33.74")
    w.other_oms = make_verified_oms("oms-lain", "73.71")
    w.camp = make_campaign(asks=[INKIND, DONATION], parent=w.oms, slug="tandon-air", title="Tandon Air Dusun Kali")
    w.other = make_campaign(asks=[INKIND, DONATION], parent=w.other_oms, slug="lampu", title="Lampu Jalan")
    # Siti, three times: two types, one record with her number only (written another way).
    goods(w.camp, "Siti Aminah", "Siti@Contoh.id", "0812-1111-2222", days_ago=1)  # her latest details
    donation(w.camp, "Siti A.", "siti@contoh.id ", "", days_ago=3)
    goods(w.camp, "Siti", "", "+62 812 1111 2222", days_ago=2)
    goods(w.camp, "Dewi Lestari", "", "0857 9999 0000")  # a number only, nobody else's
    donation(w.camp, "Budi Santoso", "budi@contoh.id", days_ago=30)  # before the period
    goods(w.other, "Rina Wati", "rina@contoh.id")  # another campaign
    goods(w.camp, "", "", "")  # anonymised already: nobody
    w.breach = Breach.objects.create(
        title="Ekspor CSV terkirim ke alamat yang salah",
        description="Daftar pendukung dikirim lewat email ke penerima yang salah.",
        data_kinds="nama, email dan nomor telepon pendukung", discovered_at=NOW - datetime.timedelta(hours=5),
        measures="Penerima diminta menghapus lampiran dan sudah mengonfirmasi.",
        records_from=NOW - datetime.timedelta(days=10), records_until=NOW)
    w.breach.campaigns.set([w.camp])
    PrivacySettings.objects.create(controller_contact=CONTACT)
    w.national = User.objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    w.officer = User.objects.create_user("petugas-privasi", password=PASSWORD)
    w.officer.user_permissions.add(Permission.objects.get(codename="access_admin"),
                                   Permission.objects.get(codename="change_breach", content_type__app_label="privacy"))
    w.editor, w.moderator = w.oms.editor, make_moderator("33")
    return w


def read_csv(text):
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    return rows[0], rows[1:]


def run_report(breach, *args):
    out = io.StringIO()
    call_command("breach_report", str(breach.pk), *args, stdout=out)
    return out.getvalue()


# -- the command --------------------------------------------------------------------------------------------


def test_the_report_lists_the_right_people_once_each(w, tmp_path):
    output = run_report(w.breach, "--output", str(tmp_path / "laporan"))
    folder = tmp_path / "laporan"
    assert sorted(os.listdir(folder)) == ["affected.csv", "notification_draft.txt"]
    assert str(folder / "affected.csv") in output and str(folder / "notification_draft.txt") in output
    header, rows = read_csv((folder / "affected.csv").read_text(encoding="utf-8"))
    with translation.override("id"):
        assert header[:3] == [translation.gettext("Name"), translation.gettext("Email"), translation.gettext("Phone")]
    by_name = {row[0]: row for row in rows}
    assert sorted(by_name) == ["Dewi Lestari", "Siti Aminah"]  # not Budi (before), not Rina (elsewhere)
    siti = by_name["Siti Aminah"]
    assert siti[1] == "siti@contoh.id" and siti[2] == "0812-1111-2222"
    assert siti[3] == "Tandon Air Dusun Kali" and siti[5] == "3"  # three records, one person
    assert len(siti[4].split("; ")) == 2  # goods and money
    assert by_name["Dewi Lestari"][1] == "" and by_name["Dewi Lestari"][2] == "0857 9999 0000"
    w.breach.refresh_from_db()
    assert w.breach.affected_count == 2
    assert "2" in output


def test_the_scope_by_support_type_and_every_campaign(w, tmp_path):
    w.breach.support_types = ["donation"]
    w.breach.records_from = None
    w.breach.save()
    w.breach.campaigns.clear()  # every campaign
    run_report(w.breach, "--output", str(tmp_path / "a"))
    _header, rows = read_csv((tmp_path / "a" / "affected.csv").read_text(encoding="utf-8"))
    assert sorted(row[1] for row in rows) == ["budi@contoh.id", "siti@contoh.id"]
    assert all(row[5] == "1" for row in rows)


def test_the_draft_is_indonesian_and_says_what_it_must(w, tmp_path):
    run_report(w.breach, "--output", str(tmp_path / "r"))
    draft = (tmp_path / "r" / "notification_draft.txt").read_text(encoding="utf-8")
    assert w.breach.title in draft and w.breach.data_kinds in draft and CONTACT in draft
    assert w.breach.measures in draft and w.breach.description in draft
    assert "Tandon Air Dusun Kali" in draft and "3 × 24" in draft
    with translation.override("id"):
        for text in ("What happened", "Which data", "What we did", "What you can do", "Contact"):
            assert translation.gettext(text) in draft, text
        # Dates in Indonesian (Django's own calendar), in Jakarta time.
        found = formats.date_format(timezone.localtime(w.breach.discovered_at), "j F Y")
        deadline = formats.date_format(timezone.localtime(w.breach.notify_by), "j F Y, H:i")
    assert found in draft and deadline in draft
    assert draft == notification_draft(w.breach, "id")
    english = notification_draft(w.breach, "en")
    assert "What happened" in english and w.breach.title in english


def test_the_draft_without_a_contact_or_measures_still_tells_what_to_do(w):
    PrivacySettings.objects.update(controller_contact="")
    cache.delete(SETTINGS_CACHE_KEY)
    w.breach.measures = ""
    w.breach.occurred_at = None
    w.breach.save()
    draft = notification_draft(w.breach, "id")
    with translation.override("id"):
        assert translation.gettext("Reply to this email: the person who handles personal data at Lokadaya "
                                   "will answer.") in draft
        assert translation.gettext("We do not yet know exactly when it happened.") in draft
    assert "\n\n\n" not in draft


def test_the_command_refuses_an_unknown_breach_or_language(w, tmp_path):
    with translation.override("en"):
        with pytest.raises(CommandError, match="no breach number 9999"):
            call_command("breach_report", "9999", "--output", str(tmp_path / "x"))
        with pytest.raises(CommandError, match="no breach number abc"):
            call_command("breach_report", "abc", "--output", str(tmp_path / "x"))
        with pytest.raises(CommandError, match="Unknown language"):
            call_command("breach_report", str(w.breach.pk), "--language", "fr", "--output", str(tmp_path / "x"))
    assert not (tmp_path / "x").exists()


def test_an_unwritable_directory_writes_nothing(w, tmp_path):
    blocker = tmp_path / "berkas"
    blocker.write_text("bukan folder")
    with translation.override("en"), pytest.raises(CommandError, match="Cannot write the report"):
        call_command("breach_report", str(w.breach.pk), "--output", str(blocker / "laporan"))
    with translation.override("en"), pytest.raises(CommandError, match="Cannot write the report"):
        call_command("breach_report", str(w.breach.pk), "--output", str(blocker))
    assert sorted(os.listdir(tmp_path)) == ["berkas"]  # no temporary directory left behind
    w.breach.refresh_from_db()
    assert w.breach.affected_count is None


def test_an_existing_directory_gets_both_files_and_the_default_name(w, tmp_path, monkeypatch):
    (tmp_path / "ada").mkdir()
    (tmp_path / "ada" / "catatan.txt").write_text("tetap")
    run_report(w.breach, "--output", str(tmp_path / "ada"))
    assert sorted(os.listdir(tmp_path / "ada")) == ["affected.csv", "catatan.txt", "notification_draft.txt"]
    monkeypatch.chdir(tmp_path)
    run_report(w.breach)
    assert (tmp_path / f"breach-{w.breach.pk}-{TODAY:%Y%m%d}" / "affected.csv").exists()


# -- the register in the admin ------------------------------------------------------------------------------


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def refused(response):
    """Wagtail's refusal of an admin view: back to the dashboard (or a plain 403)."""
    assert response.status_code in (302, 403), response.status_code
    if response.status_code == 302:
        assert response["Location"] == "/admin/", response["Location"]


LIST = "/admin/privasi/pelanggaran/"


def form_data(w, **overrides):
    data = {"title": "Laptop staf hilang", "description": "Laptop berisi ekspor pendukung hilang di kereta.",
            "data_kinds": "nama dan email donatur", "discovered_at": timezone.localtime(NOW).strftime("%Y-%m-%dT%H:%M"),
            "occurred_at": "", "contained_at": "", "measures": "Akun staf dikunci.",
            "campaigns": [str(w.camp.pk)], "support_types": ["donation"],
            "records_from": "", "records_until": "", "authority_notified_at": "", "subjects_notified_at": ""}
    data.update(overrides)
    return data


@pytest.mark.parametrize("who", ["national", "officer"])
def test_national_admins_and_privacy_officers_keep_the_register(w, who):
    client = client_for(w.national if who == "national" else w.officer)
    body = client.get(LIST).content.decode()
    assert w.breach.title in body and LIST in client.get("/admin/").content.decode()
    assert client.get(LIST + "baru/").status_code == 200
    response = client.post(LIST + "baru/", form_data(w))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    breach = Breach.objects.get(title="Laptop staf hilang")
    assert list(breach.campaigns.all()) == [w.camp] and breach.support_types == ["donation"]
    assert breach.created_by.username == ("nasional" if who == "national" else "petugas-privasi")
    detail = client.get(f"{LIST}{breach.pk}/")
    assert detail.status_code == 200 and detail.context["count"] == 2  # Siti's donation, Budi's
    assert 'id="affected-count">2<' in detail.content.decode()
    breach.refresh_from_db()
    assert breach.affected_count == 2
    # Change it: the scope and the text.
    response = client.post(f"{LIST}{breach.pk}/ubah/", form_data(w, title="Laptop staf dicuri", support_types=[]))
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.title == "Laptop staf dicuri" and breach.support_types == []
    # Mark who was told, with the time.
    assert client.post(f"{LIST}{breach.pk}/", {"action": "authority"}).status_code == 302
    breach.refresh_from_db()
    assert breach.authority_notified_at is not None and breach.subjects_notified_at is None
    first = breach.authority_notified_at
    client.post(f"{LIST}{breach.pk}/", {"action": "authority"})  # once only
    client.post(f"{LIST}{breach.pk}/", {"action": "subjects"})
    breach.refresh_from_db()
    assert breach.authority_notified_at == first and breach.subjects_notified_at is not None


def test_bad_input_is_refused_and_nothing_is_saved(w):
    client = client_for(w.national)
    later = timezone.localtime(NOW + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    for overrides, field in [
        ({"title": ""}, "title"),
        ({"discovered_at": later}, "discovered_at"),
        ({"records_from": "2026-03-01T00:00", "records_until": "2026-02-01T00:00"}, "records_until"),
        ({"support_types": ["tidak_ada"]}, "support_types"),
        ({"campaigns": ["999999"]}, "campaigns"),
        ({"authority_notified_at": "2020-01-01T00:00"}, "authority_notified_at"),
    ]:
        response = client.post(LIST + "baru/", form_data(w, **overrides))
        assert response.status_code == 400, overrides
        assert field in response.context["form"].errors, (overrides, response.context["form"].errors)
    assert Breach.objects.count() == 1


def test_downloads_match_the_command_and_are_logged(w, tmp_path):
    client = client_for(w.national)
    response = client.get(f"{LIST}{w.breach.pk}/terdampak.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    run_report(w.breach, "--output", str(tmp_path / "r"))
    assert response.content == (tmp_path / "r" / "affected.csv").read_bytes()
    entry = AccessLogEntry.objects.get()
    assert entry.user == w.national and entry.action == AccessLogEntry.Action.EXPORT and entry.record_count == 2
    assert "Siti" not in entry.what
    draft = client.get(f"{LIST}{w.breach.pk}/draf-pemberitahuan.txt")
    assert draft.status_code == 200
    assert draft.content == (tmp_path / "r" / "notification_draft.txt").read_bytes()
    english = client.get(f"{LIST}{w.breach.pk}/draf-pemberitahuan.txt?language=en").content.decode()
    assert "What happened" in english
    assert AccessLogEntry.objects.count() == 1  # the draft names nobody: not an export


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_others_are_refused_and_nothing_changes(w, role):
    client = client_for(getattr(w, role))
    before = Breach.objects.values().get(pk=w.breach.pk)
    pk = w.breach.pk
    for url in (LIST, LIST + "baru/", f"{LIST}{pk}/", f"{LIST}{pk}/ubah/", f"{LIST}{pk}/terdampak.csv",
                f"{LIST}{pk}/draf-pemberitahuan.txt"):
        refused(client.get(url))
    refused(client.post(LIST + "baru/", form_data(w)))
    refused(client.post(f"{LIST}{pk}/ubah/", form_data(w, title="Diubah")))
    refused(client.post(f"{LIST}{pk}/", {"action": "authority"}))
    assert Breach.objects.count() == 1 and Breach.objects.values().get(pk=pk) == before
    assert not AccessLogEntry.objects.exists()
    assert LIST not in client.get("/admin/").content.decode()


def test_overdue_is_flagged_until_both_are_told(w):
    overdue = Breach.objects.create(title="Basis data terbuka", description="x", data_kinds="email",
                                    discovered_at=NOW - datetime.timedelta(hours=80))
    late = Breach.objects.create(title="Telat diberitahukan", description="x", data_kinds="email",
                                 discovered_at=NOW - datetime.timedelta(days=10),
                                 authority_notified_at=NOW - datetime.timedelta(days=5),
                                 subjects_notified_at=NOW - datetime.timedelta(days=5))
    assert overdue.is_overdue and not w.breach.is_overdue and not late.is_overdue and late.notified_late
    client = client_for(w.national)
    body = client.get(LIST).content.decode()

    def row(breach):
        return body.split(f'id="pelanggaran-{breach.pk}"', 1)[1].split("</tr>", 1)[0]

    with translation.override("id"):
        flag, told_late = translation.gettext("overdue"), translation.gettext("told late")
    assert flag in row(overdue) and "data-overdue" in row(overdue)
    assert "data-overdue" not in row(w.breach) and "data-overdue" not in row(late) and told_late in row(late)
    assert "data-overdue" in client.get(f"{LIST}{overdue.pk}/").content.decode()
    Breach.objects.filter(pk=overdue.pk).update(authority_notified_at=NOW, subjects_notified_at=NOW)
    overdue.refresh_from_db()
    assert not overdue.is_overdue and overdue.notified_late
    assert "data-overdue" not in client.get(f"{LIST}{overdue.pk}/").content.decode()
