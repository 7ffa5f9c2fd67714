"""Benchmarks: plain scripts, each writing its section of bench/RESULTS.md."""
