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
        for support_type in registry.support_types():
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

        children = [(index, child) for index, child in enumerate(value or []) if child.block_type == UNAVAILABLE]
        if not children:
            return
        known = self._stored_unavailable(model_instance)
        errors = {}
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

        translation_key = getattr(instance, "translation_key", None)
        if instance is None or (instance.pk is None and translation_key is None):
            return []
        manager = type(instance)._default_manager
        pages = manager.filter(translation_key=translation_key) if translation_key else manager.filter(pk=instance.pk)
        known = []
        for page in pages.only("pk"):
            raw = type(page)._default_manager.filter(pk=page.pk).values_list(self.attname, flat=True).first()
            known += stored_unavailable(raw.get_prep_value() if hasattr(raw, "get_prep_value") else raw)
            revisions = page.revisions.order_by("-created_at", "-id")[:REVISIONS_SEARCHED] \
                if hasattr(page, "revisions") else []
            for revision in revisions:
                known += stored_unavailable((revision.content or {}).get(self.attname))
        return known

    def deconstruct(self):
        name, path, _args, kwargs = super(StreamField, self).deconstruct()
        return name, "campaigns.fields.AsksField", [], kwargs
