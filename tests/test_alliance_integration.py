"""Alliances and forums where the rest of the site shows them: the site search (kind "alliance", with
its province), the provincial network page, the programme page, the dashboards (OMS, province,
national), and the demo alliance (idempotent)."""
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from alliances.testing import *  # noqa: F401,F403 - fixtures
from forums.testing import *  # noqa: F401,F403 - fixtures
from partners.testing import *  # noqa: F401,F403 - fixtures
from query_budget import LISTING_BUDGET, PAGE_BUDGET, assert_query_budget
from test_forum_search import add_thread

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(home_page, make_verified_oms, make_alliance, make_space, make_moderator):
    """Two OMS of Jawa Tengah (33), one of Jawa Timur (35), one of NTT (53); a provincial alliance of
    Jawa Tengah, a national alliance led from NTT with a Jawa Tengah member, a draft alliance of Jawa
    Tengah, an alliance of Jawa Timur only; Jawa Tengah's private forum space with a thread."""
    w = type("World", (), {})()
    w.semarang = make_verified_oms("bank-sampah-semarang", "33.74", title="Bank Sampah Semarang")
    w.solo = make_verified_oms("kampung-solo", "33.72", title="Komunitas Kampung Solo")
    w.surabaya = make_verified_oms("sekolah-surabaya", "35.78", title="Sekolah Rakyat Surabaya")
    w.ntt = make_verified_oms("terang-desa", "53.10", title="Yayasan Terang Desa")
    w.water = make_alliance(w.semarang, w.solo, title="Aliansi Air Bersih Jateng", province_code="33",
                            policy_issue="Perda air bersih", summary="Air bersih untuk semua kampung.")
    w.national = make_alliance(w.ntt, w.solo, title="Aliansi Dana Desa", level="national", province_code=None,
                               policy_issue="Dana Desa untuk layanan dasar")
    w.draft = make_alliance(w.semarang, title="Aliansi Draf Jateng", province_code="33", live=False)
    w.draft.unpublish()  # the fixture's ``live=False`` leaves the new page live (Page.live defaults to True)
    w.east = make_alliance(w.surabaya, title="Aliansi Pesisir Jatim", province_code="35")
    w.space = make_space("33")
    w.thread = add_thread(w.space, "Rahasia bank sampah", "Hanya untuk anggota.")
    w.moderator = make_moderator("33")
    w.other_moderator = make_moderator("35")
    return w


# -- the site search ---------------------------------------------------------------------------------


def test_alliances_are_a_kind_of_the_site_search_with_their_province(world):
    client = Client()
    response = client.get("/id/cari/?q=aliansi")
    results = {r.page.pk: r for r in response.context["results"]}
    assert world.water.pk in results and results[world.water.pk].kind == "alliance"
    assert world.national.pk in results and world.draft.pk not in results
    # The province filter: an alliance counts for its own province; a national one for none.
    response = client.get("/id/cari/?q=aliansi&province=jawa-tengah")
    assert {r.page.pk for r in response.context["results"]} == {world.water.pk}
    response = client.get("/id/cari/?kind=alliance")
    assert {r.page.pk for r in response.context["results"]} == {world.water.pk, world.national.pk, world.east.pk}
    assert 'class="card result result-alliance"' in response.content.decode()


# -- the network and programme pages -------------------------------------------------------------


def test_the_network_page_lists_the_provinces_alliances_and_its_forum(world):
    client = Client()
    response, _queries = assert_query_budget(client, "/id/jejaring/jawa-tengah/", PAGE_BUDGET)
    page = response.content.decode()
    shown = {a.pk for a in response.context["alliances"]}
    # Its own provincial alliance, and the national one with a member OMS from here; no draft, no other province.
    assert shown == {world.water.pk, world.national.pk}
    assert world.draft.title not in page and world.east.title not in page
    # The space is private: its name and a sign-in link, never its threads.
    assert "data-forum-private" in page and world.thread.title not in page and "/admin/login/?next=" in page


def test_a_public_network_space_shows_its_latest_three_threads(world):
    world.space.is_public = True
    world.space.save()
    newest = [add_thread(world.space, f"Diskusi terbuka {n}", "Isi.", days_ago=0) for n in range(3)]
    add_thread(world.space, "Topik tersembunyi", "Isi.", hidden=True, days_ago=0)
    response, _queries = assert_query_budget(Client(), "/id/jejaring/jawa-tengah/", PAGE_BUDGET)
    page = response.content.decode()
    assert "data-forum-private" not in page and world.space.get_absolute_url() in page
    assert [t.pk for t in response.context["forum_threads"]] == [t.pk for t in reversed(newest)]
    assert "Topik tersembunyi" not in page and world.thread.title not in page


def test_the_programme_page_lists_its_alliances_and_forum_space(world, make_space):
    from programmes.models import ProgrammeIndexPage, ProgrammePage

    index = ProgrammeIndexPage(title="Program Nasional", slug="program-nasional")
    world_home = world.water.get_parent().get_parent()
    world_home.add_child(instance=index)
    index.save_revision().publish()
    programme = ProgrammePage(title="Air untuk Semua", slug="air-untuk-semua", cluster="other")
    index.add_child(instance=programme)
    programme.save_revision().publish()
    world.water.programme = programme
    world.water.save_revision().publish()
    space = make_space(programme=programme)
    response, _queries = assert_query_budget(Client(), programme.url, LISTING_BUDGET)
    assert [a.pk for a in response.context["alliances"]] == [world.water.pk]
    page = response.content.decode()
    assert world.water.title in page and world.national.title not in page
    assert space.get_absolute_url() in page


# -- the dashboards ----------------------------------------------------------------------------------


def test_the_oms_dashboard_shows_its_own_alliances_and_invitations_to_its_editors(world):
    from alliances.models import AllianceMembership

    invitation = AllianceMembership.objects.create(alliance=world.east, organisation=world.semarang,
                                                   status="invited", invited_by=world.surabaya.editor)
    other = AllianceMembership.objects.create(alliance=world.east, organisation=world.solo, status="invited")
    response = client_for(world.semarang.editor).get(f"/admin/dasbor/oms/{world.semarang.pk}/")
    assert response.status_code == 200
    assert {item["alliance"].pk for item in response.context["alliances"]} == {world.water.pk, world.draft.pk}
    assert [i.pk for i in response.context["invitations"]] == [invitation.pk]
    assert other.pk not in [i.pk for i in response.context["invitations"]]
    page = response.content.decode()
    assert 'id="dash-alliances"' in page and 'id="dash-invitations"' in page and "/admin/aliansi/" in page
    assert 'id="dash-forum"' in page and response.context["forum_unread"] is not None
    # The province's moderator sees the OMS's alliances, not its invitations nor a forum count in its name.
    response = client_for(world.moderator).get(f"/admin/dasbor/oms/{world.semarang.pk}/")
    assert response.status_code == 200 and response.context["invitations"] == []
    assert response.context["forum_unread"] is None and 'id="dash-forum"' not in response.content.decode()
    # Another OMS's editor: the dashboard is a 404 (scope), so nothing of its alliances.
    assert client_for(world.surabaya.editor).get(f"/admin/dasbor/oms/{world.semarang.pk}/").status_code == 404


def test_the_province_dashboard_shows_alliances_and_forum_activity(world):
    from forums.models import Post
    from reports.models import Report

    post = Post.objects.filter(thread=world.thread).first()
    Report.objects.create(kind="forum_post", post=post, province=world.space.province, reason="other",
                          page_title=world.thread.title, detail="Iklan.", status="open")
    response = client_for(world.moderator).get("/admin/dasbor/provinsi/33/")
    assert response.status_code == 200
    community = response.context["community"]
    assert community["alliance_count"] == 3  # its own, the draft, and the national one with a member here
    assert {a.pk for a in community["alliances"]} == {world.water.pk, world.draft.pk, world.national.pk}
    assert (community["forum_threads"], community["forum_posts"], community["forum_reports"]) == (1, 1, 1)
    page = response.content.decode()
    assert 'id="forum-reports"' in page and world.water.title in page and world.east.title not in page
    # A moderator of another province: a 404, no forum numbers of this one.
    assert client_for(world.other_moderator).get("/admin/dasbor/provinsi/33/").status_code == 404


def test_the_national_dashboard_counts_alliances_and_posts_per_province(world):
    admin = get_user_model().objects.create_superuser("nasional", "nasional@jejaring.id", "x")
    response = client_for(admin).get("/admin/dasbor/nasional/")
    assert response.status_code == 200
    rows = {row["province"].code: row for row in response.context["community"]["rows"]}
    assert rows["33"]["alliances"] == 3 and rows["33"]["posts"] == 1
    assert rows["35"]["alliances"] == 1 and rows["53"]["alliances"] == 1
    assert response.context["community"]["alliances"] == 4
    assert 'id="community-table"' in response.content.decode()
    assert client_for(world.moderator).get("/admin/dasbor/nasional/").status_code == 403


# -- the demo --------------------------------------------------------------------------------------


def test_the_demo_alliance_is_made_once(home_page, make_verified_oms, make_campaign):
    from alliances import demo
    from alliances.models import AllianceMembership, AlliancePage, JointActionAsk, Milestone
    from test_query_budget_pages import PETITION

    organisations = {slug: make_verified_oms(slug, code) for slug, code in (
        ("yayasan-terang-desa", "53.10"), ("lbh-desa-sumba", "53.12"), ("air-hujan-gunungkidul", "34.03"))}
    for n, organisation in enumerate(organisations.values()):
        make_campaign(asks=[PETITION], parent=organisation, slug=f"petisi-{n}",
                      title=f"Petisi {n}")
    first = demo.seed(home_page, organisations)
    assert any(line.startswith("Alliance:") for line in first)
    assert demo.seed(home_page, organisations) == []
    source = AlliancePage.objects.get(slug=demo.SLUG, locale=home_page.locale)
    assert source.live and source.level == "national"
    assert AllianceMembership.objects.filter(alliance=source, status="member").count() == 3
    assert list(source.milestones.values_list("kind", flat=True)) == ["letter", "hearing", "response",
                                                                     "policy_change"]
    assert source.decision_makers.count() == 2
    english = AlliancePage.objects.get(translation_key=source.translation_key, locale__language_code="en")
    assert english.title == demo.ALLIANCE["en"]["title"]
    assert Milestone.objects.filter(page=english, title="Response of the Governor of NTT").exists()
    assert AlliancePage.objects.count() == 2
    # The joint petition counts the three members' petition asks, once.
    links = JointActionAsk.objects.filter(joint_action__alliance=source)
    assert links.count() == 3 and {link.organisation_id for link in links} == {o.pk for o in organisations.values()}


def test_the_paths_showing_a_space_are_its_network_pages(world):
    from network.views import paths_showing_space

    paths = paths_showing_space(world.space)
    assert {"/id/jejaring/jawa-tengah/", "/en/jejaring/jawa-tengah/"} <= paths
