"""An HTTP proxy in front of the S3 test server: it records every request sohoa makes (to count object
downloads and server-side copies) and can answer chosen requests with a server error, a real
network-level fault the minio SDK meets as it would meet a busy MinIO. The SDK itself is untouched."""
from __future__ import annotations

import http.client
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


@dataclass
class Seen:
    method: str
    path: str  # without the query
    query: str
    headers: dict[str, str]
    status: int = 0


class S3Proxy:
    def __init__(self, upstream: str):
        self.upstream = upstream
        self.seen: list[Seen] = []
        self._faults: list[list] = []  # [method, path prefix, remaining, status]
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, name="s3-proxy", daemon=True).start()

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.server.server_port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail(self, method: str, path_prefix: str, times: int, status: int = 503) -> None:
        """Answer the next `times` matching requests with `status` instead of passing them on."""
        with self._lock:
            self._faults.append([method, path_prefix, times, status])

    def requests(self, method: str, path_prefix: str = "/", query: bool | None = None) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if s.method == method and s.path.startswith(path_prefix)
                    and (query is None or bool(s.query) == query)]

    def _fault_for(self, method: str, path: str) -> int | None:
        with self._lock:
            for f in self._faults:
                if f[0] == method and path.startswith(f[1]) and f[2] > 0:
                    f[2] -= 1
                    return f[3]
        return None

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _relay(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                parts = urlsplit(self.path)
                seen = Seen(self.command, parts.path, parts.query, {k.lower(): v for k, v in self.headers.items()})
                with proxy._lock:
                    proxy.seen.append(seen)
                status = proxy._fault_for(self.command, parts.path)
                if status is not None:
                    seen.status = status
                    data = b"<Error><Code>ServiceUnavailable</Code><Message>injected</Message></Error>"
                    self.send_response(status)
                    self.send_header("Content-Type", "application/xml")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                conn = http.client.HTTPConnection(proxy.upstream, timeout=60)
                try:
                    conn.request(self.command, self.path, body=body,
                                 headers={k: v for k, v in self.headers.items() if k.lower() not in _HOP}
                                 | ({"Content-Length": str(length)} if body is not None else {}))
                    resp = conn.getresponse()
                    data = resp.read()
                    seen.status = resp.status
                    self.send_response(resp.status)
                    for k, v in resp.getheaders():
                        if k.lower() not in _HOP and k.lower() not in ("server", "date"):
                            self.send_header(k, v)
                    size = resp.getheader("Content-Length") if self.command == "HEAD" else str(len(data))
                    self.send_header("Content-Length", size or "0")
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(data)
                finally:
                    conn.close()

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _relay

        return Handler
