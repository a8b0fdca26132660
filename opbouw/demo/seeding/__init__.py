"""Seeding the demo neighbourhood (Hengelo, wijk Berflo Es) and the large benchmark data set.

`runner.seed_demo` is the entry point; the modules around it each plan or write one part:
areas, names, people (+ profiles), places and groups, users, the journal (journal_plan for
what happens, journal for the services path, bulk for the large path), notes and reset.
"""

from .runner import Login, SeedError, SeedResult, seed_demo

__all__ = ["Login", "SeedError", "SeedResult", "seed_demo"]
