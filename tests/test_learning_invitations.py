"""OMS invite learners: invite, email, accept (sign up or sign in), revoke, expiry, limits, tenancy."""
import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning import invitations
from learning.learners import is_learner
from learning.models import LearnerInvitation, LearnerMembership
from partners.testing import *  # noqa: F401,F403 (fixtures)

User = get_user_model()
PASSWORD = "Kop1-Tubruk-Manis"
NEW_PASSWORD = "Sate-Lilit-Pedas-77"


@pytest.fixture
def oms(make_verified_oms):
    return make_verified_oms("terang-desa", title="Yayasan Terang Desa")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def org_url(oms):
    return reverse("learning_invitations:organisation", kwargs={"organisation_pk": oms.pk})


def said(state):
    """The explanation of ``state`` as the Indonesian page shows it (HTML-escaped)."""
    from django.utils import translation
    from django.utils.html import escape

    with translation.override("id"):
        return escape(str(invitations.STATE_MESSAGES[state]))


def send(client, oms, email, name="", capture=None):
    with capture(execute=True):
        return client.post(org_url(oms), {"email": email, "name": name})


def link_in(message):
    match = re.search(r"http://testserver(/id/belajar-saya/undangan/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_an_editor_invites_and_the_invitee_signs_up_and_becomes_a_learner(oms, django_capture_on_commit_callbacks):
    editor = client_for(oms.editor)
    mail.outbox.clear()
    response = send(editor, oms, " Ani@Contoh.ID ", "Ani Lestari", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    invitation = LearnerInvitation.objects.get(organisation=oms)
    assert invitation.email == "ani@contoh.id" and invitation.invited_by == oms.editor
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ani@contoh.id"]
    assert "Yayasan Terang Desa" in mail.outbox[0].subject and "Ani Lestari" in mail.outbox[0].body
    listing = editor.get(org_url(oms)).content.decode()
    assert "ani@contoh.id" in listing

    link = link_in(mail.outbox[0])
    visitor = Client()
    page = visitor.get(link)
    assert page.status_code == 200 and 'name="password1"' in page.content.decode()
    assert "ani@contoh.id" in page.content.decode()
    # Mistakes are explained and nothing is created.
    mismatch = visitor.post(link, {"name": "Ani Lestari", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert mismatch.status_code == 400 and 'class="errorlist"' in mismatch.content.decode()
    weak = visitor.post(link, {"name": "", "password1": "123", "password2": "123"})
    assert weak.status_code == 400
    assert not User.objects.filter(email="ani@contoh.id").exists()

    done = visitor.post(link, {"name": "Ani Lestari", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("learning:my_learning")
    user = User.objects.get(email="ani@contoh.id")
    assert user.username == "ani@contoh.id" and user.first_name == "Ani Lestari" and user.check_password(NEW_PASSWORD)
    assert LearnerMembership.objects.filter(organisation=oms, user=user, invited_by=oms.editor).exists()
    assert is_learner(user)
    assert int(visitor.session["_auth_user_id"]) == user.pk
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at

    # The link works once.
    again = Client().get(link)
    assert again.status_code == 410 and said(invitations.ACCEPTED) in again.content.decode()
    assert LearnerMembership.objects.filter(user=user).count() == 1


def test_someone_with_an_account_signs_in_then_accepts(oms, make_verified_oms, django_capture_on_commit_callbacks):
    existing = User.objects.create_user("budi@contoh.id", email="budi@contoh.id", password=PASSWORD)
    assert not is_learner(existing)
    send(client_for(oms.editor), oms, "budi@contoh.id", capture=django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[-1])
    anonymous = Client().get(link).content.decode()
    assert 'name="password1"' not in anonymous and reverse("partners:login") in anonymous
    budi = client_for(existing)
    assert 'type="submit"' in budi.get(link).content.decode()
    assert budi.post(link).status_code == 302
    assert is_learner(existing)
    # A second click (another tab) creates nothing more.
    assert budi.post(link).status_code == 410
    assert LearnerMembership.objects.filter(user=existing).count() == 1


def test_a_revoked_invitation_no_longer_works(oms, django_capture_on_commit_callbacks):
    editor = client_for(oms.editor)
    send(editor, oms, "citra@contoh.id", capture=django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[-1])
    invitation = LearnerInvitation.objects.get(email="citra@contoh.id")
    assert editor.post(reverse("learning_invitations:revoke", kwargs={
        "organisation_pk": oms.pk, "pk": invitation.pk})).status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at
    response = Client().get(link)
    assert response.status_code == 410 and said(invitations.REVOKED) in response.content.decode()
    posted = Client().post(link, {"name": "Citra", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert posted.status_code == 410 and not User.objects.filter(email="citra@contoh.id").exists()
    # Revoking twice says so.
    again = editor.post(reverse("learning_invitations:revoke", kwargs={"organisation_pk": oms.pk, "pk": invitation.pk}),
                        follow=True)
    assert again.status_code == 200


def test_an_expired_or_forged_link_explains_itself(oms, django_capture_on_commit_callbacks):
    send(client_for(oms.editor), oms, "dewi@contoh.id", capture=django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[-1])
    LearnerInvitation.objects.filter(email="dewi@contoh.id").update(
        created_at=timezone.now() - datetime.timedelta(days=invitations.VALID_DAYS + 1))
    expired = Client().get(link)
    assert expired.status_code == 410
    assert said(invitations.EXPIRED) in expired.content.decode()
    forged = Client().get(link[:-3] + "xx/")
    assert forged.status_code == 400 and 'role="alert"' in forged.content.decode()


def test_the_daily_limit_and_duplicates_are_refused_clearly(oms, settings, django_capture_on_commit_callbacks):
    settings.LEARNING_INVITATIONS_PER_DAY = 2
    editor = client_for(oms.editor)
    assert send(editor, oms, "a@contoh.id", capture=django_capture_on_commit_callbacks).status_code == 302
    duplicate = send(editor, oms, "A@contoh.id", capture=django_capture_on_commit_callbacks)
    assert duplicate.status_code == 400 and "a@contoh.id" in duplicate.content.decode()
    member = send(editor, oms, oms.editor.email, capture=django_capture_on_commit_callbacks)
    assert member.status_code == 400
    assert send(editor, oms, "b@contoh.id", capture=django_capture_on_commit_callbacks).status_code == 302
    mail.outbox.clear()
    over = send(editor, oms, "c@contoh.id", capture=django_capture_on_commit_callbacks)
    assert over.status_code == 400 and "help-critical" in over.content.decode()
    assert 'value="c@contoh.id"' in over.content.decode()  # what was typed is kept
    assert LearnerInvitation.objects.filter(organisation=oms).count() == 2 and not mail.outbox
    bad = send(editor, oms, "bukan-email", capture=django_capture_on_commit_callbacks)
    assert bad.status_code == 400 and "error-message" in bad.content.decode()


def test_only_the_oms_own_editors_manage_its_invitations(oms, make_verified_oms, make_pending_oms, make_moderator,
                                                        django_capture_on_commit_callbacks):
    send(client_for(oms.editor), oms, "eka@contoh.id", capture=django_capture_on_commit_callbacks)
    invitation = LearnerInvitation.objects.get(email="eka@contoh.id")
    revoke_url = reverse("learning_invitations:revoke", kwargs={"organisation_pk": oms.pk, "pk": invitation.pk})
    other = make_verified_oms("oms-lain", regency_code="73.71")
    staff = User.objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    outsiders = [other.editor, make_moderator("33"), staff]
    for user in outsiders:
        client = client_for(user)
        assert client.get(org_url(oms)).status_code == 404
        assert client.post(org_url(oms), {"email": "iseng@contoh.id"}).status_code == 404
        assert client.post(revoke_url).status_code == 404
    # Another OMS's editor cannot reach this invitation through their own OMS either.
    assert client_for(other.editor).post(reverse("learning_invitations:revoke", kwargs={
        "organisation_pk": other.pk, "pk": invitation.pk})).status_code == 404
    assert client_for(make_moderator("73", username="mod-73")).get(
        reverse("learning_invitations:index")).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert not LearnerInvitation.objects.filter(email="iseng@contoh.id").exists()
    # An OMS not verified yet invites nobody.
    pending = make_pending_oms()
    applicant = User.objects.get(email="rahma@lenterapesisir.or.id")
    assert client_for(applicant).get(reverse("learning_invitations:organisation", kwargs={
        "organisation_pk": pending.pk})).status_code in (302, 404)
    # Anonymous visitors are sent to the admin's login.
    assert Client().get(org_url(oms)).status_code == 302


def test_the_index_leads_an_editor_to_their_oms(oms):
    response = client_for(oms.editor).get(reverse("learning_invitations:index"))
    assert response.status_code == 302 and response["Location"] == org_url(oms)
    home = client_for(oms.editor).get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("learning_invitations:index") in home
    staff = User.objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    assert reverse("learning_invitations:index") not in client_for(staff).get(reverse("wagtailadmin_home")).content.decode()


def _race(count, action):
    """Run ``action(i)`` in ``count`` threads released together; their results (or exceptions)."""
    import threading

    from django.db import connection

    barrier, results = threading.Barrier(count), []

    def run(i):
        try:
            barrier.wait()
            results.append(action(i))
        except Exception as error:  # noqa: BLE001 - the caller checks which ones failed
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_simultaneous_sends_do_not_pass_the_daily_limit(make_verified_oms, settings):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    settings.LEARNING_INVITATIONS_PER_DAY = 2
    oms = make_verified_oms("oms-serentak")
    results = _race(4, lambda i: invitations.invite(oms, email=f"orang{i}@contoh.id", invited_by=oms.editor))
    assert sum(isinstance(result, LearnerInvitation) for result in results) == 2
    assert sum(isinstance(result, invitations.InvitationError) for result in results) == 2
    assert LearnerInvitation.objects.filter(organisation=oms).count() == 2


@pytest.mark.django_db(transaction=True)
def test_simultaneous_accepts_make_one_membership(make_verified_oms):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    oms = make_verified_oms("oms-terima")
    invitation = invitations.invite(oms, email="fajar@contoh.id", invited_by=oms.editor)
    user = User.objects.create_user("fajar@contoh.id", email="fajar@contoh.id", password=PASSWORD)
    results = _race(3, lambda i: invitations.accept(LearnerInvitation.objects.get(pk=invitation.pk), user))
    assert sum(isinstance(result, LearnerMembership) for result in results) == 1
    assert sum(isinstance(result, invitations.InvitationError) for result in results) == 2
    assert LearnerMembership.objects.filter(organisation=oms, user=user).count() == 1
