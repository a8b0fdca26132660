"""Audit trail: who viewed or changed which record, never its content (issue 5)."""
