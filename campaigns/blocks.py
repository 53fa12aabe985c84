"""The blocks of a campaign's ``asks`` field.

Plugins subclass :class:`AskBlock`. :class:`AsksStreamBlock` is built from the installed plugins;
an ask whose plugin has been removed is kept as an :class:`UnavailableAskBlock` holding the
original type and data, shown to the editor as such, and written back unchanged on save.

An editor cannot add one: the editor's add-block menu leaves it out (``AsksStreamBlock.menu_hidden``,
sent to ``campaigns/admin/asks.js`` by ``AsksStreamBlockAdapter``), and ``AsksField.validate``
refuses any unavailable ask that is not one the page (or its translations, or its revisions)
already holds, unchanged. The menu leaves out the types national admins switched off too (their
existing asks keep their own block, and come back as they were when switched on again).
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

    def menu_hidden(self):
        """Child block names the editor's add-block menu leaves out: "not installed", and the types
        switched off now. They stay child blocks, so the asks a page already has are still drawn."""
        from .plugins import registry

        disabled = registry.disabled_keys()
        return [UNAVAILABLE] + [name for name in self.child_blocks if name in disabled]

    def menu_child_blocks(self):
        """``[(group, [block])]`` as the add-block menu offers them."""
        hidden = set(self.menu_hidden())
        groups = [(group, [b for b in blocks if b.name not in hidden]) for group, blocks in self.grouped_child_blocks()]
        return [(group, blocks) for group, blocks in groups if blocks]


class AsksStreamBlockAdapter(StreamBlockAdapter):
    """Wagtail's StreamBlock in the editor, except that the add-block menu leaves out
    ``AsksStreamBlock.menu_hidden()`` (sent as ``meta.menuHidden``).

    Those blocks stay among the stream's child blocks, so existing asks of them are still drawn.
    """

    js_constructor = "campaigns.blocks.AsksStreamBlock"

    def js_args(self, block):
        name, grouped, initial_states, meta = super().js_args(block)
        return [name, grouped, initial_states, {**meta, "menuHidden": block.menu_hidden()}]

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
