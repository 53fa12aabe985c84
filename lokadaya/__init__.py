"""Lokadaya: a Wagtail platform on which Indonesia's local civil-society organisations raise resources.

``__version__`` is the installed distribution's version (what ``pip`` installed: the number each
plugin's ``lokadaya_versions`` range is checked against at start-up); in a checkout that was never
installed, the version written in ``pyproject.toml``.
"""


def _version():
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lokadaya")
    except PackageNotFoundError:
        pass
    import tomllib
    from pathlib import Path

    try:
        with open(Path(__file__).resolve().parent.parent / "pyproject.toml", "rb") as file:
            return tomllib.load(file)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "0"


__version__ = _version()
