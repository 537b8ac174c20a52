"""Benchmarks: synthetic reports and the measurements of `make bench`."""
