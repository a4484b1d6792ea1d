"""Demo indicators that fit the strategy, with clearly FICTITIOUS values 2017–2026.

Every figure here is made up by a seeded random generator: each district gets a fictitious
"strain" between 0 and 1 that moves its figures, plus noise and a slow trend. The numbers are
meant to look plausible for trying the system, never to describe a real district.

The definitions and the generator live in their own modules; this package re-exports them so
that `demo.load` keeps working.
"""

from samhandling.indicators.demo.definitions import DEFINITIONS, FICTITIOUS, STRAIN, YEARS
from samhandling.indicators.demo.generate import load

__all__ = ["DEFINITIONS", "FICTITIOUS", "STRAIN", "YEARS", "load"]
