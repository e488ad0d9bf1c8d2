"""Writing a large table so that only what differs is written, one batch at a time (memory stays flat at 100k
activities)."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

from django.db import connection

BATCH_SIZE = 1000


@dataclass(frozen=True)
class Synced:
    created: int
    deleted: int


def rows_sync(model, fields: tuple[str, ...], wanted: Iterable[tuple]) -> Synced:
    """Make the rows of ``model`` (its ``fields``) exactly ``wanted``, touching only the rows that differ: the
    current rows are streamed once; one not wanted (or wanted fewer times) is deleted, a wanted one missing is
    created. So a rebuild that changes nothing writes nothing here."""
    missing = Counter(wanted)
    unwanted = []
    for pk, *values in model.objects.order_by().values_list("pk", *fields).iterator(chunk_size=BATCH_SIZE):
        row = tuple(values)
        if missing[row] > 0:
            missing[row] -= 1
        else:
            unwanted.append(pk)
    # Deleted first: a replaced row may share a unique key with its replacement.
    for batch in batches(unwanted, 500):
        model.objects.filter(pk__in=batch).delete()
    created = sum(missing.values())
    rows_insert(model, fields, (row for row, count in missing.items() for _copy in range(count)))
    return Synced(created=created, deleted=len(unwanted))


def batches(items: Iterable, size: int):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
        queries_forget()


def rows_insert(model, fields: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """Insert ``rows``, values of ``fields`` (every other column but the primary key gets its model default), one
    batch at a time, each batch one prepared statement run for every row: ``bulk_create`` makes a model instance
    per row and compiles a new multi-row INSERT every hundred rows, which took most of a publish's time."""
    named = [model._meta.get_field(name) for name in fields]
    others = [column for column in model._meta.concrete_fields if not column.primary_key and column not in named]
    defaults = tuple(column.get_default() for column in others)
    columns = [*named, *others]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(column.column) for column in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        for batch in batches(rows, BATCH_SIZE):
            cursor.executemany(sql, [_db_values(columns, (*row, *defaults)) for row in batch])


def _db_values(columns: list, row: tuple) -> tuple:
    return tuple(column.get_db_prep_save(value, connection) for column, value in zip(columns, row, strict=True))


def queries_forget() -> None:
    """Empty DEBUG's query log, which keeps the SQL text of its last 9000 queries: a batch insert of activities is
    megabytes of SQL, so at 100k activities the log alone held hundreds of MiB. Left alone while a test captures
    queries (``force_debug_cursor``)."""
    if not connection.force_debug_cursor:
        connection.queries_log.clear()
