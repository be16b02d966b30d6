"""Persistence: the embedded SQLite store."""

from newsprism.store.sqlite import SCHEMA_VERSION, ArticleEntry, Store, StoredFeatures, StoreError

__all__ = ["SCHEMA_VERSION", "ArticleEntry", "Store", "StoreError", "StoredFeatures"]
