"""The app for bench_load.py's "without audit" run: the audit row per read of a case page is not written.

Only the benchmark's server process is changed, the same way bench_cases.py does it in process:
the cases app's read-audit calls become no-ops. Writes are still audited.
"""

from config.wsgi import application  # noqa: F401 - the WSGI entry point granian loads
from samhandling.cases import access, views

access.record = views.record = lambda **kwargs: None
