"""``newsprism serve``: web pages and a JSON API over a store, built on the Python API only."""

from newsprism.serve.app import create_app
from newsprism.serve.settings import ServeSettings

__all__ = ["ServeSettings", "create_app"]
