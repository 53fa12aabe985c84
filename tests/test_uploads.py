"""Uploads are checked by what they are, not what they are called (issue 11, low findings; lokadaya/uploads.py).

- A 100-megapixel PNG is refused from its header, quickly, wherever an image is uploaded: Wagtail's
  image form (OMS logos, team and campaign photos), bank-transfer proofs and disbursement proofs.
- A document's content must match its extension: an HTML page named .pdf, a script named .csv,
  an SVG named .txt, a ZIP named .docx are refused from Wagtail's document form (every OMS's
  transparency documents) with a translated error, and nothing typed on the form is lost.
"""
import io
import struct
import time
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from wagtail.documents.models import Document
from wagtail.images.models import Image

from banktransfer.models import BankTransfer
from banktransfer.testing import *  # noqa: F401,F403 - fixtures
from banktransfer.testing import give_by_transfer, upload
from lokadaya import uploads
from partners.testing import *  # noqa: F401,F403 - fixtures

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>fetch('/admin/')</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'


def huge_png(width=10_000, height=10_000):
    """A real, valid PNG of width × height pixels (1-bit grey, ~10 KB): compressed row by row."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


def small_png(size=(120, 90)):
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", size, (20, 110, 70)).save(buffer, "PNG")
    return buffer.getvalue()


def office_zip(*members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = office_zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"))
XLSX = office_zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>"))
ODT = office_zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office/>"))


def upload_file(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# -- the shared validators -----------------------------------------------------------------------


def test_a_100_megapixel_png_is_refused_from_its_header_in_milliseconds():
    content = huge_png()
    assert len(content) < 100_000  # small on disk: only the pixel count gives it away
    started = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        uploads.check_image(upload_file("peta.png", content))
    assert time.monotonic() - started < 0.5
    assert refused.value.code == "too_many_pixels"
    message = str(refused.value.messages[0])  # "megapixels" / "megapiksel"
    assert "100.0 megapi" in message and "40 megapi" in message


def test_the_pixel_cap_is_wagtails_setting_and_40_megapixels(settings):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert uploads.check_image(upload_file("foto.png", huge_png(8_000, 5_000)))[1:] == (8_000, 5_000)  # exactly 40 MP
    with pytest.raises(ValidationError):
        uploads.check_image(upload_file("foto.png", huge_png(8_001, 5_000)))
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_000
    with pytest.raises(ValidationError) as refused:
        uploads.check_image(upload_file("foto.png", small_png()))
    assert refused.value.code == "too_many_pixels"


def test_beyond_pillows_own_bomb_limit_is_refused_too():
    # 20,000 × 20,000 = 400 MP: Pillow itself raises DecompressionBombError; still our message.
    with pytest.raises(ValidationError) as refused:
        uploads.check_image(upload_file("peta.png", huge_png(20_000, 20_000)))
    assert refused.value.code == "too_many_pixels"


@pytest.mark.parametrize("name, content", [
    ("laporan.pdf", PDF), ("laporan.docx", DOCX), ("anggaran.xlsx", XLSX), ("laporan.odt", ODT),
    ("laporan.doc", uploads.OLE2 + b"\x00" * 600), ("anggaran.csv", "tanggal;uraian;jumlah\n2025-01-02;Beras;150000\n"
                                                    .encode("utf-8")),
    ("catatan.txt", "Laporan kegiatan <3 bulan> — semua baik.\n".encode("cp1252")),
])
def test_real_documents_pass(name, content):
    extensions = list(uploads.DOCUMENT_TYPES)
    assert uploads.check_document(upload_file(name, content), extensions=extensions) == name.rsplit(".", 1)[1]


@pytest.mark.parametrize("name, content, code", [
    ("laporan.pdf", HTML, "mismatch"),
    ("laporan.pdf", b"%PDF-1.4\n<html><script>alert(1)</script>", "markup"),
    ("laporan.docx", PDF, "mismatch"),
    ("laporan.docx", office_zip(("index.html", "<html></html>")), "mismatch"),
    ("anggaran.xlsx", DOCX, "mismatch"),
    ("laporan.odt", office_zip(("mimetype", "text/html")), "mismatch"),
    ("laporan.doc", PDF, "mismatch"),
    ("anggaran.csv", b"nama,jumlah\n<script>alert(1)</script>,1\n", "markup"),
    ("catatan.txt", SVG, "markup"),
    ("catatan.txt", b"  <!-- a comment starts a page -->", "markup"),
    ("catatan.txt", b"teks\x00biner", "mismatch"),
    ("laporan.html", HTML, "extension"),
    ("laporan.svg", SVG, "extension"),
    ("laporan", PDF, "extension"),
    ("kosong.pdf", b"", "empty"),
])
def test_documents_whose_content_is_not_their_extension_are_refused(name, content, code):
    with pytest.raises(ValidationError) as refused:
        uploads.check_document(upload_file(name, content), extensions=list(uploads.DOCUMENT_TYPES))
    assert refused.value.code == code


def test_an_image_that_is_really_a_web_page_is_refused():
    with pytest.raises(ValidationError) as refused:
        uploads.check_image(upload_file("foto.png", SVG))
    assert refused.value.code == "markup"


def test_every_allowed_document_extension_has_a_content_check(settings):
    from django.core.management.base import SystemCheckError

    call_command("check")  # lokadaya.E101 is silent with the site's settings
    settings.WAGTAILDOCS_EXTENSIONS = ["pdf", "html"]
    with pytest.raises(SystemCheckError, match="lokadaya.E101"):
        call_command("check")
    with pytest.raises(ValidationError) as refused:
        uploads.check_document(upload_file("a.html", HTML))
    assert refused.value.code == "extension"


# -- Wagtail's document and image forms, through the admin ----------------------------------------


@pytest.fixture
def editor_client(make_verified_oms):
    oms = make_verified_oms("oms-unggah", "33.74", title="OMS Unggah")
    client = Client()
    client.force_login(oms.editor)
    client.oms = oms
    return client


def add_document(client, name, content, title="Laporan Tahunan 2025"):
    return client.post("/admin/documents/add/", {
        "title": title, "collection": client.oms.access.collection.pk, "tags": "transparansi",
        "file": upload_file(name, content)})


def test_an_oms_editor_uploads_a_real_pdf(editor_client):
    response = add_document(editor_client, "laporan.pdf", PDF)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Document.objects.filter(title="Laporan Tahunan 2025",
                                   collection=editor_client.oms.access.collection).exists()


@pytest.mark.parametrize("name, content, message", [
    ("laporan.pdf", HTML, "bukan berkas .pdf"),
    ("laporan.pdf", b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script>", "kode halaman web"),
    ("anggaran.csv", b"a,b\n<svg onload=alert(1)>,1\n", "kode halaman web"),
    ("laporan.docx", PDF, "bukan berkas .docx"),
])
def test_a_web_page_named_as_a_document_is_refused_by_the_admin_and_the_form_kept(editor_client, name, content,
                                                                                   message):
    with translation.override("en"):
        english = {"bukan berkas .pdf": "is not a .pdf file", "bukan berkas .docx": "is not a .docx file",
                   "kode halaman web": "web page or script code"}[message]
    response = add_document(editor_client, name, content, title="Laporan Palsu")
    assert response.status_code == 200
    body = response.content.decode()
    # The Indonesian wording once the catalogue is filled; the English source until then.
    assert message in body or english in body, body[body.find("error"):][:800]
    assert 'value="Laporan Palsu"' in body  # the title typed is still on the form
    assert not Document.objects.filter(title="Laporan Palsu").exists()


def test_the_multiple_uploader_refuses_a_web_page_named_pdf(editor_client):
    response = editor_client.post("/admin/documents/multiple/add/", {
        "files[]": upload_file("laporan.pdf", HTML), "collection": editor_client.oms.access.collection.pk})
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert not Document.objects.filter(file__contains="laporan").exists()


def test_editing_a_document_title_keeps_its_file_unchecked_again(editor_client):
    assert add_document(editor_client, "laporan.pdf", PDF).status_code == 302
    document = Document.objects.get(title="Laporan Tahunan 2025")
    response = editor_client.post(f"/admin/documents/edit/{document.pk}/", {
        "title": "Laporan Tahunan 2025 (revisi)", "collection": editor_client.oms.access.collection.pk, "tags": ""})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Laporan Tahunan 2025 (revisi)"


def test_a_100_megapixel_png_is_refused_by_the_admin_image_form_quickly(editor_client):
    started = time.monotonic()
    response = editor_client.post("/admin/images/add/", {
        "title": "Peta Raksasa", "collection": editor_client.oms.access.collection.pk,
        "file": upload_file("peta.png", huge_png(), "image/png")})
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert "100000000" in response.content.decode()  # Wagtail's message names the pixel count
    assert 'value="Peta Raksasa"' in response.content.decode()
    assert not Image.objects.filter(title="Peta Raksasa").exists()
    assert elapsed < 3, elapsed  # an admin request, on a shared machine; decoding it took 2.5-5 s per preview
    ok = editor_client.post("/admin/images/add/", {
        "title": "Foto Kegiatan", "collection": editor_client.oms.access.collection.pk,
        "file": upload_file("kegiatan.png", small_png(), "image/png")})
    assert ok.status_code == 302 and Image.objects.filter(title="Foto Kegiatan").exists()


# -- bank-transfer proofs (donors) and disbursement proofs (finance) ------------------------------


def test_a_100_megapixel_transfer_proof_is_refused_and_nothing_is_lost(client, bank_campaign, private_proof_root):
    token, _ = give_by_transfer(client, bank_campaign)
    started = time.monotonic()
    response = upload(client, token, huge_png(), name="bukti.png", content_type="image/png", sender_name="Budi")
    assert time.monotonic() - started < 3
    assert response.status_code == 400
    body = response.content.decode()
    assert "megapixel" in body or "megapiksel" in body
    assert 'value="Budi"' in body
    transfer = BankTransfer.objects.get(payment__token=token)
    assert transfer.status == BankTransfer.Status.AWAITING_TRANSFER and not transfer.proof
    assert not private_proof_root.exists() or not any(p.is_file() for p in private_proof_root.rglob("*"))


def test_a_web_page_behind_a_pdf_header_is_not_a_transfer_proof(client, bank_campaign):
    token, _ = give_by_transfer(client, bank_campaign)
    response = upload(client, token, b"%PDF-1.4\n<html><script>alert(1)</script></html>", name="bukti.pdf",
                      content_type="application/pdf")
    assert response.status_code == 400
    body = response.content.decode()
    assert "kode halaman web" in body or "web page or script code" in body


def test_disbursement_proofs_are_checked_the_same_way(make_campaign):
    from finance.forms import DisbursementForm

    campaign = make_campaign(title="Kampanye Penyaluran")

    def form_with(name, content):
        return DisbursementForm(data={"campaign": campaign.pk, "amount": "100.000", "paid_on": "2025-01-02",
                                      "note": "Penyaluran tahap 1"},
                                files={"proof": upload_file(name, content)})

    form = form_with("bukti.png", huge_png())
    assert not form.is_valid() and form.errors["proof"][0] and "proof" in form.errors
    assert form.has_error("proof", "too_many_pixels")
    form = form_with("bukti.pdf", b"%PDF-1.4\n<script>alert(1)</script>")
    assert form.has_error("proof", "markup")
    form = form_with("bukti.pdf", HTML)
    assert not form.is_valid() and "proof" in form.errors
