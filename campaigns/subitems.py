"""Stable ids for the sub-items of an ask: its time slots, item categories, roles.

A record that points at part of an ask (a volunteer's shift, the item a pledge brings) must keep
pointing at it when the editor reorders, renames or adds parts, and on every language of the page.
Put the parts in a Wagtail ``ListBlock`` and use the id Wagtail gives each of its children: a UUID
saved with the page's JSON, kept when children are reordered or edited, and copied to every
translation by wagtail-localize (which keeps block ids). The list index and the name are not
stable: reordering changes the first, renaming or translating the second.

Invariant: :func:`sub_items` yields only ids that were *stored* with the page. A value that was
never saved (a dict built in code, a preview before the first save) has none, and Wagtail would
make up a new random id on every read: such children are skipped, so a record can never be
written with an id that means nothing the next time the page is read. (The in-kind plugin falls
back to a slug of the item's name in that case; the volunteering plugin skips, as here.)

    from campaigns.subitems import find_sub_item, sub_items

    for slot_id, slot in sub_items(ask, "slots"):           # ask: a campaigns.types.Ask
        choices.append((slot_id, slot["place"]))
    slot = find_sub_item(ask, "slots", record.slot_id)      # None once the editor deleted it

Store the id in a ``CharField(max_length=64)`` of the record. Counting per sub-item goes through
``progress_rows(..., part="slot_id")``; a deleted sub-item's records stay in the records admin
but should no longer count.
"""
from .types import Ask


def _value(ask_or_value):
    return ask_or_value.value if isinstance(ask_or_value, Ask) else ask_or_value


def sub_items(ask, field):
    """``(stable id, value)`` of each child of the ListBlock ``field`` of ``ask``, in the editor's order.

    ``ask`` is a ``campaigns.types.Ask`` or any StructValue holding the list (a role of a
    volunteering ask, to reach its shifts). Children without a stored id are left out (see the
    module's docstring); a plain list (not a ListBlock value) has no ids, so it yields nothing.
    """
    items = _value(ask).get(field)
    for child in getattr(items, "bound_blocks", None) or ():
        if child.original_id:
            yield str(child.original_id), child.value


def find_sub_item(ask, field, item_id):
    """The value of the child of ``field`` whose stable id is ``item_id``, or None (deleted, unknown)."""
    if not item_id:
        return None
    for stable_id, value in sub_items(ask, field):
        if stable_id == str(item_id):
            return value
    return None
