"""Load the 17 goals (used by migration; idempotent)."""
from .data import GOALS


def load_goals(SDG):
    for number, name_id, name_en, colour in GOALS:
        SDG.objects.update_or_create(
            number=number,
            defaults={"slug": f"sdg-{number}", "name_id": name_id, "name_en": name_en, "colour": colour},
        )
