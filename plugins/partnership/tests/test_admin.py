"""The OMS's records admin for proposals: list, status changes (with emails), CSV export, permissions."""
import pytest
from django.core import mail

from campaigns.models import StatusChange
from plugins.partnership.models import Proposal

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/galang-daya/partnership/"


def status_url(proposal):
    return f"{LIST_URL}{proposal.pk}/"


def test_superuser_sees_the_proposals(admin_client, make_proposal):
    make_proposal(organisation_name="PT Sinar Abadi", sector="business", kind="csr", value_estimate=5_000_000)
    response = admin_client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "PT Sinar Abadi" in html
    assert "Rp 5.000.000" in html
    assert "Baru" in html  # the status, in Indonesian


def test_list_filters_by_status_and_searches_organisations(admin_client, make_proposal):
    make_proposal(status="new", organisation_name="UD Berkah Jaya")
    make_proposal(status="agreed", organisation_name="Harian Suara Daerah")
    html = admin_client.get(LIST_URL + "?status=agreed").content.decode()
    assert "Harian Suara Daerah" in html and "UD Berkah Jaya" not in html
    html = admin_client.get(LIST_URL + "?q=berkah").content.decode()
    assert "UD Berkah Jaya" in html and "Harian Suara Daerah" not in html


def test_moving_through_the_statuses_emails_the_proposer(admin_client, make_proposal,
                                                         django_capture_on_commit_callbacks):
    proposal = make_proposal(email="mitra@contoh.id", name="Rina Marlina")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(status_url(proposal), {
            "status": "discussion", "response": "Kami akan menelepon minggu ini.", "note": "Telepon Senin"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "discussion"
    assert proposal.response == "Kami akan menelepon minggu ini."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mitra@contoh.id"]
    assert "sedang dibahas" in mail.outbox[0].subject
    assert "Halo Rina Marlina" in mail.outbox[0].body
    assert "Kami akan menelepon minggu ini." in mail.outbox[0].body
    change = StatusChange.objects.get(record_type="partnership.proposal", record_id=proposal.pk)
    assert (change.old_status, change.new_status, change.note) == ("new", "discussion", "Telepon Senin")

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(status_url(proposal), {"status": "agreed", "response": ""})
    proposal.refresh_from_db()
    assert proposal.status == "agreed"
    assert len(mail.outbox) == 2
    assert "disepakati" in mail.outbox[1].subject
    assert "halaman kampanye" in mail.outbox[1].body


def test_declining_needs_a_message_to_the_proposer(admin_client, make_proposal, django_capture_on_commit_callbacks):
    proposal = make_proposal()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(status_url(proposal), {"status": "declined", "response": "  "})
    assert response.status_code == 200
    assert "Beri tahu pengusul alasan proposal ditolak" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "new"
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(status_url(proposal), {
            "status": "declined", "response": "Kebutuhan lampu sudah terpenuhi."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "declined"
    assert len(mail.outbox) == 1
    assert "Kebutuhan lampu sudah terpenuhi." in mail.outbox[0].body


def test_saving_the_same_status_sends_nothing(admin_client, make_proposal, django_capture_on_commit_callbacks):
    proposal = make_proposal(status="discussion")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(status_url(proposal), {"status": "discussion", "response": ""})
    assert mail.outbox == []
    assert not StatusChange.objects.exists()


def test_reopening_is_refused_when_another_proposal_is_open(admin_client, make_proposal):
    old = make_proposal(status="declined", email="sama@contoh.id", response="Belum cocok.")
    make_proposal(status="new", email="sama@contoh.id")
    response = admin_client.post(status_url(old), {"status": "discussion", "response": "Kita coba lagi."})
    assert response.status_code == 200
    assert "Pengusul ini punya proposal lain yang masih terbuka" in response.content.decode()
    old.refresh_from_db()
    assert old.status == "declined"


def test_csv_export(admin_client, make_proposal):
    make_proposal(organisation_name="=HYPERLINK(\"x\")", status="agreed", value_estimate=2_500_000,
                  website="https://mitra.contoh.id", sector="media", kind="csr")
    make_proposal(organisation_name="Radio Komunitas")
    response = admin_client.get(LIST_URL + "?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("id,")
    assert "Organisasi" in lines[0] and "Perkiraan nilai (Rp)" in lines[0]
    assert len(lines) == 3
    assert "'=HYPERLINK" in body  # a formula is neutralised
    assert "2500000" in body and "https://mitra.contoh.id" in body
    assert "Media" in body and "Tanggung jawab sosial perusahaan (CSR)" in body
    assert "Radio Komunitas" in body


def test_editor_of_another_oms_gets_404_and_sees_nothing(client, make_organisation, make_editor, make_proposal):
    proposal = make_proposal(organisation_name="PT Rahasia Orang Lain")
    other = make_organisation(slug="oms-lain", email="lain@contoh.id")
    client.force_login(make_editor(other))
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "PT Rahasia Orang Lain" not in response.content.decode()
    assert client.get(status_url(proposal)).status_code == 404
    assert client.post(status_url(proposal), {"status": "agreed"}).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == "new"
    csv = b"".join(client.get(LIST_URL + "?export=csv").streaming_content).decode("utf-8-sig")
    assert "PT Rahasia Orang Lain" not in csv


def test_editor_of_the_oms_manages_its_proposals(client, organisation, make_editor, make_proposal,
                                                 django_capture_on_commit_callbacks):
    proposal = make_proposal(organisation_name="PT Milik Sendiri")
    client.force_login(make_editor(organisation))
    assert "PT Milik Sendiri" in client.get(LIST_URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(status_url(proposal), {"status": "agreed", "response": "Selamat bergabung."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.AGREED
    assert len(mail.outbox) == 1
