"""Donasi buku anak: a children's-book drive, a third-party Lokadaya support-type plugin.

Installed with pip, it announces itself through the ``lokadaya.plugins`` entry point
(see ``pyproject.toml``); Lokadaya adds this module to ``INSTALLED_APPS`` and registers
:mod:`lokadaya_bookdrive.hooks`. No file of Lokadaya's core changes.
"""
