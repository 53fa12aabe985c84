"""Certificates: issuing (idempotent, concurrent), the PDF and its QR code, verification, download rights, revoking."""
import re
import threading
import urllib.error
import urllib.request
import zlib

import pytest
import zxingcpp
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.models import Locale

from certificates import access
from certificates.issue import certificates_for, issue_attendance_certificate, issue_course_certificate
from certificates.models import Certificate, normalise_code
from certificates.pdf import certificate_lines
from events.testing import event_index, make_event  # noqa: F401 (fixtures)
from partners.testing import *  # noqa: F401,F403 (fixtures)

User = get_user_model()
PASSWORD = "Kop1-Tubruk-Manis"


# -- the world -------------------------------------------------------------------------------------


@pytest.fixture
def course(home_page):
    from learning.models import CoursePage, LearningIndexPage

    index = LearningIndexPage(title="Belajar", slug="belajar")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    page = CoursePage(title="Ketahanan Keuangan OMS", slug="ketahanan-keuangan", aspect="financial_resilience")
    index.add_child(instance=page)
    page.save_revision().publish()
    english = page.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "Financial resilience for CSOs"
    english.save_revision().publish()
    return page


@pytest.fixture
def learner(make_verified_oms):
    oms = make_verified_oms("terang-desa", title="Yayasan Terang Desa")
    oms.editor.first_name, oms.editor.last_name = "Siti", "Rahayu Ñúñez"
    oms.editor.save()
    oms.editor.oms = oms
    return oms.editor


def completed_enrolment(user, course, organisation=None):
    from learning.models import Enrolment

    return Enrolment.objects.create(user=user, course=course, organisation=organisation,
                                    completed_at=timezone.now())


@pytest.fixture
def certificate(learner, course):
    return issue_course_certificate(completed_enrolment(learner, course, learner.oms))


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


# -- reading the PDF (no PDF library: the objects are read as fpdf2 writes them) ---------------------


def pdf_objects(data):
    """``{object number: (dictionary bytes, decompressed stream bytes or b"")}`` of a PDF."""
    table = {}
    for match in re.finditer(rb"(\d+) 0 obj\s*(<<.*?>>)\s*(stream\r?\n|endobj)", data, re.S):
        dictionary, stream = match.group(2), b""
        if match.group(3).startswith(b"stream"):
            length = int(re.search(rb"/Length (\d+)", dictionary).group(1))
            stream = data[match.end():match.end() + length]
            if b"/FlateDecode" in dictionary:
                stream = zlib.decompress(stream)
        table[int(match.group(1))] = (dictionary, stream)
    return table


def qr_picture(data):
    """The QR code image fpdf2 embedded (8-bit grey, PNG predictor: one filter byte per row)."""
    for dictionary, stream in pdf_objects(data).values():
        if b"/Subtype /Image" in dictionary:
            width = int(re.search(rb"/Width (\d+)", dictionary).group(1))
            height = int(re.search(rb"/Height (\d+)", dictionary).group(1))
            assert b"/DeviceGray" in dictionary
            assert all(stream[row * (width + 1)] == 0 for row in range(height))  # filter "None" on each row
            rows = [stream[row * (width + 1) + 1:(row + 1) * (width + 1)] for row in range(height)]
            return PILImage.frombytes("L", (width, height), b"".join(rows))
    raise AssertionError("no image in the PDF")


def unescape(literal):
    """The bytes of a PDF literal string (backslash escapes undone)."""
    simple = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
    return re.sub(rb"\\([0-7]{1,3}|.)", lambda m: bytes([int(m.group(1), 8)]) if m.group(1)[:1].isdigit()
                  else simple.get(m.group(1), m.group(1)), literal, flags=re.S)


def drawn_text(data):
    """The text the page shows: each string decoded with its font (DejaVu: 2-byte glyph ids mapped
    back through the font's ToUnicode CMap; core fonts: Latin-1)."""
    objects = pdf_objects(data)
    page = next(d for d, _s in objects.values() if re.search(rb"/Type /Page\b", d))
    resources = objects[int(re.search(rb"/Resources (\d+) 0 R", page).group(1))][0]
    maps = {}
    for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", resources):
        font = objects[int(number)][0]
        unicode_map = re.search(rb"/ToUnicode (\d+) 0 R", font)
        if unicode_map:
            cmap = objects[int(unicode_map.group(1))][1]
            maps[name] = {int(glyph, 16): bytes.fromhex(code.decode()).decode("utf-16-be")
                          for glyph, code in re.findall(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4,})>", cmap)}
    content = objects[int(re.search(rb"/Contents (\d+) 0 R", page).group(1))][1]
    text, font = [], None
    for match in re.finditer(rb"/(F\d+)\s+[\d.]+\s+Tf|\(((?:\\.|[^\\)])*)\)\s*Tj", content, re.S):
        if match.group(1):
            font = match.group(1)
            continue
        raw = unescape(match.group(2))
        if font in maps:
            text.append("".join(maps[font].get(int.from_bytes(raw[i:i + 2], "big"), "?")
                                for i in range(0, len(raw), 2)))
        else:
            text.append(raw.decode("latin-1"))
    return "\n".join(text)


# -- issuing -------------------------------------------------------------------------------------


def test_issuing_a_course_certificate_is_idempotent(learner, course):
    enrolment = completed_enrolment(learner, course, learner.oms)
    first = issue_course_certificate(enrolment)
    again = issue_course_certificate(enrolment)
    assert first.pk == again.pk and Certificate.objects.count() == 1
    assert first.kind == Certificate.Kind.COURSE and first.user == learner
    assert first.recipient_name == "Siti Rahayu Ñúñez" and first.recipient_email == learner.email
    assert first.title == "Ketahanan Keuangan OMS" and first.title_en == "Financial resilience for CSOs"
    assert first.organisation_name == "Yayasan Terang Desa"
    assert first.achieved_on == timezone.localdate(enrolment.completed_at)
    assert len(first.code) == 16 and normalise_code(first.display_code.lower()) == first.code
    assert list(certificates_for(learner)) == [first]
    assert list(certificates_for(User.objects.create_user("lain", password=PASSWORD))) == []


def test_no_certificate_before_completion_or_for_a_course_without_one(learner, course):
    from learning.models import Enrolment

    enrolment = Enrolment.objects.create(user=learner, course=course)
    assert issue_course_certificate(enrolment) is None
    course.issues_certificate = False
    course.save_revision().publish()
    enrolment.completed_at = timezone.now()
    enrolment.save()
    enrolment.course.refresh_from_db()
    assert issue_course_certificate(enrolment) is None
    assert Certificate.objects.count() == 0


def test_a_translated_course_gives_the_certificate_of_its_source_page(learner, course):
    from learning.models import CoursePage, Enrolment

    english = CoursePage.objects.get(translation_key=course.translation_key, locale__language_code="en")
    enrolment = Enrolment.objects.create(user=learner, course=english, completed_at=timezone.now())
    certificate = issue_course_certificate(enrolment)
    assert certificate.source_id == course.pk and certificate.title == course.title


@pytest.mark.django_db(transaction=True)
def test_simultaneous_issuing_gives_one_certificate(make_verified_oms, home_page):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    from learning.models import CoursePage, LearningIndexPage

    index = home_page.add_child(instance=LearningIndexPage(title="Belajar", slug="belajar"))
    course = index.add_child(instance=CoursePage(title="Kursus", slug="kursus", aspect="communication"))
    user = make_verified_oms("oms-serentak").editor
    enrolment = completed_enrolment(user, course)
    barrier, results, errors = threading.Barrier(4), [], []

    def run():
        try:
            barrier.wait()
            results.append(issue_course_certificate(type(enrolment).objects.get(pk=enrolment.pk)).pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(results) == 4 and len(set(results)) == 1
    assert Certificate.objects.count() == 1


def test_attendance_certificates_one_per_registration(make_event):
    import datetime

    # 23:30 UTC is already the next day in WIB: the certificate carries the event's own date.
    start = datetime.datetime(2026, 3, 10, 23, 30, tzinfo=datetime.timezone.utc)
    event = make_event(title="Webinar Cerita Perubahan", start=start, province_code="33")
    first = issue_attendance_certificate(event_page=event, name="Wa Ode Rahma", email="rahma@contoh.id",
                                         registration_key="kunci-1")
    again = issue_attendance_certificate(event_page=event, name="Wa Ode Rahma", email="rahma@contoh.id",
                                         registration_key="kunci-1")
    other = issue_attendance_certificate(event_page=event, name="Budi", email="budi@contoh.id",
                                         registration_key="kunci-2")
    assert first.pk == again.pk != other.pk and Certificate.objects.count() == 2
    assert first.kind == Certificate.Kind.ATTENDANCE and first.user is None and first.source_id == event.pk
    assert first.title == "Webinar Cerita Perubahan" and first.recipient_name == "Wa Ode Rahma"
    assert first.achieved_on == datetime.date(2026, 3, 11)
    assert first.issuer_name and first.issuer_name == str(event.organiser_name)


# -- the PDF ---------------------------------------------------------------------------------------


def test_the_holder_downloads_a_pdf_with_their_name_and_a_qr_code_of_the_verification_page(certificate, learner):
    response = client_for(learner).get(reverse("certificates:pdf", kwargs={"code": certificate.code}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="sertifikat-siti-rahayu')
    assert "no-store" in response["Cache-Control"]
    data = response.content
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    box = [float(v) for v in re.search(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", data).groups()]
    assert abs(box[2] - 841.89) < 1 and abs(box[3] - 595.28) < 1  # A4 landscape
    text = drawn_text(data)
    for expected in ("Siti Rahayu Ñúñez", "Ketahanan Keuangan OMS", "Yayasan Terang Desa", certificate.display_code):
        assert expected in text, (expected, text)
    assert "Sertifikat" in text or "Certificate" in text
    codes = zxingcpp.read_barcodes(qr_picture(data).resize((800, 800), PILImage.Resampling.NEAREST))
    assert [code.text for code in codes] == [f"http://testserver/id/sertifikat/{certificate.code}/"]


def test_the_pdf_draws_without_the_unicode_font(certificate, learner, settings):
    settings.LOKADAYA_PDF_FONT_DIR = "/nonexistent/fonts"
    response = client_for(learner).get(reverse("certificates:pdf", kwargs={"code": certificate.code}))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert "Siti Rahayu" in drawn_text(response.content)


def test_the_certificate_speaks_the_visitors_language(certificate):
    from django.utils import translation

    with translation.override("en"):
        lines = certificate_lines(certificate)
    assert lines["title"] == "Financial resilience for CSOs" and lines["title_other"] == ""
    with translation.override("id"):
        lines = certificate_lines(certificate)
    assert lines["title"] == "Ketahanan Keuangan OMS" and lines["title_other"] == "Financial resilience for CSOs"


@pytest.mark.django_db(transaction=True)
def test_the_qr_code_of_an_emailed_pdf_opens_the_valid_page_over_http(live_server, home_page):
    """The whole path over real HTTP: the signed link's PDF, its QR code, the page it opens."""
    from learning.models import LearningIndexPage

    event = home_page.add_child(instance=LearningIndexPage(title="Pelatihan Pelatih", slug="tot"))
    certificate = issue_attendance_certificate(event_page=event, name="Made Wirawan", email="made@contoh.id",
                                               registration_key="reg-made")
    # The emailed link opens the page with the download button; the button gives the PDF.
    emailed = access.personal_url(certificate).replace("http://testserver", live_server.url)
    with urllib.request.urlopen(emailed, timeout=10) as answer:
        button = re.search(r'class="btn" href="([^"]+/pdf/\?t=[^"]+)"', answer.read().decode())
    link = live_server.url + button.group(1).replace("&amp;", "&")
    assert link == access.download_url(certificate, signed=True).replace("http://testserver", live_server.url)
    with urllib.request.urlopen(link, timeout=10) as answer:
        assert answer.status == 200 and answer.headers["Content-Type"] == "application/pdf"
        data = answer.read()
    codes = zxingcpp.read_barcodes(qr_picture(data).resize((800, 800), PILImage.Resampling.NEAREST))
    assert [code.text for code in codes] == [f"{live_server.url}/id/sertifikat/{certificate.code}/"]
    with urllib.request.urlopen(codes[0].text, timeout=10) as answer:
        page = answer.read().decode()
        assert answer.status == 200 and "noindex" in answer.headers["X-Robots-Tag"]
    assert 'data-status="valid"' in page and "Made Wirawan" in page and "Pelatihan Pelatih" in page
    assert "made@contoh.id" not in page
    # Without the signature, or with another one, the same PDF is a 404.
    for bad in (link.split("?")[0], link[:-2] + "xx"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(bad, timeout=10)
        assert refused.value.code == 404


# -- verification and rights -----------------------------------------------------------------------


def test_the_verification_page_shows_what_anyone_may_know(certificate, client):
    response = client.get(f"/id/sertifikat/{certificate.display_code.lower()}/")
    body = response.content.decode()
    assert response.status_code == 200 and 'data-status="valid"' in body
    assert '<meta name="robots" content="noindex, nofollow">' in body and response["X-Robots-Tag"]
    for shown in ("Siti Rahayu Ñúñez", "Ketahanan Keuangan OMS", "Yayasan Terang Desa", certificate.display_code):
        assert shown in body
    assert certificate.recipient_email not in body
    assert reverse("certificates:pdf", kwargs={"code": certificate.code}) not in body  # not the holder
    assert "/pdf/" not in client.get(f"/id/sertifikat/{certificate.code}/?t=palsu").content.decode()
    english = client.get(f"/en/sertifikat/{certificate.code}/").content.decode()
    assert "Financial resilience for CSOs" in english


def test_a_revoked_certificate_says_so_and_is_no_longer_downloaded(certificate, learner, client):
    certificate.revoked_at = timezone.now()
    certificate.revocation_reason = "Diterbitkan karena kesalahan data."
    certificate.save()
    body = client.get(reverse("certificates:verify", kwargs={"code": certificate.code})).content.decode()
    assert 'data-status="revoked"' in body and 'data-status="valid"' not in body
    assert "Diterbitkan karena kesalahan data." in body
    assert client_for(learner).get(reverse("certificates:pdf", kwargs={"code": certificate.code})).status_code == 404


def test_nobody_else_downloads_the_pdf(certificate, make_verified_oms, client):
    url = reverse("certificates:pdf", kwargs={"code": certificate.code})
    other_editor = make_verified_oms("oms-lain").editor
    staff = User.objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    for visitor in (client, client_for(other_editor), client_for(staff)):
        assert visitor.get(url).status_code == 404
        assert visitor.get(url + "?t=palsu").status_code == 404
    assert client.get(url + "?t=" + access.download_token(certificate)).status_code == 200
    # The holder's own verification page offers the download, without a token.
    page = client_for(certificate.user).get(reverse("certificates:verify", kwargs={"code": certificate.code}))
    assert f'href="{url}"' in page.content.decode()


@pytest.mark.parametrize("code", ["AAAAAAAAAAAAAAAA", "pendek", "ABCD-EFGH-IJKL-MNO1", "x" * 200])
def test_unknown_codes_are_404(db, client, code):
    response = client.get(f"/id/sertifikat/{code}/")
    assert response.status_code == 404 and "noindex" in response["X-Robots-Tag"]
    assert client.get(f"/id/sertifikat/{code}/pdf/").status_code == 404


def test_looking_up_unknown_codes_is_rate_limited(certificate, client, settings):
    from django.core.cache import cache

    from certificates import views

    cache.clear()
    settings.THROTTLE_ENABLED = True
    limit = int(views.UNKNOWN_LOOKUPS.split("/")[0])
    for number in range(limit):
        assert client.get(f"/id/sertifikat/AAAAAAAAAAAAAA{number:02d}/").status_code == 404
    refused = client.get("/id/sertifikat/BBBBBBBBBBBBBBBB/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    # Another address is not held back.
    assert client.get(f"/id/sertifikat/{certificate.code}/", REMOTE_ADDR="10.9.8.7").status_code == 200
    cache.clear()


# -- the admin -------------------------------------------------------------------------------------


def test_national_staff_revoke_with_a_reason(certificate, client):
    staff = client_for(User.objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD))
    listing = staff.get(reverse("certificates_admin:list") + "?q=siti")
    assert listing.status_code == 200 and certificate.display_code in listing.content.decode()
    url = reverse("certificates_admin:revoke", kwargs={"pk": certificate.pk})
    empty = staff.post(url, {"reason": "   "})
    assert empty.status_code == 400 and 'class="error-message"' in empty.content.decode()
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None
    assert staff.post(url, {"reason": "Peserta tidak hadir."}).status_code == 302
    revoked = Certificate.objects.get(pk=certificate.pk)
    assert revoked.revoked_at and revoked.revocation_reason == "Peserta tidak hadir."
    assert revoked.revoked_by.username == "nasional"
    body = client.get(reverse("certificates:verify", kwargs={"code": certificate.code})).content.decode()
    assert 'data-status="revoked"' in body and "Peserta tidak hadir." in body


def test_others_cannot_list_or_revoke(certificate, learner, make_moderator):
    from django.contrib.auth.models import Group

    from editorial.roles import COMMUNICATIONS_GROUP

    comms = User.objects.create_user("komunikasi", password=PASSWORD, email="k@lokadaya.id")
    comms.groups.add(Group.objects.get_or_create(name=COMMUNICATIONS_GROUP)[0])
    for user in (learner, make_moderator("33"), comms):
        client = client_for(user)
        assert client.get(reverse("certificates_admin:list")).status_code in (302, 403)
        url = reverse("certificates_admin:revoke", kwargs={"pk": certificate.pk})
        assert client.get(url).status_code in (302, 403)
        assert client.post(url, {"reason": "iseng"}).status_code in (302, 403)
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None
    assert Client().get(reverse("certificates_admin:list")).status_code == 302  # to the login page


def test_the_my_certificates_include(certificate, learner, rf):
    from django.template.loader import render_to_string

    html = render_to_string("certificates/includes/my_certificates.html", {"certificates": certificates_for(learner)})
    assert reverse("certificates:pdf", kwargs={"code": certificate.code}) in html
    assert reverse("certificates:verify", kwargs={"code": certificate.code}) in html
    assert "Ketahanan Keuangan OMS" in html
