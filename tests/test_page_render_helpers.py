"""The small pieces a campaign page prints by the dozen, made cheap: same words, fewer steps."""
import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from campaigns.giving import AskCard
from campaigns.templatetags.campaign_tags import ago, ago_time
from campaigns.types import Progress, Supporter
from plugins.volunteering.shifts import describe_when


@pytest.mark.parametrize("delta, english, indonesian", [
    (datetime.timedelta(seconds=30), "just now", None),
    (datetime.timedelta(minutes=2, seconds=50), "2\xa0minutes ago", "2\xa0menit"),
    (datetime.timedelta(hours=5, minutes=59), "5\xa0hours ago", "5\xa0jam"),
    (datetime.timedelta(days=3, hours=23), "3\xa0days ago", "3\xa0hari"),
    (datetime.timedelta(days=15), "2\xa0weeks ago", "2\xa0minggu"),
    (datetime.timedelta(days=75), "2\xa0months ago", "2\xa0bulan"),
    (datetime.timedelta(days=800), "2\xa0years ago", "2\xa0tahun"),
])
def test_ago_says_the_largest_whole_unit_as_the_visitors_script_does(delta, english, indonesian):
    when = timezone.now() - delta
    with translation.override("en"):
        assert ago(when) == english
    if indonesian:
        with translation.override("id"):
            assert ago(when).startswith(indonesian)


def test_ago_time_is_one_escaped_element_with_the_moment():
    when = timezone.now() - datetime.timedelta(minutes=3)
    with translation.override("en"):
        html = ago_time(when, css_class='small"><script>')
    assert html == (f'<time class="small&quot;&gt;&lt;script&gt;" datetime="{when.isoformat()}" data-ago>'
                    "3\xa0minutes ago</time>")
    assert datetime.datetime.fromisoformat(html.split('datetime="')[1].split('"')[0]) == when
    assert ago_time(None) == ""


def test_progress_says_its_figures_in_the_visitors_language():
    money = Progress(current=Decimal("1500000"), target=Decimal("5000000"), is_money=True)
    goods = Progress(current=Decimal("3"), target=Decimal("1250"), unit="sak")
    with translation.override("id"):
        assert money.figures == "Rp 1.500.000 / Rp 5.000.000"
        assert goods.figures == "3 / 1.250 sak"
        assert goods.of_target == "0% dari target"
    with translation.override("en"):
        assert money.figures == "Rp 1,500,000 / Rp 5,000,000"
        assert money.of_target == "30% of target"


def test_template_values_answer_lookups_by_name_and_still_miss_what_they_lack():
    progress = Progress(current=Decimal("3"), target=Decimal("10"), unit="relawan")
    card = AskCard(ask=None, support_type=None, progress=progress, url="/dukung/", action_label="Daftar")
    supporter = Supporter(name="Budi & Sari", type_key="donation", created_at=timezone.now())
    template = Template("{{ card.progress.figures }}|{{ card.url }}|{{ card.nothing }}|{{ s.name }}|{{ s.missing.deeper }}")
    with translation.override("id"):
        assert template.render(Context({"card": card, "s": supporter})) == "3 / 10 relawan|/dukung/||Budi &amp; Sari|"
    assert card["url"] == "/dukung/"
    with pytest.raises(AttributeError):
        card["nothing"]
    with pytest.raises(TypeError):
        card[0]
    # Still compared by their fields.
    assert progress == Progress(current=Decimal("3"), target=Decimal("10"), unit="relawan")


def test_a_shifts_time_is_said_in_each_language_though_it_is_remembered():
    date, start, end = datetime.date(2025, 7, 12), datetime.time(8), datetime.time(12)
    with translation.override("id"):
        indonesian = describe_when(date, start, end)
    with translation.override("en"):
        english = describe_when(date, start, end)
    with translation.override("id"):
        assert describe_when(date, start, end) == indonesian
    assert indonesian.startswith("Sabtu, 12 Juli 2025") and english.startswith("Saturday, 12 July 2025")
    assert describe_when(None, start, end) == ""
