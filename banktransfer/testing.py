"""Fixtures and helpers for the bank transfer tests (``from banktransfer.testing import *``)."""
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

__all__ = ["ASK", "BANK", "PDF_BYTES", "private_proof_root", "bank_campaign", "pledge_url", "give_by_transfer",
           "png_bytes", "upload", "set_bank_account"]

ASK = {"title": "Donasi lampu jalan tenaga surya", "target": Decimal("5000000"), "minimum": Decimal("10000"),
       "suggested_amounts": [50000, 100000]}
BANK = {"bank_name": "Bank Rakyat Indonesia", "bank_account_number": "0123-01-004567-50-9",
        "bank_account_holder": "Yayasan Terang Desa"}
PDF_BYTES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
             b"trailer<</Root 1 0 R>>\n%%EOF\n")


@pytest.fixture(autouse=True)
def private_proof_root(settings, tmp_path):
    """Proofs go to a per-test private directory, away from MEDIA_ROOT."""
    settings.BANK_TRANSFER_PROOF_ROOT = str(tmp_path / "private-proofs")
    return tmp_path / "private-proofs"


def set_bank_account(organisation, **fields):
    for name, value in {**BANK, **fields}.items():
        setattr(organisation, name, value)
    organisation.save_revision().publish()
    organisation.refresh_from_db()
    return organisation


@pytest.fixture
def bank_campaign(make_campaign, organisation):
    set_bank_account(organisation)
    return make_campaign(asks=[("donation", ASK)], title="Lampu Jalan Desa")


def pledge_url(campaign):
    return campaign.url + f"dukung/{campaign.get_asks()[0].id}/"


def give_by_transfer(client, campaign, amount="150.000", **overrides):
    """Fill the donation form with the "transfer" method and follow the payment step.

    Returns ``(payment token, response of the payment step)``.
    """
    from plugins.donation.models import Payment

    data = {"amount": amount, "name": "Siti Rahmawati", "email": "siti@contoh.id", "message": "Semangat!",
            "method": "transfer"}
    data.update(overrides)
    response = client.post(pledge_url(campaign), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    pay_url = response["Location"]
    payment = Payment.objects.get(token=pay_url.rstrip("/").rsplit("/", 1)[-1])
    return payment.token, client.get(pay_url)


def png_bytes(size=(480, 320), color=(30, 120, 200), fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(client, token, content, name="bukti.png", content_type="image/png", **extra):
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(f"/id/transfer/{token}/", {"proof": file, **extra})
