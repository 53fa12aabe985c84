"""What an alliance's public page shows (owned by H5; joint actions from ``alliances.joint``)."""


def alliance_context(page, request):
    return {}
