"""Alliances: forming, inviting, accepting, declining, leaving, and who may do each (/admin/aliansi/)."""
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from wagtail.models import GroupPagePermission

from alliances import testing as alliances_testing
from alliances.models import AllianceMembership, AlliancePage
from partners import testing as partners_testing
from partners.testing import PASSWORD

pytestmark = pytest.mark.django_db

make_verified_oms = partners_testing.make_verified_oms
alliance_index = alliances_testing.alliance_index
make_alliance = alliances_testing.make_alliance

Status = AllianceMembership.Status


@pytest.fixture
def world(make_verified_oms, alliance_index, django_capture_on_commit_callbacks):
    """Jawa Tengah: a1 (Semarang), a2 (Surakarta); Sulawesi Selatan: b1 (Makassar); a national admin."""
    class W:
        pass

    w = W()
    w.a1 = make_verified_oms("oms-semarang", "33.74", title="OMS Semarang")
    w.a2 = make_verified_oms("oms-solo", "33.72", title="OMS Solo")
    w.b1 = make_verified_oms("oms-makassar", "73.71", title="OMS Makassar")
    w.national = get_user_model().objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    w.index = alliance_index
    return w


def as_user(client, user):
    client.logout()
    client.force_login(user)
    return client


def form_alliance(client, w, **overrides):
    data = {"organisation": w.a1.pk, "title": "Aliansi Air Bersih Semarang", "policy_issue": "Perda air bersih",
            "summary": "Air bersih untuk semua", "level": "regency", "province": "", "regency": "33.74"}
    data.update(overrides)
    from regions.models import Regency

    if data["regency"]:
        data["regency"] = Regency.objects.get(code=data["regency"]).pk
    return client.post("/admin/aliansi/bentuk/", data)


def may_open_editor(client, page):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    return response.status_code == 200


@pytest.fixture
def alliance(client, world):
    """Formed by a1's editor through the admin form (a draft with a1 as lead)."""
    as_user(client, world.a1.editor)
    response = form_alliance(client, world)
    assert response.status_code == 302, response.context["form"].errors
    return AlliancePage.objects.get(title="Aliansi Air Bersih Semarang")


# -- forming ---------------------------------------------------------------------------------------


def test_an_oms_editor_forms_a_draft_alliance_and_may_edit_its_page(client, world, alliance):
    w = world
    assert not alliance.live and alliance.lead_organisation_id == w.a1.pk
    assert alliance.get_parent().specific == w.index
    assert alliance.province.code == "33" and alliance.regency.code == "33.74"
    lead = AllianceMembership.objects.get(alliance=alliance)
    assert lead.organisation_id == w.a1.pk and lead.status == Status.MEMBER and lead.is_lead
    assert GroupPagePermission.objects.filter(group=w.a1.access.group, page=alliance).count() == 3
    assert may_open_editor(client, alliance)
    assert alliance.permissions_for_user(w.a1.editor).can_publish()
    listing = client.get("/admin/aliansi/")
    assert listing.status_code == 200 and "Aliansi Air Bersih Semarang" in listing.content.decode()


def test_forming_creates_the_index_when_missing(client, world):
    world.index.delete()
    as_user(client, world.a1.editor)
    assert form_alliance(client, world).status_code == 302
    page = AlliancePage.objects.get()
    assert page.get_parent().specific.__class__.__name__ == "AllianceIndexPage"


@pytest.mark.parametrize("overrides, field", [
    ({"level": "regency", "regency": ""}, "regency"),
    ({"level": "province", "regency": "", "province": ""}, "province"),
    ({"level": "province", "province": "", "regency": "33.74"}, "province"),
    ({"level": "national", "regency": "33.74"}, "regency"),
    ({"level": "planet"}, "level"),
    ({"title": ""}, "title"),
    ({"policy_issue": ""}, "policy_issue"),
])
def test_bad_input_is_refused_on_its_field_and_nothing_is_made(client, world, overrides, field):
    as_user(client, world.a1.editor)
    response = form_alliance(client, world, **overrides)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert response.context["form"].data["summary"] == "Air bersih untuk semua"  # nothing typed is lost
    assert not AlliancePage.objects.exists() and not AllianceMembership.objects.exists()


def test_an_editor_cannot_form_an_alliance_for_another_oms(client, world):
    as_user(client, world.a1.editor)
    response = form_alliance(client, world, organisation=world.b1.pk)
    assert response.status_code == 400 and "organisation" in response.context["form"].errors
    assert not AlliancePage.objects.exists()


def test_users_without_a_verified_oms_have_no_alliance_admin(client, world):
    plain = get_user_model().objects.create_user("biasa", "biasa@contoh.id", PASSWORD)
    from django.contrib.auth.models import Permission

    plain.user_permissions.add(Permission.objects.get(codename="access_admin"))
    as_user(client, plain)
    assert client.get("/admin/aliansi/").status_code in (302, 403)
    assert client.get("/admin/aliansi/bentuk/").status_code in (302, 403)
    client.logout()
    assert client.get("/admin/aliansi/").status_code == 302  # to the login page


# -- inviting and answering ----------------------------------------------------------------------------


def invite(client, w, alliance, organisation, message="Mari bergabung"):
    as_user(client, w.a1.editor)
    return client.post(f"/admin/aliansi/{alliance.pk}/undang/", {"organisation": organisation.pk, "message": message})


def test_invite_then_accept_gives_the_invited_editors_the_page(client, world, alliance,
                                                              django_capture_on_commit_callbacks):
    w = world
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, w, alliance, w.a2)
    assert response.status_code == 302
    row = AllianceMembership.objects.get(alliance=alliance, organisation=w.a2)
    assert row.status == Status.INVITED and row.invited_by == w.a1.editor and row.message == "Mari bergabung"
    assert [m.to for m in mail.outbox] == [[w.a2.editor.email]]
    assert "Aliansi Air Bersih Semarang" in mail.outbox[0].subject
    assert "/admin/aliansi/undangan/" in mail.outbox[0].body and "Mari bergabung" in mail.outbox[0].body

    # Invited, not yet a member: no page, no members screen, but the invitation.
    as_user(client, w.a2.editor)
    assert not may_open_editor(client, alliance)
    assert client.get(f"/admin/aliansi/{alliance.pk}/").status_code == 404
    invitations = client.get("/admin/aliansi/undangan/")
    assert invitations.status_code == 200 and f'data-invitation="{row.pk}"' in invitations.content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/aliansi/undangan/{row.pk}/terima/")
    assert response.status_code == 302 and response.url == f"/admin/aliansi/{alliance.pk}/"
    row.refresh_from_db()
    assert row.status == Status.MEMBER and row.responded_by == w.a2.editor and not row.is_lead
    assert GroupPagePermission.objects.filter(group=w.a2.access.group, page=alliance).count() == 3
    assert may_open_editor(client, alliance)
    assert client.get(f"/admin/aliansi/{alliance.pk}/").status_code == 200
    assert [m.to for m in mail.outbox] == [[w.a1.editor.email]]  # the inviter hears of it
    # Answered once: a second click finds nothing to answer.
    assert client.post(f"/admin/aliansi/undangan/{row.pk}/terima/").status_code == 404


def test_decline_gives_nothing_and_the_oms_may_be_invited_again(client, world, alliance,
                                                               django_capture_on_commit_callbacks):
    w = world
    invite(client, w, alliance, w.a2)
    row = AllianceMembership.objects.get(alliance=alliance, organisation=w.a2)
    as_user(client, w.a2.editor)
    assert client.post(f"/admin/aliansi/undangan/{row.pk}/tolak/").status_code == 302
    row.refresh_from_db()
    assert row.status == Status.DECLINED
    assert not GroupPagePermission.objects.filter(group=w.a2.access.group, page=alliance).exists()
    assert not may_open_editor(client, alliance)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert invite(client, w, alliance, w.a2, message="Sekali lagi").status_code == 302
    row.refresh_from_db()
    assert row.status == Status.INVITED and row.message == "Sekali lagi" and row.responded_at is None
    assert AllianceMembership.objects.filter(alliance=alliance, organisation=w.a2).count() == 1
    assert [m.to for m in mail.outbox] == [[w.a2.editor.email]]


def test_invitations_refused_with_a_reason_and_the_form_kept(client, world, alliance, settings):
    w = world
    assert invite(client, w, alliance, w.a2).status_code == 302
    again = invite(client, w, alliance, w.a2, message="dua kali")
    assert again.status_code == 400 and again.context["form"].non_field_errors()
    assert again.context["form"].data["message"] == "dua kali"
    member = invite(client, w, alliance, w.a1)
    assert member.status_code == 400 and member.context["form"].non_field_errors()
    from partners.models import OrganisationPage

    OrganisationPage.objects.filter(pk=w.b1.pk).update(is_verified=False)
    unverified = invite(client, w, alliance, w.b1)
    assert unverified.status_code == 400 and "organisation" in unverified.context["form"].errors
    assert AllianceMembership.objects.filter(alliance=alliance).count() == 2


def test_an_alliance_sends_a_limited_number_of_invitations_a_day(client, world, alliance, settings,
                                                                 make_verified_oms):
    settings.ALLIANCE_INVITATIONS_PER_DAY = 1
    w = world
    assert invite(client, w, alliance, w.a2).status_code == 302
    response = invite(client, w, alliance, w.b1)
    assert response.status_code == 429 and response.context["form"].non_field_errors()
    assert not AllianceMembership.objects.filter(organisation=w.b1).exists()


def test_another_oms_sees_nothing_of_an_alliance_or_its_invitations(client, world, alliance):
    w = world
    invite(client, w, alliance, w.a2)
    row = AllianceMembership.objects.get(alliance=alliance, organisation=w.a2)
    lead = AllianceMembership.objects.get(alliance=alliance, organisation=w.a1)
    as_user(client, w.b1.editor)
    assert client.get(f"/admin/aliansi/{alliance.pk}/").status_code == 404
    assert client.post(f"/admin/aliansi/{alliance.pk}/undang/", {"organisation": w.b1.pk}).status_code == 404
    assert client.post(f"/admin/aliansi/{alliance.pk}/keluar/{lead.pk}/").status_code == 404
    assert client.post(f"/admin/aliansi/undangan/{row.pk}/terima/").status_code == 404
    assert client.post(f"/admin/aliansi/undangan/{row.pk}/tolak/").status_code == 404
    assert f'data-invitation="{row.pk}"' not in client.get("/admin/aliansi/undangan/").content.decode()
    assert "Aliansi Air Bersih" not in client.get("/admin/aliansi/").content.decode()
    assert not may_open_editor(client, alliance)
    row.refresh_from_db()
    assert row.status == Status.INVITED
    # The lead may not answer another OMS's invitation either.
    as_user(client, w.a1.editor)
    assert client.post(f"/admin/aliansi/undangan/{row.pk}/terima/").status_code == 404


def test_a_national_admin_manages_every_alliance(client, world, alliance):
    w = world
    as_user(client, w.national)
    assert "Aliansi Air Bersih Semarang" in client.get("/admin/aliansi/").content.decode()
    assert client.get(f"/admin/aliansi/{alliance.pk}/").status_code == 200
    assert may_open_editor(client, alliance)
    response = client.post(f"/admin/aliansi/{alliance.pk}/undang/", {"organisation": w.b1.pk})
    assert response.status_code == 302
    assert AllianceMembership.objects.get(organisation=w.b1).status == Status.INVITED


# -- leaving ----------------------------------------------------------------------------------------------


def join(client, w, alliance, organisation):
    invite(client, w, alliance, organisation)
    row = AllianceMembership.objects.get(alliance=alliance, organisation=organisation)
    as_user(client, organisation.editor)
    assert client.post(f"/admin/aliansi/undangan/{row.pk}/terima/").status_code == 302
    return row


def test_a_member_leaves_and_loses_the_page(client, world, alliance):
    w = world
    row = join(client, w, alliance, w.a2)
    assert may_open_editor(client, alliance)
    response = client.post(f"/admin/aliansi/{alliance.pk}/keluar/{row.pk}/")
    assert response.status_code == 302 and response.url == "/admin/aliansi/"
    row.refresh_from_db()
    assert row.status == Status.LEFT
    assert not GroupPagePermission.objects.filter(group=w.a2.access.group, page=alliance).exists()
    assert GroupPagePermission.objects.filter(group=w.a1.access.group, page=alliance).count() == 3
    assert not may_open_editor(client, alliance)
    assert client.get(f"/admin/aliansi/{alliance.pk}/").status_code == 404


def test_a_member_cannot_take_another_member_out(client, world, alliance):
    w = world
    join(client, w, alliance, w.a2)
    lead = AllianceMembership.objects.get(alliance=alliance, organisation=w.a1)
    assert client.post(f"/admin/aliansi/{alliance.pk}/keluar/{lead.pk}/").status_code == 404
    lead.refresh_from_db()
    assert lead.status == Status.MEMBER and lead.is_lead


def test_the_lead_leaving_hands_the_lead_over_and_the_last_member_stays(client, world, alliance):
    w = world
    row = join(client, w, alliance, w.a2)
    lead = AllianceMembership.objects.get(alliance=alliance, organisation=w.a1)
    as_user(client, w.a1.editor)
    assert client.post(f"/admin/aliansi/{alliance.pk}/keluar/{lead.pk}/").status_code == 302
    lead.refresh_from_db()
    row.refresh_from_db()
    assert lead.status == Status.LEFT and not lead.is_lead and row.is_lead
    assert not may_open_editor(client, alliance)
    as_user(client, w.a2.editor)
    response = client.post(f"/admin/aliansi/{alliance.pk}/keluar/{row.pk}/")
    assert response.status_code == 409
    row.refresh_from_db()
    assert row.status == Status.MEMBER and may_open_editor(client, alliance)


def test_membership_functions_refuse_people_who_do_not_act_for_the_oms(world, alliance):
    from alliances import membership

    w = world
    with pytest.raises(membership.MembershipError):
        membership.invite(alliance, w.b1, w.b1.editor)
    row = membership.invite(alliance, w.a2, w.a1.editor)
    with pytest.raises(membership.MembershipError):
        membership.accept(row, w.a1.editor)
    with pytest.raises(membership.MembershipError):
        membership.create_alliance(w.a2, w.a1.editor, title="X", level="national", policy_issue="Y")
    membership.accept(row, w.a2.editor)
    with pytest.raises(membership.MembershipError) as refused:
        membership.accept(row, w.a2.editor)
    assert refused.value.status == 409


def test_a_new_translation_gets_the_members_permissions(world, alliance):
    from wagtail.models import Locale

    english_index = world.index.copy_for_translation(Locale.objects.get(language_code="en"))
    english_index.save_revision().publish()
    english = alliance.copy_for_translation(Locale.objects.get(language_code="en"))
    assert GroupPagePermission.objects.filter(group=world.a1.access.group, page=english).count() == 3


def test_accepting_purges_a_live_alliance_page(world, make_alliance, monkeypatch):
    from alliances import membership

    purged = []
    monkeypatch.setattr("pagecache.purge.purge_page", lambda page: purged.append(page.pk))
    page = make_alliance(world.a1, title="Aliansi Hidup")
    membership.sync_permissions(page)
    purged.clear()  # the publish itself purged
    row = membership.invite(page, world.a2, world.a1.editor)
    assert purged == []  # an invitation is not public
    membership.accept(row, world.a2.editor)
    assert purged == [page.pk]
