"""Benchmarks: quality and speed figures printed beside a baseline measured in the same run."""
