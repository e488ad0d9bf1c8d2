"""The freeze rebuild: ``data/extracted/*.json`` → the published library.

Its steps, one module each, in the order ``pipeline.corpus_rebuild`` runs them:

1. ``load``: read and validate the extraction files (the schema check lives with the schema,
   ``activities.extraction.schema``), normalize every activity, reject what is not a game.
2. ``clusters``: identical versions by content key, dedup under the curators' decisions, one Cluster per game;
   games a curator marked not a game withheld.
3. ``rows``: each game's published values, from its members (``books``: what its book says; ``estimates``: the
   offline estimate of what nobody says); then the curators' corrections (``activities.corrections``).
4. ``publish``: under the library lease, the orphan gate, then every table written in one transaction
   (``sync``: write only the rows that differ).
5. ``report``: the QA report saved on the RebuildRun.

Around them: ``inputs`` (a rebuild over unchanged inputs publishes nothing), ``runs`` (runs a killed process left
unfinished), ``requests`` (a rebuild queued from the admin), ``restore`` (one game's values published again
without a rebuild).

Entries left out as not games (rejected by ``load``, or marked by a curator and withheld by ``clusters``) are
listed under ``not_games`` in the QA report, and overlays on them do not count as orphans.
"""

from activities.rebuild.load import EMPTY_NAME, KEY_MISMATCH, NO_TEXT, extraction_files_load
from activities.rebuild.pipeline import RebuildRefused, corpus_rebuild
from activities.rebuild.publish import ORPHANS_REFUSED
from activities.rebuild.restore import activity_filters_restore

__all__ = [
    "EMPTY_NAME",
    "KEY_MISMATCH",
    "NO_TEXT",
    "ORPHANS_REFUSED",
    "RebuildRefused",
    "activity_filters_restore",
    "corpus_rebuild",
    "extraction_files_load",
]
