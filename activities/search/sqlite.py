"""SQLite FTS5 backend: a side table of the activities' text, ranked by bm25.

The FTS5 table (created by migration ``0003_search``) has its rowid equal to
the activity id. Its tokenizer (``unicode61 remove_diacritics 2``) lower-cases
and strips every diacritic, the cedilla and the comma below alike, so
"sarituri", "sărituri" and "Sãrituri" are one token; the query is folded the
same way in Python (``normalize.unaccent``) before it is quoted. Stored text is not
folded in Python: the tokenizer does it in C, which keeps a 100k reindex fast.
"""

from django.db import connection
from django.db.models import Expression, FloatField, QuerySet
from django.db.models.sql.constants import INNER

from activities.search.base import (
    BODY_FIELDS,
    DESCRIPTION_FIELDS,
    NAME_FIELDS,
    SearchBackend,
)

TABLE = "activities_activity_search"
CREATE_TABLE_SQL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} "
    "USING fts5(names, aliases, description, body, tokenize='unicode61 remove_diacritics 2')"
)
DROP_TABLE_SQL = f"DROP TABLE IF EXISTS {TABLE}"
# Column weights for bm25, in column order: a hit in the name outranks one in the rules.
BM25_WEIGHTS = (10.0, 6.0, 3.0, 1.0)
INSERT_BATCH = 2000
INDEXED_FIELDS = ("id", *NAME_FIELDS, "aliases", *DESCRIPTION_FIELDS, *BODY_FIELDS)


def fts5_available() -> bool:
    with connection.cursor() as cursor:
        try:
            cursor.execute("CREATE VIRTUAL TABLE temp.gamelibrary_fts5_probe USING fts5(x)")
        except Exception:
            return False
        cursor.execute("DROP TABLE temp.gamelibrary_fts5_probe")
    return True


def table_exists() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [TABLE])
        return cursor.fetchone() is not None


def _joined(values) -> str:
    return " ".join(str(value) for value in values if value)


def _row(activity: dict) -> tuple:
    return (
        activity["id"],
        _joined(activity[field] for field in NAME_FIELDS),
        _joined(activity["aliases"] or []),
        _joined(activity[field] for field in DESCRIPTION_FIELDS),
        _joined(activity[field] for field in BODY_FIELDS),
    )


def _fetched(cursor):
    while rows := cursor.fetchmany(INSERT_BATCH):
        yield from rows


def match_expression(terms: list[str]) -> str:
    """An FTS5 query in which every term is a quoted string (never an operator),
    all required, the last one a prefix so results appear while typing."""
    quoted = ['"' + term.replace('"', '""') + '"' for term in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


class SqliteFts5Backend(SearchBackend):
    name = "sqlite-fts5"

    def reindex(self, *, activity_ids=None) -> None:
        if activity_ids is None and self._indexed_any():
            self._sync()
            return
        from activities.models import Activity

        activities = Activity.objects.order_by()
        with connection.cursor() as cursor:
            if activity_ids is None:
                cursor.execute(f"DELETE FROM {TABLE}")
            else:
                activity_ids = list(activity_ids)
                activities = activities.filter(id__in=activity_ids)
                cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(pk,) for pk in activity_ids])
            batch = []
            for activity in activities.values(*INDEXED_FIELDS).iterator(chunk_size=INSERT_BATCH):
                batch.append(_row(activity))
                if len(batch) >= INSERT_BATCH:
                    self._insert(cursor, batch)
                    batch = []
            self._insert(cursor, batch)

    @staticmethod
    def _indexed_any() -> bool:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {TABLE} LIMIT 1")
            return cursor.fetchone() is not None

    def _sync(self) -> None:
        """Bring a filled index in line with the whole table, rewriting only the rows whose text differs (or
        whose activity is new or gone): after a rebuild that changed nothing, one read of each and no write.

        Both are read in id order and merged, so neither is held in memory; the writes wait until the reads end.
        """
        from activities.models import Activity

        differing, gone = [], []
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid, names, aliases, description, body FROM {TABLE} ORDER BY rowid")
            indexed = _fetched(cursor)
            current = next(indexed, None)
            activities = Activity.objects.order_by("id").values(*INDEXED_FIELDS)
            for activity in activities.iterator(chunk_size=INSERT_BATCH):
                row = _row(activity)
                while current is not None and current[0] < row[0]:
                    gone.append(current[0])
                    current = next(indexed, None)
                if current is None or current[0] != row[0] or tuple(current) != row:
                    differing.append(row[0])
                if current is not None and current[0] == row[0]:
                    current = next(indexed, None)
            while current is not None:
                gone.append(current[0])
                current = next(indexed, None)
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(pk,) for pk in gone])
        for start in range(0, len(differing), INSERT_BATCH):
            self.reindex(activity_ids=differing[start : start + INSERT_BATCH])

    @staticmethod
    def _insert(cursor, rows: list[tuple]) -> None:
        if rows:
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, names, aliases, description, body) VALUES (%s, %s, %s, %s, %s)", rows
            )

    def search(self, queryset: QuerySet, terms: list[str]) -> QuerySet:
        queryset = queryset.all()
        query = queryset.query
        parent_alias = query.get_initial_alias()
        pk_column = queryset.model._meta.pk.column
        alias = query.join(FtsJoin(parent_alias=parent_alias, pk_column=pk_column, match=match_expression(terms)))
        return queryset.annotate(rank=Bm25Rank(alias))


class FtsJoin:
    """``INNER JOIN <fts table> ON rowid = <activity pk> AND MATCH <quoted terms>``,
    as an entry of Django's ``Query.alias_map``.

    A real join (not ``extra()`` and not a correlated subquery) so that bm25 is
    computed once per match, and so Django relabels the aliases when the
    searched QuerySet is used as a subquery (``pk__in=``, facet counts).
    """

    table_name = TABLE
    nullable = False
    filtered_relation = None

    def __init__(self, *, parent_alias: str, pk_column: str, match: str, table_alias=None, join_type=INNER):
        self.parent_alias = parent_alias
        self.pk_column = pk_column
        self.match = match
        self.table_alias = table_alias
        self.join_type = join_type

    def as_sql(self, compiler, connection):
        quote = connection.ops.quote_name
        fts, parent = quote(self.table_alias), quote(self.parent_alias)
        sql = (
            f"INNER JOIN {quote(TABLE)} {fts} "
            f"ON ({fts}.rowid = {parent}.{quote(self.pk_column)} AND {fts}.{quote(TABLE)} MATCH %s)"
        )
        return sql, [self.match]

    def relabeled_clone(self, change_map):
        return FtsJoin(
            parent_alias=change_map.get(self.parent_alias, self.parent_alias),
            pk_column=self.pk_column,
            match=self.match,
            table_alias=change_map.get(self.table_alias, self.table_alias),
            join_type=self.join_type,
        )

    @property
    def identity(self):
        return (type(self), self.table_name, self.parent_alias, self.match)

    def __eq__(self, other):
        return isinstance(other, FtsJoin) and self.identity == other.identity

    def __hash__(self):
        return hash(self.identity)


class Bm25Rank(Expression):
    """``-bm25()`` of the joined FTS row (bm25 is lower-is-better; rank is higher-is-better)."""

    output_field = FloatField()

    def __init__(self, alias: str):
        super().__init__()
        self.alias = alias

    def as_sql(self, compiler, connection):
        quote = connection.ops.quote_name
        weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
        return f"(-bm25({quote(self.alias)}.{quote(TABLE)}, {weights}))", []

    def relabeled_clone(self, change_map):
        return Bm25Rank(change_map.get(self.alias, self.alias))

    def get_group_by_cols(self):
        return [self]

    @property
    def identity(self):
        return (type(self), self.alias)

    def __eq__(self, other):
        return isinstance(other, Bm25Rank) and self.alias == other.alias

    def __hash__(self):
        return hash((type(self), self.alias))
