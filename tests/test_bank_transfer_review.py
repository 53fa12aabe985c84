"""Who may review bank transfers: the OMS's editors and superusers only; others get 404s."""
import pytest
from django.test import Client

from banktransfer.models import BankTransfer
from banktransfer.testing import *  # noqa: F401,F403 - fixtures and helpers
from banktransfer.testing import ASK, PDF_BYTES, give_by_transfer, png_bytes, set_bank_account, upload
from plugins.donation.models import Payment

PROOF = png_bytes(size=(320, 200), color=(10, 200, 90))


@pytest.fixture
def two_oms(client, bank_campaign, organisation, make_organisation, make_campaign):
    """A transfer with a proof to each of two OMS."""
    other_org = set_bank_account(make_organisation(slug="oms-lain", title="OMS Lain", email="lain@contoh.id"),
                                 bank_account_number="777-888-999")
    other_campaign = make_campaign(asks=[("donation", ASK)], parent=other_org, slug="kampanye-lain",
                                   title="Kampanye Lain")
    mine_token, _ = give_by_transfer(client, bank_campaign, name="Donatur Kampanye Saya")
    upload(client, mine_token, PROOF)
    theirs_token, _ = give_by_transfer(Client(), other_campaign, name="Donatur Orang Lain", email="lain@contoh.id")
    upload(Client(), theirs_token, PDF_BYTES, name="mutasi.pdf", content_type="application/pdf")
    mine = BankTransfer.objects.get(payment__token=mine_token)
    theirs = BankTransfer.objects.get(payment__token=theirs_token)
    return {"organisation": organisation, "other_org": other_org, "mine": mine, "theirs": theirs}


def urls(transfer):
    base = f"/admin/transfer-bank/{transfer.pk}/"
    return {"detail": base, "proof": base + "bukti/", "confirm": base + "konfirmasi/", "reject": base + "tolak/"}


def test_superuser_sees_and_reviews_every_transfer(admin_client, two_oms):
    listing = admin_client.get("/admin/transfer-bank/")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Donatur Kampanye Saya" in body and "Donatur Orang Lain" in body
    for transfer in (two_oms["mine"], two_oms["theirs"]):
        detail = admin_client.get(urls(transfer)["detail"])
        assert detail.status_code == 200
        page = detail.content.decode()
        assert urls(transfer)["proof"] in page and urls(transfer)["confirm"] in page
        assert "Konfirmasi: dananya sudah masuk" in page and "Alasan penolakan" in page
    proof = admin_client.get(urls(two_oms["mine"])["proof"])
    assert proof.status_code == 200 and proof["Content-Type"] == "image/png"
    assert b"".join(proof.streaming_content) == PROOF
    assert proof["X-Content-Type-Options"] == "nosniff" and "no-store" in proof["Cache-Control"]
    assert "sandbox" in proof["Content-Security-Policy"]
    pdf = admin_client.get(urls(two_oms["theirs"])["proof"] + "?download=1")
    assert pdf["Content-Type"] == "application/pdf" and "attachment" in pdf["Content-Disposition"]
    assert b"".join(pdf.streaming_content) == PDF_BYTES


def test_editor_reviews_only_their_own_organisations_transfers(two_oms, make_editor):
    editor = make_editor(two_oms["organisation"])
    client = Client()
    client.force_login(editor)
    mine, theirs = two_oms["mine"], two_oms["theirs"]

    listing = client.get("/admin/transfer-bank/")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Donatur Kampanye Saya" in body and "Donatur Orang Lain" not in body
    assert "777-888-999" not in body
    everything = client.get("/admin/transfer-bank/?status=all").content.decode()
    assert "Donatur Orang Lain" not in everything and "Kampanye Lain" not in everything
    searched = client.get("/admin/transfer-bank/?status=all&q=Orang+Lain").content.decode()
    assert "Donatur Orang Lain" not in searched
    by_amount = client.get(f"/admin/transfer-bank/?status=all&q={theirs.amount_to_pay}").content.decode()
    assert "Donatur Orang Lain" not in by_amount

    # Another OMS's transfer: its page, its proof and its actions are all 404; nothing changes.
    other = urls(theirs)
    assert client.get(other["detail"]).status_code == 404
    proof = client.get(other["proof"])
    assert proof.status_code == 404 and b"%PDF" not in proof.content
    assert client.post(other["confirm"]).status_code == 404
    assert client.post(other["reject"], {"reason": "bukan milik saya"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == BankTransfer.Status.PROOF_UPLOADED and theirs.reviewed_by is None
    assert theirs.payment.status == "waiting"

    # Their own: visible, proof served, confirmable.
    own = urls(mine)
    assert client.get(own["detail"]).status_code == 200
    assert b"".join(client.get(own["proof"]).streaming_content) == PROOF
    assert client.post(own["confirm"]).status_code == 302
    mine.refresh_from_db()
    assert mine.status == BankTransfer.Status.CONFIRMED and mine.reviewed_by == editor
    assert Payment.objects.get(pk=mine.payment_id).donation.status == "confirmed"


def test_the_other_oms_editor_sees_only_theirs(two_oms, make_editor):
    client = Client()
    client.force_login(make_editor(two_oms["other_org"]))
    body = client.get("/admin/transfer-bank/").content.decode()
    assert "Donatur Orang Lain" in body and "Donatur Kampanye Saya" not in body
    assert client.get(urls(two_oms["mine"])["proof"]).status_code == 404
    assert client.post(urls(two_oms["mine"])["reject"], {"reason": "x"}).status_code == 404
    two_oms["mine"].refresh_from_db()
    assert two_oms["mine"].status == BankTransfer.Status.PROOF_UPLOADED


def test_public_and_non_admin_users_get_nothing(two_oms, django_user_model):
    anonymous = Client()
    for transfer in (two_oms["mine"], two_oms["theirs"]):
        for name, url in urls(transfer).items():
            response = anonymous.post(url) if name in ("confirm", "reject") else anonymous.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"], (name, response)
    assert anonymous.get("/admin/transfer-bank/").status_code == 302
    user = django_user_model.objects.create_user("warga", password="rahasia-123")
    plain = Client()
    plain.force_login(user)
    response = plain.get(urls(two_oms["mine"])["proof"])
    assert response.status_code in (302, 403) and b"PNG" not in response.content
    assert plain.post(urls(two_oms["mine"])["confirm"]).status_code in (302, 403)
    for transfer in (two_oms["mine"], two_oms["theirs"]):
        transfer.refresh_from_db()
        assert transfer.status == BankTransfer.Status.PROOF_UPLOADED


def test_menu_item_and_status_tabs(admin_client, two_oms, make_editor, make_organisation):
    home = admin_client.get("/admin/").content.decode()
    assert "/admin/transfer-bank/" in home and "Transfer bank" in home
    editor = Client()
    editor.force_login(make_editor(two_oms["organisation"]))
    assert "/admin/transfer-bank/" in editor.get("/admin/").content.decode()
    # An editor of an OMS without campaigns has no menu item and an empty list.
    lonely = Client()
    lonely.force_login(make_editor(make_organisation(slug="oms-baru", email="baru@contoh.id")))
    assert "/admin/transfer-bank/" not in lonely.get("/admin/").content.decode()
    assert "Tidak ada transfer bank" in lonely.get("/admin/transfer-bank/?status=all").content.decode()
    # Tabs: awaiting review by default; a confirmed one moves to its own tab.
    confirmed = admin_client.post(urls(two_oms["mine"])["confirm"], follow=True).content.decode()
    assert "Dikonfirmasi: donasi dari Donatur Kampanye Saya kini terhitung" in confirmed
    default = admin_client.get("/admin/transfer-bank/").content.decode()
    assert "Donatur Kampanye Saya" not in default and "Donatur Orang Lain" in default
    confirmed = admin_client.get("/admin/transfer-bank/?status=confirmed").content.decode()
    assert "Donatur Kampanye Saya" in confirmed and "Donatur Orang Lain" not in confirmed


def test_awaiting_transfer_without_proof_can_be_confirmed_by_its_oms(admin_client, client, bank_campaign):
    """The OMS may see the unique amount on its statement before the donor uploads anything."""
    token, _ = give_by_transfer(client, bank_campaign)
    transfer = BankTransfer.objects.get(payment__token=token)
    detail = admin_client.get(urls(transfer)["detail"]).content.decode()
    assert "Donatur belum mengunggah bukti" in detail
    assert admin_client.get(urls(transfer)["proof"]).status_code == 404
    assert admin_client.post(urls(transfer)["confirm"]).status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == BankTransfer.Status.CONFIRMED
