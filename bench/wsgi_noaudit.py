"""The app for bench_load.py's "without audit" run: the audit row per read of a case page is not written.

Only the benchmark's server process is changed, the same way bench_cases.py does it in process:
the cases app's read-audit calls become no-ops, and so does the floor page's (bench/wsgi_floor.py).
Writes are still audited.
"""

import wsgi_floor
from wsgi_floor import application  # noqa: F401 - the WSGI entry point granian loads

from samhandling.cases import access, views

access.record = views.record = wsgi_floor.record = lambda **kwargs: None
