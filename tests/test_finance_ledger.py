"""The ledger: exact splits, idempotency, refunds, the fee cap and history, disbursements, transparency."""
import datetime
import json
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone
from payments import PaymentStatus

from finance.ledger import BalanceError, record_disbursement, split, summary, sync_record
from finance.models import Disbursement, FeeSetting, LedgerEntry
from plugins.donation.models import Donation, Payment

ASK = {"title": "Donasi", "target": Decimal("100000000"), "minimum": Decimal("1000"), "suggested_amounts": []}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def proof():
    return SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")


@pytest.mark.parametrize("gross", [1, 7, 99, 101, 1_333, 150_000, 999_999, 10_000_000_000])
@pytest.mark.parametrize("percentage", ["0", "2.5", "5", "7.33", "10"])
def test_parts_always_add_up_to_the_gross(gross, percentage):
    parts = split(Decimal(gross), Decimal(percentage))
    assert parts["net"] + parts["provincial"] + parts["national"] == gross
    assert parts["fee"] == parts["provincial"] + parts["national"]
    assert all(value == value.to_integral_value() for value in parts.values())
    assert all(value >= 0 for value in parts.values())


def test_split_of_a_simple_donation():
    parts = split(Decimal("150000"), Decimal("5"))
    assert parts == {"gross": 150000, "fee": 7500, "provincial": 5625, "national": 1875, "net": 142500}


def test_fractional_rupiah_are_refused():
    with pytest.raises(ValueError):
        split(Decimal("100.50"), Decimal("5"))


def test_fee_cannot_exceed_the_legal_cap(db):
    with pytest.raises(ValidationError):
        FeeSetting(percentage=Decimal("10.01")).full_clean()
    FeeSetting(percentage=Decimal("10")).full_clean()


def _confirmed_donation(campaign, amount):
    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount))
    donation = Donation.objects.create(campaign=campaign, ask_id=campaign.get_asks()[0].id, amount=Decimal(amount),
                                       payment=payment, name="Donatur", email="d@contoh.id")
    payment.change_status(PaymentStatus.CONFIRMED)
    donation.refresh_from_db()
    return donation


def test_confirmation_writes_lines_once_and_refund_reverses(make_campaign):
    campaign = make_campaign(asks=[("donation", ASK)])
    donation = _confirmed_donation(campaign, 200_000)
    assert donation.status == "confirmed"
    lines = {line.kind: line.amount for line in LedgerEntry.objects.filter(source_id=donation.pk)}
    assert lines == {"gross": 200000, "fee": 10000, "provincial": 7500, "national": 2500, "net": 190000}
    assert LedgerEntry.objects.get(kind="gross").province_id == campaign.regency.province_id
    assert sync_record(donation, campaign, donation.counted_amount, "income") is False  # said already
    donation.payment.change_status(PaymentStatus.CONFIRMED)
    assert LedgerEntry.objects.count() == 5
    donation.payment.change_status(PaymentStatus.REFUNDED)
    assert LedgerEntry.objects.count() == 10
    assert summary(campaign=campaign) == {k: 0 for k in
                                          ("gross", "fee", "provincial", "national", "net", "disbursed", "balance")}


def test_fee_history_applies_the_fee_in_force(make_campaign):
    campaign = make_campaign(asks=[("donation", ASK)])
    first = _confirmed_donation(campaign, 100_000)
    FeeSetting.objects.create(percentage=Decimal("8"), note="Naik", effective_from=timezone.now())
    second = _confirmed_donation(campaign, 100_000)
    fees = {d.pk: LedgerEntry.objects.get(source_id=d.pk, kind="fee").amount for d in (first, second)}
    assert fees == {first.pk: 5000, second.pk: 8000}
    assert FeeSetting.objects.count() == 2  # history kept


def test_disbursement_never_below_zero(make_campaign, admin_user):
    campaign = make_campaign(asks=[("donation", ASK)])
    _confirmed_donation(campaign, 100_000)  # net 95.000
    record_disbursement(campaign, Decimal("60000"), timezone.localdate(), proof(), user=admin_user)
    with pytest.raises(BalanceError):
        record_disbursement(campaign, Decimal("35001"), timezone.localdate(), proof())
    record_disbursement(campaign, Decimal("35000"), timezone.localdate(), proof())
    assert summary(campaign=campaign)["balance"] == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_disbursements_cannot_overdraw(home_page, make_campaign):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    campaign = make_campaign(asks=[("donation", ASK)])
    _confirmed_donation(campaign, 100_000)  # net 95.000
    outcomes = []

    def pay():
        try:
            record_disbursement(campaign, Decimal("50000"), timezone.localdate(), proof())
            outcomes.append("ok")
        except BalanceError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=pay) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused", "refused", "refused"]
    assert Disbursement.objects.count() == 1


def test_transparency_pages_show_exact_figures(client, make_campaign, organisation):
    campaign = make_campaign(asks=[("donation", ASK)])
    _confirmed_donation(campaign, 150_000)
    _confirmed_donation(campaign, 50_000)
    record_disbursement(campaign, Decimal("100000"), datetime.date(2026, 11, 1), proof(), note="Tahap 1")
    page = client.get(f"/id/transparansi/kampanye/{campaign.pk}/")
    body = page.content.decode()
    for figure in ("Rp 200.000", "Rp 10.000", "Rp 7.500", "Rp 2.500", "Rp 190.000", "Rp 100.000", "Rp 90.000"):
        assert figure in body
    assert "Tahap 1" in body
    data = json.loads(client.get(f"/id/transparansi/kampanye/{campaign.pk}/?format=json").content)
    assert data["gross"] == "200000" and data["balance"] == "90000"
    assert data["disbursements"][0]["amount"] == "100000" and data["disbursements"][0]["proof"].endswith(".pdf")
    csv_text = client.get(f"/id/transparansi/kampanye/{campaign.pk}/?format=csv").content.decode("utf-8-sig")
    assert "net,190000" in csv_text and "balance,90000" in csv_text
    org = json.loads(client.get(f"/id/transparansi/mitra/{organisation.pk}/?format=json").content)
    assert org["gross"] == "200000" and org["disbursed"] == "100000"
    province = campaign.regency.province
    shares = json.loads(client.get(f"/id/transparansi/provinsi/{province.slug}/?format=json").content)
    assert shares["provincial"] == "7500"
    assert client.get(f"/id/transparansi/kampanye/{campaign.pk}/?format=xml").status_code == 404


def test_unpublished_campaign_has_no_public_transparency(client, make_campaign):
    draft = make_campaign(asks=[("donation", ASK)], live=False, slug="draf")
    assert client.get(f"/id/transparansi/kampanye/{draft.pk}/").status_code == 404


def test_only_national_finance_changes_the_fee(client, admin_client, make_editor, organisation, django_user_model):
    editor = make_editor(organisation)
    client.force_login(editor)
    # Wagtail answers a refused admin view with a redirect to the dashboard and a message.
    for response in (client.get("/admin/keuangan/fee/"),
                     client.post("/admin/keuangan/fee/", {"percentage": "9", "note": "x",
                                                          "effective_from": "2026-01-01T00:00"}),
                     client.get("/admin/keuangan/disbursements/")):
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert FeeSetting.current() == Decimal("5")
    response = admin_client.post("/admin/keuangan/fee/", {"percentage": "12", "note": "terlalu tinggi",
                                                          "effective_from": "2026-01-01T00:00"})
    assert response.status_code == 400 and FeeSetting.current() == Decimal("5")
    response = admin_client.post("/admin/keuangan/fee/", {"percentage": "7.5", "note": "Rapat nasional",
                                                          "effective_from": "2026-01-01T00:00"})
    assert response.status_code == 302 and FeeSetting.current() == Decimal("7.5")
    from django.contrib.auth.models import Group

    finance_user = django_user_model.objects.create_user("keuangan", password="x")
    finance_user.groups.add(Group.objects.get(name="Keuangan Nasional"))
    finance_client = Client()
    finance_client.force_login(finance_user)
    assert finance_client.get("/admin/keuangan/fee/").status_code == 200


def test_disbursement_form_refuses_overdraw_and_bad_proof(admin_client, make_campaign):
    campaign = make_campaign(asks=[("donation", ASK)])
    _confirmed_donation(campaign, 100_000)
    data = {"campaign": campaign.pk, "amount": "95.001", "paid_on": "2026-11-01", "note": "x"}
    response = admin_client.post("/admin/keuangan/disbursements/", {**data, "proof": proof()})
    assert response.status_code == 400 and "Rp 95.000" in response.content.decode()
    fake = SimpleUploadedFile("bukti.pdf", b"not a pdf at all", content_type="application/pdf")
    response = admin_client.post("/admin/keuangan/disbursements/", {**data, "amount": "10.000", "proof": fake})
    assert response.status_code == 400 and not Disbursement.objects.exists()
    response = admin_client.post("/admin/keuangan/disbursements/", {**data, "amount": "95.000", "proof": proof()})
    assert response.status_code == 302 and Disbursement.objects.get().amount == 95000


def _refunded_so_far(payment, amount):
    """A provider recording that ``amount`` has been refunded so far (it stays confirmed)."""
    payment.refunded_amount = Decimal(amount)
    payment.save(update_fields=["refunded_amount"])
    payment.change_status(PaymentStatus.CONFIRMED)


def test_partial_refund_reverses_only_the_refunded_part(make_campaign):
    campaign = make_campaign(asks=[("donation", ASK)])
    donation = _confirmed_donation(campaign, 200_000)
    _refunded_so_far(donation.payment, 50000)
    _refunded_so_far(donation.payment, 50000)  # delivered twice
    figures = summary(campaign=campaign)
    assert figures["gross"] == 150000 and figures["net"] + figures["fee"] == 150000
    _refunded_so_far(donation.payment, 80000)
    assert summary(campaign=campaign)["gross"] == 120000
    donation.refresh_from_db()
    assert donation.status == "confirmed" and donation.refunded_amount == 80000
    (_a, _t, progress), = campaign.get_progress()
    assert progress.current == 120000


def test_refund_of_money_never_confirmed_is_a_failure(make_campaign):
    campaign = make_campaign(asks=[("donation", ASK)])
    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(10000))
    donation = Donation.objects.create(campaign=campaign, ask_id=campaign.get_asks()[0].id, amount=Decimal(10000),
                                       payment=payment, name="X", email="x@contoh.id")
    payment.change_status(PaymentStatus.REFUNDED)
    donation.refresh_from_db()
    assert donation.status == "failed" and not LedgerEntry.objects.exists()


def test_the_fee_in_force_follows_its_history_through_the_cache(db):
    """``FeeSetting.current`` reads the history from the shared cache: a new row applies from its
    own moment, not before, and not a moment later than it was saved."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    start = FeeSetting.current()
    FeeSetting.objects.create(percentage=Decimal("6"), effective_from=now + timedelta(days=1), note="besok")
    assert FeeSetting.current() == start  # kept history, dropped and read again: tomorrow's not yet
    assert FeeSetting.current(now + timedelta(days=2)) == Decimal("6")
    FeeSetting.objects.create(percentage=Decimal("8"), effective_from=now - timedelta(seconds=1), note="kini")
    assert FeeSetting.current() == Decimal("8")
    assert FeeSetting.current(now - timedelta(days=3650)) == Decimal("0")
