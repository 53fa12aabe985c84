"""An alliance's place matches its level (owned by H5)."""


def clean_place(page):
    """Regency level needs a regency (its province follows); province level a province; national neither."""
    return None
