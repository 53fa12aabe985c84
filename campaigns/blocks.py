"""The blocks of a campaign's ``asks`` field.

Plugins subclass :class:`AskBlock`. :class:`AsksStreamBlock` is built from the installed plugins;
an ask whose plugin has been removed is kept as an :class:`UnavailableAskBlock` holding the
original type and data, shown to the editor as such, and written back unchanged on save.

An editor cannot add one: the editor's add-block menu leaves it out (``AsksStreamBlockAdapter``
and ``campaigns/admin/asks.js``), and ``AsksField.validate`` refuses any unavailable ask that is not
one the page (or its translations, or its revisions) already holds, unchanged.
"""
import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.staticfiles import versioned_static
from wagtail.blocks.stream_block import StreamBlockAdapter
from wagtail.admin.telepath import register

UNAVAILABLE = "unavailable"


class AskBlock(blocks.StructBlock):
    """Base of every ask block: a title and a short description; plugins add their own fields."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    description = blocks.TextBlock(label=_("Description"), required=False, max_length=600)

    class Meta:
        icon = "pick"
        form_classname = "ask-block"


class UnavailableAskBlock(blocks.StructBlock):
    """An ask whose support-type plugin is not installed; it keeps the data until it returns."""

    original_type = blocks.CharBlock(
        label=_("Support type"),
        help_text=_("This support type is not installed on this site. Its content is kept as it "
                    "is and comes back when the plugin is installed again. Do not edit."),
    )
    data = blocks.TextBlock(label=_("Stored content"), required=False)

    class Meta:
        icon = "warning"
        label = _("Support type not installed")
        group = _("Not installed")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("data"):
            raise ValidationError(
                _("This block keeps an ask whose support type is not installed; it cannot be added by hand.")
            )
        try:
            json.loads(value["data"])
        except ValueError as exc:
            raise ValidationError(_("The stored content of this ask was changed and is no longer valid.")) from exc
        return value


class AsksStreamBlock(blocks.StreamBlock):
    """The stream of asks. Unknown child types become ``unavailable`` children instead of vanishing."""

    def _wrap_unknown(self, items):
        wrapped = []
        for item in items:
            if isinstance(item, dict) and item.get("type") not in self.child_blocks:
                wrapped.append({
                    "type": UNAVAILABLE,
                    "id": item.get("id"),
                    "value": {
                        "original_type": item.get("type"),
                        "data": json.dumps(item.get("value"), ensure_ascii=False),
                    },
                })
            else:
                wrapped.append(item)
        return wrapped

    def to_python(self, value):
        if isinstance(value, str) and value:
            try:
                value = json.loads(value)
            except ValueError:
                return super().to_python(value)
        if isinstance(value, list) and value and isinstance(value[0], dict):
            value = self._wrap_unknown(value)
        return super().to_python(value)

    def bulk_to_python(self, values):
        return super().bulk_to_python([self._wrap_unknown(list(v)) for v in values])

    def get_prep_value(self, value):
        prepped = super().get_prep_value(value)
        return [_unwrap(item) for item in prepped]


class AsksStreamBlockAdapter(StreamBlockAdapter):
    """Wagtail's StreamBlock in the editor, except that "not installed" is not in the add-block menu.

    The block stays among the stream's child blocks, so existing unavailable asks are still drawn.
    """

    js_constructor = "campaigns.blocks.AsksStreamBlock"

    @cached_property
    def media(self):
        return forms.Media(js=[versioned_static("wagtailadmin/js/telepath/blocks.js"), "campaigns/admin/asks.js"])


register(AsksStreamBlockAdapter(), AsksStreamBlock)


def stored_unavailable(raw_items):
    """``[(id, original type, data)]`` of the asks in ``raw_items`` whose type is not installed.

    ``raw_items``: stored asks as the database, a revision or ``get_prep_value`` holds them (a list
    of dicts, or its JSON text), in either the original or the wrapped ``unavailable`` form.
    """
    from .plugins import registry

    if isinstance(raw_items, str):
        try:
            raw_items = json.loads(raw_items or "[]")
        except ValueError:
            return []
    found = []
    for item in raw_items or []:
        if not isinstance(item, dict):
            continue
        item = _unwrap(item)
        if item.get("type") and item["type"] != UNAVAILABLE and not registry.is_installed(item["type"]):
            found.append((item.get("id"), item["type"], item.get("value")))
    return found


def _unwrap(item):
    """An ``unavailable`` child goes back to the database as the ask it was."""
    if item.get("type") != UNAVAILABLE:
        return item
    value = item.get("value") or {}
    try:
        data = json.loads(value.get("data") or "null")
    except ValueError:
        data = None
    return {"type": value.get("original_type"), "value": data, "id": item.get("id")}
