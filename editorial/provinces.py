"""Where a page is: the province whose network moderates it."""


def province_of(page):
    """The province of a page's kabupaten/kota, else of its OMS's; None when it has neither."""
    if page is None:
        return None
    if getattr(page, "pk", None) and hasattr(page, "specific_deferred"):
        page = page.specific_deferred
    regency = getattr(page, "regency", None)
    if regency is None and getattr(page, "pk", None):
        parent = page.get_parent()
        regency = getattr(parent.specific_deferred, "regency", None) if parent is not None else None
    return regency.province if regency is not None else None


def regional_page_models():
    """Page models with a ``regency`` (a place, hence a province)."""
    from regions.models import Regency
    from wagtail.models import get_page_models

    found = []
    for model in get_page_models():
        try:
            field = model._meta.get_field("regency")
        except Exception:  # noqa: BLE001 - FieldDoesNotExist: this model has no place
            continue
        if getattr(field, "related_model", None) is Regency and not model._meta.abstract:
            found.append(model)
    return found
