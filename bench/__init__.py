"""Benchmarks and the synthetic data they run on (never shipped as real data)."""
