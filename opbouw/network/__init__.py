"""The neighbourhood's social fabric over time, and introductions (issue 7)."""
