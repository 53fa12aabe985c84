"""Admin screens and menu items of this part (imported by privacy/wagtail_hooks.py)."""
