"""Copies, near copies and rewrites, down to sentence-level paraphrase."""
