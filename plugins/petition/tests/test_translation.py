"""wagtail-localize translates the petition ask; English signers count on the source campaign."""
import pytest
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from plugins.petition.models import Signature

from .helpers import ASK, CONFIRM_LINK, VALID, WITHDRAW_LINK, link

pytestmark = pytest.mark.django_db

ENGLISH = {
    ASK["title"]: "A paralegal in every village",
    ASK["decision_maker"]: "The Regent of West Sumba",
    ASK["demand"]: "Issue a regent's regulation on village paralegals.",
    ASK["description"]: "A petition for village legal aid.",
}


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[("petition", ASK)])


@pytest.fixture
def english(campaign):
    """The campaign translated to English through wagtail-localize's translation memory."""
    locale = Locale.objects.get(language_code="en")
    source, _created = TranslationSource.get_or_create_from_instance(campaign)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    assert {s.string.data for s in segments} >= set(ENGLISH)  # every text field of the ask is translatable
    for segment in segments:
        if segment.string.data in ENGLISH:
            StringTranslation.objects.create(translation_of=segment.string, context=segment.context,
                                             locale=locale, data=ENGLISH[segment.string.data])
    page, _created = source.create_or_update_translation(locale, copy_parent_pages=True, fallback=True)
    for copy in page.get_ancestors(inclusive=True).filter(live=False):  # copied as drafts
        copy.specific.save_revision().publish()
    page.refresh_from_db()
    return page


def test_the_translated_ask_keeps_its_id_and_goal(campaign, english):
    (ask,) = campaign.get_asks()
    (translated,) = english.get_asks()
    assert translated.id == ask.id
    assert translated.value["decision_maker"] == "The Regent of West Sumba"
    assert translated.value["demand"] == "Issue a regent's regulation on village paralegals."
    assert translated.value["goal"] == ASK["goal"]


def test_signing_in_english(client, campaign, english, django_capture_on_commit_callbacks, mailoutbox):
    (translated,) = english.get_asks()
    url = english.pledge_url(translated)
    assert url.startswith("/en/")
    form = client.get(url).content.decode()
    assert "The Regent of West Sumba" in form and "Sign the petition" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, VALID)
    assert response.status_code == 200 and "One more step: check your email" in response.content.decode()
    signature = Signature.objects.get()
    assert signature.campaign_id == campaign.pk and signature.language == "en"

    message = mailoutbox[0]
    assert message.subject == "Confirm your signature: A paralegal in every village"
    assert "to The Regent of West Sumba on Lokadaya" in message.body
    confirm_path = link(CONFIRM_LINK, message)
    assert confirm_path.startswith("/en/")
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(confirm_path).content.decode()
    assert "Thank you! Your signature counts" in page and english.url in page
    thanks = [m for m in mailoutbox if m.to == ["yohanes.lake@contoh.id"]][-1]
    assert thanks.subject == "Thank you for signing: A paralegal in every village"
    assert link(WITHDRAW_LINK, thanks).startswith("/en/") and english.url in thanks.body

    # Both languages count the same signature.
    assert "1 / 4 signatures" in client.get(english.url).content.decode()
    assert "1 / 4 tanda tangan" in client.get(campaign.url).content.decode()
