"""Benchmarks: a data generator for large workspaces and a load generator on loopback."""
