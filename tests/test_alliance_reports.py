""""Laporkan" on an alliance page: the report reaches the moderators of the alliance's province (national
admins for a national alliance), like a campaign's; a draft alliance cannot be reported."""
import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from alliances.testing import alliance_index, make_alliance  # noqa: F401 - fixtures
from partners.testing import PASSWORD, make_moderator, make_verified_oms  # noqa: F401 - fixtures
from reports.models import Report

pytestmark = pytest.mark.django_db


def report(client, page):
    return client.post(f"/id/laporkan/{page.pk}/", {
        "reason": "false_information", "detail": "Pernyataan sikap ini memuat data yang keliru.",
        "email": "pelapor@contoh.id"})


def test_a_provincial_alliance_is_reported_to_its_provinces_moderators(client, make_verified_oms, make_alliance,
                                                                        make_moderator,
                                                                        django_capture_on_commit_callbacks):
    lead = make_verified_oms("oms-lead", "33.74")
    alliance = make_alliance(lead, title="Aliansi Sungai Bersih", level="province", province_code="33")
    moderator_33, moderator_73 = make_moderator("33"), make_moderator("73")
    admin = get_user_model().objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)

    page = client.get(alliance.url).content.decode()
    assert f'href="/id/laporkan/{alliance.pk}/"' in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert report(client, alliance).status_code == 302
    saved = Report.objects.get()
    assert (saved.kind, saved.page_id, saved.province.code) == ("alliance", alliance.pk, "33")
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([moderator_33.email, admin.email])
    assert moderator_73.email not in recipients


def test_a_national_alliance_goes_to_national_admins_and_a_draft_is_not_reportable(
        client, make_verified_oms, make_alliance, make_moderator):
    lead = make_verified_oms("oms-lead", "33.74")
    national = make_alliance(lead, title="Aliansi Nasional", level="national", province_code=None)
    draft = make_alliance(lead, title="Aliansi Draf", live=False)
    assert report(client, national).status_code == 302
    assert Report.objects.get().province is None
    assert client.get(f"/id/laporkan/{draft.pk}/").status_code == 404
    assert report(client, draft).status_code == 404
    assert Report.objects.count() == 1
