"""The items of an in-kind ask, each with a key that pledges store.

**Item keys.** Wagtail gives every ListBlock child an id (a UUID) that is saved with the page,
kept when the editor reorders or renames items, and copied to every translation by
wagtail-localize. That id is the item's key. A value that has never been saved has no stored id
(Wagtail would make up a new random one each time it is read): then, and only then, the key is a
slug of the item's name (``semen-portland``, then ``semen-portland-2`` for a repeat). Renaming an
item keeps its key; deleting an item leaves its pledges on the records (with the name and unit
they were made for) but out of progress.
"""
from dataclasses import dataclass

from django.utils.text import slugify

from lokadaya.money import format_rupiah

KEY_LENGTH = 64


def format_quantity(value):
    """``1.250``: whole numbers with Indonesian grouping."""
    return format_rupiah(value or 0, prefix=False)


@dataclass(frozen=True)
class Item:
    key: str
    name: str
    unit: str
    quantity: int


def _children(items):
    """``(stored id or None, value)`` for each child of a ListValue or a plain list."""
    bound_blocks = getattr(items, "bound_blocks", None)
    if bound_blocks is not None:
        return [(child.original_id, child.value) for child in bound_blocks]
    return [(None, value) for value in items or []]


def ask_items(ask_value):
    """The items of an in-kind ask's value, in the editor's order."""
    result, used = [], set()
    for stored_id, value in _children(ask_value.get("items")):
        name = (value.get("name") or "").strip()
        key = stored_id
        if not key:
            base = slugify(name)[:KEY_LENGTH - 4] or "item"
            key, n = base, 1
            while key in used:
                n += 1
                key = f"{base}-{n}"
        used.add(key)
        result.append(Item(key=str(key)[:KEY_LENGTH], name=name, unit=(value.get("unit") or "").strip(),
                           quantity=int(value.get("quantity") or 0)))
    return result


def merged_items(source_value, shown_value):
    """The source page's items (its keys and quantities count) named as on the page shown.

    A translation's items carry the source's ids; quantities are not translated, and the source
    is the authority if a translation is behind.
    """
    shown = {item.key: item for item in ask_items(shown_value)}
    merged = []
    for item in ask_items(source_value):
        local = shown.get(item.key)
        if local is not None:
            item = Item(key=item.key, name=local.name or item.name, unit=local.unit or item.unit,
                        quantity=item.quantity)
        merged.append(item)
    return merged
