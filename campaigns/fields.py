"""``AsksField``: a StreamField whose block types come from the installed plugins.

It deconstructs to ``AsksField()`` with no block definitions, so migrations in core never
mention a plugin and installing or removing one never needs a migration.

Its validation refuses a "not installed" ask that the page did not already hold: such an ask
only ever comes from the database (``campaigns.blocks``), never from an editor.
"""
import json

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.fields import StreamField

#: Revisions of each page searched for the asks it held (an editor may restore an older one).
REVISIONS_SEARCHED = 50


class AsksField(StreamField):
    def __init__(self, *args, **kwargs):
        # Migrations and callers pass no block types; anything passed is ignored on purpose.
        kwargs.pop("block_lookup", None)
        super().__init__([], **kwargs)

    @cached_property
    def stream_block(self):
        from .blocks import UNAVAILABLE, AsksStreamBlock, UnavailableAskBlock
        from .plugins import registry

        children = []
        # Every installed type, switched off or not: an ask of a switched-off type keeps its own
        # block (the menu leaves it out, AsksStreamBlock.menu_hidden), so it comes back unchanged.
        for support_type in registry.installed_types():
            block = registry.call(support_type.key, "ask_block")
            # The editor's block chooser names and draws each ask as its support type.
            block.meta.label = block.label = support_type.name
            block.meta.icon = support_type.icon
            children.append((support_type.key, block))
        children.append((UNAVAILABLE, UnavailableAskBlock()))
        block = AsksStreamBlock(children)
        block.set_meta_options(self.block_opts)
        return block

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        from .blocks import UNAVAILABLE
        from .plugins import registry

        errors = {}
        disabled = registry.disabled_keys()
        switched_off = [(index, child) for index, child in enumerate(value or []) if child.block_type in disabled]
        if switched_off:
            # A switched-off type is offered nowhere: only the asks the page already had stay.
            held = {item.get("id") for item in self._stored_items(model_instance) if isinstance(item, dict)}
            for index, child in switched_off:
                if not child.id or child.id not in held:
                    errors[index] = ValidationError(
                        _("This support type is switched off on this site: a new ask of it cannot be added."),
                        code="type_switched_off")
        children = [(index, child) for index, child in enumerate(value or []) if child.block_type == UNAVAILABLE]
        if not children:
            if errors:
                raise StreamBlockValidationError(block_errors=errors)
            return
        known = self._stored_unavailable(model_instance)
        for index, child in children:
            original = child.value.get("original_type")
            try:
                data = json.loads(child.value.get("data") or "null")
            except ValueError:
                data = ValueError  # never equal to stored content
            same_id = [entry for entry in known if entry[0] == child.id]
            # Asks stored without an id get a new one in the editor: then the content must match.
            candidates = same_id or [entry for entry in known if not entry[0]]
            if not any(entry[1] == original and entry[2] == data for entry in candidates):
                errors[index] = ValidationError(
                    _("A support type that is not installed cannot be added or changed: only an ask saved "
                      "before its plugin was removed is kept, as it was."), code="unavailable_new")
        if errors:
            raise StreamBlockValidationError(block_errors=errors)

    def _stored_unavailable(self, instance):
        """Not-installed asks the page holds: in the database and recent revisions, in every language."""
        from .blocks import stored_unavailable

        return stored_unavailable(self._stored_items(instance))

    def _stored_items(self, instance):
        """The raw asks (dicts) the page holds: in the database and recent revisions, in every language."""
        translation_key = getattr(instance, "translation_key", None)
        if instance is None or (instance.pk is None and translation_key is None):
            return []
        manager = type(instance)._default_manager
        pages = manager.filter(translation_key=translation_key) if translation_key else manager.filter(pk=instance.pk)
        items = []
        for page in pages.only("pk"):
            raw = type(page)._default_manager.filter(pk=page.pk).values_list(self.attname, flat=True).first()
            items += _raw_list(raw.get_prep_value() if hasattr(raw, "get_prep_value") else raw)
            revisions = page.revisions.order_by("-created_at", "-id")[:REVISIONS_SEARCHED] \
                if hasattr(page, "revisions") else []
            for revision in revisions:
                items += _raw_list((revision.content or {}).get(self.attname))
        return items

    def deconstruct(self):
        name, path, _args, kwargs = super(StreamField, self).deconstruct()
        return name, "campaigns.fields.AsksField", [], kwargs


def _raw_list(raw):
    """Stored asks as a list of dicts, from a list or its JSON text."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw or "[]")
        except ValueError:
            return []
    return [item for item in raw or [] if isinstance(item, dict)]
