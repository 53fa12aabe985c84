"""Verification by the provincial network's moderators, and what it creates: the published profile,
the OMS's editor group with page permissions on its own subtree, its own collection, invitations."""
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test import Client
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale

from network.roles import MODERATOR_GROUP
from partners.access import editors_of
from partners.models import OrganisationAccess, OrganisationPage, VerificationEvent
from partners.testing import *  # noqa: F401,F403 - fixtures
from partners.testing import PASSWORD, registration_data
from partners.verification import VerificationError, verify

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def pending(make_pending_oms):
    return make_pending_oms()


@pytest.fixture
def moderator(make_moderator):
    return make_moderator("74")


def moderator_client(user):
    client = Client()
    client.force_login(user)
    return client


def decide(client, organisation, action, note="", capture=None):
    url = f"/admin/mitra/verifikasi/{organisation.pk}/"
    if capture is None:
        return client.post(url, {"action": action, "note": note})
    with capture(execute=True):
        return client.post(url, {"action": action, "note": note})


# -- the moderators' queue ----------------------------------------------------------------------


def test_moderators_get_admin_access_through_their_network(make_moderator):
    user = make_moderator("74")
    assert user.groups.filter(name=MODERATOR_GROUP).exists() and user.has_perm("wagtailadmin.access_admin")
    user.moderated_networks.clear()
    assert not user.groups.filter(name=MODERATOR_GROUP).exists()
    user = User.objects.get(pk=user.pk)
    assert not user.has_perm("wagtailadmin.access_admin")


def test_the_queue_lists_the_pending_oms_of_ones_own_province_only(pending, moderator, make_moderator):
    client = moderator_client(moderator)
    body = client.get("/admin/mitra/verifikasi/").content.decode()
    assert pending.title in body and "Sulawesi Tenggara" in body
    detail = client.get(f"/admin/mitra/verifikasi/{pending.pk}/")
    assert detail.status_code == 200
    text = detail.content.decode()
    for expected in ("AHU-0012345.AH.01.04.Tahun 2019", "Mandonga", "Poasia", "rahma@lenterapesisir.or.id",
                     "Menunggu verifikasi"):
        assert expected in text, expected

    other = moderator_client(make_moderator("33"))
    assert pending.title not in other.get("/admin/mitra/verifikasi/").content.decode()
    assert other.get(f"/admin/mitra/verifikasi/{pending.pk}/").status_code == 404


def test_verifying_publishes_and_creates_the_editor_group_and_collection(pending, moderator,
                                                                       django_capture_on_commit_callbacks):
    mail.outbox.clear()
    response = decide(moderator_client(moderator), pending, "verify", "Selamat bergabung.",
                      django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == "/admin/mitra/verifikasi/"
    page = OrganisationPage.objects.get(pk=pending.pk)
    assert page.live and page.is_verified and page.verification_status == "verified"
    assert page.verified_by.province.code == "74" and page.verified_at is not None
    assert list(page.verification_events.values_list("action", flat=True)) == [
        "registered", "submitted", "verified"]

    # The group: admin access, page permissions on the OMS's page (its subtree) and nowhere else.
    access = OrganisationAccess.objects.get(organisation=page)
    group = access.group
    assert group.permissions.filter(codename="access_admin").exists()
    assert set(GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission__codename")) == {
        (page.pk, "add_page"), (page.pk, "change_page"), (page.pk, "publish_page")}
    # The collection: its own, under "Mitra", with image and document permissions.
    assert access.collection.get_parent().name == "Mitra"
    assert set(GroupCollectionPermission.objects.filter(group=group).values_list(
        "collection_id", "permission__codename")) == {(access.collection.pk, codename) for codename in (
            "add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document")}
    # The applicant is its first editor.
    assert list(editors_of(page)) == [page.owner]

    # The public profile shows the verification, its date and the network.
    profile = Client().get("/id/mitra/yayasan-lentera-pesisir/")
    assert profile.status_code == 200
    body = profile.content.decode()
    assert "Terverifikasi" in body and "Jejaring Lokadaya Provinsi Sulawesi Tenggara" in body
    assert page.verified_at.strftime("%Y") in body

    # The editor is told, with the note.
    [message] = [m for m in mail.outbox if m.to == ["rahma@lenterapesisir.or.id"]]
    assert "terverifikasi" in message.subject and "Selamat bergabung." in message.body
    assert "/id/mitra/yayasan-lentera-pesisir/" in message.body


def test_the_new_editor_may_edit_their_profile_and_add_a_campaign(pending, moderator):
    verify(pending, moderator)
    editor = User.objects.get(email="rahma@lenterapesisir.or.id")
    client = Client()
    assert client.login(username=editor.username, password=PASSWORD)
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{pending.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/add/campaigns/campaignpage/{pending.pk}/").status_code == 200
    assert client.get(f"/admin/pages/add/stories/storypage/{pending.pk}/").status_code == 200
    # "My organisation" lists it.
    assert pending.title in client.get("/admin/mitra/saya/").content.decode()


def test_asking_for_changes_needs_a_note_and_reaches_the_applicant(pending, moderator, client,
                                                                  django_capture_on_commit_callbacks):
    moderator_http = moderator_client(moderator)
    response = decide(moderator_http, pending, "changes", "")
    assert response.status_code == 400
    assert "Tulis apa yang perlu diubah" in response.content.decode()
    assert OrganisationPage.objects.get(pk=pending.pk).verification_status == "pending"

    mail.outbox.clear()
    note = "Mohon lampirkan nomor SK AHU yang benar dan sebutkan kecamatan di luar kota."
    response = decide(moderator_http, pending, "changes", note, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    page = OrganisationPage.objects.get(pk=pending.pk)
    assert page.verification_status == "changes_requested" and not page.live
    [message] = mail.outbox
    assert message.to == ["rahma@lenterapesisir.or.id"] and note in message.body
    assert "meminta perubahan" in message.subject

    # The applicant sees the note, makes the changes: the OMS goes back to the moderators.
    assert client.login(username="rahma@lenterapesisir.or.id", password=PASSWORD)
    status = client.get("/id/daftar-mitra/status/").content.decode()
    assert note in status and "Diminta perubahan" in status
    edit = client.get(f"/id/daftar-mitra/status/{page.pk}/ubah/")
    assert note in edit.content.decode()
    data = registration_data(legal_registration_number="AHU-0099999.AH.01.04.Tahun 2019",
                             districts="Mandonga, Poasia, Kendari Barat")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/id/daftar-mitra/status/{page.pk}/ubah/", data)
    assert response.status_code == 302
    page = OrganisationPage.objects.get(pk=page.pk)
    assert page.verification_status == "pending"
    assert page.legal_registration_number == "AHU-0099999.AH.01.04.Tahun 2019"
    assert sorted(d.name for d in page.districts.all()) == ["Kendari Barat", "Mandonga", "Poasia"]
    assert page.revisions.count() == 2
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    assert "telah melakukan perubahan" in mail.outbox[0].subject
    assert list(page.verification_events.values_list("action", flat=True))[-2:] == [
        "changes_requested", "resubmitted"]


def test_changing_an_application_with_bad_input_loses_nothing(pending, client):
    assert client.login(username="rahma@lenterapesisir.or.id", password=PASSWORD)
    response = client.post(f"/id/daftar-mitra/status/{pending.pk}/ubah/",
                           registration_data(regency="", summary="Ringkasan baru"))
    assert response.status_code == 400
    assert "Pilih kabupaten atau kota" in response.content.decode()
    page = OrganisationPage.objects.get(pk=pending.pk)
    assert page.regency.code == "74.71" and page.summary.startswith("Sekolah pesisir")
    # Its own name is not a duplicate of itself.
    ok = client.post(f"/id/daftar-mitra/status/{pending.pk}/ubah/", registration_data(summary="Ringkasan baru."))
    assert ok.status_code == 302
    assert OrganisationPage.objects.get(pk=pending.pk).summary == "Ringkasan baru."


def test_rejecting_needs_a_reason_and_is_final(pending, moderator, django_capture_on_commit_callbacks):
    http = moderator_client(moderator)
    assert decide(http, pending, "reject", "  ").status_code == 400
    mail.outbox.clear()
    response = decide(http, pending, "reject", "Bukan organisasi masyarakat sipil.", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    page = OrganisationPage.objects.get(pk=pending.pk)
    assert page.verification_status == "rejected" and not page.live and not page.is_verified
    assert not OrganisationAccess.objects.filter(organisation=page).exists()
    [message] = mail.outbox
    assert "tidak diterima" in message.subject and "Bukan organisasi masyarakat sipil." in message.body
    # No decision after a rejection; the applicant cannot change it either.
    again = decide(http, page, "verify")
    assert again.status_code == 400 and "tidak dapat" in again.content.decode().lower() or again.status_code == 400
    assert OrganisationPage.objects.get(pk=pending.pk).verification_status == "rejected"
    with pytest.raises(VerificationError):
        verify(page, moderator)


def test_verifying_twice_creates_one_group(pending, moderator):
    verify(pending, moderator)
    groups = Group.objects.count()
    collections = Collection.objects.count()
    with pytest.raises(VerificationError):
        verify(pending, moderator)
    assert Group.objects.count() == groups and Collection.objects.count() == collections
    assert VerificationEvent.objects.filter(organisation=pending, action="verified").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_moderators_verifying_at_once_verify_once(make_pending_oms, make_moderator):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    pending = make_pending_oms()
    moderators = [make_moderator("74", username=f"mod{i}") for i in range(2)]
    barrier, outcomes = threading.Barrier(2), []

    def run(user):
        try:
            barrier.wait()
            verify(OrganisationPage.objects.get(pk=pending.pk), user)
            outcomes.append("ok")
        except VerificationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(user,)) for user in moderators]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert OrganisationAccess.objects.filter(organisation=pending).count() == 1
    assert VerificationEvent.objects.filter(organisation=pending, action="verified").count() == 1


def test_a_national_admin_verifies_anywhere(pending):
    admin = User.objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    assert decide(moderator_client(admin), pending, "verify").status_code == 302
    assert OrganisationPage.objects.get(pk=pending.pk).is_verified


# -- the verification state is the flow's, not the editor's -------------------------------------


def test_an_editor_cannot_unverify_through_an_old_revision_or_the_form(pending, moderator):
    old_revision = pending.latest_revision
    verify(pending, moderator)
    editor = User.objects.get(email="rahma@lenterapesisir.or.id")
    client = Client()
    client.force_login(editor)
    # Publishing the revision saved before verification keeps the verification.
    old_revision.publish(user=editor)
    page = OrganisationPage.objects.get(pk=pending.pk)
    assert page.is_verified and page.verification_status == "verified" and page.verified_by is not None
    # The edit form has no verification fields; posting them changes nothing.
    form = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="verification_status"' not in form and 'name="is_verified"' not in form


def test_translations_share_the_verification_and_the_bank_account(pending, moderator):
    from wagtail_localize.fields import SynchronizedField, get_translatable_fields

    fields = {f.field_name: f for f in get_translatable_fields(OrganisationPage)}
    for name in ("bank_name", "bank_account_number", "bank_account_holder", "verification_status",
                 "is_verified", "verified_at", "verified_by"):
        assert isinstance(fields[name], SynchronizedField) and not fields[name].is_overridable(None), name

    english = pending.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    verify(pending, moderator)
    english.refresh_from_db()
    assert english.is_verified and english.verification_status == "verified"
    assert english.verified_by_id == OrganisationPage.objects.get(pk=pending.pk).verified_by_id


# -- inviting more editors ----------------------------------------------------------------------


def test_an_editor_invites_another_who_sets_a_password(pending, moderator, django_capture_on_commit_callbacks):
    verify(pending, moderator)
    editor = User.objects.get(email="rahma@lenterapesisir.or.id")
    client = Client()
    client.force_login(editor)
    assert client.get(f"/admin/mitra/{pending.pk}/editor/").status_code == 200
    bad = client.post(f"/admin/mitra/{pending.pk}/editor/", {"name": "Andi", "email": "bukan-email"})
    assert bad.status_code == 400 and not User.objects.filter(first_name="Andi").exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/mitra/{pending.pk}/editor/", {"name": "Andi Tamrin",
                                                                        "email": "Andi@LenteraPesisir.or.id"})
    assert response.status_code == 302
    invited = User.objects.get(email="andi@lenterapesisir.or.id")
    assert not invited.is_active and not invited.has_usable_password()
    assert invited in editors_of(pending)
    [message] = mail.outbox
    assert message.to == ["andi@lenterapesisir.or.id"] and "Anda diundang menyunting" in message.subject
    import re

    link = re.search(r"http://testserver(/id/daftar-mitra/undangan/\S+/)", message.body).group(1)
    newcomer = Client()
    assert newcomer.get(link).status_code == 200
    mismatch = newcomer.post(link, {"new_password1": PASSWORD, "new_password2": "lain"})
    assert mismatch.status_code == 400
    assert newcomer.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD}).status_code == 302
    invited.refresh_from_db()
    assert invited.is_active and invited.check_password(PASSWORD)
    assert newcomer.get(f"/admin/pages/{pending.pk}/edit/").status_code == 200
    # The link works once.
    assert Client().post(link, {"new_password1": "Lagi-Lagi-123", "new_password2": "Lagi-Lagi-123"}).status_code == 400

    # An editor can be removed, but not the last one.
    assert client.post(f"/admin/mitra/{pending.pk}/editor/{invited.pk}/hapus/").status_code == 302
    assert invited not in editors_of(pending)
    client.post(f"/admin/mitra/{pending.pk}/editor/{editor.pk}/hapus/")
    assert editor in editors_of(pending)


def test_inviting_an_existing_user_adds_them_without_a_new_account(pending, moderator,
                                                                   django_capture_on_commit_callbacks):
    verify(pending, moderator)
    existing = User.objects.create_user("budi", email="budi@contoh.id", password=PASSWORD)
    client = Client()
    client.force_login(User.objects.get(email="rahma@lenterapesisir.or.id"))
    users = User.objects.count()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/mitra/{pending.pk}/editor/", {"name": "Budi", "email": "budi@contoh.id"})
    assert User.objects.count() == users and existing in editors_of(pending)
    assert "undangan" not in mail.outbox[0].body and "/admin/" in mail.outbox[0].body


def test_an_oms_published_by_a_national_admin_before_verification(make_organisation, make_moderator):
    """Verifying it does not publish its pending draft; rejecting it takes it off the site."""
    from partners.verification import reject

    moderator = make_moderator("33")
    page = make_organisation(slug="dibuat-admin", title="Dibuat Admin")
    OrganisationPage.objects.filter(pk=page.pk).update(is_verified=False, verification_status="pending")
    page = OrganisationPage.objects.get(pk=page.pk)
    page.title = "Draf Belum Terbit"
    page.save_revision()
    verify(page, moderator)
    live = OrganisationPage.objects.get(pk=page.pk)
    assert live.live and live.is_verified and live.title == "Dibuat Admin" and live.has_unpublished_changes

    other = make_organisation(slug="ditolak", title="Akan Ditolak", email="tolak@contoh.id")
    OrganisationPage.objects.filter(pk=other.pk).update(is_verified=False, verification_status="pending")
    reject(OrganisationPage.objects.get(pk=other.pk), moderator, "Bukan OMS.")
    other = OrganisationPage.objects.get(pk=other.pk)
    assert not other.live and other.verification_status == "rejected"
    assert Client().get("/id/mitra/ditolak/").status_code == 404
