"""Alliances in public: the place rule, the alliance page (members only, timeline, responses, joint
actions) and the index with its filters."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from alliances import testing as alliances_testing
from alliances.models import AllianceMembership, AlliancePage, DecisionMaker, JointAction, Milestone
from partners import testing as partners_testing
from regions.models import Province, Regency

pytestmark = pytest.mark.django_db

make_verified_oms = partners_testing.make_verified_oms
alliance_index = alliances_testing.alliance_index
make_alliance = alliances_testing.make_alliance


@pytest.fixture
def oms(make_verified_oms):
    class W:
        pass

    w = W()
    w.a1 = make_verified_oms("oms-semarang", "33.74", title="OMS Semarang")
    w.a2 = make_verified_oms("oms-solo", "33.72", title="OMS Solo")
    w.b1 = make_verified_oms("oms-makassar", "73.71", title="OMS Makassar")
    w.c1 = make_verified_oms("oms-kendari", "74.71", title="OMS Kendari")
    return w


# -- the place rule --------------------------------------------------------------------------------


def place(level, province=None, regency=None):
    from alliances.validation import clean_place

    page = AlliancePage(level=level, province=Province.objects.get(code=province) if province else None,
                        regency=Regency.objects.get(code=regency) if regency else None)
    clean_place(page)
    return page


def errors_of(level, province=None, regency=None):
    with pytest.raises(ValidationError) as raised:
        place(level, province, regency)
    return set(raised.value.message_dict)


def test_the_place_matches_the_level():
    page = place("regency", regency="33.74")
    assert page.province.code == "33"  # follows the regency
    assert place("regency", province="73", regency="33.74").province.code == "33"
    assert place("province", province="73").regency is None
    assert place("national").province is None
    assert errors_of("regency") == {"regency"}
    assert errors_of("regency", province="33") == {"regency"}
    assert errors_of("province") == {"province"}
    assert errors_of("province", province="33", regency="33.74") == {"regency"}
    assert errors_of("national", province="33") == {"province"}
    assert errors_of("national", province="33", regency="33.74") == {"province", "regency"}
    assert errors_of("planet") == {"level"}


def test_the_page_model_applies_the_rule(oms, make_alliance):
    page = make_alliance(oms.a1, level="province", province_code="33")
    page.level = "national"
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert "province" in raised.value.message_dict


# -- the alliance page -------------------------------------------------------------------------------


@pytest.fixture
def alliance(oms, make_alliance):

    page = make_alliance(oms.a1, oms.a2, title="Aliansi Air Bersih", level="province", province_code="33",
                         summary="Air bersih untuk warga", live=False)
    AllianceMembership.objects.create(alliance=page, organisation=oms.b1, status="invited", message="rahasia")
    AllianceMembership.objects.create(alliance=page, organisation=oms.c1, status="declined")
    DecisionMaker.objects.create(page=page, office="Gubernur Jawa Tengah", name="Bapak Gubernur", level="province",
                                 province=Province.objects.get(code="33"), locale=page.locale)
    for day, kind, title, extra in (
        (datetime.date(2026, 3, 1), "letter", "Surat kepada gubernur", {"evidence_link": "https://contoh.id/surat"}),
        (datetime.date(2026, 1, 15), "hearing", "Rapat dengar pendapat DPRD", {}),
        (datetime.date(2026, 4, 2), "response", "Gubernur menjawab", {"responder": "Gubernur Jawa Tengah",
                                                                      "description": "Kami akan meninjau perda."}),
    ):
        Milestone.objects.create(page=page, date=day, kind=kind, title=title, locale=page.locale, **extra)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_the_public_page_shows_members_and_never_invitations(client, oms, alliance):
    response = client.get(alliance.url)
    assert response.status_code == 200
    html = response.content.decode()
    members = html.split('id="alliance-members"', 1)[1].split("</ul>", 1)[0]
    assert f'data-oms="{oms.a1.pk}"' in members and f'data-oms="{oms.a2.pk}"' in members
    assert members.index("OMS Semarang") < members.index("OMS Solo")  # the lead first
    assert "OMS Makassar" not in html and "OMS Kendari" not in html and "rahasia" not in html
    assert oms.a1.url in members
    assert "Gubernur Jawa Tengah" in html and "Bapak Gubernur" in html
    assert "Perda air bersih" in html and "Air bersih untuk warga" in html


def test_the_timeline_is_in_date_order_with_evidence_and_responses_apart(client, alliance):
    html = client.get(alliance.url).content.decode()
    timeline = html.split('id="alliance-timeline"', 1)[1].split("</ol>", 1)[0]
    assert timeline.index("Rapat dengar pendapat") < timeline.index("Surat kepada gubernur") < timeline.index(
        "Gubernur menjawab")
    assert 'data-kind="hearing"' in timeline and "https://contoh.id/surat" in timeline
    responses = html.split('id="tanggapan"', 1)[1].split("</section>", 1)[0]
    assert "Kami akan meninjau perda." in responses and "Surat kepada gubernur" not in responses
    assert 'id="aksi-bersama"' not in html and 'id="alliance-ask"' not in html


def test_a_milestone_links_its_story_only_while_it_is_live(client, alliance, oms):
    from stories.models import StoryPage

    story = StoryPage(title="Warga mendapat air", slug="warga-mendapat-air", summary="Cerita", live=False)
    oms.a1.add_child(instance=story)
    milestone = alliance.milestones.get(kind="hearing")
    Milestone.objects.filter(pk=milestone.pk).update(story=story)
    assert "Warga mendapat air" not in client.get(alliance.url).content.decode()
    StoryPage.objects.filter(pk=story.pk).update(live=True)
    from django.core.cache import caches

    for name in ("pages", "default"):
        try:
            caches[name].clear()
        except Exception:  # noqa: BLE001 - a cache that is not configured
            pass
    assert "Warga mendapat air" in client.get(alliance.url + "?_=1").content.decode()


def test_joint_actions_are_shown_with_their_totals_and_one_clear_ask(client, alliance, monkeypatch, settings,
                                                                    tmp_path):
    # The totals are alliances.joint's (tested there); here a stand-in of its include shows what the page passes.
    include = tmp_path / "alliances" / "includes"
    include.mkdir(parents=True)
    (include / "joint_actions.html").write_text(
        "{% for total in joint_actions %}<p class=\"stand-in\">{{ total.title }}={{ total.current }}</p>{% endfor %}")
    settings.TEMPLATES = [dict(settings.TEMPLATES[0], DIRS=[str(tmp_path), *settings.TEMPLATES[0]["DIRS"]])]
    action = JointAction.objects.create(alliance=alliance, type_key="petition", title="Petisi Bersama")

    class Total:
        title, current = "Petisi Bersama", 1234

    seen = []
    monkeypatch.setattr("alliances.joint.public_joint_actions", lambda page: seen.append(page.pk) or [Total()])
    html = client.get(alliance.url).content.decode()
    assert 'id="alliance-ask"' in html and 'href="#aksi-bersama"' in html
    assert "Petisi Bersama=1234" in html and seen == [alliance.pk]
    assert action.pk


def draft(page):
    # make_alliance(live=False) still adds the page live (Page.live defaults to True): unpublish it.
    page.unpublish()
    page.refresh_from_db()
    return page


def test_a_draft_alliance_is_not_public(client, oms, make_alliance):
    page = draft(make_alliance(oms.a1, title="Aliansi Rahasia", live=False))
    assert client.get(f"/id/aliansi/{page.slug}/").status_code == 404


# -- the index ------------------------------------------------------------------------------------------


@pytest.fixture
def listed(oms, make_alliance):
    from sdgs.models import SDG

    class L:
        pass

    lst = L()
    lst.province = make_alliance(oms.a1, oms.a2, title="Aliansi Jawa Tengah", level="province", province_code="33")
    lst.regency = make_alliance(oms.b1, title="Aliansi Makassar", level="regency", province_code="73",
                                regency=Regency.objects.get(code="73.71"))
    lst.national = make_alliance(oms.c1, title="Aliansi Nasional", level="national", province_code=None)
    lst.national.sdgs.set([SDG.objects.get(number=6)])
    lst.national.save_revision().publish()
    lst.draft = draft(make_alliance(oms.a1, title="Aliansi Draf", live=False))
    AllianceMembership.objects.create(alliance=lst.regency, organisation=oms.a1, status="invited")
    return lst


def titles(response):
    return [a.title for a in response.context["alliances"]]


def test_the_index_lists_live_alliances_with_member_counts(client, listed, alliance_index):
    response = client.get(alliance_index.url)
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Aliansi Jawa Tengah", "Aliansi Makassar", "Aliansi Nasional"]
    counts = {a.title: a.member_count for a in response.context["alliances"]}
    assert counts == {"Aliansi Jawa Tengah": 2, "Aliansi Makassar": 1, "Aliansi Nasional": 1}
    html = response.content.decode()
    assert 'data-count="3"' in html and 'data-members="2"' in html and "Aliansi Draf" not in html


@pytest.mark.parametrize("query, expected", [
    ("level=province", ["Aliansi Jawa Tengah"]),
    ("level=regency", ["Aliansi Makassar"]),
    ("province=jawa-tengah", ["Aliansi Jawa Tengah"]),
    ("province=sulawesi-selatan&level=regency", ["Aliansi Makassar"]),
    ("sdg=6", ["Aliansi Nasional"]),
    ("level=national&sdg=6", ["Aliansi Nasional"]),
    ("level=province&sdg=6", []),
])
def test_the_index_filters(client, listed, alliance_index, query, expected):
    response = client.get(f"{alliance_index.url}?{query}")
    assert response.status_code == 200 and sorted(titles(response)) == expected
    assert response.context["notices"] == []


def test_unknown_filter_values_are_ignored_and_said_so(client, listed, alliance_index):
    response = client.get(f"{alliance_index.url}?level=planet&province=atlantis&sdg=99&page=zz")
    assert response.status_code == 200 and len(titles(response)) == 3
    assert len(response.context["notices"]) == 3


def test_the_index_is_cacheable_whoever_asks(client, listed, alliance_index, oms):
    anonymous = client.get(alliance_index.url).content.decode()
    client.force_login(oms.a1.editor)
    signed_in = client.get(alliance_index.url).content.decode()
    assert anonymous.split('id="alliance-count"')[1][:200] == signed_in.split('id="alliance-count"')[1][:200]
