"""Persistence: the embedded SQLite store, and read-only browsing queries over it."""

from newsprism.records import ArticleEntry
from newsprism.rows import StoredFeatures
from newsprism.store.browse import SearchSyntaxError, StoreBrowser, StoryQuery
from newsprism.store.sqlite import SCHEMA_VERSION, Store, StoreError

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
