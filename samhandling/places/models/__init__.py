from samhandling.places.models.collaboration import (
    Collaboration,
    Measure,
    Meeting,
    Member,
    Observation,
    SafetyWalk,
    WalkFinding,
)
from samhandling.places.models.common import no_personal_data
from samhandling.places.models.crisis import AlertList, CrisisAction, CrisisEvent
from samhandling.places.models.investment import FundApplication, FundCall, Investment

__all__ = [
    "AlertList",
    "Collaboration",
    "CrisisAction",
    "CrisisEvent",
    "FundApplication",
    "FundCall",
    "Investment",
    "Measure",
    "Meeting",
    "Member",
    "Observation",
    "SafetyWalk",
    "WalkFinding",
    "no_personal_data",
]
