"""Every write of the indicators app: definitions, imports of values. Each one audited.

The services live in small modules by subject; this package re-exports them so that
`services.<name>` keeps working. (To change the import's chunk size in a test, patch
`services.values._BULK`, where write_values reads it.)
"""

from samhandling.indicators.services.definitions import indicator_create, indicator_update
from samhandling.indicators.services.imports import (
    MAX_STORED_ERRORS,
    import_batch_create,
    import_batch_fail,
    import_batch_run,
)
from samhandling.indicators.services.profiles import (
    PROFILE_EXPORT_KEPT,
    profile_export_fail,
    profile_export_request,
    profile_export_run,
)
from samhandling.indicators.services.values import ValueConflict, value_correct, value_version, write_values

__all__ = [
    "MAX_STORED_ERRORS",
    "PROFILE_EXPORT_KEPT",
    "ValueConflict",
    "import_batch_create",
    "import_batch_fail",
    "import_batch_run",
    "indicator_create",
    "indicator_update",
    "profile_export_request",
    "profile_export_fail",
    "profile_export_run",
    "value_correct",
    "value_version",
    "write_values",
]
