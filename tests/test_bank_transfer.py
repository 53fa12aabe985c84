"""Manual bank transfer: unique amount, private bank account, proof uploads, confirm/reject, expiry."""
import datetime
import os
import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from payments import PaymentStatus

from banktransfer import services
from banktransfer.models import BankTransfer
from banktransfer.storage import PrivateProofStorage
from banktransfer.testing import *  # noqa: F401,F403 - fixtures and helpers
from banktransfer.testing import BANK, PDF_BYTES, give_by_transfer, png_bytes, set_bank_account, upload
from lokadaya.money import format_rupiah
from plugins.donation.models import Donation, Payment


def transfer_of(token):
    return BankTransfer.objects.select_related("payment__donation").get(payment__token=token)


# -- the donor's flow ----------------------------------------------------------------------


def test_instructions_show_unique_amount_and_bank_account(client, bank_campaign,
                                                          django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        token, response = give_by_transfer(client, bank_campaign)
    assert response.status_code == 302 and response["Location"] == f"/id/transfer/{token}/"
    transfer = transfer_of(token)
    assert 1 <= transfer.unique_code <= 999
    assert transfer.amount == Decimal("150000")
    assert transfer.amount_to_pay == Decimal("150000") + transfer.unique_code
    assert transfer.status == BankTransfer.Status.AWAITING_TRANSFER
    assert transfer.organisation_id == bank_campaign.get_parent().pk and transfer.campaign_id == bank_campaign.pk
    hours = (transfer.expires_at - timezone.now()).total_seconds() / 3600
    assert 47.9 < hours <= 48  # PAYMENT_VARIANTS["transfer"] expiry_hours=48

    page = client.get(f"/id/transfer/{token}/")
    assert page.status_code == 200
    body = page.content.decode()
    expected = f"Rp 150.{transfer.unique_code:03d}"
    assert expected in body
    assert BANK["bank_account_number"] in body and BANK["bank_name"] in body and BANK["bank_account_holder"] in body
    assert "Transfer tepat" in body  # Indonesian interface
    assert 'enctype="multipart/form-data"' in body and 'name="proof"' in body
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    # The English page is the same transfer, the amount in English number format.
    english = client.get(f"/en/transfer/{token}/").content.decode()
    assert f"Rp 150,{transfer.unique_code:03d}" in english and "Transfer exactly" in english

    # The donor got the instructions by email, in their language.
    instructions = [m for m in mail.outbox if m.to == ["siti@contoh.id"] and expected in m.subject]
    assert len(instructions) == 1
    assert BANK["bank_account_number"] in instructions[0].body
    assert f"/id/transfer/{token}/" in instructions[0].body and "Transfer tepat" in instructions[0].body
    # Visiting the payment step again keeps the same transfer and amount.
    again = client.get(f"/id/dukung/donation/bayar/{token}/")
    assert again.status_code == 302 and BankTransfer.objects.count() == 1


def test_public_profile_never_shows_the_bank_account(client, bank_campaign, organisation):
    profile = client.get(organisation.url)
    assert profile.status_code == 200
    body = profile.content.decode()
    assert BANK["bank_account_number"] not in body
    assert BANK["bank_account_number"].replace("-", "") not in body
    campaign_page = client.get(bank_campaign.url).content.decode()
    assert BANK["bank_account_number"] not in campaign_page


def test_bank_account_is_a_snapshot(client, bank_campaign, organisation):
    token, _response = give_by_transfer(client, bank_campaign)
    set_bank_account(organisation, bank_name="Bank Mandiri", bank_account_number="999-000-111")
    body = client.get(f"/id/transfer/{token}/").content.decode()
    assert BANK["bank_account_number"] in body and "999-000-111" not in body
    token2, _response = give_by_transfer(client, bank_campaign, amount="50.000")
    assert transfer_of(token2).bank_account_number == "999-000-111"


def test_organisation_without_bank_account_refuses_transfer(client, make_campaign):
    from banktransfer.testing import ASK

    campaign = make_campaign(asks=[("donation", ASK)])  # the OMS has no bank account
    url = f"{campaign.url}dukung/{campaign.get_asks()[0].id}/"
    data = {"amount": "150.000", "name": "Siti", "email": "siti@contoh.id", "message": "Semangat!",
            "method": "transfer"}
    # The donation form says so up front, keeps what was typed, and saves nothing.
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "belum memasang rekening bank" in body and "metode pembayaran lain" in body
    assert "Semangat!" in body
    assert not Payment.objects.exists() and not BankTransfer.objects.exists()
    # ...and the donor can give with another method.
    response = client.post(url, {**data, "method": "dummy"})
    assert response.status_code == 302


def test_transfer_refused_at_the_payment_step_when_the_account_disappears(client, bank_campaign):
    """An account removed between the form and the payment step: the payment is cancelled, clearly."""
    from banktransfer.testing import ASK  # noqa: F401  (same ask as the bank campaign)

    organisation = bank_campaign.organisation
    data = {"amount": "150.000", "name": "Siti", "email": "siti@contoh.id", "method": "transfer"}
    response = client.post(f"{bank_campaign.url}dukung/{bank_campaign.get_asks()[0].id}/", data)
    assert response.status_code == 302
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    type(organisation).objects.filter(pk=organisation.pk).update(bank_account_number="")
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"] == f"/id/transfer/{token}/tidak-tersedia/"
    page = client.get(response["Location"]).content.decode()
    assert "belum memasang rekening bank" in page
    payment = Payment.objects.get(token=token)
    assert payment.status == PaymentStatus.CANCELLED and payment.donation.status == Donation.Status.FAILED
    assert not BankTransfer.objects.exists()


def test_refusal_reason_for_the_donation_form(bank_campaign, make_campaign, make_organisation):
    from payments.core import provider_factory

    provider = provider_factory("transfer")
    assert provider.refusal_reason(bank_campaign) is None
    other = make_organisation(slug="tanpa-rekening", title="OMS Tanpa Rekening")
    from banktransfer.testing import ASK

    campaign = make_campaign(asks=[("donation", ASK)], parent=other, slug="tanpa-rekening-kampanye")
    assert "OMS Tanpa Rekening" in str(provider.refusal_reason(campaign))


def test_other_variants_have_no_transfer_page(client, bank_campaign):
    response = client.post(f"{bank_campaign.url}dukung/{bank_campaign.get_asks()[0].id}/", {
        "amount": "150.000", "name": "Siti", "email": "siti@contoh.id", "method": "dummy"})
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert client.get(f"/id/transfer/{token}/").status_code == 404
    assert client.get("/id/transfer/bukan-token/").status_code == 404


# -- proof uploads -------------------------------------------------------------------------


def test_valid_png_proof_is_stored_privately_and_the_oms_told(client, bank_campaign, private_proof_root,
                                                            django_capture_on_commit_callbacks):
    token, _response = give_by_transfer(client, bank_campaign)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, token, png_bytes(), name="Bukti Transfer Saya.PNG",
                          sender_name="  Siti   Rahmawati ")
    assert response.status_code == 302 and response["Location"] == f"/id/transfer/{token}/"
    transfer = transfer_of(token)
    assert transfer.status == BankTransfer.Status.PROOF_UPLOADED
    assert transfer.proof_content_type == "image/png" and transfer.proof_uploaded_at is not None
    assert transfer.sender_name == "Siti Rahmawati"
    # A random name, in the private directory, not under MEDIA_ROOT, with no URL.
    assert "Bukti" not in transfer.proof.name and transfer.proof.name.endswith(".png")
    path = transfer.proof.path
    assert path.startswith(str(private_proof_root)) and os.path.exists(path)
    assert not os.path.abspath(path).startswith(os.path.abspath(settings.MEDIA_ROOT))
    assert isinstance(transfer.proof.storage, PrivateProofStorage)
    with pytest.raises(ValueError):
        transfer.proof.url  # noqa: B018
    assert client.get(settings.MEDIA_URL + transfer.proof.name).status_code == 404
    # The OMS is asked to review, with a link to the admin.
    to_oms = [m for m in mail.outbox if m.to == ["oms@contoh.id"]]
    assert len(to_oms) == 1 and f"/admin/transfer-bank/{transfer.pk}/" in to_oms[0].body
    assert f"Rp 150.{transfer.unique_code:03d}" in to_oms[0].subject
    page = client.get(f"/id/transfer/{token}/").content.decode()
    assert "Kami sudah menerima bukti transfer" in page
    assert "Ganti bukti transfer" in page  # re-upload allowed until reviewed
    # A replaced proof does not email the OMS again (no mail flood from one donor).
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(client, token, png_bytes(color=(0, 0, 0))).status_code == 302
    assert not mail.outbox and not os.path.exists(path)


def test_valid_pdf_and_jpeg_and_webp_proofs(client, bank_campaign, django_capture_on_commit_callbacks):
    token, _ = give_by_transfer(client, bank_campaign)
    assert upload(client, token, PDF_BYTES, name="mutasi.pdf", content_type="application/pdf").status_code == 302
    transfer = transfer_of(token)
    assert transfer.proof_content_type == "application/pdf" and transfer.proof.name.endswith(".pdf")
    first_path = transfer.proof.path
    # Re-upload replaces the file (the old one is removed once the new one is committed).
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, token, png_bytes(fmt="JPEG"), name="foto.jpg", content_type="image/jpeg")
    assert response.status_code == 302
    transfer = transfer_of(token)
    assert transfer.proof_content_type == "image/jpeg" and transfer.proof.name.endswith(".jpg")
    assert os.path.exists(transfer.proof.path) and not os.path.exists(first_path)
    response = upload(client, token, png_bytes(fmt="WEBP"), name="layar.webp", content_type="image/webp")
    assert response.status_code == 302 and transfer_of(token).proof_content_type == "image/webp"


@pytest.mark.parametrize("name, content, content_type, message", [
    ("bukti.png", b"Ini bukan gambar, hanya teks biasa.\n" * 20, "image/png", "bukan gambar asli"),
    ("bukti.exe", b"MZ\x90\x00" + b"\x00" * 200, "application/octet-stream", "JPG, PNG, atau WebP"),
    ("bukti.exe", b"MZ\x90\x00" + b"\x00" * 200, "image/png", "JPG, PNG, atau WebP"),
    ("bukti", png_bytes(), "image/png", "JPG, PNG, atau WebP"),
    ("bukti.png", png_bytes(), "text/html", "JPG, PNG, atau WebP"),
    ("bukti.pdf", b"<html>bukan pdf</html>", "application/pdf", "bukan PDF asli"),
    ("bukti.png", png_bytes(fmt="JPEG"), "image/png", "tidak sesuai dengan namanya"),
    ("bukti.png", png_bytes(size=(10, 10)), "image/png", "terlalu kecil"),
    ("bukti.png", png_bytes()[:60], "image/png", "bukan gambar asli"),
    ("bukti.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "application/pdf", "terlalu besar"),
])
def test_bad_proofs_are_refused_and_nothing_is_lost(client, bank_campaign, private_proof_root, name, content,
                                                    content_type, message):
    token, _ = give_by_transfer(client, bank_campaign)
    before = transfer_of(token)
    mail.outbox.clear()
    response = upload(client, token, content, name=name, content_type=content_type, sender_name="Budi Santoso")
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body, body[body.find("errorlist"):][:600]
    assert 'role="alert"' in body
    assert 'value="Budi Santoso"' in body  # what was typed is kept
    assert f"Rp 150.{before.unique_code:03d}" in body  # the instructions are still there
    after = transfer_of(token)
    assert after.status == BankTransfer.Status.AWAITING_TRANSFER and not after.proof
    assert after.amount_to_pay == before.amount_to_pay and after.sender_name == ""
    assert not mail.outbox
    assert not private_proof_root.exists() or not any(p.is_file() for p in private_proof_root.rglob("*"))


def test_missing_file_is_refused(client, bank_campaign):
    token, _ = give_by_transfer(client, bank_campaign)
    response = client.post(f"/id/transfer/{token}/", {"sender_name": "Budi"})
    assert response.status_code == 400 and "Pilih foto" in response.content.decode()


def test_size_limit_is_a_setting(client, bank_campaign, settings):
    settings.BANK_TRANSFER_MAX_PROOF_BYTES = 1000
    token, _ = give_by_transfer(client, bank_campaign)
    response = upload(client, token, PDF_BYTES + b"0" * 1000, name="a.pdf", content_type="application/pdf")
    assert response.status_code == 400 and "terlalu besar" in response.content.decode()
    assert upload(client, token, PDF_BYTES, name="a.pdf", content_type="application/pdf").status_code == 302


def test_bad_proof_after_a_good_one_keeps_the_good_one(client, bank_campaign):
    token, _ = give_by_transfer(client, bank_campaign)
    upload(client, token, png_bytes())
    good = transfer_of(token)
    response = upload(client, token, b"teks", name="b.png")
    assert response.status_code == 400
    after = transfer_of(token)
    assert after.proof.name == good.proof.name and os.path.exists(after.proof.path)
    assert after.status == BankTransfer.Status.PROOF_UPLOADED


# -- review: confirm and reject ------------------------------------------------------------


def test_confirm_counts_the_donation_and_is_idempotent(admin_client, client, bank_campaign, admin_user,
                                                       django_capture_on_commit_callbacks):
    token, _ = give_by_transfer(client, bank_campaign)
    upload(client, token, png_bytes())
    transfer = transfer_of(token)
    (_ask, _type, progress), = bank_campaign.get_progress()
    assert progress.current == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/transfer-bank/{transfer.pk}/konfirmasi/")
    assert response.status_code == 302
    transfer.refresh_from_db()
    payment = Payment.objects.get(token=token)
    assert transfer.status == BankTransfer.Status.CONFIRMED
    assert transfer.reviewed_by == admin_user and transfer.reviewed_at is not None
    assert payment.status == PaymentStatus.CONFIRMED and payment.captured_amount == transfer.amount_to_pay
    assert payment.donation.status == Donation.Status.CONFIRMED
    (_ask, _type, progress), = bank_campaign.get_progress()
    # What arrived counts, the unique code included.
    assert progress.current == transfer.amount_to_pay and progress.supporters == 1
    assert format_rupiah(transfer.amount_to_pay) in client.get(bank_campaign.url).content.decode()
    assert any(m.to == ["siti@contoh.id"] for m in mail.outbox)  # the donation plugin's receipt
    # Again: nothing changes, no second receipt.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(f"/admin/transfer-bank/{transfer.pk}/konfirmasi/").status_code == 302
    assert not mail.outbox
    # The donor's page says so; rejecting a confirmed one is refused.
    assert "Transfer Anda sudah dikonfirmasi" in client.get(f"/id/transfer/{token}/").content.decode()
    admin_client.post(f"/admin/transfer-bank/{transfer.pk}/tolak/", {"reason": "salah"})
    transfer.refresh_from_db()
    assert transfer.status == BankTransfer.Status.CONFIRMED
    assert Payment.objects.get(token=token).status == PaymentStatus.CONFIRMED
    # No upload once reviewed.
    assert upload(client, token, png_bytes()).status_code == 409


def test_confirm_and_reject_are_post_only(admin_client, client, bank_campaign):
    token, _ = give_by_transfer(client, bank_campaign)
    transfer = transfer_of(token)
    assert admin_client.get(f"/admin/transfer-bank/{transfer.pk}/konfirmasi/").status_code == 405
    assert admin_client.get(f"/admin/transfer-bank/{transfer.pk}/tolak/").status_code == 405
    assert transfer_of(token).status == BankTransfer.Status.AWAITING_TRANSFER


def test_reject_with_reason_emails_the_donor(admin_client, client, bank_campaign,
                                             django_capture_on_commit_callbacks):
    token, _ = give_by_transfer(client, bank_campaign)
    upload(client, token, png_bytes())
    transfer = transfer_of(token)
    response = admin_client.post(f"/admin/transfer-bank/{transfer.pk}/tolak/", {"reason": "  "})
    assert response.status_code == 400 and "Tulis alasannya" in response.content.decode()
    assert transfer_of(token).status == BankTransfer.Status.PROOF_UPLOADED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/transfer-bank/{transfer.pk}/tolak/",
                                     {"reason": "Belum ada dana masuk sejumlah itu di rekening kami."})
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == BankTransfer.Status.REJECTED
    assert transfer.rejection_reason == "Belum ada dana masuk sejumlah itu di rekening kami."
    payment = Payment.objects.get(token=token)
    assert payment.status == PaymentStatus.REJECTED and payment.donation.status == Donation.Status.FAILED
    to_donor = [m for m in mail.outbox if m.to == ["siti@contoh.id"]]
    assert len(to_donor) == 1 and "Belum ada dana masuk" in to_donor[0].body
    assert "tidak diterima" in to_donor[0].subject
    # Idempotent; confirming a rejected one is refused without a note saying when the money arrived.
    assert admin_client.post(f"/admin/transfer-bank/{transfer.pk}/tolak/", {"reason": "lagi"}).status_code == 302
    assert transfer_of(token).rejection_reason.startswith("Belum ada dana")
    response = admin_client.post(f"/admin/transfer-bank/{transfer.pk}/konfirmasi/", follow=True)
    assert response.status_code == 400 and "Tuliskan kapan dananya masuk" in response.content.decode()
    assert transfer_of(token).status == BankTransfer.Status.REJECTED
    assert Payment.objects.get(token=token).donation.status == Donation.Status.FAILED
    (_ask, _type, progress), = bank_campaign.get_progress()
    assert progress.current == 0
    page = client.get(f"/id/transfer/{token}/").content.decode()
    assert "Belum ada dana masuk" in page and 'name="proof"' not in page


# -- expiry --------------------------------------------------------------------------------


def _age(token, hours):
    BankTransfer.objects.filter(payment__token=token).update(
        expires_at=timezone.now() - datetime.timedelta(hours=hours))


def test_expiry_command_cancels_only_transfers_without_proof(client, bank_campaign, admin_client, capsys):
    late, _ = give_by_transfer(client, bank_campaign, amount="100.000")
    with_proof, _ = give_by_transfer(client, bank_campaign, amount="200.000")
    upload(client, with_proof, png_bytes())
    in_time, _ = give_by_transfer(client, bank_campaign, amount="300.000")
    _age(late, 1)
    _age(with_proof, 1)
    freed_amount = transfer_of(late).amount_to_pay

    call_command("expire_bank_transfers")
    out = capsys.readouterr().out
    assert f"#{transfer_of(late).pk}" in out and "Expired 1 bank transfer(s)." in out
    assert "1 past their deadline have a proof awaiting review" in out
    assert transfer_of(late).status == BankTransfer.Status.EXPIRED
    payment = Payment.objects.get(token=late)
    assert payment.status == PaymentStatus.CANCELLED and payment.donation.status == Donation.Status.FAILED
    assert transfer_of(with_proof).status == BankTransfer.Status.PROOF_UPLOADED
    assert transfer_of(in_time).status == BankTransfer.Status.AWAITING_TRANSFER

    # Idempotent.
    call_command("expire_bank_transfers")
    assert "Expired 0 bank transfer(s)." in capsys.readouterr().out
    assert BankTransfer.objects.filter(status=BankTransfer.Status.EXPIRED).count() == 1

    # The donor's page says it expired and takes no proof; the admin cannot confirm it.
    page = client.get(f"/id/transfer/{late}/").content.decode()
    assert "Transfer ini sudah kedaluwarsa" in page and 'name="proof"' not in page
    assert upload(client, late, png_bytes()).status_code == 409
    admin_client.post(f"/admin/transfer-bank/{transfer_of(late).pk}/konfirmasi/")
    assert transfer_of(late).status == BankTransfer.Status.EXPIRED
    assert Payment.objects.get(token=late).status == PaymentStatus.CANCELLED
    # The proof awaiting review can still be confirmed.
    admin_client.post(f"/admin/transfer-bank/{transfer_of(with_proof).pk}/konfirmasi/")
    assert transfer_of(with_proof).status == BankTransfer.Status.CONFIRMED
    # The expired amount is free again (not reserved any more).
    assert not BankTransfer.objects.filter(amount_to_pay=freed_amount,
                                           status__in=BankTransfer.OPEN_STATUSES).exists()


def test_past_deadline_is_expired_even_before_the_command_runs(client, admin_client, bank_campaign):
    token, _ = give_by_transfer(client, bank_campaign)
    _age(token, 0.1)
    assert upload(client, token, png_bytes()).status_code == 409
    assert transfer_of(token).status == BankTransfer.Status.EXPIRED
    assert Payment.objects.get(token=token).status == PaymentStatus.CANCELLED
    token2, _ = give_by_transfer(client, bank_campaign, amount="75.000")
    _age(token2, 0.1)
    response = admin_client.post(f"/admin/transfer-bank/{transfer_of(token2).pk}/konfirmasi/", follow=True)
    # Expired on the way: confirming it now needs a note saying when the money arrived.
    assert "konfirmasikan dengan catatan" in response.content.decode()
    assert transfer_of(token2).status == BankTransfer.Status.EXPIRED


def test_dry_run_changes_nothing(client, bank_campaign, capsys):
    token, _ = give_by_transfer(client, bank_campaign)
    _age(token, 2)
    call_command("expire_bank_transfers", "--dry-run")
    assert "1 bank transfer(s) would expire" in capsys.readouterr().out
    assert transfer_of(token).status == BankTransfer.Status.AWAITING_TRANSFER


# -- the unique amount ---------------------------------------------------------------------


def test_unique_amounts_among_open_transfers(client, bank_campaign, monkeypatch):
    monkeypatch.setattr(services, "choose", min)  # deterministic: the smallest free code
    tokens = [give_by_transfer(client, bank_campaign, amount="100.000")[0] for _ in range(3)]
    assert [transfer_of(t).amount_to_pay for t in tokens] == [Decimal(100001), Decimal(100002), Decimal(100003)]
    # A different base amount still avoids codes in use, so the last 3 digits identify a transfer.
    other, _ = give_by_transfer(client, bank_campaign, amount="250.000")
    assert transfer_of(other).unique_code == 4
    # Once a transfer is closed its code is free again.
    _age(tokens[0], 1)
    call_command("expire_bank_transfers", verbosity=0)
    again, _ = give_by_transfer(client, bank_campaign, amount="100.000")
    assert transfer_of(again).amount_to_pay == Decimal(100001)


def test_unique_amount_is_per_organisation(client, bank_campaign, make_organisation, make_campaign, monkeypatch):
    from banktransfer.testing import ASK

    monkeypatch.setattr(services, "choose", min)
    other_org = set_bank_account(make_organisation(slug="oms-lain", email="lain@contoh.id"))
    other = make_campaign(asks=[("donation", ASK)], parent=other_org, slug="kampanye-lain")
    a, _ = give_by_transfer(client, bank_campaign, amount="100.000")
    b, _ = give_by_transfer(client, other, amount="100.000")
    assert transfer_of(a).amount_to_pay == transfer_of(b).amount_to_pay == Decimal(100001)


def test_when_every_amount_is_taken_the_transfer_is_refused(client, bank_campaign, organisation):
    ask_id = bank_campaign.get_asks()[0].id
    payments = Payment.objects.bulk_create([
        Payment(variant="transfer", currency="IDR", total=Decimal(100000), token=f"penuh-{code}")
        for code in range(1, 1000)])
    Donation.objects.bulk_create([
        Donation(campaign=bank_campaign, ask_id=ask_id, amount=Decimal(100000), payment=p, name="D",
                 email="d@contoh.id") for p in payments])
    BankTransfer.objects.bulk_create([
        BankTransfer(payment=p, campaign=bank_campaign, organisation=organisation, amount=Decimal(100000),
                     unique_code=code, amount_to_pay=Decimal(100000 + code), bank_name="BRI",
                     bank_account_number="1", bank_account_holder="Y",
                     expires_at=timezone.now() + datetime.timedelta(hours=48))
        for code, p in enumerate(payments, start=1)])
    # Another base amount can still get a unique total...
    token, response = give_by_transfer(client, bank_campaign, amount="100.500")
    assert response["Location"] == f"/id/transfer/{token}/"
    assert transfer_of(token).amount_to_pay not in {Decimal(100000 + c) for c in range(1, 1000)}
    # ...but the same base amount cannot: the donor is told to try later or pick another method.
    token, response = give_by_transfer(client, bank_campaign, amount="100.000")
    assert response["Location"] == f"/id/transfer/{token}/tidak-tersedia/"
    assert "Terlalu banyak transfer bank" in client.get(response["Location"]).content.decode()
    assert Payment.objects.get(token=token).status == PaymentStatus.CANCELLED


@pytest.mark.django_db(transaction=True)
def test_concurrent_donors_never_get_the_same_amount(home_page, make_campaign, organisation, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    from banktransfer.testing import ASK, pledge_url

    set_bank_account(organisation)
    campaign = make_campaign(asks=[("donation", ASK)])
    # Every thread would pick the smallest free code: without the lock they would all take code 1.
    monkeypatch.setattr(services, "choose", min)
    count = 8
    tokens = []
    for i in range(count):
        response = Client().post(pledge_url(campaign), {
            "amount": "100.000", "name": f"Donatur {i}", "email": f"d{i}@contoh.id", "method": "transfer"})
        assert response.status_code == 302
        tokens.append(response["Location"].rstrip("/").rsplit("/", 1)[-1])
    barrier, errors, statuses = threading.Barrier(count), [], []

    def pay(token):
        try:
            barrier.wait(timeout=10)
            response = Client().get(f"/id/dukung/donation/bayar/{token}/")
            statuses.append((response.status_code, response.get("Location")))
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(statuses) == sorted((302, f"/id/transfer/{t}/") for t in tokens)
    amounts = sorted(BankTransfer.objects.values_list("amount_to_pay", flat=True))
    assert amounts == [Decimal(100000 + code) for code in range(1, count + 1)]
