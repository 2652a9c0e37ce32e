"""How many processes a build may use, running work in a forked process, and pausing the
garbage collector for allocation-heavy work.

A build is CPU-bound pure Python, so on a machine with several cores the two languages
are built side by side (``hooks/parallel_languages.py``), each rendering its own pages.
Forked processes share the checked content with their parent without copying it.
``CASEBOOK_BUILD_JOBS=1`` turns this off.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import traceback
from collections.abc import Callable, Iterator

JOBS_VARIABLE = "CASEBOOK_BUILD_JOBS"


FORKING_COMMANDS = frozenset({"build", "gh-deploy"})
"""MkDocs commands that may fork: ``serve`` runs a threaded server, where forking is unsafe."""


def jobs(command: str | None = "build") -> int:
    """Processes a build may use: ``CASEBOOK_BUILD_JOBS``, else the CPUs this process may run on.

    Always 1 for a command that must not fork, or where ``os.fork`` does not exist (Windows)."""
    if command not in FORKING_COMMANDS or not hasattr(os, "fork"):
        return 1
    wanted = os.environ.get(JOBS_VARIABLE, "").strip()
    if wanted:
        try:
            return max(1, int(wanted))
        except ValueError:
            raise ValueError(f"{JOBS_VARIABLE}={wanted!r}: expected a whole number") from None
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else (os.cpu_count() or 1)


def start(work: Callable[[], bytes]) -> tuple[int, int]:
    """Run ``work`` in a forked process; its result (bytes) comes back through :func:`finish`.

    The child never returns into the caller: it exits with status 0 once its result is
    written, or with 1 after printing the traceback (``SystemExit``: silently, the work
    has said why). Its ``atexit`` handlers do not run: they belong to the parent.
    """
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            os.close(read)
            data = work()
            with os.fdopen(write, "wb") as out:
                out.write(data)
            status = 0
        except SystemExit:
            pass  # the work has reported why it stopped
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    os.close(write)
    return pid, read


def finish(pid: int, read: int) -> bytes:
    """Wait for a :func:`start`-ed process; its result, or ``ChildProcessError`` if it failed."""
    with os.fdopen(read, "rb") as source:
        data = source.read()
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise ChildProcessError(
            f"a forked process failed (exit {os.waitstatus_to_exitcode(status)})"
        )
    return data


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a burst of allocations.

    Checking and rendering a casebook allocates millions of small objects (YAML nodes,
    models, template contexts): reference counting frees most as they go, and the rest
    (the checked casebook, the rendered pages) lives for the whole build. Each burst would
    trigger collections walking every live object, the build's whole heap included:
    15 to 25 % of the time spent checking and rendering. Cycles made meanwhile (json's
    indented encoder leaves one per call) are collected when the collector resumes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def kept_for_the_process() -> Iterator[None]:
    """Allocate what lives as long as the process (a build's checked casebook) with the
    collector paused, then move every tracked object out of its sight (:func:`gc.freeze`).

    The collector's full collections walk every object it tracks: at N = 1,000 cases,
    once the casebook is loaded, about 250,000 of them. Re-enabling the collector after
    loading cost a full walk (about 0.17 s of a one-process build), and each later full
    collection walked the casebook again. Loading makes no garbage cycles. On the first
    load, the few cycles MkDocs has left by then (about 20 objects) are frozen with it:
    collecting them first would cost a full collection (about 40 ms) for nothing. When
    the content is loaded again in the same process (``mkdocs serve`` after an edit),
    what the last load froze is unfrozen and the garbage of the builds since (pages,
    navigation: many cycles) is collected first, so the old casebook can be freed and
    no build's garbage stays frozen.
    """
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    with collector_paused():
        yield
        gc.freeze()
