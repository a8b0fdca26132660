"""A minimal gunicorn configuration for opbouw: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Threads (gthread) with keep-alive, as behind a reverse proxy. The environment may override:
OPBOUW_BIND (default 127.0.0.1:8000), OPBOUW_WORKERS (2), OPBOUW_THREADS (4).
See docs/operations.md ("Web server").
"""

import os
from typing import Any

bind = os.environ.get("OPBOUW_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("OPBOUW_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("OPBOUW_THREADS", "4"))
keepalive = 5
timeout = 60
accesslog = "-"
# No query strings in the access log: they can hold search terms (docs/privacy.md).
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


def pre_request(worker: Any, req: Any) -> None:
    """A body over opbouw's limit is answered 400 unread (opbouw.core.guards): have gunicorn
    close the connection with that answer, so the unread rest of the body is never taken for
    the next request on a keep-alive connection. (gunicorn drops a Connection header set by
    the application, so the application cannot say it itself.)"""
    from opbouw.core.guards import body_too_large

    headers = dict(req.headers)
    if body_too_large(headers.get("CONTENT-TYPE", ""), headers.get("CONTENT-LENGTH")):
        req.must_close = True
