"""Fixtures and helpers for the tests of OMS registration, verification and permissions.

Use with ``from partners.testing import *`` in a test module.
"""
import pytest
from django.contrib.auth import get_user_model

__all__ = ["registration_data", "register_via_form", "confirm_link", "make_moderator", "make_verified_oms",
           "make_pending_oms", "PASSWORD"]

PASSWORD = "Kop1-Tubruk-Manis"


def registration_data(**overrides):
    """A valid POST of "Daftar sebagai Mitra"."""
    data = {
        "name": "Yayasan Lentera Pesisir", "legal_name": "Yayasan Lentera Pesisir Kendari", "form": "yayasan",
        "legal_registration_number": "AHU-0012345.AH.01.04.Tahun 2019", "founded_year": "2017",
        "regency": "74.71", "districts": "Mandonga, Poasia", "sdgs": ["14", "4"],
        "issues": "nelayan, pendidikan anak pesisir",
        "summary": "Sekolah pesisir dan koperasi nelayan kecil di Teluk Kendari.",
        "about": "Kami mendampingi keluarga nelayan di Teluk Kendari sejak 2017.\n\nAnak-anak belajar di sekolah pesisir.",
        "email": "halo@lenterapesisir.or.id", "whatsapp": "0812 3456 7890", "website": "https://lenterapesisir.or.id",
        "full_name": "Wa Ode Sitti Rahma", "account_email": "rahma@lenterapesisir.or.id",
        "password1": PASSWORD, "password2": PASSWORD, "agree": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def register_via_form(client, **overrides):
    return client.post("/id/daftar-mitra/", registration_data(**overrides))


def confirm_link(message):
    """The path of the confirmation link in a confirmation email."""
    import re

    match = re.search(r"http://testserver(/id/daftar-mitra/konfirmasi/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def make_moderator(db):
    """``make_moderator("33", username=...)``: a user moderating the network of province code ``33``."""
    from network.models import ProvincialNetwork

    def make(province_code, username=None):
        user = get_user_model().objects.create_user(
            username or f"moderator-{province_code}", email=f"{username or 'moderator-' + province_code}@jejaring.id",
            password=PASSWORD, first_name="Moderator")
        ProvincialNetwork.objects.get(province__code=province_code).moderators.add(user)
        return user

    return make


@pytest.fixture
def make_verified_oms(make_organisation):
    """``make_verified_oms(slug, regency_code)``: a published OMS verified through the real code path,
    with ``.editor`` (a user in its editor group) and ``.access``."""
    from partners.verification import mark_verified

    def make(slug, regency_code="33.74", editor_username=None, **fields):
        page = make_organisation(slug=slug, regency_code=regency_code, **fields)
        page, access = mark_verified(page)
        editor = get_user_model().objects.create_user(editor_username or f"editor-{slug}", password=PASSWORD,
                                                      email=f"editor@{slug}.id")
        editor.groups.add(access.group)
        page.editor, page.access = editor, access
        return page

    return make


@pytest.fixture
def make_pending_oms(partner_index, django_capture_on_commit_callbacks):
    """``make_pending_oms(name=..., regency="33.74", account_email=...)``: registered and email-confirmed."""
    from django.core import mail
    from django.test import Client

    from partners.models import OrganisationPage

    def make(**overrides):
        outside = Client()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = register_via_form(outside, **overrides)
        assert response.status_code == 302, response.content.decode()[:3000]
        with django_capture_on_commit_callbacks(execute=True):
            assert outside.post(confirm_link(mail.outbox[-1])).status_code == 302
        email = registration_data(**overrides)["account_email"]
        return OrganisationPage.objects.get(owner__email=email)

    return make
