"""An alliance's place matches its level.

Invariants: a regency/city alliance names a regency/city and its province is that regency's; a
provincial alliance names a province and no regency/city; a national alliance names neither. The
errors are translated and sit on the field to fix, so the editor keeps everything typed.
"""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def clean_place(page):
    """Regency level needs a regency (its province follows); province level a province; national neither."""
    from .models import Level

    errors = {}
    level = page.level
    if level == Level.REGENCY:
        if page.regency_id is None:
            errors["regency"] = _("A regency/city alliance needs its regency/city.")
        else:
            # The province follows the regency: the two can never disagree.
            page.province_id = page.regency.province_id
    elif level == Level.PROVINCE:
        if page.province_id is None:
            errors["province"] = _("A provincial alliance needs its province.")
        if page.regency_id is not None:
            errors["regency"] = _("A provincial alliance has no regency/city: clear it, or choose the "
                                  "regency/city level.")
    elif level == Level.NATIONAL:
        if page.province_id is not None:
            errors["province"] = _("A national alliance has no province: clear it, or choose another level.")
        if page.regency_id is not None:
            errors["regency"] = _("A national alliance has no regency/city: clear it, or choose another level.")
    else:
        errors["level"] = _("Choose a level: regency/city, province or national.")
    if errors:
        raise ValidationError(errors)
