"""One writer of articles at a time: an advisory lock on a file beside the store (``news.db.lock``).

Two ingests writing one store at once would each cluster the articles the other left unplaced, with
document frequencies that miss the other's articles. SQLite's own lock is per transaction; this one is
held for a whole ingest. It is ``flock(2)``: the kernel releases it when its process dies, even by
``kill -9``, so a crashed ingest never leaves a stale lock behind. The holder's pid is written in the file
so that a refused ingest can say who holds it.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from typing import IO


class WriterBusyError(RuntimeError):
    """Another process (or another pipeline of this one) is writing articles to the store."""

    def __init__(self, db: Path, pid: int | None) -> None:
        holder = f" (pid {pid})" if pid else ""
        super().__init__(f"another ingest is writing to {db}{holder}; try again when it has finished")
        self.pid = pid


class WriterLock:
    """``acquire()`` / ``release()`` around a run that writes articles."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.path = Path(f"{db}.lock")
        self._file: IO[str] | None = None

    def acquire(self, wait: float | None = 0.0) -> None:
        """Take the lock, waiting at most ``wait`` seconds (None: as long as it takes)."""
        if self._file is not None:
            raise RuntimeError("the writer lock is already held by this pipeline")
        handle = self.path.open("a+", encoding="utf-8")
        deadline = None if wait is None else time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if deadline is None else fcntl.LOCK_NB))
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip()
                    handle.close()
                    raise WriterBusyError(self.db, int(holder) if holder.isdigit() else None) from None
                time.sleep(0.1)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is None:
            return
        self._file.seek(0)
        self._file.truncate()
        self._file.flush()
        fcntl.flock(self._file, fcntl.LOCK_UN)
        self._file.close()
        self._file = None
