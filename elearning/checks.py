"""System check: the H5P player (``make install`` runs ``npm ci``) must be among the static files."""
from django.contrib.staticfiles import finders
from django.core.checks import Warning

PLAYER_FILES = ("h5p-standalone/main.bundle.js", "h5p-standalone/frame.bundle.js", "h5p-standalone/styles/h5p.css")


def h5p_player_present(app_configs=None, **kwargs):
    missing = [name for name in PLAYER_FILES if not finders.find(name)]
    if not missing:
        return []
    return [Warning(
        "The H5P player files are missing: " + ", ".join(missing),
        hint="Run `make install` (npm ci installs h5p-standalone into node_modules/) and serve "
             "node_modules/h5p-standalone/dist as static files under h5p-standalone/ (STATICFILES_DIRS).",
        id="elearning.W001",
    )]
