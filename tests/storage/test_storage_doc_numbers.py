"""DocCode running numbers (storage.doc_numbers) on SQLite, PostgreSQL and MariaDB: one counter per
agency and type across batches, a dossier keeps its number, parallel workers never share one, and the
migration keeps the numbers already written."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select, update

from storage import doc_numbers, layout, migrations
from storage.pipeline_db import PipelineDB
from storage.pipeline_models import DocCounter, DocNumber, Dossier

PREFIX = layout.doc_code_prefix("000.00.00.H30", "HS")


def test_two_batches_never_share_a_number_and_a_dossier_keeps_its_own(any_db_url):
    """GIVEN two batches of three dossiers WHEN each dossier asks for its number, and again as a re-run
    would THEN the six numbers are 1 to 6, each dossier gets the same number twice, and another
    agency counts from 1 on its own."""
    db = PipelineDB(any_db_url)
    try:
        ids = {}
        for batch in ("b1", "b2"):
            db.start_batch(batch)
            for name in ("a.pdf", "b.pdf", "c.pdf"):
                ids[batch, name] = db.begin_dossier(batch, name, "file")
        first = {k: doc_numbers.number_of(db, did, PREFIX) for k, did in ids.items()}
        assert sorted(first.values()) == [1, 2, 3, 4, 5, 6]
        assert {k: doc_numbers.number_of(db, did, PREFIX) for k, did in ids.items()} == first
        codes = {layout.doc_code("000.00.00.H30", "HS", n) for n in first.values()}
        assert len(codes) == 6
        other = layout.doc_code_prefix("000.00.00.G06", "HS")
        assert doc_numbers.number_of(db, ids["b1", "a.pdf"], other) == 1
    finally:
        db.close()


def test_parallel_workers_take_distinct_numbers(any_db_url):
    """GIVEN a fresh counter WHEN twelve dossiers ask at the same moment from threads, and one dossier
    asks from four threads at once THEN the twelve numbers are distinct and the one dossier has one."""
    db = PipelineDB(any_db_url)
    try:
        db.start_batch("b")
        ids = [db.begin_dossier("b", f"d{i}.pdf", "file") for i in range(12)]
        with ThreadPoolExecutor(6) as pool:
            numbers = list(pool.map(lambda did: doc_numbers.number_of(db, did, PREFIX), ids))
            again = set(pool.map(lambda _: doc_numbers.number_of(db, ids[0], PREFIX), range(4)))
        assert sorted(numbers) == list(range(1, 13)) and again == {numbers[0]}
    finally:
        db.close()


def test_a_running_number_past_six_digits_is_refused():
    assert layout.doc_code("G06.01", "HS", layout.DOC_SEQUENCE_MAX).endswith("_999999_V1")
    for bad in (0, layout.DOC_SEQUENCE_MAX + 1):
        try:
            layout.doc_code("G06.01", "HS", bad)
        except ValueError as exc:
            assert "999999" in str(exc)
        else:
            raise AssertionError(f"{bad} accepted")


def test_the_migration_keeps_the_numbers_already_written(any_db_url):
    """GIVEN a database at p0009 where two batches numbered their files from 1 (b1's a.pdf and b2's
    a.pdf both hold ..._000001_V1) WHEN migrated to p0010_doc_numbers THEN the earlier holder keeps
    number 1, b1's second dossier keeps 2, the later holder of 1 gets a new number after the highest
    written, and so does a new dossier; a downgrade drops the two tables."""
    from datetime import datetime, timedelta, timezone

    from sqlalchemy import inspect

    from storage.engines import make_engine

    eng = make_engine(any_db_url)
    migrations.upgrade(eng, "pipeline", "p0009_one_access_log")
    db = PipelineDB(any_db_url, migrate=False)
    try:
        start = datetime(2026, 11, 1, tzinfo=timezone.utc)
        ids = {}
        for i, (batch, name, number) in enumerate([("b1", "a.pdf", 1), ("b1", "b.pdf", 2), ("b2", "a.pdf", 1)]):
            db.start_batch(batch)
            did = ids[batch, name] = db.begin_dossier(batch, name, "file")
            file_name = layout.digitised_name(f"{PREFIX}_{number:06d}_V1", start.date(), "HoSo")
            db.set_artifact(did, "pdf", layout.pdf_key(batch, file_name, did))
            with db._tx() as s:  # the order they were received in
                s.execute(update(Dossier).where(Dossier.id == did).values(received_at=start + timedelta(hours=i)))
        migrations.upgrade(eng, "pipeline")
        with db._sessions() as s:
            kept = {(r.dossier_id, r.number) for r in s.scalars(select(DocNumber))}
            assert s.scalar(select(DocCounter.last).where(DocCounter.prefix == PREFIX)) == 2
        assert kept == {(ids["b1", "a.pdf"], 1), (ids["b1", "b.pdf"], 2)}
        assert doc_numbers.number_of(db, ids["b1", "a.pdf"], PREFIX) == 1
        assert doc_numbers.number_of(db, ids["b2", "a.pdf"], PREFIX) == 3
        db.start_batch("b3")
        assert doc_numbers.number_of(db, db.begin_dossier("b3", "x.pdf", "file"), PREFIX) == 4
        migrations.downgrade(eng, "pipeline", "p0009_one_access_log")
        assert not {"doc_counters", "doc_numbers"} & set(inspect(eng).get_table_names())
    finally:
        db.close()
        eng.dispose()
