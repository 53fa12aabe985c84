"""Translation with wagtail-localize: a story and a campaign from Indonesian to English, and back in sync.

The story goes through wagtail-localize's own views as a member of the communications team would:
submit the translation, translate each string in the translation editor, publish. Every block type
a story uses is translated; numbers, images, dates, places and links stay the same (synchronised).
"""
import datetime
import json
import os
import subprocess
import sys
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Locale
from wagtail.rich_text import RichText
from wagtail_localize.fields import SynchronizedField, get_translatable_fields
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from campaigns.models import CampaignPage
from editorial.testing import (  # noqa: F401 - fixtures
    PASSWORD, comms_user, every_type_asks, make_image, make_story, make_user, story_index,
)
from regions.models import Regency
from sdgs.models import SDG
from stories.models import StoryPage

pytestmark = pytest.mark.django_db

VIDEO = "https://www.youtube.com/watch?v=lokadaya01"

ENGLISH = {
    "Air Bersih untuk Dusun Kali": "Clean water for Dusun Kali",
    "Warga kini punya air bersih.": "Residents now have clean water.",
    "Warga berjalan dua kilometer untuk air.": "Residents walked two kilometres for water.",
    "Kami mengebor sumur bersama warga.": "We drilled a well with the residents.",
    "Kini air mengalir ke setiap rumah.": "Now water flows to every house.",
    "Rumah dengan air bersih": "Houses with clean water",
    "rumah": "houses",
    "Data desa": "Village records",
    "Anak saya tidak lagi telat sekolah.": "My child is no longer late for school.",
    "ibu tiga anak": "mother of three",
    "Musim kemarau tahun lalu paling berat.": "Last year's dry season was the hardest.",
    "Sumur baru di tengah dusun": "The new well in the middle of the hamlet",
    "Warga menimba air dari sumur": "Residents drawing water from the well",
    "Air adalah hidup.": "Water is life.",
    "Pak Kades": "The village head",
    "jarak yang tak perlu ditempuh lagi": "no longer walked",
}


@pytest.fixture
def english():
    return Locale.objects.get(language_code="en")


@pytest.fixture
def video_embed(db):
    return Embed.objects.create(url=VIDEO, max_width=960, hash=get_embed_hash(VIDEO, 960), type="video",
                                html='<iframe title="Video" src="/static/empty.html"></iframe>', title="Video")


@pytest.fixture
def story(story_index, make_story, make_image, make_campaign, organisation):
    photo, portrait = make_image("Sumur"), make_image("Bu Sri", size=(300, 300))
    campaign = make_campaign(title="Sumur untuk Dusun Kali", slug="sumur")
    return make_story(
        "Air Bersih untuk Dusun Kali", parent=story_index, slug="air-bersih", summary="Warga kini punya air bersih.",
        author="Tim Komunikasi", date=datetime.date(2026, 11, 2), hero_image=photo, organisation=organisation,
        regency=organisation.regency, campaigns=[campaign], sdgs=[SDG.objects.get(number=6)],
        problem="<p>Warga berjalan dua kilometer untuk air.</p>",
        what_was_done="<p>Kami mengebor sumur bersama warga.</p>",
        change="<p>Kini air mengalir ke setiap rumah.</p>",
        evidence=[("indicator", {"label": "Rumah dengan air bersih", "before": Decimal("12"),
                                 "after": Decimal("148"), "unit": "rumah", "source": "Data desa"})],
        voices=[("voice", {"quote": "Anak saya tidak lagi telat sekolah.", "name": "Bu Sri",
                           "role": "ibu tiga anak", "photo": portrait})],
        body=[
            ("paragraph", RichText("<p>Musim kemarau tahun lalu paling berat.</p>")),
            ("image", {"image": photo, "caption": "Sumur baru di tengah dusun", "credit": "Budi",
                       "alt_text": "Warga menimba air dari sumur"}),
            ("quote", {"text": "Air adalah hidup.", "attribution": "Pak Kades"}),
            ("video", VIDEO),
            ("figure", {"figure": "2 km", "label": "jarak yang tak perlu ditempuh lagi"}),
        ],
    )


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def translate_strings(client, translation):
    """Type an English version of every string into the translation editor (its API)."""
    done = {}
    for segment in translation.source.stringsegment_set.select_related("string"):
        source_text = segment.string.data
        text = ENGLISH.get(source_text.replace("<p>", "").replace("</p>", ""), source_text)
        url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
        response = client.put(url, urlencode({"value": text}), content_type="application/x-www-form-urlencoded")
        assert response.status_code in (200, 201), response.content
        done[source_text] = text
    return done


def test_fields_that_must_not_differ_are_synchronised():
    fields = {field.field_name: field for field in get_translatable_fields(StoryPage)}
    for name in ("date", "hero_image", "regency", "campaigns", "sdgs", "organisation"):
        assert isinstance(fields[name], SynchronizedField), name
    for name in ("regency", "campaigns", "sdgs", "organisation", "date", "hero_image"):
        assert not fields[name].is_overridable(StoryPage()), name
    for name in ("title", "summary", "problem", "what_was_done", "change", "body", "evidence", "voices"):
        assert not isinstance(fields[name], SynchronizedField), name


def test_story_round_trip_through_the_translation_interface(client, story, comms_user, english, video_embed,
                                                            organisation, django_capture_on_commit_callbacks):
    # (wagtail-localize publishes a translation once its transaction has committed.)
    login(client, comms_user)
    response = client.post(reverse("wagtail_localize:submit_page_translation", args=[story.pk]),
                           {"locales": [english.pk]})
    assert response.status_code == 302
    target = StoryPage.objects.get(translation_key=story.translation_key, locale=english)
    assert not target.live
    translation = Translation.objects.get(source__object_id=story.translation_key, target_locale=english)
    translated = translate_strings(client, translation)
    # Every block type gave its words to translate (and no number did).
    for text in ("Sumur baru di tengah dusun", "Warga menimba air dari sumur", "Budi", "Air adalah hidup.",
                 "Pak Kades", "2 km", "jarak yang tak perlu ditempuh lagi", "Rumah dengan air bersih", "rumah",
                 "Data desa", "Anak saya tidak lagi telat sekolah.", "Bu Sri", "ibu tiga anak"):
        assert text in translated, text
    assert not {"12", "148", "12.00", "148.00"} & set(translated)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:edit", args=[target.pk]), {"action": "publish"})
    assert response.status_code == 302
    target = StoryPage.objects.get(pk=target.pk)
    assert target.live and target.url.startswith("/en/")

    html = client.get(target.url).content.decode()
    assert '<html lang="en">' in html
    for text in ("Clean water for Dusun Kali", "Residents walked two kilometres for water.", "Houses with clean water",
                 "The new well in the middle of the hamlet", 'alt="Residents drawing water from the well"',
                 "Water is life.", "The village head", "no longer walked", "My child is no longer late for school.",
                 "mother of three", '<iframe title="Video"'):
        assert text in html, text
    assert "12 houses" in html and "148 houses" in html  # the figures are the Indonesian story's
    # Synchronised: the same date, place, links and image.
    assert (target.date, target.regency_id, target.hero_image_id, target.organisation_id) == (
        story.date, story.regency_id, story.hero_image_id, story.organisation_id)
    assert list(target.campaigns.all()) == list(story.campaigns.all())
    assert list(target.sdgs.all()) == list(story.sdgs.all())
    assert [block.value["image"].pk for block in target.body if block.block_type == "image"] == [
        story.hero_image_id]

    # The language switch links the two.
    assert f'href="{story.url}" hreflang="id"' in html
    indonesian = client.get(story.url).content.decode()
    assert f'href="{target.url}" hreflang="en"' in indonesian

    # The Indonesian story changes its date, place, SDGs and campaigns: the English one follows.
    aceh = Regency.objects.get(code="11.01")
    story.date, story.regency = datetime.date(2026, 11, 20), aceh
    story.sdgs.set(SDG.objects.filter(number__in=[3, 6]))
    story.campaigns.set([])
    story.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtail_localize:update_translations", args=[translation.source.pk]),
                               {"publish_translations": "on"})
    assert response.status_code == 302
    target = StoryPage.objects.get(pk=target.pk)
    assert target.date == datetime.date(2026, 11, 20) and target.regency == aceh
    assert sorted(sdg.number for sdg in target.sdgs.all()) == [3, 6]
    assert target.title == "Clean water for Dusun Kali"  # the translation itself is kept


def test_campaign_round_trip_keeps_dates_and_targets(client, make_campaign, english, home_page,
                                                     django_capture_on_commit_callbacks):
    """The API route: a campaign with an ask of every installed type, targets and dates unchanged."""
    campaign = make_campaign(asks=every_type_asks(), title="Sumur untuk Dusun Kali", slug="sumur",
                             summary="Kami mengebor sumur.")
    source, _created = TranslationSource.get_or_create_from_instance(campaign)
    translation = Translation.objects.create(source=source, target_locale=english)
    for segment in source.stringsegment_set.select_related("string", "context"):
        StringTranslation.objects.create(translation_of=segment.string, locale=english, context=segment.context,
                                         data=f"EN {segment.string.data}")
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    target = CampaignPage.objects.get(translation_key=campaign.translation_key, locale=english)
    assert target.live and target.url.startswith("/en/")
    assert target.title == "EN Sumur untuk Dusun Kali" and target.summary == "EN Kami mengebor sumur."
    assert (target.start_date, target.end_date, target.regency_id) == (
        campaign.start_date, campaign.end_date, campaign.regency_id)
    source_asks = {ask.id: ask for ask in campaign.get_asks()}
    target_asks = {ask.id: ask for ask in target.get_asks()}
    assert source_asks.keys() == target_asks.keys()

    def same_but_words(source_value, translated, where):
        """Words translated, everything else (targets, quantities, dates...) identical."""
        if isinstance(source_value, str):
            # Text is translated; a choice (a code such as "csr") is not text and stays.
            assert translated in (f"EN {source_value}", source_value), where
        elif hasattr(source_value, "items"):
            assert source_value.keys() == translated.keys(), where
            for key in source_value:
                same_but_words(source_value[key], translated[key], f"{where}.{key}")
        elif hasattr(source_value, "__iter__"):
            assert len(list(source_value)) == len(list(translated)), where
            for n, (a, b) in enumerate(zip(source_value, translated)):
                same_but_words(a, b, f"{where}[{n}]")
        else:
            assert translated == source_value, where

    for ask_id, ask in source_asks.items():
        same_but_words(ask.value, target_asks[ask_id].value, ask.type_key)
        assert target_asks[ask_id].value["title"] == f"EN {ask.value['title']}"
    response = client.get(target.url)
    assert response.status_code == 200 and "EN Sumur untuk Dusun Kali" in response.content.decode()


def test_machine_translation_is_off_by_default(client, story, english):
    assert settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR is None
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    client.login(username="nasional", password=PASSWORD)
    source, _created = TranslationSource.get_or_create_from_instance(story)
    translation = Translation.objects.create(source=source, target_locale=english)
    translation.save_target()
    response = client.post(reverse("wagtail_localize:machine_translate", args=[translation.pk]))
    assert response.status_code == 404
    assert not StringTranslation.objects.filter(locale=english).exists()


def settings_value(env):
    code = ("import json, django; from django.conf import settings; django.setup(); "
            "print(json.dumps(settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR))")
    environment = {key: value for key, value in os.environ.items() if not key.startswith("MACHINE_TRANSLATOR")}
    environment.update(env, DJANGO_SETTINGS_MODULE="lokadaya.settings.base")
    return subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True,
                          cwd=settings.BASE_DIR)


def test_machine_translation_can_be_configured_from_the_environment():
    assert json.loads(settings_value({}).stdout) is None
    result = settings_value({"MACHINE_TRANSLATOR_CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
                             "MACHINE_TRANSLATOR_OPTIONS": '{"AUTH_KEY": "x"}'})
    assert json.loads(result.stdout) == {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
                                         "OPTIONS": {"AUTH_KEY": "x"}}
    broken = settings_value({"MACHINE_TRANSLATOR_CLASS": "x.Y", "MACHINE_TRANSLATOR_OPTIONS": "{not json"})
    assert broken.returncode != 0 and "MACHINE_TRANSLATOR_OPTIONS is not valid JSON" in broken.stderr


def test_an_unreviewed_story_cannot_be_published_through_its_translation(client, make_story, organisation,
                                                                         make_editor, english,
                                                                         django_capture_on_commit_callbacks):
    """wagtail-localize's editor publishes with its own action: the review rule holds there too."""
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    draft = make_story("Belum Ditinjau", live=False)
    source, _created = TranslationSource.get_or_create_from_instance(draft)
    translation = Translation.objects.create(source=source, target_locale=english)
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=False)
    target = StoryPage.objects.get(translation_key=draft.translation_key, locale=english)
    editor = make_editor(organisation)
    # Even with every page permission on the English side of its OMS...
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(group=editor.groups.get(), page=target.get_parent(),
                                           permission=Permission.objects.get(codename=codename,
                                                                             content_type__app_label="wagtailcore"))
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:edit", args=[target.pk]), {"action": "publish"},
                               follow=True)
    target.refresh_from_db()
    assert not target.live
    assert "tim komunikasi" in response.content.decode()
