"""Framework-free computation for opbouw.

Everything under ``opbouw.analysis`` takes arrays or frozen dataclasses and returns frozen
dataclasses. It imports nothing from Django or from other ``opbouw`` packages (import-linter
enforces this), so the heavy computation is easy to test, to benchmark and to run in a worker.
"""
