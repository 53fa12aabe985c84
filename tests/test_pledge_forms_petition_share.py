"""The petition's thank-you page gives something to click: the share buttons, pointing at the
campaign's absolute address (issue 12: "Ajak teman dan keluarga" with nothing to click)."""
import re

import pytest
from django.core import mail

from plugins.petition.tests.helpers import ASK, CONFIRM_LINK, VALID, link, sign_url

pytestmark = pytest.mark.django_db


def test_confirmed_signature_page_has_share_links_to_the_campaign(client, make_campaign,
                                                                  django_capture_on_commit_callbacks):
    campaign = make_campaign(asks=[("petition", ASK)], slug="paralegal-desa")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(sign_url(campaign), VALID).status_code in (200, 302)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(link(CONFIRM_LINK, mail.outbox[-1]))
    body = response.content.decode()
    assert response.status_code == 200
    absolute = f"http://testserver{campaign.url}"
    assert f'data-share-url="{absolute}"' in body
    hrefs = re.findall(r'class="share-link share-(\w+)" href="([^"]+)"', body)
    assert hrefs and hrefs[0][0] == "whatsapp"  # WhatsApp first
    assert all("paralegal-desa" in href for _key, href in hrefs)
    assert "Paralegal" in re.search(r'data-share-text="([^"]*)"', body).group(1)
