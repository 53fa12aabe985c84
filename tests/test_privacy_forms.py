"""Every public form that collects personal data carries the privacy statement (UU PDP): what the
data is for, who sees it, the privacy notice's version.

The pages come from the site's URL resolver, as the every-URL test walks it (``test_every_url``:
every pattern filled with the tenants' world), plus every live page, every installed type's
pledge form on a live campaign, an open event's registration and a public forum post's report
form. Each is fetched as an anonymous visitor; every page whose HTML has an input or textarea for
an email, phone, name or address must carry ``data-privacy-notice="<current version>"``.
"""
import html

import pytest
from django.test import Client
from django.utils import translation
from test_every_url import requests_for
from wagtail.models import Page

from campaigns.plugins import registry
from events.testing import event_index, make_event  # noqa: F401 (fixtures)
from forums.testing import make_space  # noqa: F401 (fixture)
from privacy.consent import notices
from privacy.consent.testing import every_type_campaign, personal_inputs  # noqa: F401 (fixture)
from privacy.templatetags.privacy import purpose_text, who_text
from tenancy.testing import w, world  # noqa: F401 (fixtures: the tenants' world)

pytestmark = pytest.mark.django_db

#: Where nothing public lives (the admin's own screens, files, machine endpoints).
NOT_PUBLIC = ("/admin/", "/django-admin/", "/documents/", "/api/", "/payments/", "/lti/", "/embed/", "/oembed/",
              "/kampanye/", "/sitemap.xml", "/robots.txt")


def _public_post(w, make_space):
    from django.utils import timezone

    from forums.models import Post, Thread

    space = make_space(is_public=True)
    thread = Thread.objects.create(space=space, title="Diskusi Terbuka Nasional", author=w.editor_a,
                                   organisation=w.a, last_post_at=timezone.now(), post_count=1)
    return Post.objects.create(thread=thread, author=w.editor_a, organisation=w.a, body="Pos terbuka",
                               body_html="<p>Pos terbuka</p>")


def _invitation_url(w):
    """A learner's invitation from OMS A: the page where they create their account."""
    from django.urls import reverse

    from learning.invitations import invite, token_for

    invitation = invite(w.a, email="calon.pelajar@contoh.id", name="Calon Pelajar", invited_by=w.editor_a)
    return reverse("learning:accept_invitation", kwargs={"token": token_for(invitation)})


def public_urls(w, campaign, event, post, extra=()):
    urls = set(extra)
    for _view_name, url, method, _takes_ids in requests_for(w):
        if method == "GET" and not url.startswith(NOT_PUBLIC):
            urls.add(url)
    for page in Page.objects.live().public().specific():
        url = page.get_url()
        if url:
            urls.add(url)
    for ask in campaign.get_asks():
        urls.add(campaign.pledge_url(ask))
    money = next(ask for ask in campaign.get_asks() if ask.type_key == "donation")
    urls.add(f"/id/dukung/donation/penggalangan/mulai/{campaign.pk}/{money.id}/")
    urls.add(f"/id/acara-pelatihan/daftar/{event.pk}/")
    urls.add(f"/id/forum/pos/{post.pk}/laporkan/")
    urls.add(f"/id/laporkan/{campaign.pk}/")
    urls.add(f"/id/transfer/{w.transfer_b.payment.token}/")  # a donor's proof of transfer (sender's name)
    return sorted(urls)


def test_every_public_form_with_personal_data_carries_the_statement(w, every_type_campaign, make_event,
                                                                     make_space):
    campaign = every_type_campaign
    event = make_event(slug="webinar-privasi", title="Webinar Data Pribadi")
    post = _public_post(w, make_space)
    invitation = _invitation_url(w)
    version = notices.current_version()
    checked, missing, errors = {}, [], []
    for url in public_urls(w, campaign, event, post, extra=[invitation]):
        client = Client(raise_request_exception=False)
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{url}: {response.status_code}")
            continue
        if response.status_code != 200 or getattr(response, "streaming", False) or \
                not response.get("Content-Type", "").startswith("text/html"):
            continue
        body = response.content.decode()
        fields = personal_inputs(body)
        if not fields:
            continue
        checked[url] = sorted({f.name or f.type for f in fields})
        if f'data-privacy-notice="{version}"' not in body:
            missing.append(f"{url} (fields: {', '.join(checked[url])})")
    assert not errors, errors
    # The walk reached the forms it must: each installed type's pledge form and the core forms.
    must = [campaign.pledge_url(ask) for ask in campaign.get_asks()] + [
        f"/id/acara-pelatihan/daftar/{event.pk}/", f"/id/forum/pos/{post.pk}/laporkan/", f"/id/laporkan/{campaign.pk}/",
        "/id/akun/masuk/", "/id/daftar-mitra/", "/id/daftar-mitra/masuk/",
        f"/id/dukung/donation/penggalangan/mulai/{campaign.pk}/", f"/id/transfer/{w.transfer_b.payment.token}/",
        invitation]
    for url in must:
        assert any(found.startswith(url) for found in checked), (url, sorted(checked))
    assert len(checked) >= len(must)
    assert not missing, f"{len(missing)} of {len(checked)} forms with personal data lack the privacy statement:\n" + \
        "\n".join(missing)


def statement_of(body):
    start = body.index('class="privacy-statement')
    return html.unescape(body[start:body.index("</div>", start)])


def test_the_statement_says_what_for_and_names_the_oms(client, every_type_campaign, make_organisation, make_campaign,
                                                       make_event):
    campaign = every_type_campaign
    other_oms = make_organisation(slug="oms-lain", title="Yayasan Sumur Warga")
    other = make_campaign(asks=[("petition", dict(next(a for a in campaign.get_asks()
                                                      if a.type_key == "petition").value))],
                          parent=other_oms, title="Petisi Sumur", slug="petisi-sumur")
    event = make_event(slug="webinar-privasi", title="Webinar Data Pribadi")
    with translation.override("id"):
        pledge_text, event_text, report_text = purpose_text("pledge"), purpose_text("event"), purpose_text("report")
        first_who, other_who = who_text(campaign.get_parent().specific), who_text(other_oms)
        platform_who = who_text(None)
    first = statement_of(client.get(campaign.pledge_url(campaign.get_asks()[0])).content.decode())
    assert pledge_text in first and campaign.get_parent().title in first and first_who in first
    assert 'data-privacy-purpose="pledge"' in first
    second = statement_of(client.get(other.pledge_url(other.get_asks()[0])).content.decode())
    assert other_who in second and "Yayasan Sumur Warga" in second and campaign.get_parent().title not in second
    registration = statement_of(client.get(f"/id/acara-pelatihan/daftar/{event.pk}/").content.decode())
    assert event_text in registration and pledge_text not in registration and platform_who in registration
    report = statement_of(client.get(f"/id/laporkan/{campaign.pk}/").content.decode())
    assert report_text in report and event_text not in report
    assert len({pledge_text, event_text, report_text}) == 3
    # The link to the notice names its version, in the visitor's language.
    with translation.override("id"):
        link = translation.gettext("Privacy Notice version %(version)s") % {"version": notices.current_version()}
    assert link in first and 'href="/id/privasi/"' in first
    english = statement_of(client.get("/en/akun/masuk/").content.decode())
    with translation.override("en"):
        assert purpose_text("sign_in") in english and 'href="/en/privasi/"' in english
        assert translation.gettext("Privacy Notice version %(version)s") % {
            "version": notices.current_version()} in english


def test_every_installed_type_has_a_pledge_form_checked(every_type_campaign):
    assert {ask.type_key for ask in every_type_campaign.get_asks()} == {t.key for t in registry.installed_types()}
