"""Every write of the welfare app: keyword-only, in a transaction, audited."""

from samhandling.welfare.services.checks import check_create, check_decide, criteria_in_force
from samhandling.welfare.services.flags import (
    flag_decide,
    rule_run_create,
    rule_run_execute,
    rule_run_fail,
    rules_in_force,
    rules_run,
)
from samhandling.welfare.services.imports import import_batch_create, import_batch_fail, import_batch_run
from samhandling.welfare.services.suppliers import (
    ContractElsewhere,
    VersionConflict,
    contract_create,
    contract_update,
    facts_save,
    person_match_decide,
    supplier_create,
    supplier_update,
)

__all__ = [
    "ContractElsewhere",
    "VersionConflict",
    "contract_create",
    "contract_update",
    "check_create",
    "check_decide",
    "criteria_in_force",
    "facts_save",
    "flag_decide",
    "import_batch_create",
    "import_batch_fail",
    "import_batch_run",
    "person_match_decide",
    "rule_run_create",
    "rule_run_execute",
    "rule_run_fail",
    "rules_in_force",
    "rules_run",
    "supplier_create",
    "supplier_update",
]
