"""Benchmarks behind `election-bot bench`: each module's `measure()` returns named numbers."""
