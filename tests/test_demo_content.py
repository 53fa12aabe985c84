"""Demo content that looks real (issue 12): pictures everywhere, English everywhere, logins per role, any port.

``seed_demo`` gives every demo campaign, OMS and story generated illustrations (never presented as
photos), the English translation of every demo page English text (asks included), demo logins for
an OMS editor (of a verified OMS with a bank account), a moderator and communications staff, and
follows the port ``make run PORT=...`` serves on.
"""
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from PIL import Image as PILImage
from wagtail.models import Collection, Site

from campaigns.models import CampaignPage
from editorial import demo as editorial_demo
from lokadaya import demo_data, demo_images
from partners import demo as partner_demo
from partners.access import access_for
from partners.models import OrganisationPage
from plugins.volunteering.shifts import iter_shifts
from stories.models import StoryPage

ROOT = Path(__file__).resolve().parent.parent


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def size_of(data):
    picture = PILImage.open(io.BytesIO(data))
    return picture.format, picture.size


def test_illustrations_are_deterministic_jpegs_of_the_right_sizes():
    cover = demo_images.landscape("lampu-jalan-tenaga-surya", ("lampu",))
    assert cover == demo_images.landscape("lampu-jalan-tenaga-surya", ("lampu",))
    assert cover != demo_images.landscape("panen-air-hujan", ("air",))
    assert size_of(cover) == ("JPEG", (1600, 900))
    assert 10_000 < len(cover) < 150_000  # a real picture, light enough for a phone
    assert size_of(demo_images.landscape("x", (), demo_images.GALLERY_SIZE)) == ("JPEG", (1200, 900))
    assert size_of(demo_images.logo("terang", "Yayasan Terang Desa")) == ("JPEG", (400, 400))
    assert size_of(demo_images.portrait("someone")) == ("JPEG", (400, 400))
    assert demo_images.initials("Yayasan Terang Desa") == "TD"
    assert demo_images.initials("Komunitas Bank Sampah Berseri") == "BS"


def _in_collection_of(image, organisation):
    """Whether ``image`` is in the OMS's own collection (or below it)."""
    access = access_for(organisation)
    assert access is not None, organisation.title
    return Collection.objects.descendant_of(access.collection, inclusive=True).filter(pk=image.collection_id).exists()


def _is_illustration(image):
    return image.title.startswith("Ilustrasi:") and "Illustration:" in image.description


@pytest.mark.django_db
def test_every_demo_page_has_illustrations_and_english_text():
    output = seed("--records", "2")
    organisations = OrganisationPage.objects.filter(slug__in=[row[0] for row in demo_data.ORGANISATIONS])
    assert organisations.count() == 2 * len(demo_data.ORGANISATIONS)  # Indonesian and English
    for page in organisations:
        assert page.logo is not None and _is_illustration(page.logo), page.title
        assert _in_collection_of(page.logo, page)
        assert page.logo.collection.name == demo_images.COLLECTION_NAME
        assert page.cover_image is not None and _is_illustration(page.cover_image), page.title
        photos = list(page.gallery_photos.all())
        assert len(photos) == 3, page.title
        assert all(_is_illustration(photo.image) for photo in photos)
        prefix = "Illustration:" if page.locale.language_code == "en" else "Ilustrasi:"
        assert all(photo.caption.startswith(prefix) for photo in photos), page.title
        members = list(page.team_members.all())
        assert members and all(member.photo is not None and _is_illustration(member.photo) for member in members)
    for model, rows in ((CampaignPage, demo_data.INITIATIVES), (StoryPage, demo_data.STORIES)):
        for row in rows:
            pages = model.objects.filter(slug=row[0])
            assert pages.count() == 2, row[0]
            for page in pages:
                assert page.hero_image is not None and _is_illustration(page.hero_image), page.url
                assert _in_collection_of(page.hero_image, page.get_parent().specific)
                assert size_of(page.hero_image.file.read())[1] == (1600, 900)

    # English text on the English pages: the campaigns' six steps and asks, the stories, the profiles.
    for slug, _org, title, title_en, summary, summary_en, _keywords in demo_data.INITIATIVES:
        pages = {page.locale.language_code: page for page in CampaignPage.objects.filter(slug=slug)}
        assert pages["en"].title == title_en and pages["en"].summary == summary_en
        for language, texts in demo_data.INITIATIVE_STEPS[slug].items():
            assert texts[0] in pages[language].problem and texts[2] == pages[language].place_description
            assert texts[3] in pages[language].activities and texts[4] in pages[language].change_measure
        id_asks = {ask.type_key: ask for ask in pages["id"].get_asks()}
        en_asks = {ask.type_key: ask for ask in pages["en"].get_asks()}
        assert set(id_asks) == set(en_asks) and len(en_asks) >= 4
        for key, ask in en_asks.items():
            assert ask.id == id_asks[key].id  # the same block: the records and progress are shared
            assert ask.value["title"] != id_asks[key].value["title"], (slug, key)
        if "volunteering" in en_asks:
            roles = en_asks["volunteering"].value["roles"]
            id_roles = id_asks["volunteering"].value["roles"]
            assert [r["name"] for r in roles] != [r["name"] for r in id_roles]
            assert ([shift.id for shift in iter_shifts(en_asks["volunteering"].value)]
                    == [shift.id for shift in iter_shifts(id_asks["volunteering"].value)])
        if "inkind" in en_asks:
            names = [item["name"] for item in en_asks["inkind"].value["items"]]
            assert names != [item["name"] for item in id_asks["inkind"].value["items"]]
            value = en_asks["inkind"].value
            assert "Monday" in value["drop_off_hours"] and "WhatsApp" in value["drop_off_details"]
            assert "office" in value["drop_off_address"]  # an address, in English
            assert "Senin" in id_asks["inkind"].value["drop_off_hours"]
        if "petition" in en_asks:
            assert "Sign this petition" in en_asks["petition"].value["description"]
    for slug, (summary_en, problem_en, action_en, change_en) in demo_data.STORIES_EN.items():
        story = StoryPage.objects.get(slug=slug, locale__language_code="en")
        assert story.summary == summary_en and problem_en in story.problem and change_en in story.change
        assert action_en in story.what_was_done
        assert story.author == editorial_demo.AUTHOR_EN
        assert story.hero_caption == demo_data.STORY_CAPTIONS[slug][1]
        assert [v.value["role"] for v in story.voices] == [
            role for _q, _n, role in editorial_demo.STORY_DETAILS_EN[slug]["voices"]]
    terang_en = OrganisationPage.objects.get(slug="yayasan-terang-desa", locale__language_code="en")
    assert terang_en.vision == partner_demo.PROFILES_EN["yayasan-terang-desa"][0]
    assert [m.role for m in terang_en.team_members.all()] == ["Chair", "Treasurer", "Technical coordinator"]
    assert "Founded in 2012" in terang_en.about

    # The English pages serve, with the English ask text.
    client = Client()
    campaign_en = CampaignPage.objects.get(slug="panen-air-hujan", locale__language_code="en")
    response = client.get(campaign_en.url)
    assert response.status_code == 200
    assert "Rainwater harvesting" in response.content.decode()

    # Bank accounts: at least two verified OMS, among them the demo OMS editor's.
    with_bank = OrganisationPage.objects.filter(locale__language_code="id", verification_status="verified") \
        .exclude(bank_name="").exclude(bank_account_number="").exclude(bank_account_holder="")
    assert with_bank.count() >= 2
    assert with_bank.filter(slug=partner_demo.OMS_EDITOR_ORGANISATION).exists()

    # Every login is printed, with its password.
    for login, password in (("admin", "lokadaya-admin"), (partner_demo.OMS_EDITOR_USERNAME, partner_demo.DEMO_PASSWORD),
                            ("moderator-nusa-tenggara-timur", partner_demo.DEMO_PASSWORD),
                            (editorial_demo.COMMUNICATIONS_USERNAME, editorial_demo.COMMUNICATIONS_PASSWORD)):
        assert f"{login} / {password}" in output, login

    # Again: no second illustration of anything.
    from wagtail.images import get_image_model

    images = get_image_model().objects.count()
    seed("--records", "2")
    assert get_image_model().objects.count() == images


@pytest.mark.django_db
def test_demo_logins_have_exactly_their_roles_powers():
    seed("--records", "0")
    terang = CampaignPage.objects.get(slug="lampu-jalan-tenaga-surya", locale__language_code="id")
    other = CampaignPage.objects.get(slug="panen-air-hujan", locale__language_code="id")
    story = StoryPage.objects.get(slug=editorial_demo.REVIEW_STORY[0])
    logins = {
        "oms": (partner_demo.OMS_EDITOR_USERNAME, partner_demo.DEMO_PASSWORD),
        "moderator": ("moderator-nusa-tenggara-timur", partner_demo.DEMO_PASSWORD),
        "communications": (editorial_demo.COMMUNICATIONS_USERNAME, editorial_demo.COMMUNICATIONS_PASSWORD),
    }
    clients = {}
    for role, (username, password) in logins.items():
        client = Client()
        assert client.login(username=username, password=password), role
        assert client.get("/admin/").status_code == 200, role
        clients[role] = client

    def edit(role, page):
        return clients[role].get(f"/admin/pages/{page.pk}/edit/").status_code

    # The OMS editor edits its own campaign and nothing of another OMS.
    assert edit("oms", terang) == 200
    assert edit("oms", other) in (302, 403, 404)
    editor = get_user_model().objects.get(username=partner_demo.OMS_EDITOR_USERNAME)
    assert not editor.is_superuser and not editor.is_staff
    assert terang.permissions_for_user(editor).can_publish()
    assert not other.permissions_for_user(editor).can_edit()
    # The moderator verifies OMS of its province and edits no page.
    moderator = get_user_model().objects.get(username=logins["moderator"][0])
    assert edit("moderator", terang) in (302, 403, 404)
    assert not terang.permissions_for_user(moderator).can_edit()
    assert clients["moderator"].get("/admin/mitra/verifikasi/").status_code == 200
    # Communications staff review stories, and edit no OMS campaign.
    communications = get_user_model().objects.get(username=logins["communications"][0])
    assert communications.groups.filter(name="Komunikasi").exists()
    assert edit("communications", terang) in (302, 403, 404)
    assert not terang.permissions_for_user(communications).can_edit()
    task = story.current_workflow_task
    assert task is not None and task.specific.get_actions(story, communications)
    assert not task.specific.get_actions(story, editor) and not task.specific.get_actions(story, moderator)


def test_the_dev_settings_follow_port():
    """``make run PORT=8123``: the development settings build every link on port 8123."""
    code = ("from django.conf import settings as s; "
            "print(s.SITE_URL, s.WAGTAILADMIN_BASE_URL, s.PAYMENT_HOST, s.PAYMENT_USES_SSL)")
    env = {key: value for key, value in os.environ.items()
           if key not in ("SITE_URL", "PAYMENT_HOST", "PAYMENT_USES_SSL", "PORT")}
    env.update({"DJANGO_SETTINGS_MODULE": "lokadaya.settings.dev", "PORT": "8123"})
    result = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["http://127.0.0.1:8123", "http://127.0.0.1:8123", "127.0.0.1:8123", "False"]
    # SITE_URL, when given, wins; a bad port is refused with a clear message.
    env["SITE_URL"] = "https://demo.lokadaya.example"
    result = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["https://demo.lokadaya.example"] * 2 + ["demo.lokadaya.example", "True"]
    env.pop("SITE_URL")
    env["PORT"] = "eighty"
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "PORT must be a TCP port number" in result.stderr


def test_the_makefile_serves_on_port():
    makefile = (ROOT / "Makefile").read_text()
    assert "PORT ?= 8000" in makefile and "export PORT" in makefile
    assert "runserver 127.0.0.1:$(PORT)" in makefile


@pytest.mark.django_db
def test_seed_demo_puts_the_site_on_the_port(settings):
    settings.SITE_URL = "http://127.0.0.1:8123"
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    output = seed("--records", "0")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
    assert site.root_url == "http://127.0.0.1:8123"
    assert "http://127.0.0.1:8123/admin/" in output
    settings.SITE_URL = "http://127.0.0.1:9000"
    seed("--records", "0")
    site.refresh_from_db()
    assert site.port == 9000
