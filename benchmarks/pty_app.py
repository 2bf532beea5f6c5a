"""Drive a terminal program through a real pseudo-terminal, as an operator's terminal would.

The benchmarks time key-to-screen latency and launch-to-first-paint with it, and
the crash tests type into a live call and ``kill -9`` it. A thread reads
everything the program draws and stamps each chunk with the time it arrived, so
"when did this text appear" is answered from the arrival stamps, not from when a
waiting caller happened to wake up.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
"""The repository root, so a harness started from anywhere imports this checkout."""


class PtyTimeout(TimeoutError):
    """What was awaited did not appear in time; the message shows the screen's last bytes."""


class PtyApp:
    """One program running in a pseudo-terminal of a given size.

    Use as a context manager (it starts the program unless already started); leaving
    it kills the program if it still runs.
    """

    def __init__(
        self,
        argv: Sequence[str],
        size: tuple[int, int] = (120, 40),
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.argv = list(argv)
        self.size = size
        self.env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", **(env or {})}
        self.env.pop("TEXTUAL", None)
        for name in ("LINES", "COLUMNS"):  # pytest-xdist sets 24x80 here, which would override the pty's size
            self.env.pop(name, None)
        self.cwd = cwd
        self.output = bytearray()
        """Everything the program wrote to the terminal so far."""
        self.started = 0.0
        """``time.perf_counter()`` just before the program was started."""
        self._stamps: list[tuple[int, float]] = []
        self._arrived = threading.Condition()
        self._process: subprocess.Popen[bytes] | None = None
        self._master = -1
        self._reader: threading.Thread | None = None

    def __enter__(self) -> PtyApp:
        if self._process is None:
            self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.kill()

    @property
    def pid(self) -> int:
        """The program's process id."""
        assert self._process is not None
        return self._process.pid

    def start(self) -> None:
        """Start the program on a fresh pty and begin reading what it draws."""
        if self._process is not None:
            raise RuntimeError("already started")
        master, slave = os.openpty()
        columns, rows = self.size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self._master = master
        self.started = time.perf_counter()
        self._process = subprocess.Popen(
            self.argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=self.env,
            cwd=self.cwd,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._read, name=f"pty-{self.pid}", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError as error:
                if error.errno == errno.EINTR:
                    continue
                chunk = b""
            arrived = time.perf_counter()
            with self._arrived:
                if chunk:
                    self.output += chunk
                    self._stamps.append((len(self.output), arrived))
                self._arrived.notify_all()
            if not chunk:
                return

    def mark(self) -> int:
        """The current end of the output: search only what is drawn after this."""
        with self._arrived:
            return len(self.output)

    def write(self, data: bytes | str) -> float:
        """Send keys; returns ``time.perf_counter()`` taken just before they were written."""
        raw = data.encode() if isinstance(data, str) else data
        sent = time.perf_counter()
        os.write(self._master, raw)
        return sent

    def type(self, text: str) -> None:
        """Send ``text`` as separate writes, one key at a time, as a person types."""
        for key in text:
            self.write(key)

    def wait_for(self, pattern: bytes | re.Pattern[bytes], since: int = 0, timeout: float = 10.0) -> float:
        """Wait until ``pattern`` is drawn after offset ``since``; return when its last byte arrived.

        Raises :class:`PtyTimeout` if it does not appear within ``timeout`` seconds, or if
        the program exits first.
        """
        regex = pattern if isinstance(pattern, re.Pattern) else re.compile(re.escape(pattern))
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                found = regex.search(self.output, since)
                if found:
                    return self._arrival_of(found.end())
                left = deadline - time.monotonic()
                if left <= 0 or (self._reader is not None and not self._reader.is_alive()):
                    tail = bytes(self.output[-600:])
                    raise PtyTimeout(
                        f"{regex.pattern!r} not drawn within {timeout:.0f}s; last bytes: {tail!r}"
                    )
                self._arrived.wait(left)

    def _arrival_of(self, end: int) -> float:
        for offset, arrived in self._stamps:
            if offset >= end:
                return arrived
        raise AssertionError("matched bytes must have arrived")

    def wait_quiet(self, quiet: float = 0.3, timeout: float = 30.0) -> None:
        """Wait until the program has used no CPU for ``quiet`` seconds (loading and drawing done)."""
        deadline = time.monotonic() + timeout
        last = cpu_seconds(self.pid)
        calm_since = time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = cpu_seconds(self.pid)
            if now - last > 0.01:
                last, calm_since = now, time.monotonic()
            elif time.monotonic() - calm_since >= quiet:
                return
        raise PtyTimeout(f"pid {self.pid} still busy after {timeout:.0f}s")

    def wait_exit(self, timeout: float = 30.0) -> int:
        """Wait for the program to end by itself; its exit status."""
        assert self._process is not None
        return self._process.wait(timeout=timeout)

    def alive(self) -> bool:
        """Whether the program still runs."""
        return self._process is not None and self._process.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Send ``sig`` (default: ``kill -9``), reap the program and stop reading."""
        if self._process is None:
            return
        if self._process.poll() is None:
            os.kill(self._process.pid, sig)
        self._process.wait(timeout=30)
        if self._reader is not None:
            self._reader.join(timeout=5)
        if self._master >= 0:
            os.close(self._master)
            self._master = -1


def cpu_ms(pid: int) -> float:
    """Milliseconds of CPU that ``pid``'s threads have run so far (``/proc/PID/task/*/schedstat``, in ns)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, IndexError, ValueError):  # a thread that ended meanwhile
            continue
    return total / 1e6


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time used by ``pid`` so far (Linux ``/proc``)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def compile_checkout() -> None:
    """Write the bytecode of this checkout's ``cxnotes`` and ``benchmarks``, as installing a package does.

    An editable install compiles nothing, and where ``PYTHONDONTWRITEBYTECODE`` is set
    (as on the machines these benchmarks ran on) every launch would compile cxnotes
    from source again, about 10 ms that an installed cxnotes never pays. The bare
    baseline app is compiled the same way; Textual was compiled when pip installed it.
    """
    import compileall

    for folder in ("cxnotes", "benchmarks"):
        compileall.compile_dir(REPO / folder, quiet=1)


def cxnotes_argv(*args: str) -> list[str]:
    """The command line that runs this checkout's ``cxnotes`` with the current interpreter."""
    return [sys.executable, "-m", "cxnotes", *args]


def unique_keys(count: int, first: int = 0xAC00) -> list[str]:
    """``count`` different Hangul syllables, one per key.

    Each key is a character no escape sequence and no part of the app's chrome
    contains, and no key repeats, so its first appearance after being typed can
    only be the echo of that key. They are wide characters too, as Korean operators
    type.
    """
    if first + count > 0xD7A4:
        raise ValueError("not that many Hangul syllables")
    return [chr(first + n) for n in range(count)]
