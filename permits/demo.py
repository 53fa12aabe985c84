"""Demo permits: verified permits for most demo campaigns, one waiting for its moderators; the policy stays off."""
import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone


def _document(number, issuer):
    """A small one-page PDF saying what the demo permit is (generated, no file shipped)."""
    text = f"IZIN PENGUMPULAN UANG ATAU BARANG (CONTOH DEMO) No. {number} - {issuer}"
    text = text.replace("\\", "").replace("(", "[").replace(")", "]")
    stream = f"BT /F1 11 Tf 40 780 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
               b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
               b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def seed(home, organisations):
    """Verified permits for most demo campaigns; return lines to print."""
    from campaigns.models import CampaignPage
    from permits.models import FundraisingPermit, Scope
    from permits.rules import campaign_regency
    from wagtail.models import Locale

    today = timezone.localdate()
    campaigns = list(CampaignPage.objects.filter(locale=Locale.get_default()).live().order_by("path"))
    if not campaigns:
        return []
    verified = waiting = 0
    for index, campaign in enumerate(campaigns):
        if FundraisingPermit.objects.filter(campaign=campaign).exists():
            continue
        regency = campaign_regency(campaign)
        if index % 5 == 4:
            continue  # a few campaigns have none: the page shows nothing, nothing stops (policy off)
        if regency is None or index % 3 == 0:
            scope, province, regency_field = Scope.NATIONAL, None, None
            issuer = "Kementerian Sosial RI"
        elif index % 3 == 1:
            scope, province, regency_field = Scope.PROVINCE, regency.province, None
            issuer = f"Dinas Sosial Provinsi {regency.province.name}"
        else:
            scope, province, regency_field = Scope.REGENCY, regency.province, regency
            issuer = f"Dinas Sosial {regency.name}"
        number = f"{index + 1:03d}/PUB/{today.year}"
        is_waiting = waiting == 0 and index >= 2
        permit = FundraisingPermit(
            campaign=campaign, number=number, issuer=issuer, scope=scope, province=province, regency=regency_field,
            valid_from=today - datetime.timedelta(days=30), valid_until=today + datetime.timedelta(days=300),
            status=FundraisingPermit.Status.SUBMITTED if is_waiting else FundraisingPermit.Status.VERIFIED,
            verified_at=None if is_waiting else timezone.now())
        permit.document.save(f"izin-pub-demo-{index + 1}.pdf", ContentFile(_document(number, issuer)), save=False)
        permit.save()
        if is_waiting:
            waiting += 1
        else:
            verified += 1
    return [f"Izin PUB: {verified} verified permits, {waiting} waiting for the moderators; the policy stays off."]
