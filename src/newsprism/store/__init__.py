"""Persistence: the embedded SQLite store, and read-only browsing queries over it."""

from newsprism.store.browse import SearchSyntaxError, StoreBrowser, StoryQuery
from newsprism.store.sqlite import SCHEMA_VERSION, ArticleEntry, Store, StoredFeatures, StoreError

__all__ = [
    "SCHEMA_VERSION",
    "ArticleEntry",
    "SearchSyntaxError",
    "Store",
    "StoreBrowser",
    "StoreError",
    "StoredFeatures",
    "StoryQuery",
]
