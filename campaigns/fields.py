"""``AsksField``: a StreamField whose block types come from the installed plugins.

It deconstructs to ``AsksField()`` with no block definitions, so migrations in core never
mention a plugin and installing or removing one never needs a migration.
"""
from django.utils.functional import cached_property
from wagtail.fields import StreamField


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

    def deconstruct(self):
        name, path, _args, kwargs = super(StreamField, self).deconstruct()
        return name, "campaigns.fields.AsksField", [], kwargs
