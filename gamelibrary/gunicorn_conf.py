"""gunicorn's configuration file for ``make serve`` and ``deploy/gamelibrary-web.service``:
``gunicorn -c gamelibrary/gunicorn_conf.py``. The values come from ``gamelibrary.serving``."""

import os
import sys
from pathlib import Path

# gunicorn loads this file by path, before the project is importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gamelibrary.serving import gunicorn_settings

_settings = gunicorn_settings(os.environ)
wsgi_app = _settings["wsgi_app"]
bind = _settings["bind"]
workers = _settings["workers"]
timeout = _settings["timeout"]
max_requests = _settings["max_requests"]
max_requests_jitter = _settings["max_requests_jitter"]
accesslog = _settings["accesslog"]
errorlog = _settings["errorlog"]
