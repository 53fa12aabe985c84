"""Two managers adding the same OMS to a cohort at the same moment: one membership, one enrolment each."""
import threading

import pytest
from django.db import connection
from django.utils import timezone

from cohorts import testing as cohorts_testing
from partners import testing as partners_testing

pytestmark = pytest.mark.django_db(transaction=True)

make_verified_oms = partners_testing.make_verified_oms
make_course = cohorts_testing.make_course


def test_concurrent_additions_count_once(make_verified_oms, make_course):
    from cohorts.membership import add_members
    from cohorts.models import Cohort, CohortMember
    from learning.models import Enrolment
    from network.models import ProvincialNetwork

    oms = make_verified_oms("oms-bersamaan", "33.74")
    course = make_course("Kursus Bersamaan", lessons=1)
    cohort = Cohort.objects.create(title="Kohort Bersamaan", network=ProvincialNetwork.objects.get(province__code="33"),
                                   start_date=timezone.localdate(), end_date=timezone.localdate())
    cohort.courses.add(course)
    barrier = threading.Barrier(2)
    errors = []

    def add():
        try:
            barrier.wait()
            add_members(cohort, [oms], notify=False)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=add) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert CohortMember.objects.filter(cohort=cohort, organisation=oms).count() == 1
    assert Enrolment.objects.filter(user=oms.editor, course=course).count() == 1
