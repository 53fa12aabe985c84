"""Cohorts: who manages and who sees what, validation, enrolment on membership, messages, the forum space."""
import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from cohorts.models import Cohort, CohortMember, CohortMessage
from cohorts import testing as cohorts_testing
from cohorts.testing import record_progress
from learning.models import Enrolment, LearnerMembership
from partners import testing as partners_testing
from partners.testing import PASSWORD

pytestmark = pytest.mark.django_db

# The fixtures, for this module.
make_verified_oms = partners_testing.make_verified_oms
make_moderator = partners_testing.make_moderator
make_course = cohorts_testing.make_course
make_cohort = cohorts_testing.make_cohort


@pytest.fixture
def world(make_verified_oms, make_moderator, make_course, make_cohort, django_capture_on_commit_callbacks):
    """Two provinces: Jawa Tengah (33, two OMS) and Sulawesi Selatan (73, one OMS), each with a cohort."""
    class W:
        pass

    w = W()
    w.a1 = make_verified_oms("oms-semarang", "33.74")
    w.a2 = make_verified_oms("oms-solo", "33.72")
    w.b1 = make_verified_oms("oms-makassar", "73.71")
    w.moderator_a = make_moderator("33")
    w.moderator_b = make_moderator("73")
    w.national = get_user_model().objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    w.course = make_course("Keuangan Lembaga", lessons=4)
    w.course2 = make_course("Galang Dana Lokal", lessons=2)
    w.cohort_a = make_cohort("33", title="Kohort Jawa Tengah", courses=[w.course], members=[w.a1, w.a2])
    w.cohort_b = make_cohort("73", title="Kohort Sulawesi Selatan", courses=[w.course], members=[w.b1])
    return w


def client_for(client, user):
    client.force_login(user)
    return client


# -- scope -----------------------------------------------------------------------------------------


def test_a_moderator_sees_and_manages_only_its_provinces_cohorts(client, world):
    w = world
    client_for(client, w.moderator_a)
    listing = client.get("/admin/kohort/")
    assert listing.status_code == 200
    assert "Kohort Jawa Tengah" in listing.content.decode()
    assert "Kohort Sulawesi Selatan" not in listing.content.decode()
    assert client.get(f"/admin/kohort/{w.cohort_a.pk}/").status_code == 200
    b = w.cohort_b.pk
    for url in (f"/admin/kohort/{b}/", f"/admin/kohort/{b}/ubah/", f"/admin/kohort/{b}/pesan/",
                f"/admin/kohort/{b}/oms/{w.b1.pk}/", f"/admin/kohort/{b}/hapus/"):
        assert client.get(url).status_code == 404, url
    # Changing B's cohort is refused the same way, and changes nothing.
    assert client.post(f"/admin/kohort/{b}/ubah/", {"title": "Diambil alih"}).status_code == 404
    assert client.post(f"/admin/kohort/{b}/pesan/", {"subject": "x", "body": "y"}).status_code == 404
    assert client.post(f"/admin/kohort/{b}/hapus/").status_code == 404
    w.cohort_b.refresh_from_db()
    assert w.cohort_b.title == "Kohort Sulawesi Selatan" and not CohortMessage.objects.exists()


def test_national_staff_manage_every_cohort(client, world):
    client_for(client, world.national)
    body = client.get("/admin/kohort/").content.decode()
    assert "Kohort Jawa Tengah" in body and "Kohort Sulawesi Selatan" in body
    assert client.get(f"/admin/kohort/{world.cohort_b.pk}/").status_code == 200


def test_an_oms_editor_has_no_cohort_admin(client, world):
    client_for(client, world.a1.editor)
    assert client.get("/admin/kohort/").status_code in (302, 403)
    assert client.get(f"/admin/kohort/{world.cohort_a.pk}/").status_code in (302, 404)


def test_members_see_their_cohort_and_only_their_own_oms_figures(client, world):
    w = world
    record_progress(w.a1.editor, w.course, 3, organisation=w.a1)
    record_progress(w.a2.editor, w.course, 4, organisation=w.a2, completed=True)
    client_for(client, w.a1.editor)
    mine = client.get("/id/kohort/")
    assert "Kohort Jawa Tengah" in mine.content.decode()
    assert "Kohort Sulawesi Selatan" not in mine.content.decode()
    page = client.get(f"/id/kohort/{w.cohort_a.pk}/")
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [organisation.pk for organisation, _f in rows] == [w.a1.pk]
    figures = rows[0][1]
    assert (figures.learners, figures.enrolled, figures.lessons_done, figures.lessons_total, figures.completed) \
        == (1, 1, 3, 4, 0)
    body = page.content.decode()
    assert w.a2.title not in body  # another member OMS: neither its name nor its figures
    assert w.a2.editor.username not in body
    # Not a member of B's cohort, nor of any cohort at all: 404 everywhere.
    assert client.get(f"/id/kohort/{w.cohort_b.pk}/").status_code == 404
    outsider = get_user_model().objects.create_user("luar", password=PASSWORD)
    client_for(client, outsider)
    assert client.get(f"/id/kohort/{w.cohort_a.pk}/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get(f"/id/kohort/{world.cohort_a.pk}/")
    assert response.status_code == 302 and "login" in response["Location"]


# -- the admin's figures ---------------------------------------------------------------------------


def test_the_progress_table_counts_each_oms_and_the_drill_down_names_learners(client, world):
    w = world
    invited = get_user_model().objects.create_user("siti", password=PASSWORD, first_name="Siti", last_name="Aminah",
                                                   email="siti@contoh.id")
    LearnerMembership.objects.create(organisation=w.a1, user=invited)
    record_progress(w.a1.editor, w.course, 4, organisation=w.a1, completed=True)
    record_progress(invited, w.course, 1, organisation=w.a1)
    client_for(client, w.moderator_a)
    response = client.get(f"/admin/kohort/{w.cohort_a.pk}/")
    rows = dict((o.pk, f) for o, f in response.context["rows"])
    assert (rows[w.a1.pk].learners, rows[w.a1.pk].enrolled, rows[w.a1.pk].lessons_done,
            rows[w.a1.pk].lessons_total, rows[w.a1.pk].completed) == (2, 2, 5, 8, 1)
    # OMS Solo's editor was enrolled by the cohort and has done nothing yet.
    assert (rows[w.a2.pk].enrolled, rows[w.a2.pk].lessons_done, rows[w.a2.pk].lessons_total) == (1, 0, 4)
    total = response.context["total"]
    assert (total.learners, total.lessons_done, total.lessons_total, total.completed) == (3, 5, 12, 1)
    assert "5 / 12" in response.content.decode()
    drill = client.get(f"/admin/kohort/{w.cohort_a.pk}/oms/{w.a1.pk}/")
    assert "Siti Aminah" in drill.content.decode()
    # An OMS that is not a member of this cohort has no drill-down here.
    assert client.get(f"/admin/kohort/{w.cohort_a.pk}/oms/{w.b1.pk}/").status_code == 404


# -- create / edit and validation ------------------------------------------------------------------


def form_data(w, **overrides):
    today = timezone.localdate()
    data = {"owner": f"network:{w.cohort_a.network_id}", "title": "Kohort Baru", "description": "",
            "start_date": today.isoformat(), "end_date": (today + datetime.timedelta(days=30)).isoformat(),
            "courses": [w.course.pk], "organisations": [w.a1.pk]}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_moderator_creates_a_cohort_and_its_learners_are_enrolled_and_emailed(client, world,
                                                                              django_capture_on_commit_callbacks):
    w = world
    client_for(client, w.moderator_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/kohort/tambah/", form_data(w, courses=[w.course2.pk],
                                                                organisations=[w.a1.pk, w.a2.pk]))
    assert response.status_code == 302, response.context["form"].errors
    cohort = Cohort.objects.get(title="Kohort Baru")
    assert cohort.network.province.code == "33" and cohort.created_by == w.moderator_a
    assert set(cohort.members.values_list("organisation", flat=True)) == {w.a1.pk, w.a2.pk}
    enrolment = Enrolment.objects.get(user=w.a1.editor, course=w.course2)
    assert enrolment.source == "cohort" and enrolment.organisation_id == w.a1.pk
    assert sorted(m.to[0] for m in mail.outbox) == sorted([w.a1.editor.email, w.a2.editor.email])
    assert "Kohort Baru" in mail.outbox[0].subject


@pytest.mark.parametrize("overrides, field", [
    ({"end_date": "2020-01-01", "start_date": "2020-02-01"}, "end_date"),
    ({"courses": None}, "courses"),
    ({"title": ""}, "title"),
    ({"start_date": "kemarin"}, "start_date"),
])
def test_bad_input_is_refused_with_an_error_and_nothing_saved(client, world, overrides, field):
    client_for(client, world.moderator_a)
    before = Cohort.objects.count()
    response = client.post("/admin/kohort/tambah/", form_data(world, **overrides))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert Cohort.objects.count() == before


def test_an_oms_of_another_province_cannot_join_a_provincial_cohort(client, world):
    w = world
    client_for(client, w.national)  # national staff are offered every OMS; the owner's province still rules
    response = client.post("/admin/kohort/tambah/", form_data(w, organisations=[w.a1.pk, w.b1.pk]))
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["organisations"])
    assert w.b1.title in errors and "Jawa Tengah" in errors  # which OMS, and the cohort's province
    assert not Cohort.objects.filter(title="Kohort Baru").exists()
    # A moderator is not even offered it.
    client_for(client, w.moderator_a)
    response = client.post("/admin/kohort/tambah/", form_data(w, organisations=[w.b1.pk]))
    assert response.status_code == 400 and response.context["form"].errors["organisations"]
    # Nor may they run a cohort for another province's network.
    response = client.post("/admin/kohort/tambah/", form_data(w, owner=f"network:{w.cohort_b.network_id}"))
    assert response.status_code == 400 and response.context["form"].errors["owner"]


def test_add_members_refuses_an_ineligible_oms_and_adds_nothing(world):
    from cohorts.membership import add_members

    w = world
    cohort = Cohort.objects.create(title="K", network=w.cohort_a.network, start_date=timezone.localdate(),
                                   end_date=timezone.localdate())
    with pytest.raises(ValueError) as error:
        add_members(cohort, [w.a1, w.b1])
    assert w.b1.title in str(error.value)
    assert not CohortMember.objects.filter(cohort=cohort).exists()


def test_a_programme_cohort_takes_oms_of_any_province_and_only_national_staff_manage_it(client, world, home_page):
    from programmes.models import ProgrammeIndexPage, ProgrammePage

    w = world
    index = ProgrammeIndexPage(title="Program Nasional", slug="program")
    home_page.add_child(instance=index)
    programme = ProgrammePage(title="Program Iklim", slug="iklim")
    index.add_child(instance=programme)
    client_for(client, w.national)
    response = client.post("/admin/kohort/tambah/", form_data(w, owner=f"programme:{programme.pk}",
                                                            organisations=[w.a1.pk, w.b1.pk]))
    assert response.status_code == 302, response.context["form"].errors
    cohort = Cohort.objects.get(programme=programme)
    assert cohort.members.count() == 2
    client_for(client, w.moderator_a)
    assert client.get(f"/admin/kohort/{cohort.pk}/").status_code == 404


# -- enrolment on membership ------------------------------------------------------------------------


def test_joining_enrols_current_learners_once_and_new_courses_enrol_members(world,
                                                                          django_capture_on_commit_callbacks):
    from cohorts.membership import add_members, enrol_new_learners, set_courses

    w = world
    invited = get_user_model().objects.create_user("budi", password=PASSWORD, email="budi@contoh.id")
    LearnerMembership.objects.create(organisation=w.a1, user=invited)
    # Budi already took course 2 on his own: no second enrolment, no email about it.
    Enrolment.objects.create(user=invited, course=w.course2, source="site")
    cohort = Cohort.objects.create(title="Kohort Dua", network=w.cohort_a.network,
                                   start_date=timezone.localdate(), end_date=timezone.localdate())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        set_courses(cohort, [w.course2])
        add_members(cohort, [w.a1])
    assert Enrolment.objects.filter(course=w.course2, user__in=[w.a1.editor, invited]).count() == 2
    assert Enrolment.objects.get(user=invited, course=w.course2).source == "site"
    assert [m.to for m in mail.outbox] == [[w.a1.editor.email]]
    # Again: nothing new, no email.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert add_members(cohort, [w.a1]) == []
        assert enrol_new_learners(cohort) == 0
    assert mail.outbox == [] and CohortMember.objects.filter(cohort=cohort).count() == 1
    # A course added later enrols the members' learners in it.
    with django_capture_on_commit_callbacks(execute=True):
        set_courses(cohort, [w.course2, w.course])
    assert Enrolment.objects.filter(course=w.course, user=invited, source="cohort",
                                    organisation=w.a1).exists()
    # Someone invited after the OMS joined is enrolled by the periodic task.
    late = get_user_model().objects.create_user("late", password=PASSWORD, email="late@contoh.id")
    LearnerMembership.objects.create(organisation=w.a1, user=late)
    with django_capture_on_commit_callbacks(execute=True):
        assert enrol_new_learners(cohort) == 2
    assert Enrolment.objects.filter(user=late).count() == 2


def test_enrolment_failure_rolls_the_membership_back(world, monkeypatch):
    from cohorts import membership

    w = world
    cohort = Cohort.objects.create(title="Kohort Tiga", network=w.cohort_a.network,
                                   start_date=timezone.localdate(), end_date=timezone.localdate())
    cohort.courses.add(w.course2)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("learning.progress.enrol", broken)
    with pytest.raises(RuntimeError):
        membership.add_members(cohort, [w.a1])
    assert not CohortMember.objects.filter(cohort=cohort).exists()


# -- messages ---------------------------------------------------------------------------------------


def test_a_message_is_saved_and_emailed_once_to_each_learner(client, world, django_capture_on_commit_callbacks):
    from cohorts.messaging import deliver

    w = world
    client_for(client, w.moderator_a)
    assert client.get(f"/admin/kohort/{w.cohort_a.pk}/pesan/").status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/kohort/{w.cohort_a.pk}/pesan/",
                               {"subject": "Pertemuan Kamis", "body": "Kita bertemu Kamis pukul 15.00."})
    assert response.status_code == 302
    message = CohortMessage.objects.get()
    assert message.sent_by == w.moderator_a and message.sent_at and message.recipient_count == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([w.a1.editor.email, w.a2.editor.email])
    assert all(len(m.to) == 1 and "Pertemuan Kamis" in m.subject and "Kamis pukul 15.00" in m.body
               for m in mail.outbox)
    # The task running again (a retry) sends nothing more.
    assert deliver(message.pk) == 0 and len(mail.outbox) == 2


def test_an_empty_message_is_refused(client, world):
    client_for(client, world.moderator_a)
    response = client.post(f"/admin/kohort/{world.cohort_a.pk}/pesan/", {"subject": "", "body": ""})
    assert response.status_code == 400 and set(response.context["form"].errors) == {"subject", "body"}
    assert not CohortMessage.objects.exists()


# -- the cohort's forum space ------------------------------------------------------------------------


def _thread(space, author, title, *, hidden=False, minutes_ago=0):
    from forums.models import Post, Thread

    when = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    thread = Thread.objects.create(space=space, title=title, author=author, last_post_at=when, post_count=1,
                                   hidden=hidden)
    Post.objects.create(thread=thread, author=author, body=title, body_html=f"<p>{title}</p>")
    return thread


def test_a_cohort_has_its_forum_space_for_its_learners_and_managers_only(world):
    from forums import access
    from forums.models import Space

    w = world
    space = Space.objects.get(cohort=w.cohort_a)
    assert space.kind == "cohort" and not space.is_public
    assert space.get_absolute_url().endswith(f"/forum/{space.slug}/")
    for user in (w.a1.editor, w.a2.editor, w.moderator_a, w.national):
        assert access.may_read(user, space) and access.may_post(user, space), user
    # Another province's OMS and moderator: not a member, not a moderator.
    for user in (w.b1.editor, w.moderator_b):
        assert not access.may_read(user, space) and not access.may_post(user, space), user
    assert access.may_moderate(w.moderator_a, space) and not access.may_moderate(w.a1.editor, space)
    # The cohort gone, its space goes with it.
    cohort_pk = w.cohort_b.pk
    Cohort.objects.filter(pk=cohort_pk).delete()
    assert not Space.objects.filter(cohort_id=cohort_pk).exists()


def test_the_cohort_page_links_its_forum_and_lists_the_latest_threads_the_user_may_read(client, world):
    from forums.models import Space

    w = world
    space = Space.objects.get(cohort=w.cohort_a)
    for number in range(6):
        _thread(space, w.a1.editor, f"Topik {number}", minutes_ago=60 - number)
    hidden = _thread(space, w.a2.editor, "Iklan obat kuat", hidden=True)
    _thread(Space.objects.get(cohort=w.cohort_b), w.b1.editor, "Topik Makassar")
    client_for(client, w.a2.editor)
    page = client.get(f"/en/kohort/{w.cohort_a.pk}/")
    assert page.status_code == 200
    titles = [t.title for t in page.context["threads"]]
    assert titles == ["Topik 5", "Topik 4", "Topik 3", "Topik 2", "Topik 1"]  # the latest five, no hidden one
    body = page.content.decode()
    assert f'href="/en/forum/{space.slug}/"' in body and f'href="/en/forum/{space.slug}/baru/"' in body
    assert "Iklan obat kuat" not in body and "Topik Makassar" not in body
    # Its managers see the hidden thread too (they moderate the space), and the admin links to the space.
    client_for(client, w.moderator_a)
    assert hidden in client.get(f"/en/kohort/{w.cohort_a.pk}/").context["threads"]
    admin = client.get(f"/admin/kohort/{w.cohort_a.pk}/").content.decode()
    assert f'href="/id/forum/{space.slug}/"' in admin or f"/forum/{space.slug}/" in admin
    # The old thread addresses are gone.
    assert client.get(f"/id/kohort/{w.cohort_a.pk}/diskusi/").status_code == 404
    assert client.get(f"/admin/kohort/{w.cohort_a.pk}/diskusi/").status_code == 404


def test_a_member_banned_from_the_cohort_space_sees_no_thread_there(client, world):
    from forums.models import Space, SpaceBan

    w = world
    space = Space.objects.get(cohort=w.cohort_a)
    _thread(space, w.a1.editor, "Topik")
    SpaceBan.objects.create(space=space, user=w.a2.editor, reason="spam", banned_by=w.moderator_a)
    client_for(client, w.a2.editor)
    page = client.get(f"/en/kohort/{w.cohort_a.pk}/")
    assert page.status_code == 200  # still a member of the cohort (courses, figures)
    assert page.context["threads"] == [] and page.context["space"] is None
    assert f"/forum/{space.slug}/" not in page.content.decode()


# -- demo -------------------------------------------------------------------------------------------


def test_the_demo_is_idempotent(world):
    from cohorts import demo

    w = world
    organisations = {"a1": w.a1, "a2": w.a2, "b1": w.b1}
    demo.seed(None, organisations)
    demo.seed(None, organisations)
    cohort = Cohort.objects.get(title=demo.TITLE)
    assert cohort.network.province.code == "33" and cohort.courses.count() == 2
    assert set(cohort.members.values_list("organisation", flat=True)) == {w.a1.pk, w.a2.pk}
    thread = cohort.forum_space.threads.get()
    assert thread.title == demo.THREAD and thread.posts.count() == 2 and thread.post_count == 2
    assert thread.posts.first().author == w.moderator_a and thread.posts.last().organisation in (w.a1, w.a2)
