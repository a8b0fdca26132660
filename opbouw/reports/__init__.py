"""Verantwoording: process reports, stories and outcomes, the municipal dashboard (issue 6)."""
