"""Serving from several processes: gunicorn, for `tipreg serve --workers N` (N > 1).

One Python process runs Python code on one core at a time, so waitress (threads in one process) cannot use
a second core; gunicorn forks N worker processes from a master that has already loaded the application.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from gunicorn.app.base import BaseApplication


class TipregServer(BaseApplication):
    def __init__(self, application: Any, options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application


def serve_processes(application: Any, host: str, port: int, workers: int, threads: int) -> None:
    """Serve `application` from `workers` processes of `threads` threads each, until interrupted."""
    connections.close_all()  # each worker opens its own database connection; none is shared across a fork
    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",  # threads in each process, keep-alive connections served
        "keepalive": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "tipreg",
    }
    TipregServer(application, options).run()
