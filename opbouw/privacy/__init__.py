"""Privacy: consent register, inzage and export, erasure, retention (issue 5)."""
