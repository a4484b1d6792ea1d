"""Personal and coordination numbers: the shared validator lives in samhandling.core.identity."""

from samhandling.core.identity import normalise_personal_number, validate_personal_number

__all__ = ["normalise_personal_number", "validate_personal_number"]
