"""The build's use of several processes (casebook.processes): when, and how failures surface."""

from __future__ import annotations

import os

import pytest

from casebook import processes

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX-only")


@needs_fork
def test_jobs_follow_the_variable_and_the_command(monkeypatch):
    monkeypatch.setenv("CASEBOOK_BUILD_JOBS", "3")
    assert processes.jobs("build") == 3 and processes.jobs("gh-deploy") == 3
    assert processes.jobs("serve") == 1  # a threaded server must not fork
    monkeypatch.setenv("CASEBOOK_BUILD_JOBS", "1")
    assert processes.jobs("build") == 1
    monkeypatch.setenv("CASEBOOK_BUILD_JOBS", "two")
    with pytest.raises(ValueError, match="CASEBOOK_BUILD_JOBS='two': expected a whole number"):
        processes.jobs("build")
    monkeypatch.delenv("CASEBOOK_BUILD_JOBS")
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None  # not macOS
    assert processes.jobs("build") == (len(usable) if usable else os.cpu_count())


@needs_fork
def test_forked_work_returns_its_result_or_fails_loudly(capfd):
    pid, pipe = processes.start(lambda: b"x" * 200_000)  # more than a pipe's buffer
    assert processes.finish(pid, pipe) == b"x" * 200_000

    def broken() -> bytes:
        raise RuntimeError("no such template")

    pid, pipe = processes.start(broken)
    with pytest.raises(ChildProcessError, match="exit 1"):
        processes.finish(pid, pipe)
    assert "RuntimeError: no such template" in capfd.readouterr().err


def test_the_collector_comes_back_as_it_was():
    import gc

    gc.collect()
    with processes.collector_paused():
        left = [[]]
        left[0].append(left)  # a cycle, dropped while the collector is paused
        del left
    assert gc.collect() > 0  # still collected, once the collector is back

    assert gc.isenabled()
    with processes.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with processes.collector_paused():
            pass
        assert not gc.isenabled()  # a caller that had paused it keeps it paused
    finally:
        gc.enable()


def test_what_is_kept_for_the_process_is_out_of_the_collectors_sight_until_reloaded():
    """The checked casebook is frozen, so full collections no longer walk it; loading again
    (``mkdocs serve`` after an edit) unfreezes it, and garbage made since is collected,
    never frozen."""
    import gc
    import weakref

    class Node:  # tracked by the collector, and weakly referable
        pass

    try:
        with processes.kept_for_the_process():
            kept = Node()
            kept.itself = kept
        assert gc.isenabled() and gc.get_freeze_count() > 0
        assert not any(o is kept for o in gc.get_objects())  # frozen: not walked

        garbage = Node()
        garbage.itself = garbage  # a cycle that becomes garbage between two loads
        gone = weakref.ref(garbage)
        del garbage, kept
        with processes.kept_for_the_process():
            assert gone() is None  # collected before anything is frozen again
        assert gc.isenabled()
    finally:
        gc.unfreeze()
