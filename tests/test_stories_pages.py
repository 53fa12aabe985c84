"""Stories of change on the public site: the story page, the story index and its filters, the campaign's
"kabar terbaru" and the OMS's profile; and what an OMS editor may link a story to."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.rich_text import RichText

from editorial.testing import (  # noqa: F401 - fixtures
    PASSWORD, STORY_STREAMS, admin_form_data, make_image, make_story, make_user, story_index,
)
from regions.models import Regency
from sdgs.models import SDG
from stories.models import StoryPage

pytestmark = pytest.mark.django_db

VIDEO = "https://www.youtube.com/watch?v=lokadaya01"


@pytest.fixture
def video_embed(db):
    """The video's embed, already fetched: rendering a story never calls YouTube."""
    return Embed.objects.create(url=VIDEO, max_width=960, hash=get_embed_hash(VIDEO, 960), type="video",
                                width=960, height=540,
                                html='<iframe title="Video" src="/static/empty.html"></iframe>',
                                title="Video sumur")


def full_story(make_story, make_image, **fields):
    photo, portrait = make_image("Sumur baru"), make_image("Bu Sri", size=(400, 400))
    return make_story(
        "Air Bersih untuk Dusun Kali", author="Tim Komunikasi", date=datetime.date(2026, 11, 2),
        problem="<p>Warga berjalan dua kilometer untuk air.</p>",
        what_was_done="<p>Kami mengebor sumur bersama warga.</p>",
        change="<p>Kini air mengalir ke setiap rumah.</p>",
        evidence=[("indicator", {"label": "Rumah dengan air bersih", "before": Decimal("12"),
                                 "after": Decimal("1480.5"), "unit": "rumah", "source": "Data desa 2024-2026"})],
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
        **fields,
    )


def test_story_page_shows_every_part(client, make_story, make_image, video_embed, organisation):
    story = full_story(make_story, make_image)
    html = client.get(story.url).content.decode()
    for text in ("Air Bersih untuk Dusun Kali", "Tim Komunikasi", "2 November 2026",
                 "Warga berjalan dua kilometer untuk air.", "Kami mengebor sumur bersama warga.",
                 "Kini air mengalir ke setiap rumah.", "Rumah dengan air bersih", "Data desa 2024-2026",
                 "Anak saya tidak lagi telat sekolah.", "Bu Sri", "ibu tiga anak",
                 "Musim kemarau tahun lalu paling berat.", "Sumur baru di tengah dusun", "Budi",
                 'alt="Warga menimba air dari sumur"', "Air adalah hidup.", "Pak Kades",
                 '<iframe title="Video"', "2 km", "jarak yang tak perlu ditempuh lagi", organisation.title):
        assert text in html, text
    # Figures the Indonesian way, each with its unit.
    assert "12 rumah" in html and "1.480,50 rumah" in html
    assert story.reading_minutes == 1
    assert "1 menit baca" in html or "1 minute read" in html


def test_reading_time_grows_with_the_words(make_story):
    words = " ".join(["kata"] * 990)
    story = make_story("Panjang", problem=f"<p>{words}</p>", body=[("paragraph", RichText(f"<p>{words}</p>"))])
    assert story.reading_minutes == 10  # 1984 words at 200 a minute


def test_a_story_under_an_oms_is_its_own(make_story, organisation):
    story = make_story("Di bawah OMS")
    assert story.organisation_id == organisation.pk
    assert story.regency_id == organisation.regency_id


def test_story_index_filters_by_province_sdg_and_organisation(client, story_index, make_story, make_organisation):
    other = make_organisation(slug="oms-aceh", regency_code="11.01")
    water, energy = SDG.objects.get(number=6), SDG.objects.get(number=7)
    make_story("Cerita Semarang", sdgs=[water])
    make_story("Cerita Aceh", parent=other, sdgs=[energy])
    make_story("Cerita Nasional tentang Aceh", parent=story_index, organisation=other,
               regency=Regency.objects.get(code="11.01"), sdgs=[water])
    make_story("Draf Aceh", parent=other, live=False)

    def titles(**params):
        response = client.get(story_index.url, params)
        assert response.status_code == 200
        return {story.title for story in response.context["stories"]}

    assert titles() == {"Cerita Semarang", "Cerita Aceh", "Cerita Nasional tentang Aceh"}
    assert titles(provinsi="aceh") == {"Cerita Aceh", "Cerita Nasional tentang Aceh"}
    assert titles(sdg="6") == {"Cerita Semarang", "Cerita Nasional tentang Aceh"}
    assert titles(oms="oms-aceh") == {"Cerita Aceh", "Cerita Nasional tentang Aceh"}
    assert titles(oms="oms-aceh", sdg="7") == {"Cerita Aceh"}
    # An unknown value is reported, never a server error, and the other filters still apply.
    response = client.get(story_index.url, {"provinsi": "atlantis", "sdg": "7"})
    assert response.status_code == 200
    assert {story.title for story in response.context["stories"]} == {"Cerita Aceh"}
    assert response.context["filter_form"].errors["provinsi"]
    assert client.get(story_index.url, {"sdg": "99", "page": "x"}).status_code == 200


def test_story_index_pages(client, story_index, make_story):
    for n in range(14):
        make_story(f"Cerita {n:02d}", parent=story_index, date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    first = client.get(story_index.url)
    assert [s.title for s in first.context["stories"]][:2] == ["Cerita 13", "Cerita 12"]
    assert len(first.context["stories"]) == 12
    second = client.get(story_index.url, {"page": 2})
    assert [s.title for s in second.context["stories"]] == ["Cerita 01", "Cerita 00"]


def test_campaign_page_shows_its_stories_as_latest_news(client, make_campaign, make_story):
    campaign = make_campaign(title="Sumur untuk Dusun Kali")
    other = make_campaign(title="Kampanye Lain")
    make_story("Kabar Pertama", campaigns=[campaign], date=datetime.date(2026, 10, 1))
    make_story("Kabar Kedua", campaigns=[campaign], date=datetime.date(2026, 11, 1))
    make_story("Kabar Draf", campaigns=[campaign], live=False)
    make_story("Kabar Kampanye Lain", campaigns=[other])
    html = client.get(campaign.url).content.decode()
    assert 'id="updates-title"' in html
    assert html.index("Kabar Kedua") < html.index("Kabar Pertama")
    assert "Kabar Draf" not in html and "Kabar Kampanye Lain" not in html
    assert 'id="updates-title"' not in client.get(make_campaign(title="Tanpa Kabar").url).content.decode()


def test_profile_shows_its_stories_including_national_ones(client, organisation, story_index, make_story):
    make_story("Cerita dari OMS")
    make_story("Cerita Nasional tentang OMS", parent=story_index, organisation=organisation)
    make_story("Cerita Nasional Lain", parent=story_index)
    html = client.get(organisation.url).content.decode()
    assert "Cerita dari OMS" in html and "Cerita Nasional tentang OMS" in html
    assert "Cerita Nasional Lain" not in html
    assert reverse("editorial:organisation_feed_rss", args=[organisation.slug]) in html


def test_oms_editor_links_only_their_own_campaigns(client, organisation, make_editor, make_campaign,
                                                   make_organisation):
    own = make_campaign(title="Kampanye Sendiri")
    other_oms = make_organisation(slug="oms-lain", regency_code="11.01")
    foreign = make_campaign(title="Kampanye OMS Lain", parent=other_oms)
    foreign_draft = make_campaign(title="Draf OMS Lain", parent=other_oms, live=False)
    editor = make_editor(organisation)
    client.login(username=editor.username, password="rahasia-123")
    add = reverse("wagtailadmin_pages:add", args=["stories", "storypage", organisation.pk])
    form = client.get(add).content.decode()
    assert "Kampanye Sendiri" in form
    assert "Kampanye OMS Lain" not in form and "Draf OMS Lain" not in form
    # Posting another OMS's campaign anyway is refused, and nothing is created.
    for campaign in (foreign, foreign_draft):
        data = admin_form_data(client, add, streams=STORY_STREAMS, title="Cerita", slug=f"cerita-{campaign.pk}",
                               campaigns=[campaign.pk], organisation=other_oms.pk)
        data["action-save"] = "1"
        response = client.post(add, data)
        assert response.status_code == 200
        assert not StoryPage.objects.filter(slug=f"cerita-{campaign.pk}").exists()
    data = admin_form_data(client, add, streams=STORY_STREAMS, title="Cerita", slug="cerita-sah",
                           campaigns=[own.pk], organisation=other_oms.pk)
    data["action-save"] = "1"
    client.post(add, data)
    story = StoryPage.objects.get(slug="cerita-sah")
    # The organisation is not theirs to choose: a story under their profile is theirs.
    assert story.organisation_id == organisation.pk
    assert list(story.get_latest_revision().as_object().campaigns.all()) == [own]
