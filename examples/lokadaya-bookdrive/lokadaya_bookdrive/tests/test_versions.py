"""The Lokadaya versions this release declares: the running one is among them (start-up checks it too)."""
from packaging.specifiers import SpecifierSet
from packaging.version import Version

import lokadaya
from campaigns.plugins import registry
from lokadaya_bookdrive.hooks import LOKADAYA_VERSIONS


def test_the_support_type_declares_the_versions_and_the_running_lokadaya_is_in_them():
    assert registry.get("bookdrive").lokadaya_versions == LOKADAYA_VERSIONS
    specifier = SpecifierSet(LOKADAYA_VERSIONS)
    assert Version(lokadaya.__version__) in specifier
    assert Version("99.0") not in specifier  # a range, not "any version"
