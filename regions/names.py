"""Turn the official all-caps names into names written properly for display."""

# Words kept as written: abbreviations, and the lower-case conjunction.
_KEEP = {"DKI": "DKI", "DAN": "dan", "DI": "DI"}


def _word(word):
    if word in _KEEP:
        return _KEEP[word]
    return "-".join(part.capitalize() for part in word.split("-"))


def display_name(official):
    """``KABUPATEN ACEH SELATAN`` -> ``Kabupaten Aceh Selatan``; ``DKI JAKARTA`` -> ``DKI Jakarta``.

    Names already in mixed case (kecamatan) are returned unchanged.
    """
    official = " ".join(official.split())
    if official != official.upper():
        return official
    words = official.split(" ")
    out = [_word(w) for w in words]
    # "dan" only in the middle of a name.
    if out and out[0] == "dan":
        out[0] = "Dan"
    return " ".join(out)
