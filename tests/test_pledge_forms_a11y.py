"""Every plugin's pledge form after a failed submit: help and error texts are linked to their fields
(aria-describedby names ids that exist, invalid fields carry aria-invalid), and an error summary
(role="alert", focusable) at the top of the form links to each field in error (issue 12)."""
import datetime
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from editorial.testing import every_type_asks

pytestmark = pytest.mark.django_db

BUILTIN = ("donation", "inkind", "volunteering", "partnership", "petition")
FORMS = list(BUILTIN)


class _Elements(HTMLParser):
    """Every element's tag and attributes, and the hrefs inside the error summary."""

    def __init__(self):
        super().__init__()
        self.elements, self.summary, self.summary_links, self._depth = [], None, [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if "data-error-summary" in attrs and self.summary is None:
            self.summary, self._depth = attrs, 1
        elif self._depth and tag not in ("input", "br", "img"):
            self._depth += 1
        if self._depth and tag == "a":
            self.summary_links.append(attrs.get("href", ""))

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1

    @property
    def ids(self):
        return {attrs["id"] for _tag, attrs in self.elements if attrs.get("id")}


def parse(html):
    parser = _Elements()
    parser.feed(html)
    return parser


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=every_type_asks(), title="Bank Sampah RW 07", slug="bank-sampah-rw-07",
                         end_date=timezone.localdate() + datetime.timedelta(days=30))


def ask_url(campaign, key):
    ask = next(a for a in campaign.get_asks() if a.type_key == key)
    return campaign.pledge_url(ask)


def check_links(html):
    """The aria links of a page: every aria-describedby id exists; returns the parsed page."""
    page = parse(html)
    ids = page.ids
    for tag, attrs in page.elements:
        for target in (attrs.get("aria-describedby") or "").split():
            assert target in ids, f"<{tag} name={attrs.get('name')}> aria-describedby={target!r} names no element"
        for target in (attrs.get("aria-labelledby") or "").split():
            assert target in ids, f"<{tag}> aria-labelledby={target!r} names no element"
    return page


@pytest.mark.parametrize("key", FORMS)
def test_the_form_before_a_submit_links_its_help_texts(client, campaign, key):
    response = client.get(ask_url(campaign, key))
    assert response.status_code == 200
    page = check_links(response.content.decode())
    assert page.summary is None  # no summary before anything was sent
    described = [attrs for _tag, attrs in page.elements if (attrs.get("aria-describedby") or "").endswith("_helptext")]
    assert described, "at least one field has a help text linked to it"


@pytest.mark.parametrize("key", FORMS)
def test_after_a_failed_submit_errors_are_linked_and_summarised(client, campaign, key):
    response = client.post(ask_url(campaign, key), {"email": "bukan-email"})
    assert response.status_code == 400
    html = response.content.decode()
    page = check_links(html)
    # The summary: announced, focusable, at the top of the form, one link per field in error.
    assert page.summary is not None, "no error summary"
    assert page.summary.get("role") == "alert" and page.summary.get("tabindex") == "-1"
    assert html.index("data-error-summary") < html.index('class="field')
    invalid = [attrs for _tag, attrs in page.elements if attrs.get("aria-invalid") == "true"]
    assert invalid, "no field is marked aria-invalid"
    group_errors = {target for tag, attrs in page.elements if tag == "fieldset"
                    for target in (attrs.get("aria-describedby") or "").split()}
    for attrs in invalid:
        errors = [t for t in attrs.get("aria-describedby", "").split() if t.endswith("_error")]
        if attrs.get("type") in ("radio", "checkbox") and not errors:
            # A group's inputs: their fieldset carries the error.
            errors = [t for t in group_errors if t == f"id_{attrs.get('name')}_error"]
        assert errors, f"{attrs.get('name')} is invalid but its error is not linked"
    assert page.summary_links, "the summary links to no field"
    for href in page.summary_links:
        assert href.startswith("#") and href[1:] in page.ids, f"summary link {href} goes nowhere"
    # The email field's own error is one of them, linked both ways.
    email = next(attrs for tag, attrs in page.elements if attrs.get("name") == "email" and tag == "input")
    assert email.get("aria-invalid") == "true"
    assert f"#{email['id']}" in page.summary_links
    # Each error is said once, in the summary: the field's own list is not a second alert.
    assert html.count('role="alert"') == 1


def test_goods_radio_group_carries_its_error(client, campaign):
    response = client.post(ask_url(campaign, "inkind"), {"delivery": "teleport"})
    page = check_links(response.content.decode())
    fieldsets = [attrs for tag, attrs in page.elements if tag == "fieldset" and attrs.get("aria-describedby")]
    assert any("id_delivery_error" in attrs["aria-describedby"].split() for attrs in fieldsets)
    assert "#id_delivery_0" in page.summary_links
