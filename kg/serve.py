"""``fazhi serve``: a store behind Oxigraph's own SPARQL 1.1 Protocol server, read-only on 127.0.0.1,
plus a page (stored queries, a query editor, the compliance matrix) served as static files.

Read-only: ``oxigraph serve-read-only`` opens the database read-only and answers every write (SPARQL
Update, Graph Store PUT/POST/DELETE) with 403 Forbidden. A shared lock on the store keeps builds and
drops out while it is served (Oxigraph cannot change files another process has open).

Kept answers: a process of its own keeps the answers of the stored queries without parameters
(kg.store.warm), and the page server hands them to the page as they are.

Time limit: ``--timeout-s`` makes Oxigraph cancel a query at the limit, but its engine looks at the
cancellation flag only at some points: a sort, or the inner loops of a cross join of three or more
patterns, run on for minutes. So a watchdog here reads the server's CPU time per thread (Oxigraph
serves each connection on its own thread) and restarts the server when a thread has been busy without
a pause past :func:`hard_limit`: killing the process is the only way to stop a query inside it.
Restarting drops the other requests in flight; the server keeps its port, and clients get an error.
The watchdog needs Linux's /proc; elsewhere only Oxigraph's own cancellation applies.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections import deque
from contextlib import ExitStack
from datetime import datetime, timezone
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import IO, Any, BinaryIO, Callable

HOST = "127.0.0.1"
DEFAULT_TIMEOUT = 30
OXIGRAPH_SERIES = "oxigraph 0.5."
START_SECONDS = 30.0
_POLL = 0.5


class ServeError(Exception):
    """The endpoint cannot start or has stopped; ``str()`` says why and what to do."""


def find_oxigraph() -> str:
    """The ``oxigraph`` executable of the ``oxigraph`` package (0.5): beside this Python (the
    virtual environment's ``bin/``), else on PATH."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    install = "install it with: pip install 'oxigraph>=0.5,<0.6' (a dependency of fazhi-kg)"
    if not found:
        raise ServeError(f"the Oxigraph server (the oxigraph command) is not installed; {install}")
    try:
        version = subprocess.run([found, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        raise ServeError(f"{found} does not run ({exc}); {install}") from None
    if not version.startswith(OXIGRAPH_SERIES):
        raise ServeError(f"{found} is {version or 'not the Oxigraph server'}; fazhi serve needs oxigraph 0.5: {install}")
    return found


def check_store_dir(directory: Path) -> Path:
    """The database folder of the store ``directory``; ServeError naming the folder and what to do
    when it is missing, not a store, or of another format."""
    from .store import StoreError, check_store
    from .store.layout import DATABASE

    try:
        check_store(directory)
    except StoreError as exc:
        raise ServeError(str(exc)) from None
    database = directory / DATABASE
    if not (database / "CURRENT").is_file():
        raise ServeError(f"{directory}: the store has no database ({database} is missing or empty); "
                         f"rebuild it with fazhi build FILES --store {directory}")
    return database


def free_port() -> int:
    """A TCP port on 127.0.0.1 free right now (a race with other programs stays possible)."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def stop_process(proc: subprocess.Popen[Any], grace: float = 5.0) -> None:
    """Terminate ``proc``; kill it when it is still running after ``grace`` seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def hard_limit(timeout: int) -> float:
    """Seconds a server thread may stay busy before the watchdog restarts the server: twice the
    timeout, at least the timeout plus 5 s, which leaves Oxigraph's own cancellation time to act."""
    return timeout + max(timeout, 5)


class _BusyThreads:
    """How long each thread of a process has been busy without a pause (Linux /proc; elsewhere 0)."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.since: dict[str, float] = {}
        self.tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def longest(self, pid: int, now: float, interval: float) -> float:
        seen = {}
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            return 0.0
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/stat", encoding="ascii", errors="replace") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            seen[tid] = (int(fields[11]) + int(fields[12])) / self.tick  # utime + stime
        for tid, cpu in seen.items():
            if cpu - self.cpu.get(tid, cpu) >= interval / 2:
                self.since.setdefault(tid, now - interval)
            else:
                self.since.pop(tid, None)
        self.cpu = seen
        self.since = {t: s for t, s in self.since.items() if t in seen}
        return max((now - s for s in self.since.values()), default=0.0)


class _PageHandler(SimpleHTTPRequestHandler):
    """Read-only content (GET and HEAD, no listings): the page at /, the files of the store's
    ``check/`` folder (``fazhi check -o``) under /check/, at /answers?query=NAME&PARAM=VALUE the
    answer kept for a stored query (SPARQL results JSON; 404 when none is kept for the store as it
    is now), and at /answers/first?… its first rows and their ``total``. The page is held in
    memory, not written into the store, so two servers of one store do not overwrite each other's
    page."""

    page = b""
    store = Path()

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        url = urllib.parse.urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            return self._body(200, self.page, "text/html; charset=utf-8")
        if url.path in ("/answers", "/answers/first"):
            return self._kept(url.query, first=url.path.endswith("/first"))
        if url.path.startswith("/check/"):
            return super().send_head()
        self.send_error(404, "Not found")
        return None

    def _kept(self, query: str, first: bool) -> io.BytesIO | BinaryIO:
        from .errors import QueryError
        from .store.read import kept_answer

        params = dict(urllib.parse.parse_qsl(query))
        name = params.pop("query", "")
        try:
            path = kept_answer(self.store, name, params, first)
            answer = path.open("rb") if path is not None else None  # sent as it is read: answers reach 250 MB
        except QueryError as exc:
            return self._body(400, str(exc).encode("utf-8"), "text/plain; charset=utf-8")
        except OSError:  # removed by a writer meanwhile
            answer = None
        if answer is None:
            return self._body(404, b"no answer kept for the store as it is now", "text/plain; charset=utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(os.fstat(answer.fileno()).st_size))
        self.end_headers()
        return answer

    def _body(self, status: int, body: bytes, content_type: str) -> io.BytesIO:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def translate_path(self, path: str) -> str:
        return super().translate_path(urllib.parse.urlsplit(path).path[len("/check"):])

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(404, "No listing")
        return None

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass


def _store_changed(database: Path) -> str:
    """When the database was last written (its newest file), as ISO 8601 UTC."""
    newest = max((p.stat().st_mtime for p in database.iterdir() if p.is_file()), default=0.0)
    return datetime.fromtimestamp(newest, timezone.utc).isoformat(timespec="seconds")


def _query_entries() -> list[dict[str, Any]]:
    """The stored queries for the page: name, questions, header, parameters, columns and text."""
    from .query import query_columns, query_parameters, required_parameters
    from .resources import query_description, query_names, query_text

    entries = []
    for name in query_names():
        head = query_description(name).splitlines()
        questions = [line for line in head if line and not line.startswith(("Parameters:", "Columns:", " "))]
        zh = next((q for q in questions if any("\u4e00" <= ch <= "\u9fff" for ch in q)), "")
        en = next((q for q in questions if q != zh), "")
        required = set(required_parameters(name))
        notes = [line for line in head if line not in (zh, en)]
        entries.append({"name": name, "zh": zh, "en": en, "description": "\n".join(notes),
                        "parameters": [{"name": p, "optional": p not in required} for p in query_parameters(name)],
                        "columns": query_columns(name), "text": query_text(name)})
    return entries


def page_html(config: dict[str, Any]) -> str:
    """The page: one self-contained HTML file with ``config`` and the stored queries."""
    from .namespaces import PREFIXES

    config = {**config, "prefixes": {p: str(ns) for p, ns in PREFIXES.items()}, "queries": _query_entries()}
    data = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    template = files("kg").joinpath("serve_page.html").read_text(encoding="utf-8")
    origin = urllib.parse.urlsplit(config["endpoint"])
    return template.replace("__ENDPOINT_ORIGIN__", f"{origin.scheme}://{origin.netloc}").replace("__CONFIG__", data)


class Endpoint:
    """A running ``fazhi serve``: Oxigraph's server, its watchdog and the page server. Use
    :func:`serve` to make one; ``stop()`` (or leaving a ``with`` block) ends all three."""

    #: Rows of an answer the page lays out (it says how many there are and how to get them all);
    #: None: as many as a kept answer's first rows (kg.store.cache.FIRST_ROWS).
    rows_shown: int | None = None

    def __init__(self, store: Path, database: Path, binary: str, port: int | None, page_port: int | None,
                 timeout: int, log: Callable[[str], None], warm: bool = True) -> None:
        self.store = store
        self.warm = warm
        self.warmed = threading.Event()  # set when the warming process has ended (or never started)
        self._warming: subprocess.Popen[bytes] | None = None
        self.database = database
        self.binary = binary
        self.port = port or 0
        self.page_port = page_port or 0
        self.timeout = timeout
        self.log = log
        self.restarts = 0
        self.failure: str | None = None
        self._auto_port = port is None
        self._proc: subprocess.Popen[bytes] | None = None
        self._stderr: deque[str] = deque(maxlen=20)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._ended = threading.Event()
        self._threads: list[threading.Thread] = []
        self._pages: ThreadingHTTPServer | None = None
        self._locks = ExitStack()

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return f"http://{HOST}:{self.port}/query"

    @property
    def page_url(self) -> str:
        return f"http://{HOST}:{self.page_port}/"

    # ---------------------------------------------------------------- the Oxigraph process

    def _spawn(self) -> None:
        # Each triple of a store is in one graph only, so the union of the graphs is the dataset's
        # default graph: clients query it without naming a graph.
        args = [self.binary, "serve-read-only", "--location", str(self.database), "--bind", f"{HOST}:{self.port}",
                "--cors", "--union-default-graph"]
        if self.timeout:
            args += ["--timeout-s", str(self.timeout)]
        self._stderr.clear()
        listening = threading.Event()
        env = {**os.environ, "RUST_BACKTRACE": "0", "RUST_LIB_BACKTRACE": "0"}
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        self._proc = proc
        reader = threading.Thread(target=self._read_stderr, args=(proc.stderr, listening), daemon=True, name="oxigraph stderr")
        reader.start()
        # Oxigraph prints "Listening for requests at …" once it has bound the port: before that, an
        # answer on the port could come from another server (one already there, say).
        deadline = time.monotonic() + START_SECONDS
        while not listening.wait(0.05):
            if proc.poll() is not None or time.monotonic() > deadline:
                stop_process(proc)
                reader.join(2)
                errors = [line for line in self._stderr if line.startswith("Error")] or list(self._stderr)
                raise ServeError(f"the Oxigraph server did not start (exit status {proc.returncode}): "
                                 + (" ".join(errors) or "no message"))
        for _ in range(100):
            try:
                self._probe()
                return
            except (OSError, ValueError):
                time.sleep(0.05)
        stop_process(proc)
        raise ServeError(f"the Oxigraph server on port {self.port} does not answer queries")

    def _read_stderr(self, stream: IO[bytes] | None, listening: threading.Event) -> None:
        if stream is None:
            return
        with stream:  # closed here, at the end of the output, not under the reading thread
            for line in stream:
                text = line.decode("utf-8", "replace").strip()
                self._stderr.append(text)
                if text.startswith("Listening for requests"):
                    listening.set()

    def _probe(self) -> None:
        """One query, to know the server answers."""
        body = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
        req = urllib.request.Request(self.query_url, body, {"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=5) as resp:
            json.load(resp)["boolean"]

    def _start_oxigraph(self) -> None:
        for attempt in range(3 if self._auto_port else 1):
            if self._auto_port:
                self.port = free_port()
            try:
                self._spawn()
                return
            except ServeError as exc:
                in_use = "in use" in str(exc).lower()
                if not (self._auto_port and in_use and attempt < 2):
                    raise ServeError(f"port {self.port} is in use; give another with --port" if in_use else str(exc)) from None

    def _watch(self) -> None:
        busy = _BusyThreads()
        limit = hard_limit(self.timeout) if self.timeout else None
        last = time.monotonic()
        while not self._stopping.wait(_POLL):
            now = time.monotonic()
            with self._lock:
                proc = self._proc
                if self._stopping.is_set() or proc is None:
                    return
                if proc.poll() is not None:
                    self.failure = (f"the Oxigraph server stopped unexpectedly (exit status {proc.returncode}): "
                                    + (" ".join(self._stderr) or "no message"))
                    self._ended.set()
                    return
                if limit is not None and busy.longest(proc.pid, now, now - last) > limit:
                    self.log(f"a request has been running for over {limit:.0f} s (time limit {self.timeout} s): "
                             f"restarting the SPARQL server")
                    stop_process(proc)
                    busy = _BusyThreads()
                    try:
                        self._spawn()
                    except ServeError as exc:
                        self.failure = f"restarting the Oxigraph server failed: {exc}"
                        self._ended.set()
                        return
                    self.restarts += 1
            last = now

    # ---------------------------------------------------------------- the page

    def _start_pages(self) -> None:
        from .store.cache import FIRST_ROWS

        page = page_html({
            "endpoint": self.query_url, "timeout": self.timeout,
            "hardLimit": hard_limit(self.timeout) if self.timeout else None, "store": str(self.store),
            "storeChanged": _store_changed(self.database),
            "checkCommand": f"fazhi check --store {self.store} -o {self.store / 'check'}",
            "rowsShown": self.rows_shown or FIRST_ROWS,
        })
        handler = type("Handler", (_PageHandler,), {"page": page.encode("utf-8"), "store": self.store})
        try:
            self._pages = ThreadingHTTPServer((HOST, self.page_port), partial(handler, directory=str(self.store / "check")))
        except OSError as exc:
            raise ServeError(f"the page cannot be served on port {self.page_port}: {exc.strerror or exc}") from None
        self._pages.daemon_threads = True
        self.page_port = int(self._pages.server_address[1])
        self._thread(self._pages.serve_forever, "fazhi page server")

    def _thread(self, target: Callable[[], None], name: str) -> None:
        t = threading.Thread(target=target, daemon=True, name=name)
        t.start()
        self._threads.append(t)

    # ---------------------------------------------------------------- kept answers

    def _start_warming(self) -> None:
        """Keep the answers of the stored queries without parameters, in a process of its own at a
        low priority (kg.store.warm): the page shows them at once from then on."""
        if not self.warm:
            self.warmed.set()
            return
        self._warming = subprocess.Popen([sys.executable, "-m", "kg.store.warm", str(self.store)], stdin=subprocess.DEVNULL,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._thread(partial(self._follow_warming, self._warming), "fazhi serve warming")

    def _follow_warming(self, proc: subprocess.Popen[bytes]) -> None:
        started = time.monotonic()
        out, err = proc.communicate()
        if not self._stopping.is_set():
            if proc.returncode == 0:
                ran = len(out.splitlines())
                if ran:
                    self.log(f"kept the answers of {ran} stored queries in {time.monotonic() - started:.0f} s: "
                             "the page shows them at once until the store changes")
            else:
                self.log("keeping the answers of the stored queries stopped: "
                         + (err.decode("utf-8", "replace").strip().splitlines() or [f"exit status {proc.returncode}"])[-1])
        self.warmed.set()

    # ---------------------------------------------------------------- life cycle

    def start(self) -> None:
        from .store.layout import StoreError, reader_lock

        try:
            try:
                self._locks.enter_context(reader_lock(self.store))  # builds and drops are refused until stop()
            except StoreError as exc:
                raise ServeError(str(exc)) from None
            self._start_oxigraph()
            self._start_pages()
        except BaseException:
            self.stop()
            raise
        self._thread(self._watch, "fazhi serve watchdog")
        self._start_warming()

    def stop(self) -> None:
        """Stop the page server, the watchdog and the Oxigraph server (idempotent)."""
        self._stopping.set()
        # The server first: the thread reading its output ends with it, and no thread waits on it.
        with self._lock:
            if self._proc is not None:
                stop_process(self._proc)
        if self._warming is not None:
            stop_process(self._warming)
        if self._pages is not None:
            self._pages.shutdown()
            self._pages.server_close()
            self._pages = None
        for t in self._threads:
            if t is not threading.current_thread():
                t.join(10)
        self._locks.close()
        self._ended.set()

    def wait(self, seconds: float | None = None) -> bool:
        """Block until the endpoint has ended (stopped, or failed: see ``failure``) or ``seconds`` pass."""
        return self._ended.wait(seconds)

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def serve(store: Path, port: int | None = None, page_port: int | None = None, timeout: int = DEFAULT_TIMEOUT,
          log: Callable[[str], None] | None = None, warm: bool = True) -> Endpoint:
    """Serve the store ``store`` read-only: start Oxigraph's SPARQL server on 127.0.0.1 (``port``, or
    a free one), wait until it answers, and serve the page (``page_port``, or a free one). ``timeout``
    is the time limit of a query in seconds (0: none). ``log`` gets the watchdog's messages (default:
    standard error). With ``warm`` the answers of the stored queries without parameters are kept
    in the background (see ``Endpoint.warmed``). Raises ServeError with a message for the user."""
    database = check_store_dir(store)
    endpoint = Endpoint(store, database, find_oxigraph(), port, page_port, timeout,
                        log or (lambda msg: print(f"fazhi serve: {msg}", file=sys.stderr, flush=True)), warm)
    endpoint.start()
    return endpoint
