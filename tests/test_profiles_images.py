"""OMS profiles and stories with pictures (issue 12): cover, logo, gallery, team; a story's lead image
and body images with their captions.

- The page's first photo (the profile's cover, the story's lead image) loads eagerly and is
  preloaded; every other picture is lazy; all come as AVIF, WebP and JPEG ``srcset``.
- Captions are ``<figcaption>``s; team photos and voices are small squares.
- In English the pictures are the same (synchronised), captions and roles are translated.
- An OMS editor cannot put another OMS's image in their gallery or team (tenancy/page_files.py).
"""
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.models import Locale
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields
from wagtail_localize.models import TranslationSource

from editorial.testing import PASSWORD, STORY_STREAMS, admin_form_data, make_image, make_story  # noqa: F401
from partners.models import OrganisationPage, OrganisationPhoto, TeamMember
from partners.testing import *  # noqa: F401,F403 - fixtures
from stories.models import StoryPage
from test_tenant_files import png

pytestmark = pytest.mark.django_db


def pictures(html, css_class=None):
    """The ``<picture>`` elements of ``html`` (those whose ``<img>`` has ``css_class``, if given)."""
    found = re.findall(r"<picture>.*?</picture>", html, re.S)
    if css_class:
        found = [p for p in found if re.search(rf'<img[^>]*class="[^"]*\b{css_class}\b', p)]
    return found


def section(html, title_id):
    match = re.search(rf'<section aria-labelledby="{title_id}">.*?</section>', html, re.S)
    assert match, title_id
    return match.group(0)


@pytest.fixture
def profile(organisation, make_image):
    page = OrganisationPage.objects.get(pk=organisation.pk)
    page.cover_image = make_image("Sampul", size=(1600, 900))
    page.logo = make_image("Logo", size=(400, 400), colour=(200, 120, 0))
    page.gallery_photos = [
        OrganisationPhoto(image=make_image("Lampu"), caption="Warga memasang lampu di Wae Rebo"),
        OrganisationPhoto(image=make_image("Rapat", size=(1200, 900))),
    ]
    page.team_members = [TeamMember(name="Yohanes Jehamat", role="Ketua", photo=make_image("Yohanes", size=(500, 700))),
                         TeamMember(name="Maria Nggadas", role="Bendahara")]
    page.save_revision().publish()
    return OrganisationPage.objects.get(pk=page.pk)


def test_profile_leads_with_its_cover_then_logo_gallery_and_team(client, profile):
    html = client.get(profile.url).content.decode()
    head, body = html.split("</head>", 1)
    # The cover: the one eager picture, preloaded in AVIF, in three formats.
    assert re.search(r'<link rel="preload" as="image" type="image/avif" imagesrcset="[^"]+\.avif ', head)
    cover = re.search(r'<div class="profile-cover">(.*?)</div>', body, re.S).group(1)
    assert 'fetchpriority="high"' in cover and 'loading="lazy"' not in cover
    assert 'type="image/avif"' in cover and 'type="image/webp"' in cover and re.search(r'srcset="[^"]+ 480w', cover)
    assert body.count('fetchpriority="high"') == 1
    # The logo, beside the name, with the verified badge.
    assert pictures(body, "profile-logo")
    assert re.search(r'class="badge badge-active verified-badge"><span aria-hidden="true">✓</span>', body)
    # The gallery: lazy, responsive, captions as figcaptions (and not read twice as alt text).
    gallery = section(body, "photos-title")
    figures = re.findall(r"<figure>.*?</figure>", gallery, re.S)
    assert len(figures) == 2
    assert '<figcaption class="small">Warga memasang lampu di Wae Rebo</figcaption>' in figures[0]
    assert 'alt=""' in figures[0]
    assert "<figcaption" not in figures[1] and 'alt="Rapat"' in figures[1]
    assert all('loading="lazy"' in f and 'type="image/avif"' in f for f in figures)
    # The team: small square photos; someone without a photo gets their initial.
    team = section(body, "team-title")
    photo = pictures(team, "team-photo")
    assert len(photo) == 1 and 'loading="lazy"' in photo[0]
    width, height = re.search(r'<img[^>]*width="(\d+)" height="(\d+)"', photo[0]).groups()
    assert width == height and int(width) <= 128
    assert "Yohanes Jehamat" in team and "Ketua" in team
    assert re.search(r'<span class="team-photo team-initial" aria-hidden="true">M</span>', team)


def test_a_profile_without_pictures_has_none_and_preloads_nothing(client, organisation):
    html = client.get(organisation.url).content.decode()
    assert 'rel="preload" as="image"' not in html
    assert "profile-cover" not in html and "<picture>" not in html.split("campaigns-title")[0]


def test_oms_cards_show_the_logo(client, profile, partner_index):
    html = client.get(partner_index.url).content.decode()
    logos = pictures(html, "oms-card-logo")
    assert len(logos) == 1 and 'loading="lazy"' in logos[0] and 'alt=""' in logos[0]
    assert 'fetchpriority="high"' not in html


def test_pictures_are_synchronised_and_captions_and_roles_translated(profile, partner_index):
    fields = {field.field_name: field for field in get_translatable_fields(OrganisationPage)}
    assert isinstance(fields["cover_image"], SynchronizedField) and isinstance(fields["logo"], SynchronizedField)
    assert isinstance(fields["gallery_photos"], TranslatableField)
    assert isinstance(fields["team_members"], TranslatableField)

    source, _created = TranslationSource.get_or_create_from_instance(profile)
    strings = set(source.stringsegment_set.values_list("string__data", flat=True))
    assert {"Warga memasang lampu di Wae Rebo", "Ketua", "Bendahara"} <= strings
    english = Locale.objects.get(language_code="en")
    partner_index.copy_for_translation(english).save_revision().publish()
    translated, _created = source.create_or_update_translation(english, fallback=True)
    translated = OrganisationPage.objects.get(pk=translated.pk)
    assert translated.cover_image_id == profile.cover_image_id and translated.logo_id == profile.logo_id
    assert ([p.image_id for p in translated.gallery_photos.all()]
            == [p.image_id for p in profile.gallery_photos.all()])
    assert all(p.locale_id == english.pk for p in translated.gallery_photos.all())
    assert ([(m.name, m.photo_id) for m in translated.team_members.all()]
            == [(m.name, m.photo_id) for m in profile.team_members.all()])


# -- tenancy: the gallery and the team take only the editor's own images -------------------------------

@pytest.fixture
def tenants(make_verified_oms):
    a = make_verified_oms("oms-a", "33.74", title="OMS Semarang A")
    b = make_verified_oms("oms-b", "73.71", title="OMS Makassar B")
    image_a = Image.objects.create(title="Foto Milik A", file=ContentFile(png(), name="a.png"),
                                   collection=a.access.collection)
    image_b = Image.objects.create(title="Foto Rahasia B", file=ContentFile(png(), name="b.png"),
                                   collection=b.access.collection)
    return a, image_a, image_b


def post_inline(client, page, relation, **row):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = admin_form_data(client, url)
    data[f"{relation}-TOTAL_FORMS"] = "1"
    for key, value in {"id": "", "ORDER": "1", "DELETE": "", **row}.items():
        data[f"{relation}-0-{key}"] = str(value)
    data["action-publish"] = "1"
    return client.post(url, data)


@pytest.mark.parametrize("relation, row", [
    ("gallery_photos", lambda image: {"image": image.pk, "caption": "Foto kami"}),
    ("team_members", lambda image: {"name": "Siti", "role": "Ketua", "photo": image.pk}),
])
def test_an_oms_editor_cannot_attach_another_oms_image(client, tenants, relation, row):
    a, image_a, image_b = tenants
    revisions = a.revisions.count()
    client.force_login(a.editor)
    response = post_inline(client, a, relation, **row(image_b))
    assert response.status_code == 200
    body = response.content.decode()
    assert "bukan berkas yang boleh Anda pakai" in body or "not one you may use" in body
    assert a.revisions.count() == revisions
    assert not getattr(OrganisationPage.objects.get(pk=a.pk), relation).exists()
    # Their own image is accepted.
    response = post_inline(client, a, relation, **row(image_a))
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = getattr(OrganisationPage.objects.get(pk=a.pk), relation).get()
    assert image_a.pk in (getattr(saved, "image_id", None), getattr(saved, "photo_id", None))


# -- stories -------------------------------------------------------------------------------------------

@pytest.fixture
def story(make_story, make_image):
    return make_story(
        "Air Bersih untuk Dusun Kali", hero_image=make_image("Sumur"),
        hero_caption="Warga menimba air dari sumur baru (foto: Budi)",
        body=[("image", {"image": make_image("Pipa"), "caption": "Pipa menuju rumah warga", "credit": "Sri",
                         "alt_text": ""}),
              ("image", {"image": make_image("Bak", size=(900, 1200)), "caption": "", "credit": "",
                         "alt_text": "Bak penampungan air di tengah dusun"})],
        voices=[("voice", {"quote": "Anak saya tidak telat sekolah.", "name": "Bu Sri", "role": "ibu",
                           "photo": make_image("Bu Sri", size=(300, 400))})],
    )


def test_story_leads_with_its_image_and_caption(client, story):
    html = client.get(story.url).content.decode()
    head, body = html.split("</head>", 1)
    assert re.search(r'<link rel="preload" as="image" type="image/avif" imagesrcset="[^"]+"', head)
    hero = re.search(r'<figure class="story-hero">(.*?)</figure>', body, re.S).group(1)
    assert 'fetchpriority="high"' in hero and 'type="image/avif"' in hero and 'alt=""' in hero
    assert "<figcaption>Warga menimba air dari sumur baru (foto: Budi)</figcaption>" in hero
    assert body.count('fetchpriority="high"') == 1


def test_story_body_images_are_lazy_figures_with_captions(client, story):
    body = client.get(story.url).content.decode().split("</head>", 1)[1]
    figures = re.findall(r'<figure class="story-figure">(.*?)</figure>', body, re.S)
    assert len(figures) == 2
    assert all('loading="lazy"' in f and 'type="image/webp"' in f for f in figures)
    assert re.search(r"<figcaption>Pipa menuju rumah warga <span class=\"small\">Photo: Sri</span>", figures[0]) or \
        "Foto: Sri" in figures[0]  # id catalogue compiled by integrator
    assert 'alt=""' in figures[0]  # the caption says it
    assert 'alt="Bak penampungan air di tengah dusun"' in figures[1] and "<figcaption" not in figures[1]
    voice = re.search(r'<figure class="story-voice">(.*?)</figure>', body, re.S).group(1)
    width, height = re.search(r'<img[^>]*width="(\d+)" height="(\d+)"', voice).groups()
    assert width == height


def test_story_cards_show_the_lead_image(client, story, organisation):
    html = client.get(organisation.url).content.decode()
    stories = section(html, "stories-title")
    cover = pictures(stories, "card-cover")
    assert len(cover) == 1 and 'loading="lazy"' in cover[0] and 'alt=""' in cover[0]


def test_story_lead_caption_is_translated_and_image_kept(story):
    fields = {field.field_name: field for field in get_translatable_fields(StoryPage)}
    assert isinstance(fields["hero_image"], SynchronizedField)
    assert not isinstance(fields["hero_caption"], SynchronizedField)
    source, _created = TranslationSource.get_or_create_from_instance(story)
    assert "Warga menimba air dari sumur baru (foto: Budi)" in set(
        source.stringsegment_set.values_list("string__data", flat=True))


# -- in a browser, on a phone: no accessibility violation -------------------------------------------------

@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_profile_and_story_pass_axe_on_a_phone(browser_page, live_server, profile, story):
    from tests.axe import assert_no_axe_violations

    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    for url in (profile.url, story.url):
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
        # The first photo is drawn, in one of the modern formats, no wider than the screen needs.
        first = page.locator("img[fetchpriority=high]")
        assert first.count() == 1
        assert first.evaluate("img => img.complete && img.naturalWidth > 0")
        assert re.search(r"\.(avif|webp)$", first.evaluate("img => img.currentSrc"))
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        assert_no_axe_violations(page)
    assert page.console_errors == [], page.console_errors
    assert page.outside_requests == [], page.outside_requests
