"""The knowledge library (issue 15): resource pages and the library's filters, the site search's
library filter (found, narrowed by kind and aspect, nothing unpublished or private), the six-step
guide in the campaign editor, who may write the library, and the demo content."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale, PageViewRestriction
from wagtail.users.models import UserProfile

from library.access import TRAINING_GROUP
from library.blocks import VideoBlock
from lokadaya.video import player_url as embed_url

pytestmark = pytest.mark.django_db

GUIDE_STEPS = ["Kenali masalah", "Rumuskan perubahan", "Rancang layanan", "Hitung sumber daya",
               "Rencanakan penggalangan daya", "Ukur dan ceritakan perubahan"]


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def portal(home_page):
    from learning.models import LearningIndexPage

    page = LearningIndexPage(title="Belajar", slug="belajar")
    home_page.add_child(instance=page)
    return publish(page)


@pytest.fixture
def library(portal):
    from library.models import LibraryIndexPage

    page = LibraryIndexPage(title="Pustaka", slug="pustaka", intro="<p>Bahan belajar OMS.</p>")
    portal.add_child(instance=page)
    return publish(page)


@pytest.fixture
def add_resource(library):
    from library.models import ResourcePage

    def add(title, kind="guide", aspect="communication", summary="Ringkasan.", body=(), live=True, parent=None,
            **fields):
        page = ResourcePage(title=title, slug=title.lower().replace(" ", "-")[:50], kind=kind, aspect=aspect,
                            summary=summary, body=list(body), live=live, **fields)
        (parent or library).add_child(instance=page)
        if live:
            return publish(page)
        page.save_revision()
        return page

    return add


def step(title, text="<p>Lakukan ini.</p>", example=""):
    return {"type": "step", "value": {"title": title, "text": text, "example": example}}


@pytest.fixture
def guide(add_resource):
    return add_resource("Enam langkah merumuskan inisiatif", aspect="initiative_design",
                        body=[step(title, example="Contoh langkah" if n == 1 else "")
                              for n, title in enumerate(GUIDE_STEPS, 1)],
                        show_in_campaign_editor=True)


def titles(response):
    return [result.page.title for result in response.context["results"]]


# -- 1. pages ------------------------------------------------------------------------------------

def test_resource_page_shows_steps_files_and_a_video_that_loads_on_click(client, add_resource, portal):
    from learning.models import CoursePage
    from wagtail.documents import get_document_model
    from django.core.files.base import ContentFile

    course = CoursePage(title="Kursus Anggaran", slug="kursus-anggaran", aspect="financial_resilience")
    portal.add_child(instance=course)
    publish(course)
    document = get_document_model()(title="Templat anggaran")
    document.file = ContentFile(b"a,b\n1,2\n", name="templat.csv")
    document.save()
    page = add_resource(
        "Panduan Anggaran", kind="template", aspect="financial_resilience",
        body=[step("Tulis kegiatan", example="Pipa 100 batang")],
        files=[{"type": "file", "value": {"document": document.pk, "description": "Tabel CSV"}}],
        recording=[{"type": "video", "value": {"url": "https://youtu.be/abcDEF12345", "title": "Webinar"}}],
        related_course=course)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tulis kegiatan" in html and "Pipa 100 batang" in html
    assert document.url in html and "Tabel CSV" in html
    # The player is only named, never loaded, until the visitor presses the button.
    assert 'data-video-player="https://www.youtube-nocookie.com/embed/abcDEF12345?autoplay=1"' in html
    assert "<iframe" not in html
    assert course.url in html


def test_video_addresses_are_youtube_or_vimeo_only():
    assert embed_url("https://www.youtube.com/watch?v=abcDEF12345") == \
        "https://www.youtube-nocookie.com/embed/abcDEF12345?autoplay=1"
    assert embed_url("https://vimeo.com/123456") == "https://player.vimeo.com/video/123456?autoplay=1"
    assert embed_url("https://contoh.id/video.mp4") is None
    assert embed_url("javascript:alert(1)") is None
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        VideoBlock().clean({"url": "https://contoh.id/video", "title": ""})


def test_library_index_filters_by_aspect_and_kind_and_shows_only_live_public_resources(
        client, library, add_resource):
    add_resource("Panduan Media Sosial", kind="toolkit", aspect="communication")
    add_resource("Templat Anggaran", kind="template", aspect="financial_resilience")
    add_resource("Daftar Periksa Keuangan", kind="toolkit", aspect="financial_resilience")
    add_resource("Konsep Belum Terbit", kind="toolkit", aspect="financial_resilience", live=False)
    private = add_resource("Bahan Rahasia", kind="toolkit", aspect="financial_resilience")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="rahasia")

    def listed(**params):
        response = client.get(library.url, params)
        assert response.status_code == 200
        return response, {page.title for page in response.context["resources"]}

    response, shown = listed()
    assert shown == {"Panduan Media Sosial", "Templat Anggaran", "Daftar Periksa Keuangan"}
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html  # cacheable: the same page for everyone
    assert 'name="kind" value="resource"' in html and "/id/cari/" in html  # the search box: the site search
    assert listed(aspect="financial_resilience")[1] == {"Templat Anggaran", "Daftar Periksa Keuangan"}
    assert listed(aspect="financial_resilience", kind="toolkit")[1] == {"Daftar Periksa Keuangan"}
    response, shown = listed(aspect="tidak-ada", kind="toolkit")
    assert shown == {"Panduan Media Sosial", "Daftar Periksa Keuangan"}  # the wrong value is ignored...
    assert "tidak ada; diabaikan" in response.content.decode() or response.context["notices"]  # ...and said


# -- 2. site search ------------------------------------------------------------------------------

def test_site_search_finds_resources_and_courses_with_their_own_filter_and_aspects(
        client, add_resource, portal, make_organisation):
    from learning.models import CoursePage
    from search.testing import add_story

    oms = make_organisation(slug="oms-air", title="Yayasan Air Desa")
    add_story(oms, "Cerita Anggaran Desa", "Warga menyusun anggaran air bersama.", "33.74")
    add_resource("Templat Anggaran Kampanye", kind="template", aspect="financial_resilience",
                 summary="Tabel anggaran untuk kampanye air bersih.")
    add_resource("Perangkat Media Sosial", kind="toolkit", aspect="communication",
                 summary="Kalender unggahan tentang anggaran dan kabar kemajuan.")
    add_resource("Anggaran Konsep", aspect="financial_resilience", summary="Belum terbit.", live=False)
    private = add_resource("Anggaran Rahasia", aspect="financial_resilience", summary="Untuk tim saja.")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="rahasia")
    course = CoursePage(title="Kursus Anggaran OMS", slug="kursus-anggaran", aspect="financial_resilience",
                        summary="Belajar menyusun anggaran.")
    portal.add_child(instance=course)
    publish(course)

    response = client.get("/id/cari/", {"q": "anggaran"})
    assert response.status_code == 200
    found = set(titles(response))
    assert {"Templat Anggaran Kampanye", "Perangkat Media Sosial", "Kursus Anggaran OMS",
            "Cerita Anggaran Desa"} <= found
    assert not {"Anggaran Konsep", "Anggaran Rahasia"} & found  # nothing unpublished or private
    counts = {option.value: option.count for option in response.context["facets"]["kind"]}
    assert counts["resource"] == 2 and counts["course"] == 1 and counts["story"] == 1
    html = response.content.decode()
    with translation.override("id"):
        assert f'kind=resource">{gettext("Library")}' in html  # the library's own tab

    response = client.get("/id/cari/", {"q": "anggaran", "kind": "resource"})
    assert set(titles(response)) == {"Templat Anggaran Kampanye", "Perangkat Media Sosial"}
    response = client.get("/id/cari/", {"q": "anggaran", "kind": "resource", "aspect": "financial_resilience"})
    assert titles(response) == ["Templat Anggaran Kampanye"]
    aspects = {option.value: option.count for option in response.context["facets"]["aspect"]}
    assert aspects["financial_resilience"] == 1 and aspects["communication"] == 1
    # The aspect applies to courses too, and browsing (no words) gives the same.
    response = client.get("/id/cari/", {"aspect": "financial_resilience"})
    assert set(titles(response)) == {"Templat Anggaran Kampanye", "Kursus Anggaran OMS"}
    # A wrong aspect is reported and ignored.
    response = client.get("/id/cari/", {"q": "anggaran", "kind": "resource", "aspect": "bukan-aspek"})
    assert set(titles(response)) == {"Templat Anggaran Kampanye", "Perangkat Media Sosial"}
    assert response.context["form"].errors["aspect"]


def test_unpublishing_a_resource_removes_it_from_the_search(client, add_resource):
    page = add_resource("Templat Laporan Keuangan", kind="template", aspect="financial_resilience")
    assert titles(client.get("/id/cari/", {"q": "laporan", "kind": "resource"})) == ["Templat Laporan Keuangan"]
    page.unpublish()
    assert titles(client.get("/id/cari/", {"q": "laporan", "kind": "resource"})) == []


# -- 3. the guide in the campaign editor -----------------------------------------------------------

def test_campaign_editor_shows_the_flagged_guides_steps_to_an_oms_editor(client, guide, make_campaign,
                                                                           organisation, make_editor):
    campaign = make_campaign()
    client.force_login(make_editor(organisation))
    response = client.get(f"/admin/pages/{campaign.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert guide.title in html
    for title in GUIDE_STEPS:
        assert title in html
    assert "Contoh langkah" in html and guide.full_url in html
    # The new-campaign form shows it too.
    response = client.get(f"/admin/pages/add/campaigns/campaignpage/{organisation.pk}/")
    assert response.status_code == 200 and GUIDE_STEPS[0] in response.content.decode()


def test_campaign_editor_shows_the_guide_in_the_editors_language(client, guide, make_campaign, organisation,
                                                                  make_editor):
    english = guide.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "Six steps to formulating an initiative"
    english.body = [step("Know the problem and the local assets")]
    publish(english)
    editor = make_editor(organisation)
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(editor)
    html = client.get(f"/admin/pages/{make_campaign().pk}/edit/").content.decode()
    assert "Know the problem and the local assets" in html and GUIDE_STEPS[0] not in html


def test_campaign_editor_works_without_a_guide_and_ignores_drafts_and_unflagged_guides(
        client, add_resource, make_campaign, organisation, make_editor):
    add_resource("Panduan Lain", body=[step("Langkah panduan lain")])  # not flagged
    add_resource("Panduan Konsep", body=[step("Langkah konsep")], show_in_campaign_editor=True, live=False)
    client.force_login(make_editor(organisation))
    response = client.get(f"/admin/pages/{make_campaign().pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Langkah panduan lain" not in html and "Langkah konsep" not in html
    assert "library-guide-panel" not in html


def test_the_newest_flagged_guide_is_the_one_shown(add_resource, guide):
    from library.guide import campaign_editor_guide

    assert campaign_editor_guide().pk == guide.pk
    newer = add_resource("Panduan Baru", body=[step("Langkah baru")], show_in_campaign_editor=True)
    assert campaign_editor_guide().pk == newer.pk
    newer.unpublish()
    assert campaign_editor_guide().pk == guide.pk


# -- 4. who may write the library ------------------------------------------------------------------

@pytest.fixture
def people(organisation, make_editor):
    from network.models import ProvincialNetwork

    User = get_user_model()
    trainer = User.objects.create_user("pelatih", password="rahasia-123")
    trainer.groups.add(Group.objects.get(name=TRAINING_GROUP))
    moderator = User.objects.create_user("moderator-jateng", password="rahasia-123")
    ProvincialNetwork.objects.get(province__code="33").moderators.add(moderator)
    national = User.objects.create_superuser("nasional", "nasional@lokadaya.id", "rahasia-123")
    return {"trainer": trainer, "national": national, "editor": make_editor(organisation), "moderator": moderator}


def test_training_team_and_national_staff_write_the_library_oms_editors_and_moderators_may_not(
        client, library, guide, people):
    from library.access import may_edit_library

    add_url = f"/admin/pages/add/library/resourcepage/{library.pk}/"
    for name in ("trainer", "national"):
        client.force_login(people[name])
        assert client.get(f"/admin/pages/{guide.pk}/edit/").status_code == 200, name
        assert client.get(add_url).status_code == 200, name
        assert may_edit_library(people[name], guide)
    for name in ("editor", "moderator"):
        client.force_login(people[name])
        response = client.get(f"/admin/pages/{guide.pk}/edit/")
        assert response.status_code in (302, 403), name
        assert guide.title not in response.content.decode()
        assert client.get(add_url).status_code in (302, 403), name
        assert not may_edit_library(people[name], guide)
        # Posting an edit changes nothing.
        client.post(f"/admin/pages/{guide.pk}/edit/", {"title": "Diubah", "slug": guide.slug})
        guide.refresh_from_db()
        assert guide.title != "Diubah"


def test_a_translated_library_index_gives_the_training_team_the_same_rights(library, guide, people):
    from library.access import may_edit_library

    english = guide.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    assert may_edit_library(people["trainer"], english)
    assert not may_edit_library(people["editor"], english)


# -- 5. demo ---------------------------------------------------------------------------------------

def test_demo_creates_the_library_and_the_six_step_guide_and_runs_again(portal):
    from library import demo
    from library.guide import campaign_editor_guide
    from library.models import LibraryIndexPage, ResourcePage

    lines = demo.seed(portal.get_parent().specific, {})
    assert any("Enam langkah" in line for line in lines)
    assert demo.seed(portal.get_parent().specific, {}) == []  # nothing new the second time
    default = Locale.get_default()
    assert LibraryIndexPage.objects.filter(locale=default).count() == 1
    resources = ResourcePage.objects.filter(locale=default)
    assert resources.count() == 6
    assert set(resources.values_list("kind", flat=True)) == {"guide", "template", "toolkit", "recording"}
    guide = campaign_editor_guide()
    assert guide.slug == "enam-langkah-inisiatif-layanan-lokal" and len(guide.steps()) == 6
    assert ResourcePage.objects.filter(locale__language_code="en").count() == 6
    template = resources.get(slug="templat-anggaran-kampanye")
    assert template.files[0].value["document"].file.read().startswith(b"Kegiatan,")


def test_demo_skips_without_a_training_portal(home_page):
    from library import demo

    assert demo.seed(home_page, {}) == ["Library: skipped (no training portal page)."]
