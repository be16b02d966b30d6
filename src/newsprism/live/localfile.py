"""``file://`` URLs: a feed (or page) saved on disk, read the way a fetch over HTTP would give it.

``newsprism watch feed.rss`` follows the file as ``file:///abs/path/feed.rss``: each poll reads it again, so
items added to it are picked up, and an unchanged file answers like a 304 (its size and modification time
act as the ETag). Reading is done on the caller's thread: no network, no politeness to keep. A server
fetching URLs for its users (``HttpSettings.public_only``) never reads local files.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from newsprism.live.http import FetchError, Response

MEGABYTE = 1024 * 1024


def is_file_url(url: str) -> bool:
    return url[:7].lower() == "file://"


def file_url_path(url: str) -> Path:
    """The local path a ``file://`` URL names (``file:///tmp/a.rss``, ``file://localhost/tmp/a.rss``)."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise FetchError(url, f"a file:// URL names this machine's files, not host {parts.netloc!r}")
    return Path(url2pathname(parts.path))


def read_file_url(url: str, etag: str | None = None, max_bytes: int | None = None) -> Response:
    """The file as a response: status 200, or 304 when ``etag`` names its current size and mtime."""
    path = file_url_path(url)
    try:
        stat = path.stat()
        if not path.is_file():
            raise FetchError(url, "not a file")
        current = f'"{stat.st_size}-{stat.st_mtime_ns}"'
        if etag == current:
            return Response(url, url, 304, b"", "", None, current, None)
        if max_bytes is not None and stat.st_size > max_bytes:
            raise FetchError(url, f"larger than {max_bytes / MEGABYTE:g} MB")
        content = path.read_bytes()
    except FileNotFoundError:
        raise FetchError(url, f"no such file: {path}") from None
    except OSError as error:
        raise FetchError(url, error.strerror or str(error)) from None
    return Response(url, url, 200, content, "", None, current, None)
