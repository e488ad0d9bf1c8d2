"""The production web server's settings (gunicorn, ``make serve``), read from the environment.

``HOST``/``PORT`` give the address (loopback by default: a reverse proxy faces the network);
``GUNICORN_WORKERS``, else ``WEB_CONCURRENCY`` (the name platforms set), else 2 x CPUs + 1, the number of
worker processes.

Sync workers, not threads (gthread): a page is Python work (the ORM, templates) and a few milliseconds of a local
database, so threads in one process would mostly wait for the interpreter lock, while processes use every core.
One more worker than twice the cores keeps a core busy while another worker waits on the database or a file of the
page cache. A sync worker is held by a slow client for the whole answer, which is why a buffering reverse proxy
(deploy/nginx.conf) faces the network.
"""

import os
from collections.abc import Mapping

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# Longer than the slowest page (a rebuild-time listing) but short enough that a stuck worker is replaced.
WORKER_TIMEOUT_SECONDS = 30
# Workers are recycled after this many requests (jittered so they do not all restart at once): bounds the
# memory any slow leak in a library can take.
MAX_REQUESTS = 5000
MAX_REQUESTS_JITTER = 500


def worker_count(environ: Mapping[str, str], cpus: int | None = None) -> int:
    """Workers asked for in the environment, else gunicorn's rule of thumb for CPU-bound work."""
    for name in ("GUNICORN_WORKERS", "WEB_CONCURRENCY"):
        value = (environ.get(name) or "").strip()
        if value:
            count = int(value)
            if count < 1:
                raise ValueError(f"{name} must be at least 1, not {count}")
            return count
    return 2 * (cpus or os.cpu_count() or 1) + 1


def bind_address(environ: Mapping[str, str]) -> str:
    host = (environ.get("HOST") or "").strip() or DEFAULT_HOST
    port = int((environ.get("PORT") or "").strip() or DEFAULT_PORT)
    # An IPv6 literal is bracketed in an address with a port.
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{port}"


def gunicorn_settings(environ: Mapping[str, str]) -> dict:
    """The settings ``gamelibrary/gunicorn_conf.py`` gives gunicorn."""
    return {
        "wsgi_app": "gamelibrary.wsgi:application",
        "bind": [bind_address(environ)],
        "workers": worker_count(environ),
        "timeout": WORKER_TIMEOUT_SECONDS,
        "max_requests": MAX_REQUESTS,
        "max_requests_jitter": MAX_REQUESTS_JITTER,
        # Access lines to standard output (the journal under systemd); GUNICORN_ACCESS_LOG=0 turns them off.
        "accesslog": None if (environ.get("GUNICORN_ACCESS_LOG") or "1").strip() in {"0", "false", "no"} else "-",
        "errorlog": "-",
    }
