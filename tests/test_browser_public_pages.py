"""Every public page type, on a phone (390x844), in Indonesian and in English: axe-core finds no
violation, and no table is wider than the screen.

One page of each type (home, campaigns, a campaign, the pledge form of every installed support
type, OMS index and profile, stories, regions, networks, search results, transparency pages, 404)
from the demo content (``seed_demo --records 2``). A table may be wider than the screen only
inside a frame that scrolls sideways (``overflow-x: auto``), and the page itself never scrolls
sideways. Failures are collected over every page, then reported together.
"""
import io

import pytest
from django.core.management import call_command

from tests.axe import axe_violations, format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

#: Tables wider than the screen outside a scrolling frame, and a page wider than the screen.
OVERFLOW_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > width) {
    problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth}px > ${width}px)`);
  }
  for (const table of document.querySelectorAll('table')) {
    const box = table.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 0.5) continue;
    let frame = table.parentElement, scrolls = false;
    while (frame && frame !== document.body) {
      const overflow = getComputedStyle(frame).overflowX;
      if ((overflow === 'auto' || overflow === 'scroll') && frame.getBoundingClientRect().right <= width + 0.5) {
        scrolls = true;
        break;
      }
      frame = frame.parentElement;
    }
    if (!scrolls) {
      const caption = table.querySelector('caption');
      problems.push(`table "${(caption && caption.textContent.trim()) || table.className}" is ${Math.round(box.right)}px wide`);
    }
  }
  return problems;
}"""


@pytest.fixture
def demo(transactional_db):
    """The demo content, in both languages (what ``make run`` shows)."""
    call_command("seed_demo", "--records", "2", "--no-admin", stdout=io.StringIO())


def _page_urls(language):
    """``[(label, path)]``: one page of each public type in ``language`` (pledge forms come later)."""
    from django.urls import reverse
    from django.utils import translation
    from wagtail.models import Locale

    from campaigns.models import CampaignIndexPage, CampaignPage
    from partners.models import OrganisationIndexPage, OrganisationPage
    from stories.models import StoryIndexPage, StoryPage

    locale = Locale.objects.get(language_code=language)

    def first(model, **filters):
        page = model.objects.live().public().filter(locale=locale, **filters).order_by("path").first()
        assert page is not None, f"the demo has no {model.__name__} in {language}"
        return page

    campaign = first(CampaignPage)
    organisation = first(OrganisationPage, is_verified=True)
    story = first(StoryPage)
    regency = organisation.regency
    with translation.override(language):
        urls = [
            ("home", f"/{language}/"),
            ("campaign index", first(CampaignIndexPage).url),
            ("campaign page", campaign.url),
            ("OMS index", first(OrganisationIndexPage).url),
            ("OMS profile", organisation.url),
            ("story index", first(StoryIndexPage).url),
            ("story page", story.url),
            ("region index", reverse("regions:index")),
            ("province page", regency.province.get_absolute_url()),
            ("regency page", regency.get_absolute_url()),
            ("network index", reverse("network:index")),
            ("network page", reverse("network:detail", kwargs={"slug": regency.province.slug})),
            ("search results", reverse("search") + "?q=air"),
            ("campaign transparency", reverse("finance:campaign", kwargs={"pk": campaign.pk})),
            ("OMS transparency", reverse("finance:organisation", kwargs={"pk": organisation.pk})),
            ("province fee share", reverse("finance:province", kwargs={"slug": regency.province.slug})),
        ]
    return urls


def _pledge_form_urls(language):
    """``[(label, path)]``: one pledge form of each installed support type, from the live campaigns."""
    from wagtail.models import Locale

    from campaigns.models import CampaignPage
    from campaigns.plugins import registry

    wanted = {support_type.key for support_type in registry.support_types()}
    found = {}
    locale = Locale.objects.get(language_code=language)
    for campaign in CampaignPage.objects.live().public().filter(locale=locale).order_by("path"):
        for ask in campaign.asks:
            if ask.block_type in wanted and ask.block_type not in found:
                found[ask.block_type] = campaign.pledge_url(ask)
    assert set(found) == wanted, f"no demo campaign in {language} asks for {sorted(wanted - set(found))}"
    return [(f"pledge form: {key}", url) for key, url in sorted(found.items())]


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_public_page_type_on_a_phone(browser, live_server, settings, demo, language):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    context = browser.new_context(viewport=PHONE, locale="id-ID" if language == "id" else "en-GB")
    page = context.new_page()
    problems = []
    try:
        pages = _page_urls(language) + _pledge_form_urls(language) + [("404", f"/{language}/tidak-ada-di-sini/")]
        for label, path in pages:
            response = page.goto(live_server.url + path)
            expected = 404 if label == "404" else 200
            if response.status != expected:
                problems.append(f"{label} {path}: HTTP {response.status}, not {expected}")
                continue
            if not page.url.startswith(f"{live_server.url}/{language}/"):
                problems.append(f"{label} {path}: ended on {page.url}, outside /{language}/")
            violations = axe_violations(page)
            if violations:
                problems.append(f"{label} {path}: axe-core:\n{format_violations(violations)}")
            for overflow in page.evaluate(OVERFLOW_SCRIPT):
                problems.append(f"{label} {path}: {overflow}")
        # The figures table of a province with activity shows money on a phone, as a stacked card.
        province_path = dict(pages)["province page"]
        page.goto(live_server.url + province_path)
        cell = page.locator("table.figures-stack tbody td[data-label]").first
        assert cell.is_visible()
        assert page.locator("table.figures-stack thead").bounding_box()["width"] <= 1
    finally:
        context.close()
    assert not problems, f"{len(problems)} problem(s) on /{language}/:\n" + "\n".join(problems)
