"""Fixtures for the forums' tests. Use with ``from forums.testing import *`` (with ``partners.testing``'s).

``make_space("33")`` is the provincial network's space of province 33; ``make_space()`` the national
one; ``make_space(programme=page)`` / ``make_space(cohort=cohort)`` theirs. Extra keyword arguments
are saved on the space (``is_public=True``).
"""
import pytest

__all__ = ["make_space"]


@pytest.fixture
def make_space(db):
    from network.models import ProvincialNetwork

    from . import spaces

    def make(province_code=None, *, programme=None, cohort=None, **fields):
        if province_code:
            space = spaces.space_for_network(ProvincialNetwork.objects.get(province__code=province_code))
        elif programme is not None:
            space = spaces.space_for_programme(programme)
        elif cohort is not None:
            space = spaces.space_for_cohort(cohort)
        else:
            space = spaces.national_space()
        for name, value in fields.items():
            setattr(space, name, value)
        if fields:
            space.save()
        return space

    return make
