"""Benchmarks behind `make bench`: each module's `measure()` returns named numbers."""
