"""The alliances index: filters by level, province and SDG (owned by H5)."""


def filtered_alliances(index, request):
    return {"alliances": []}
