"""Continuous checks that find what an inspection would find by hand, and the metrics."""
