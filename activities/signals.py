"""Hooks the freeze rebuild offers to higher layers (enrichment), so that
``activities`` never imports upward.

``library_will_publish`` is sent before anything is written (inside the
publishing transaction; outside any on a dry run), with
``activities``: a list of dicts ``{"content_key", "member_keys", "name",
"chunk_keys"}`` describing the library about to be published, and
``withheld_keys``: the content keys left out because they are not games
(rejected by the not-a-game gate, or marked by a curator). A receiver
answers a dict for the QA report; a receiver that owns keyed data (the
enrichment overlays) answers ``{"entries": int, "matched": int, "orphaned":
int, "withheld": int, "orphans": [{"content_key", "name", "candidates": [...]}]}``
(data on a withheld key is kept and counted as withheld, not orphaned) and the
rebuild refuses to publish while ``orphaned`` > 0 unless ``--allow-orphans``.

``library_published`` is sent inside the publishing transaction, after the
Activity rows are written and before the search index is rebuilt, with
``activity_ids``: receivers apply what they own (Romanian text, estimated
values) to those rows and answers a dict of counts (enrichment: ``{"overlays_shown":
int}``), which the QA report carries, summed by name, under ``after_publish``. A
receiver that raises rolls the whole publish back.

The rebuild holds the library lease (``activities.lease``) from before
``library_will_publish`` to the publishing commit, so no enrichment wave writes
in between: a receiver's answer to the first still holds when the second is sent.


``library_inputs`` is sent by a rebuild before anything else, to learn whether the data other apps apply at
publish changed since the last rebuild: a receiver that owns such data (the enrichment overlays) answers a string
that changes whenever that data does (a digest). When no answer, no extraction file and nothing else the rebuild
reads changed, and nothing wrote to the library since, the rebuild publishes nothing (``activities.rebuild.inputs``).
"""

from django.dispatch import Signal

library_will_publish = Signal()
library_published = Signal()
library_inputs = Signal()
