"""Every rule of issue 17 is explained to donors, in plain Indonesian and English, on the page where
it applies: monthly giving on the donation form and the campaign page, the sponsor's match on the
campaign page, where the money of a supporter's fundraiser goes (its page, the leaderboard), the
fundraising permit on the campaign page, the 10% cost cap of PP 29/1980 on the transparency page.

Each explanation is named by its msgid. ``/en/`` must show the English sentence; ``/id/`` its
Indonesian translation from the compiled catalogue (and not the English one). The sentences have
placeholders, so the longest fixed part of each is looked for in the page's visible text.
"""
import datetime
import html
import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from wagtail.models import Locale

from gateways.testing import ASK

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")

MONTHLY_FORM = ("Change the amount, pause or stop it any time from the link in every email. No account needed.")
MONTHLY_FORM_DAY = ("Your first gift is paid now; after that the same amount is charged on day %(day)s of each month.")
MONTHLY_CAMPAIGN = "You can give monthly too: choose “Every month” on the donation form, and stop any time."
MATCH_HOW = ("When your donation is confirmed, %(sponsor)s pays the match into this campaign too. It is counted in "
             "the campaign's total and shown in its ledger as the sponsor's money, and it reaches the organisation "
             "like the rest. Matching stops when the sponsor's fund runs out or on its end date. If your gift is "
             "refunded, its match goes back to the fund for other gifts.")
MATCH_HEADLINE = "Every rupiah you give is doubled by %(sponsor)s"
FUNDRAISER_MONEY = ("Your donation goes straight to %(oms)s for “%(campaign)s”, through the site's payment "
                    "providers. %(name)s never touches it. It counts for both: the campaign's total and "
                    "%(name)s's target.")
LEADERBOARD = ("Supporters ask their friends to give through pages of their own, for a birthday, a run or in "
               "memory of someone. Every gift goes straight to the organisation for this campaign and counts "
               "for both.")
PERMIT = ("Indonesian law (UU 9/1961 and PP 29/1980) requires a permit to collect money from the public. "
          "Lokadaya checks it: the network's moderators compare it with the permit document.")
FEE_CAP = ("The management fee is %(percentage)s%% of money raised; by PP 29/1980 the costs of a public "
           "collection may never exceed 10%%.")


def visible(response):
    """The page's text, tags dropped, entities decoded, whitespace collapsed."""
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", body)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def fixed_part(text):
    """The longest part of ``text`` between placeholders, as the page prints it."""
    parts = [" ".join(part.replace("%%", "%").split()) for part in PLACEHOLDER.split(text)]
    return max(parts, key=len).strip(" ,.")


def in_language(msgid, language):
    with translation.override(language):
        return translation.gettext(msgid)


def assert_explained(client, paths, msgid):
    """``paths``: {"id": path, "en": path}. English on /en/, its Indonesian translation on /id/."""
    english = fixed_part(msgid)
    page = visible(client.get(paths["en"]))
    assert english in page, f"{paths['en']}: no “{english}”"
    indonesian = in_language(msgid, "id")
    assert indonesian != msgid, f"not yet translated into Indonesian: “{msgid}”"
    page = visible(client.get(paths["id"]))
    assert fixed_part(indonesian) in page, f"{paths['id']}: no “{fixed_part(indonesian)}”"
    assert english not in page, f"{paths['id']} shows the English “{english}”"


@pytest.fixture
def world(db, organisation, make_campaign):
    """A campaign in both languages with a 1:1 match, an approved fundraiser and a verified permit."""
    from permits.models import FundraisingPermit
    from plugins.donation.fundraisers.models import Fundraiser
    from plugins.donation.matching.models import MatchFund

    campaign = make_campaign(asks=[("donation", dict(ASK, description="", allow_monthly=True))],
                             title="Lampu Jalan Kampung Nelayan", slug="lampu-jalan")
    english = campaign.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "Street Lights for the Fishing Village"
    english.save_revision().publish()
    english.refresh_from_db()
    today = timezone.localdate()
    MatchFund.objects.create(sponsor_name="PT Terang Nusantara", ratio=Decimal("1"), cap=Decimal("500000"),
                             province=organisation.regency.province, starts_on=today - datetime.timedelta(days=1),
                             ends_on=today + datetime.timedelta(days=60), status=MatchFund.Status.ACTIVE)
    ask = campaign.get_asks()[0]
    fundraiser = Fundraiser.objects.create(
        campaign=campaign, ask_id=ask.id, slug="lari-10k-untuk-lampu", title="Lari 10K untuk Lampu Kampung",
        story="Saya berlari 10 kilometer untuk lampu kampung.", target=Decimal("1000000"), owner_name="Dewi Lestari",
        owner_email="dewi@contoh.id", language="id", status=Fundraiser.Status.APPROVED)
    permit = FundraisingPermit(campaign=campaign, number="123/PUB/2026", issuer="Kementerian Sosial RI",
                               scope="national", valid_from=today - datetime.timedelta(days=10),
                               valid_until=today + datetime.timedelta(days=200),
                               status=FundraisingPermit.Status.VERIFIED, verified_at=timezone.now())
    permit.document.save("izin.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    permit.save()

    def both(build):
        return {language: build(language) for language in ("id", "en")}

    def localized(path, language):
        return re.sub(r"^/(id|en)/", f"/{language}/", path)

    return {
        "campaign": {"id": campaign.url, "en": english.url},
        "pledge": {"id": campaign.pledge_url(ask), "en": english.pledge_url(english.get_asks()[0])},
        "fundraiser": both(lambda language: localized(fundraiser.get_absolute_url(), language)),
        "transparency": both(lambda language: f"/{language}/transparansi/kampanye/{campaign.pk}/"),
    }


def test_the_pages_are_in_both_languages(client, world):
    assert world["campaign"]["en"].startswith("/en/") and world["campaign"]["id"].startswith("/id/")
    assert world["fundraiser"]["en"].startswith("/en/")


@pytest.mark.parametrize("where, msgid", [
    ("pledge", MONTHLY_FORM),
    ("pledge", MONTHLY_FORM_DAY),
    ("campaign", MONTHLY_CAMPAIGN),
    ("campaign", MATCH_HEADLINE),
    ("campaign", MATCH_HOW),
    ("campaign", LEADERBOARD),
    ("campaign", PERMIT),
    ("fundraiser", FUNDRAISER_MONEY),
    ("transparency", FEE_CAP),
], ids=["monthly-form", "monthly-form-day", "monthly-campaign", "match-headline", "match-how", "leaderboard",
        "permit", "fundraiser-money", "fee-cap"])
def test_each_rule_is_explained_where_it_applies(client, world, where, msgid):
    assert_explained(client, world[where], msgid)
