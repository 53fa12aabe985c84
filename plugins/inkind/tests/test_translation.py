"""wagtail-localize translates the ask; items keep their keys, pledges in English count on the source."""
import pytest
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from plugins.inkind.items import ask_items
from plugins.inkind.models import InKindPledge

ENGLISH = {"Semen": "Cement", "sak": "sack", "Pasir": "Sand", "Talang PVC": "PVC gutter"}


@pytest.fixture
def english(campaign):
    """The campaign translated to English through wagtail-localize's translation memory."""
    english = Locale.objects.get(language_code="en")
    source, _created = TranslationSource.get_or_create_from_instance(campaign)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        if segment.string.data in ENGLISH:
            StringTranslation.objects.create(translation_of=segment.string, context=segment.context,
                                             locale=english, data=ENGLISH[segment.string.data])
    page, _created = source.create_or_update_translation(english, copy_parent_pages=True, fallback=True)
    for copy in page.get_ancestors(inclusive=True).filter(live=False):  # copied as drafts
        copy.specific.save_revision().publish()
    page.refresh_from_db()
    return page


def test_translated_items_keep_their_keys(campaign, ask, english):
    source_items = ask_items(ask.value)
    (translated_ask,) = english.get_asks()
    translated = ask_items(translated_ask.value)
    assert translated_ask.id == ask.id
    assert [i.key for i in translated] == [i.key for i in source_items]
    assert [i.name for i in translated] == ["Cement", "Sand", "PVC gutter"]
    assert translated[0].unit == "sack" and translated[0].quantity == 20


def test_pledge_on_the_english_page_counts_on_the_source(client, campaign, ask, english, valid_data,
                                                        django_capture_on_commit_callbacks, mailoutbox):
    (translated_ask,) = english.get_asks()
    url = english.pledge_url(translated_ask)
    assert url.startswith("/en/")
    form = client.get(url).content.decode()
    assert "Cement (still needed: 20 sack)" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, valid_data)
    assert response.status_code == 302
    record = InKindPledge.objects.get()
    # The record is the OMS's: on the source page, naming the item in the campaign's own language.
    assert record.campaign_id == campaign.pk and record.ask_id == ask.id
    assert (record.item_name, record.unit, record.language) == ("Semen", "sak", "en")
    assert mailoutbox[0].to == ["budi@contoh.id"] and "thank you for pledging 2 sak Semen" in mailoutbox[0].body
    # Both languages see the same figures.
    assert "18 sack" in client.get(url).content.decode()
    assert "18 sak" in client.get(campaign.pledge_url(ask)).content.decode()
