"""django-q2 tasks of the library: thin, they take ids and call one service."""

from activities.rebuild.requests import queued_rebuild_run


def queued_rebuild(run_id: int) -> dict:
    return queued_rebuild_run(run_id)
