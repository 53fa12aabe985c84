"""Test helpers for consents and the privacy statement: read a page's forms as a browser would, fill
one in, and a live campaign asking for every installed support type.

``forms_of(html)`` lists the page's forms (their fields, as a browser sends them); ``fill(form)``
gives believable answers by each field's kind (email, phone, name, dates within the field's
bounds, the first real option of a choice) and ticks the optional consents, so the same code posts
to any plugin's pledge form, including one it has never seen.
"""
import datetime
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.utils import timezone

#: An input or textarea holding personal data: by type, or by name.
PERSONAL_TYPES = {"email", "tel"}
PERSONAL_NAME = re.compile(r"(^|_)(email|e_mail|phone|tel|telephone|whatsapp|name|address)($|_)", re.IGNORECASE)
#: Optional consents: ticked when filling, so the test sees them given.
OPTIONAL_CONSENTS = {"wants_updates", "show_name", "show_publicly"}


@dataclass
class Field:
    tag: str
    name: str
    type: str = "text"
    value: str = ""
    required: bool = False
    checked: bool = False
    attrs: dict = field(default_factory=dict)
    options: list = field(default_factory=list)  # (value, selected)
    invisible: bool = False  # inside a ``hidden`` element (the honeypot): nobody sees or fills it


@dataclass
class Form:
    method: str
    action: str
    attrs: dict
    fields: list = field(default_factory=list)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.loose, self._form, self._select, self._textarea = [], [], None, None, None
        self._open = []  # (tag, hidden) of the open elements

    def _add(self, item):
        item.invisible = any(hidden for _tag, hidden in self._open) or "hidden" in item.attrs
        (self._form.fields if self._form is not None else self.loose).append(item)

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag not in VOID:
            self._open.append((tag, "hidden" in a))
        if tag == "form":
            self._form = Form(a.get("method", "get").lower(), a.get("action", ""), a)
            self.forms.append(self._form)
        elif tag == "input":
            self._add(Field("input", a.get("name", ""), a.get("type", "text").lower(), a.get("value", ""),
                            "required" in a, "checked" in a, a))
        elif tag == "textarea":
            self._textarea = Field("textarea", a.get("name", ""), "textarea", "", "required" in a, attrs=a)
            self._add(self._textarea)
        elif tag == "select":
            self._select = Field("select", a.get("name", ""), "select", "", "required" in a, attrs=a)
            self._add(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def parse(html):
    parser = _Parser()
    parser.feed(html)
    return parser


def forms_of(html):
    return parse(html).forms


def personal_inputs(html):
    """The inputs and textareas of ``html`` that take personal data (hidden ones aside)."""
    parser = parse(html)
    found = []
    for item in parser.loose + [f for form in parser.forms for f in form.fields]:
        if item.tag not in ("input", "textarea") or item.invisible or \
                item.type in ("hidden", "submit", "button", "checkbox", "radio"):
            continue
        if item.type in PERSONAL_TYPES or PERSONAL_NAME.search(item.name or ""):
            found.append(item)
    return found


def _date_value(item):
    low = item.attrs.get("min") or ""
    high = item.attrs.get("max") or ""
    day = timezone.localdate() + datetime.timedelta(days=3)
    if low:
        day = max(day, datetime.date.fromisoformat(low[:10]))
    if high:
        day = min(day, datetime.date.fromisoformat(high[:10]))
    return day.isoformat()


def _text_value(item, email):
    name, kind = item.name.lower(), item.type
    if kind == "email" or "email" in name:
        return email
    if kind == "tel" or "phone" in name or "whatsapp" in name:
        return "0812 3456 7890"
    if kind == "date":
        return _date_value(item)
    if kind == "url" or "website" in name:
        return "https://contoh.id"
    if name == "organisation_name":
        return "CV Maju Bersama"
    if name.endswith("name"):
        return "Sari Dewi"
    if kind == "number" or name in ("amount", "quantity", "target") or item.attrs.get("inputmode") == "numeric":
        if name == "amount" or "amount" in name:
            return "50000"
        low = item.attrs.get("min") or "1"
        return str(max(1, int(float(low))))
    if item.tag == "textarea":
        return "Kami ingin membantu kampanye ini dengan sepenuh hati."
    return item.value or "Contoh isian"


def fill(form, email="sari.dewi@contoh.id", ticks=OPTIONAL_CONSENTS):
    """The data a person would send with ``form``: every field answered, optional consents ticked."""
    data, radios = {}, set()
    for item in form.fields:
        if not item.name or item.type in ("submit", "button", "file", "password") or \
                (item.invisible and item.type != "hidden"):
            continue
        if item.type == "hidden":
            data[item.name] = item.value
        elif item.type == "checkbox":
            if item.name in ticks or (item.required and item.name not in ("is_anonymous",)):
                data.setdefault(item.name, item.value or "on")
        elif item.type == "radio":
            if item.name not in radios:
                radios.add(item.name)
                data[item.name] = item.value
        elif item.tag == "select":
            real = [value for value, _selected in item.options if value]
            if "method" in item.name and "dummy" in real:
                data[item.name] = "dummy"
            elif real:
                data[item.name] = real[0]
        elif item.name not in data:
            data[item.name] = _text_value(item, email)
    return data


def main_form(html):
    """The page's form that posts personal data (the pledge form)."""
    candidates = [form for form in forms_of(html) if form.method == "post"
                  and any(f.type == "email" or PERSONAL_NAME.search(f.name or "") for f in form.fields)]
    assert candidates, "no form with personal data on the page"
    return candidates[0]


@pytest.fixture
def every_type_campaign(make_campaign):
    """A live campaign asking for every installed support type (each plugin's own demo ask, for a
    children's reading initiative so the example book drive fits too)."""
    from campaigns.plugins import registry
    from campaigns.types import DemoInitiative

    initiative = DemoInitiative(slug="taman-baca-anak", title="Taman Baca Anak Kampung Tallo",
                                keywords=("buku", "baca", "anak", "perpustakaan"))
    asks = []
    for support_type in registry.installed_types():
        value = registry.call(support_type.key, "demo_ask", initiative=initiative)
        if value:
            asks.append((support_type.key, value))
    return make_campaign(asks=asks, title="Taman Baca Anak Kampung Tallo", slug="taman-baca-anak",
                         end_date=timezone.localdate() + datetime.timedelta(days=60))
