"""Shared bits of the petition tests."""
import re

from django.utils import translation

ASK = {
    "title": "Paralegal di setiap desa",
    "description": "Petisi untuk bantuan hukum desa.",
    "decision_maker": "Bupati Sumba Barat",
    "demand": "Terbitkan peraturan bupati tentang paralegal desa.",
    "goal": 4,
}

VALID = {
    "name": "Yohanes Lake",
    "email": "Yohanes.Lake@Contoh.ID",
    "regency": "53.12",  # Kabupaten Sumba Barat, Nusa Tenggara Timur
    "comment": "Demi warga desa yang kehilangan tanah.",
    "show_name": "on",
    "wants_updates": "on",
}

CONFIRM_LINK = re.compile(r"http://testserver(/(?:id|en)/dukung/petition/konfirmasi/[^/\s]+/)")
WITHDRAW_LINK = re.compile(r"http://testserver(/(?:id|en)/dukung/petition/tarik/[^/\s]+/)")


def sign_url(campaign, index=0):
    return campaign.url + "dukung/" + campaign.get_asks()[index].id + "/"


def indonesian(message, strict=True, **params):
    """The Indonesian text of an English msgid; fails if the catalogue has no translation."""
    with translation.override("id"):
        text = str(translation.gettext(message))
    assert text != message or not strict, f"no Indonesian translation for {message!r}"
    return text % params if params else text


def link(pattern, message):
    match = pattern.search(message.body)
    assert match, message.body
    return match.group(1)
