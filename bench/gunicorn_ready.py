"""gunicorn settings for the bench: each worker says when it has loaded the site.

A worker that is still starting does not accept connections, so a request answered by the
other one proves nothing: on a busy machine the first page measured used to be timed while
half the workers were still importing Django.
"""

import os
from pathlib import Path


def post_worker_init(worker):
    ready = os.environ.get("BENCH_READY_DIR")
    if ready:
        (Path(ready) / str(worker.pid)).touch()
