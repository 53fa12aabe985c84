"""Template tags of the privacy app."""
