"""``lokadaya.compiled_queries``: SQL compiled once per shape, run again with other values, giving
what the queryset itself gives."""
import datetime
from decimal import Decimal

import pytest
from django.db.models import Count, F, Value
from django.db.models.functions import Upper

from lokadaya import compiled_queries
from regions.models import Province, Regency

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    compiled_queries._COMPILED.clear()
    yield
    compiled_queries._COMPILED.clear()


def regencies(groups):
    [province_code], kinds = groups
    return (Regency.objects.filter(province__code=province_code, kind__in=kinds).select_related("province")
            .annotate(shout=Upper("name")).order_by("code"))


def fields(regency):
    return (regency.pk, regency.code, regency.name, regency.kind, regency.shout, regency.province.name)


def test_instances_are_the_querysets_with_their_relations_and_annotations(django_assert_num_queries):
    for code in ("53", "11", "31"):
        kinds = sorted({r.kind for r in Regency.objects.filter(province__code=code)})
        expected = [fields(r) for r in regencies([[code], kinds])]
        assert expected, code
        with django_assert_num_queries(1):
            found = compiled_queries.instances(("regencies", len(kinds)), regencies, [[code], kinds])
            assert [fields(r) for r in found] == expected  # the province came with them: no query
        assert all(r._state.adding is False and r._state.db == "default" for r in found)
    assert len(compiled_queries._COMPILED) <= 2  # one per number of kinds, whatever the province
    assert compiled_queries.NOT_REUSABLE not in compiled_queries._COMPILED.values()


def test_a_compiled_query_is_not_built_again(monkeypatch):
    built = []

    def build(groups):
        built.append(groups)
        return Province.objects.filter(code=groups[0][0])

    assert [p.code for p in compiled_queries.instances(("one",), build, [["53"]])] == ["53"]
    assert [p.code for p in compiled_queries.instances(("one",), build, [["11"]])] == ["11"]
    assert compiled_queries.instances(("one",), build, [["no such code"]]) == []
    assert len(built) == 1 and built[0] != [["53"]], "built once, with stand-ins"


def test_dates_are_values_too():
    from plugins.donation.matching.models import MatchFund

    def open_on(groups):
        [day] = groups[0]
        return MatchFund.objects.filter(starts_on__lte=day, ends_on__gte=day).order_by("pk")

    ntt = Province.objects.get(code="53")
    june = MatchFund.objects.create(sponsor_name="Juni", cap=Decimal("1000000"), province=ntt,
                                    starts_on=datetime.date(2026, 6, 1), ends_on=datetime.date(2026, 6, 30))
    july = MatchFund.objects.create(sponsor_name="Juli", cap=Decimal("1000000"), province=ntt,
                                    starts_on=datetime.date(2026, 7, 1), ends_on=datetime.date(2026, 7, 31))
    for day, expected in [(datetime.date(2026, 6, 15), [june]), (datetime.date(2026, 7, 2), [july]),
                          (datetime.date(2026, 8, 1), [])]:
        found = compiled_queries.instances(("open-on",), open_on, [[day]])
        assert found == expected == list(open_on([[day]]))
        assert [f.cap for f in found] == [Decimal("1000000")] * len(expected)
    assert len(compiled_queries._COMPILED) == 1


def test_a_value_written_into_the_sql_is_never_reused():
    """A value that does not come out as a parameter (here, Python folds it into an expression's
    SQL text) would be frozen in the compiled SQL: such a query is built anew each time."""

    def build(groups):
        [code] = groups[0]
        return Province.objects.extra(where=["code = '%s'" % code.replace("'", "''")])

    assert [p.code for p in compiled_queries.instances(("inlined",), build, [["53"]])] == ["53"]
    assert [p.code for p in compiled_queries.instances(("inlined",), build, [["11"]])] == ["11"]
    assert list(compiled_queries._COMPILED.values()) == [compiled_queries.NOT_REUSABLE]


def test_prefetching_querysets_and_empty_groups_are_evaluated_as_they_are():
    def with_regencies(groups):
        return Province.objects.filter(code__in=groups[0]).prefetch_related("regencies").order_by("code")

    found = compiled_queries.instances(("prefetch",), with_regencies, [["53", "11"]])
    assert [(p.code, p.regencies.count()) for p in found] == [
        (p.code, p.regencies.count()) for p in with_regencies([["53", "11"]])]
    assert compiled_queries.instances(("none",), with_regencies, [[]]) == []
    assert set(compiled_queries._COMPILED.values()) == {compiled_queries.NOT_REUSABLE}


def test_rows_follow_the_union_of_their_querysets():
    columns = ("_c_code", "_c_count")

    def build(groups):
        return [Province.objects.filter(code=code).annotate(_c_code=F("code"), _c_count=Value(1))
                .values_list(*columns) for code in groups[0]] + [
            Regency.objects.filter(province__code=groups[0][0]).order_by().values("province__code")
            .annotate(_c_code=F("province__code"), _c_count=Count("pk")).values_list(*columns)]

    for codes in (["53", "11"], ["31", "32"]):
        expected = sorted(compiled_queries.run_union(build([codes])))
        assert sorted(compiled_queries.rows(("provinces", 2), build, [codes], columns)) == expected
        assert len(expected) == 3
    assert len(compiled_queries._COMPILED) == 1


def test_datetimes_are_refused():
    with pytest.raises(TypeError):
        compiled_queries.instances(("at",), lambda g: Province.objects.all(),
                                   [[datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)]])
