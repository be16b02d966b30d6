"""``http(s)://`` inputs of ``newsprism ingest``: the reader this layer registers with the ingest stage.

Ingest reads files and knows nothing of the web; :func:`register_url_readers` gives it this layer's
polite fetching (:func:`newsprism.live.fetch.read_url`) for web URLs. The command line registers it, and
so does ``from newsprism import Pipeline`` (the package's entry point); a program that imports
``newsprism.pipeline`` or ``newsprism.ingest`` directly calls it once to ingest URLs.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsprism.ingest import WEB_SCHEMES, ReadOptions, register_url_reader
from newsprism.records import IngestError, RawDocument


def read_web_url(url: str, options: ReadOptions) -> Iterator[RawDocument | IngestError]:
    """One URL read as ``newsprism ingest`` reads a file: a page, or a feed's items' pages."""
    # Imported on use: registering (and reading files) never loads the HTTP client.
    from newsprism.live.fetch import read_url

    yield from read_url(url, options)


def register_url_readers() -> None:
    """Let ``read_inputs`` (and so ``Pipeline.ingest``) fetch ``http(s)://`` inputs politely."""
    for scheme in WEB_SCHEMES:
        register_url_reader(scheme, read_web_url)
