"""Seeding the demo neighbourhood (Hengelo, wijk Berflo Es) and the large benchmark data set.

`runner.seed_demo` is the entry point; the modules around it each plan or write one part:
areas (CBS tree and boundaries), names and profiles, people, catalogue and groups (places
and groups), users (organisations and accounts), journal_plan (what happens when), notes (the
Dutch text), journal (the services path), bulk and indexes (the large path) and reset.
"""

from .runner import Login, SeedError, SeedResult, seed_demo

__all__ = ["Login", "SeedError", "SeedResult", "seed_demo"]
