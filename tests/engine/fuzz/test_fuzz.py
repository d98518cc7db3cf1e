"""Property: any schema seeds with exact counts, or is refused up front with a clear message.

The long run is ``python bench/fuzz_schemas.py --examples 10000``. Here:

* ``test_schemas_seed_or_are_refused_clearly`` draws 25 schemas (derandomized: the same 25
  on every machine) from the ``SUITE`` profile, which leaves out the feature families whose
  refusals the harness cannot judge (opaque CHECKs, small-domain uniques). A family the
  engine gets wrong has an ``xfail(strict=True)`` example in ``tests/engine/realworld``;
  whoever fixes one switches it on in ``SUITE``.
* ``test_full_profile`` draws 25 schemas from the ``FULL`` profile, every family on.
* The rest checks the harness itself: it tells a success from a refusal from a failure.
"""

from __future__ import annotations

import json
import tempfile

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, assume, given, settings

from tests.engine.fuzz.harness import Outcome, clearly_feasible, run_example, seed_call, signature
from tests.engine.fuzz.spec import (
    CheckSpec,
    ColumnSpec,
    ForeignKeySpec,
    IndexSpec,
    SchemaSpec,
    TableSpec,
    ddl_text,
)
from tests.engine.fuzz.strategies import FULL, SUITE, schemas

# Reflection warns about the types it does not know (xml, point, ...): expected here.
pytestmark = pytest.mark.filterwarnings("ignore:Did not recognize type:sqlalchemy.exc.SAWarning")

SETTINGS = settings(
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def _explain(spec: SchemaSpec, outcome: Outcome, where: pytest.TempPathFactory) -> str:
    """The failure, and a replay file in pytest's own temporary directory."""
    with tempfile.NamedTemporaryFile(
        "w",
        prefix="dbseed-fuzz-",
        suffix=".json",
        delete=False,
        encoding="utf-8",
        dir=where.mktemp("fuzz"),
    ) as f:
        json.dump(
            {
                "spec": json.loads(spec.to_json()),
                "call": seed_call(spec),
                "outcome": outcome.kind,
                "detail": outcome.detail,
                "trace": outcome.trace,
            },
            f,
            ensure_ascii=False,
        )
    return (
        f"{outcome.kind}: {outcome.detail}\n{outcome.trace}\n{ddl_text(spec)}\n{seed_call(spec)}\n"
        f"replay: python bench/fuzz_schemas.py --replay {f.name}"
    )


@pytest.fixture(scope="module")
def extensions(pg_engine: sa.Engine) -> set[str]:
    """Extensions the server can create (citext and hstore come with contrib)."""
    with pg_engine.connect() as c:
        return set(c.exec_driver_sql("SELECT name FROM pg_available_extensions").scalars())


@pytest.mark.slow
@SETTINGS
@given(spec=schemas(SUITE))
def test_schemas_seed_or_are_refused_clearly(
    pg_engine: sa.Engine,
    extensions: set[str],
    tmp_path_factory: pytest.TempPathFactory,
    spec: SchemaSpec,
) -> None:
    assume(set(spec.extensions) <= extensions)
    outcome = run_example(pg_engine, spec)
    assert not outcome.failed, _explain(spec, outcome, tmp_path_factory)
    assert outcome.kind != "setup_error", _explain(spec, outcome, tmp_path_factory)


@pytest.mark.slow
@SETTINGS
@given(spec=schemas(FULL))
def test_full_profile(
    pg_engine: sa.Engine,
    extensions: set[str],
    tmp_path_factory: pytest.TempPathFactory,
    spec: SchemaSpec,
) -> None:
    assume(set(spec.extensions) <= extensions)
    outcome = run_example(pg_engine, spec)
    assert not outcome.failed, _explain(spec, outcome, tmp_path_factory)


def _one_table(column: ColumnSpec, count: int) -> SchemaSpec:
    pk = ColumnSpec(name="id", type="integer", nullable=False, primary_key=True, autoincrement=True)
    return SchemaSpec(
        schema="fz",
        tables=[TableSpec(name="item", columns=[pk, column])],
        counts={"item": count},
        default=0,
        seed=3,
    )


def test_harness_reports_ok_with_rows_checked(pg_engine: sa.Engine) -> None:
    spec = _one_table(ColumnSpec(name="label", type="varchar", args=[12], nullable=False), 40)
    outcome = run_example(pg_engine, spec)
    assert outcome.kind == "ok", outcome.detail
    assert set(outcome.hashes) == {("item", ""), ("item", "id"), ("item", "label")}


def test_harness_tells_a_justified_refusal(pg_engine: sa.Engine) -> None:
    spec = _one_table(
        ColumnSpec(name="flag", type="boolean", nullable=False, unique=True, domain=2), 5
    )
    assert not clearly_feasible(spec)
    outcome = run_example(pg_engine, spec)
    assert outcome.kind == "refused", outcome.detail
    assert "item" in outcome.detail and "seed" in outcome.detail and "Fix" in outcome.detail


def test_harness_bounds_a_key_column_by_its_parents_domain(pg_engine: sa.Engine) -> None:
    """A unique index on one column of a composite foreign key: that column holds the
    parent's values, 3 at most, so 5 rows cannot fit and the refusal is right."""
    score = TableSpec(
        name="score",
        columns=[
            ColumnSpec(name="id", type="integer", nullable=False, primary_key=True),
            ColumnSpec(name="part", type="varchar", args=[12], nullable=False,
                       primary_key=True, domain=3),  # fmt: skip
        ],
        checks=[CheckSpec(name="ck_part", sql="\"part\" IN ('a', 'b', 'c')")],
    )
    child = TableSpec(
        name="item",
        columns=[
            ColumnSpec(name="id", type="integer", nullable=False, primary_key=True,
                       autoincrement=True),  # fmt: skip
            ColumnSpec(name="score_id", type="integer", nullable=False),
            ColumnSpec(name="score_part", type="varchar", args=[12], nullable=False),
        ],
        foreign_keys=[
            ForeignKeySpec(["score_id", "score_part"], "score", ["id", "part"], "fk_score")
        ],
        indexes=[IndexSpec(name="ix_part", columns=["score_part"])],
    )
    spec = SchemaSpec(
        schema="fz", tables=[score, child], counts={"item": 5}, default=10, seed=3
    )
    assert not clearly_feasible(spec)
    outcome = run_example(pg_engine, spec)
    assert outcome.kind == "refused", outcome.detail
    spec.counts = {"item": 3}
    assert run_example(pg_engine, spec).kind == "ok"


def test_harness_tells_a_key_a_check_keeps_null(pg_engine: sa.Engine) -> None:
    # ref.code is NULL in every row (id is NOT NULL): a NOT NULL key into it has no parent.
    either = '("id" IS NULL AND "code" IS NOT NULL) OR ("id" IS NOT NULL AND "code" IS NULL)'
    spec = _one_table(ColumnSpec(name="code", type="integer", unique=True), 5)
    spec.tables[0].checks.append(CheckSpec(name="ck_either", sql=either))
    child = ColumnSpec(name="code", type="integer", nullable=False)
    pk = ColumnSpec(name="id", type="integer", nullable=False, primary_key=True, autoincrement=True)
    fk = ForeignKeySpec(columns=["code"], ref_table="item", ref_columns=["code"], name="fk_code")
    spec.tables.append(TableSpec(name="child", columns=[pk, child], foreign_keys=[fk]))
    spec.counts["child"] = 5
    assert not clearly_feasible(spec)
    outcome = run_example(pg_engine, spec)
    assert outcome.kind == "refused", outcome.detail
    assert "ck_either" in outcome.detail and "seed" in outcome.detail and "Fix" in outcome.detail


def test_harness_counts_the_values_of_a_fractional_numeric_range() -> None:
    column = ColumnSpec(name="payload", type="numeric", args=[4, 1], nullable=False, unique=True)
    spec = _one_table(column, 121)
    spec.tables[0].checks.append(
        CheckSpec(name="ck_range", sql='("payload" >= 7 AND "payload" <= 15)')
    )
    assert not clearly_feasible(spec)  # 81 values: 7.0, 7.1, ... 15.0
    spec.counts["item"] = 30
    assert clearly_feasible(spec)


def test_harness_finds_the_violated_check_whose_name_has_a_quote() -> None:
    from tests.engine.fuzz.harness import _violated_check

    spec = _one_table(ColumnSpec(name="id2", type="integer", nullable=False), 3)
    spec.tables[0].name = 'quo"te'
    opaque = CheckSpec(name='ck_0_quo"te', sql='("id2" % 2) = 0', understood=False)
    spec.tables[0].checks += [CheckSpec(name="ck_0_quo", sql='"id2" > 0'), opaque]
    message = (
        'rows for table \'quo"te_p0\' (\'ck_0_quo"te\'): new row for relation "quo"te_p0" '
        'violates check constraint "ck_0_quo"te"; Failing row contains (1).'
    )
    assert _violated_check(message, spec) is opaque


def test_harness_tells_null_checks_no_row_passes_together(pg_engine: sa.Engine) -> None:
    # id is the NOT NULL key: num_nonnulls keeps country NULL, the other CHECK needs it set.
    spec = _one_table(ColumnSpec(name="last_name", type="integer", nullable=False), 5)
    spec.tables[0].columns.append(ColumnSpec(name="country", type="integer"))
    spec.tables[0].checks += [
        CheckSpec(name="ck_one", sql='num_nonnulls("id", "country") = 1'),
        CheckSpec(name="ck_set", sql='"last_name" IS NULL OR "country" IS NOT NULL'),
    ]
    assert not clearly_feasible(spec)
    outcome = run_example(pg_engine, spec)
    assert outcome.kind == "refused", outcome.detail


def test_harness_counts_a_list_partition_key_as_its_listed_values() -> None:
    from tests.engine.fuzz.spec import PartitionSpec

    key = ColumnSpec(name="id", type="integer", nullable=False, primary_key=True, domain=165)
    region = ColumnSpec(name="region", type="varchar", args=[10], nullable=False, primary_key=True)
    spec = _one_table(region, 201)
    spec.tables[0].columns[0] = key
    spec.tables[0].partition = PartitionSpec(kind="list", column="region", bounds=[["eu"]])
    assert not clearly_feasible(spec)  # 165 x 1 keys
    spec.tables[0].partition.default = True
    assert clearly_feasible(spec)


def test_partitions_of_tables_with_a_common_long_prefix_get_distinct_names(
    pg_engine: sa.Engine,
) -> None:
    from tests.engine.fuzz.spec import PartitionSpec, partition_names

    spec = _one_table(ColumnSpec(name="day", type="integer", nullable=False), 4)
    spec.tables[0].columns[1].primary_key = True
    first = spec.tables[0]
    first.name = "50%_" + "x" * 50 + "_6"
    first.partition = PartitionSpec(kind="range", column="day", bounds=[["MINVALUE", "MAXVALUE"]])
    second = TableSpec(name=first.name[:-1] + "5", columns=list(first.columns))
    second.partition = PartitionSpec(kind="range", column="day", bounds=[["MINVALUE", "MAXVALUE"]])
    spec.tables.append(second)
    spec.counts = {first.name: 4, second.name: 4}
    assert set(partition_names(spec, first.name)).isdisjoint(partition_names(spec, second.name))
    assert run_example(pg_engine, spec).kind == "ok"


def test_harness_knows_a_check_beyond_a_numerics_precision_is_infeasible() -> None:
    grade = ColumnSpec(name="grade", type="numeric", args=[1, 0], nullable=False)
    spec = _one_table(grade, 3)
    assert clearly_feasible(spec)
    spec.tables[0].columns[1].check = '"grade" > 9'
    assert not clearly_feasible(spec)
    # NULL would pass, but a CHECK no value of the column's type passes is a contradiction
    # the engine refuses, as it does for every type (the message says to override it)
    spec.tables[0].columns[1].nullable = True
    assert not clearly_feasible(spec)


def test_harness_counts_an_is_not_null_check_as_not_null_for_self_order() -> None:
    parent = ColumnSpec(name="parent_id", type="integer", nullable=True)
    spec = _one_table(parent, 5)
    t = spec.tables[0]
    t.foreign_keys.append(ForeignKeySpec(["parent_id"], "item", ["id"], "fk_parent"))
    t.checks.append(CheckSpec("ck_order", '"id" > "parent_id"'))
    assert clearly_feasible(spec)  # the first row points nowhere: NULL
    t.checks.append(CheckSpec("ck_set", '"parent_id" IS NOT NULL'))
    assert not clearly_feasible(spec)


def test_harness_tells_a_database_rejection(pg_engine: sa.Engine) -> None:
    spec = _one_table(ColumnSpec(name="qty", type="integer", nullable=False), 30)
    spec.tables[0].columns[1].check = '"qty" BETWEEN 0 AND 60'
    outcome = run_example(pg_engine, spec)
    # a column-level CHECK is ignored by today's engine (see test_column_level_check)
    assert outcome.kind in ("ok", "db_rejected"), outcome.detail
    if outcome.kind == "db_rejected":
        assert outcome.failed


def test_specs_survive_json() -> None:
    spec = _one_table(
        ColumnSpec(name="w e%ird", type="enum", args=["en_item", ["a", "b"], "fz"]), 1
    )
    again = SchemaSpec.from_json(spec.to_json())
    assert again == spec
    assert "CREATE TYPE fz.en_item AS ENUM ('a', 'b')" in ddl_text(again)
    assert '"w e%ird" fz.en_item' in ddl_text(again)


def test_signatures_drop_names_and_numbers() -> None:
    a = signature(
        "db_rejected", "X", "table 'shop' rejected (seed 12): Key (id)=(5) exists", ["shop"]
    )
    b = signature(
        "db_rejected", "X", "table 'cart' rejected (seed 99): Key (id)=(7) exists", ["cart"]
    )
    assert a == b


@pytest.mark.parametrize(("op", "kind"), [(">", "refused"), (">=", "ok")])
def test_harness_knows_a_strictly_ordered_not_null_self_reference_is_impossible(
    pg_engine: sa.Engine, op: str, kind: str
) -> None:
    up = ColumnSpec(name="up", type="integer", nullable=False)
    spec = _one_table(up, 6)
    spec.tables[0].foreign_keys.append(ForeignKeySpec(["up"], "item", ["id"], "fk_item_up"))
    spec.tables[0].checks.append(CheckSpec("ck_up", f'"up" {op} "id"'))
    assert clearly_feasible(spec) is (kind == "ok")
    outcome = run_example(pg_engine, spec)
    assert outcome.kind == kind, outcome.detail


def test_harness_tells_a_self_reference_its_checks_keep_from_every_key(
    pg_engine: sa.Engine,
) -> None:
    # item_id < 0 points at an id, which ck_key keeps above 9: no row to point at.
    spec = _one_table(ColumnSpec(name="item_id", type="integer", nullable=False, unique=True), 1)
    spec.tables[0].foreign_keys.append(
        ForeignKeySpec(columns=["item_id"], ref_table="item", ref_columns=["id"], name="fk_self")
    )
    spec.tables[0].checks += [
        CheckSpec(name="ck_ref", sql='"item_id" < 0'),
        CheckSpec(name="ck_key", sql='"id" > 9'),
    ]
    assert not clearly_feasible(spec)
    outcome = run_example(pg_engine, spec)
    assert outcome.kind == "refused", outcome.detail
    assert "ck_ref" in outcome.detail and "ck_key" in outcome.detail
    assert "no number of rows helps" in outcome.detail
    spec.tables[0].checks[1] = CheckSpec(name="ck_key", sql='"id" BETWEEN -5 AND 9')
    assert clearly_feasible(spec)


def test_harness_tells_a_self_reference_above_a_column_kept_below_a_capped_key(
    pg_engine: sa.Engine,
) -> None:
    # code_ref > 24 points into alt_code, kept <= id; id <= 20 leaves no alt_code above 24.
    pk = ColumnSpec(name="id", type="integer", nullable=False, primary_key=True,
                    autoincrement=True)  # fmt: skip
    code = ColumnSpec(name="alt_code", type="integer", nullable=False, unique=True)
    ref = ColumnSpec(name="code_ref", type="integer", nullable=False, unique=True)
    fk = ForeignKeySpec(columns=["code_ref"], ref_table="sx", ref_columns=["alt_code"],
                        name="fk_ref")  # fmt: skip
    checks = [
        CheckSpec(name="ck_le", sql='"alt_code" <= "id"'),
        CheckSpec(name="ck_ref", sql='"code_ref" > 24'),
    ]
    table = TableSpec(name="sx", columns=[pk, code, ref], foreign_keys=[fk], checks=checks)
    spec = SchemaSpec(schema="fz", tables=[table], counts={"sx": 10}, default=10, seed=0)
    assert clearly_feasible(spec)
    assert run_example(pg_engine, spec).kind == "ok"
    table.checks.append(CheckSpec(name="ck_id", sql='"id" <= 20'))
    assert not clearly_feasible(spec)
    outcome = run_example(pg_engine, spec)
    assert outcome.kind == "refused", outcome.detail
    assert "ck_ref" in outcome.detail and "ck_le" in outcome.detail
