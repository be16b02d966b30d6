"""Crash safety and concurrency with real processes on a real store (ECB+ dev records).

- ``newsprism ingest`` killed with SIGKILL while storing and while clustering, then run again, ends with
  exactly the store an uninterrupted run gives (articles, stories, provenance, features, signatures,
  document frequencies: :func:`bench.crash.snapshot`), and ``PRAGMA integrity_check`` is ok after each kill.
- A second ``newsprism ingest`` on the same store refuses at once, naming the first one's pid; with
  ``--wait`` it runs after the first ends.
- ``newsprism serve`` keeps answering every page and API read while ``newsprism ingest`` writes; a POST to
  the ingest API meanwhile is a 409 saying who writes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from bench.crash import finish, ingest, integrity, kill_when_stored, progress, sample, snapshot
from bench.web import free_port, wait_for

from conftest import shared_path

pytestmark = pytest.mark.slow
RECORDS = 300  # five batches of 64 and a clustering pass: room for kills at different points


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The input (the first RECORDS ECB+ dev records) and the store an uninterrupted ingest makes of it."""
    folder = tmp_path_factory.mktemp("reliability")
    source = sample(shared_path("data", "ecbplus", "dev.jsonl"), RECORDS, folder)
    db = folder / "reference.db"
    report = finish(db, [source])
    assert report["added"] == RECORDS
    return {"input": source, "db": db, "snapshot": snapshot(db), "folder": folder}


@pytest.mark.parametrize("kill_at", [64, 192, RECORDS])
def test_sigkilled_ingest_resumes_to_the_same_store(reference: dict, tmp_path: Path, kill_at: int) -> None:
    for attempt in range(3):  # the clustering pass after the last batch is short: try again if it won
        db = tmp_path / f"store-{attempt}.db"
        landed = kill_when_stored(db, [reference["input"]], kill_at)
        if landed is not None:
            break
    assert landed is not None, "the ingest finished before the kill, three times; nothing was tested"
    stored, unplaced = landed
    assert stored >= kill_at and unplaced > 0, f"the kill landed at {landed}, not mid-ingest"
    assert integrity(db) == "ok"
    report = finish(db, [reference["input"]])
    assert report["added"] == RECORDS - stored and report["already_stored"] == stored
    assert integrity(db) == "ok"
    assert snapshot(db) == reference["snapshot"]
    assert progress(db) == (RECORDS, 0)


def test_second_ingest_refuses_then_waits_after_the_first(reference: dict, tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    everything = sample(shared_path("data", "ecbplus", "dev.jsonl"), 535, tmp_path)
    # The first ingest reads standard input: it takes the writer lock, then blocks reading until the test
    # has seen the second one refused, so the two always overlap however fast or slow the machine is.
    command = [sys.executable, "-m", "newsprism.cli", "--db", str(db), "ingest", "-", "--json"]
    first = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lock = Path(f"{db}.lock")
    deadline = time.monotonic() + 120
    while not (lock.exists() and lock.read_text().strip() == str(first.pid)):  # it holds the store
        assert first.poll() is None and time.monotonic() < deadline, "the first ingest never took the lock"
        time.sleep(0.02)
    refused = ingest(db, [reference["input"]])
    _, err = refused.communicate(timeout=120)
    assert first.poll() is None, "the first ingest ended while its input was still open"
    assert refused.returncode == 75, err
    assert f"another ingest is writing to {db} (pid {first.pid})" in " ".join(err.split())
    second = ingest(db, [reference["input"]], "--wait", "600")  # started while the first still holds it
    _, first_err = first.communicate(everything.read_bytes(), timeout=600)
    out, err = second.communicate(timeout=600)
    assert first.returncode == 0, first_err.decode()
    assert second.returncode == 0, err
    report = json.loads(out)
    assert (report["added"], report["already_stored"]) == (
        0,
        RECORDS,
    )  # it ran after the first, not beside it
    assert integrity(db) == "ok"
    assert progress(db) == (535, 0)


def test_server_keeps_serving_while_an_ingest_writes(reference: dict, tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    shutil.copy(reference["db"], db)
    more = sample(shared_path("data", "ecbplus", "dev.jsonl"), 535, tmp_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "newsprism.cli", "--db", str(db), "serve", "--port", str(port), "--warm", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(base + "/api/v1/status")
        story = httpx.get(f"{base}/api/v1/stories", params={"limit": 1}).json()["items"][0]["id"]
        article = httpx.get(f"{base}/api/v1/stories/{story}").json()["articles"][0]["id"]
        paths = [
            "/",
            f"/stories/{story}",
            f"/articles/{article}",
            "/outlets",
            "/api/v1/stories?limit=50",
            "/api/v1/stories?q=police",
            f"/api/v1/stories/{story}",
            f"/api/v1/articles/{article}",
            "/api/v1/articles?q=earthquake",
            "/api/v1/outlets",
            "/api/v1/status",
        ]
        writer = ingest(db, [more])
        answers: Counter[int] = Counter()
        failures: list[str] = []
        stop = threading.Event()

        def reader(offset: int) -> None:
            with httpx.Client(base_url=base, timeout=60) as client:
                n = offset
                while not stop.is_set():
                    path = paths[n % len(paths)]
                    n += 1
                    response = client.get(path)
                    answers[response.status_code] += 1
                    if response.status_code >= 500 or "locked" in response.text:
                        failures.append(f"{path}: {response.status_code} {response.text[:200]}")

        readers = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
        for thread in readers:
            thread.start()
        busy = None
        while writer.poll() is None:
            if busy is None and progress(db)[0] > RECORDS:
                busy = httpx.post(
                    f"{base}/api/v1/articles",
                    json={
                        "articles": [{"text": "The harbour reopened on Friday after repairs.", "outlet": "X"}]
                    },
                    timeout=60,
                )
            time.sleep(0.2)
        stop.set()
        for thread in readers:
            thread.join(60)
        _, err = writer.communicate()
        assert writer.returncode == 0, err
        assert progress(db) == (535, 0)
        assert not failures, failures[:5]
        assert sum(answers.values()) > 50 and set(answers) == {200}, answers
        assert busy is not None, "the ingest ended before the API could be asked to ingest meanwhile"
        assert busy.status_code == 409 and busy.headers["retry-after"]
        assert f"another ingest is writing to {db} (pid {writer.pid})" in busy.json()["error"]["message"]
        final = httpx.get(f"{base}/api/v1/status").json()
        assert final["articles"] == 535
    finally:
        server.terminate()
        server.communicate(timeout=60)


def test_an_ingest_after_another_writer_sees_its_articles(tmp_path: Path, models) -> None:
    """A long-lived pipeline (the watcher's, the server's) that waited for another ingest reloads its story
    window, so its next articles can join the stories the other ingest made."""
    from newsprism import Pipeline

    records = [
        json.loads(line) for line in shared_path("data", "ecbplus", "dev.jsonl").open(encoding="utf-8")
    ]
    first, second = [r for r in records if r["event"] == "13ecb"][:2]
    unrelated = next(r for r in records if r["topic"] != 13)
    files = []
    for n, record in enumerate((unrelated, first, second)):
        files.append(tmp_path / f"outlet{n}.jsonl")
        files[-1].write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp_path / "store.db"
    with Pipeline.open(db, models=models) as mine, Pipeline.open(db, models=models) as other:
        mine.ingest([files[0]])  # loads its story window
        other.ingest([files[1]])
        mine.ingest([files[2]])
        stories = {e.article.origin.split(":")[0]: e.story_id for e in mine.store.iter_entries()}
    assert stories[str(files[2])] == stories[str(files[1])] != stories[str(files[0])]
