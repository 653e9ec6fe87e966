"""A local HTTP server that stands in for an outside service in tests.

Give it a handler `(request) -> (status, dict | bytes[, headers])`; it records every
request so a test can check what our adapter actually sent over the wire. With an `ssl_context` it
speaks HTTPS (and, if the context asks for one, checks the client's certificate).
"""

import contextlib
import json
import threading
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict
    body: bytes
    headers: dict
    lists: dict | None = None  # every value of each query key (filter[id][]=1&filter[id][]=2)

    @property
    def form(self) -> dict:
        return {key: values[0] for key, values in parse_qs(self.body.decode()).items()}

    @property
    def json(self):
        return json.loads(self.body.decode())

    @property
    def content_type(self) -> str:
        return next((v for k, v in self.headers.items() if k.lower() == "content-type"), "")

    @property
    def parts(self) -> dict:
        """A multipart/form-data body: {name: str for a field, (filename, bytes) for a file}."""
        message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {self.content_type}\r\n\r\n".encode() + self.body)
        parts = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            payload = part.get_payload(decode=True)
            parts[name] = (filename, payload) if filename else payload.decode()
        return parts

    @property
    def data(self) -> dict:
        """The request's parameters whatever the encoding: JSON, an HTML form or multipart fields (no files)."""
        kind = self.content_type
        if kind.startswith("application/json"):
            return self.json
        if kind.startswith("multipart/form-data"):
            return {key: value for key, value in self.parts.items() if isinstance(value, str)}
        return {**self.query, **self.form}


class FakeService:
    def __init__(self, handler, ssl_context=None):
        self.handler = handler
        self.requests: list[RecordedRequest] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self):
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                recorded = RecordedRequest(
                    method=self.command,
                    path=parts.path,
                    query={key: values[0] for key, values in parse_qs(parts.query).items()},
                    body=self.rfile.read(length),
                    headers=dict(self.headers),
                    lists=parse_qs(parts.query),
                )
                service.requests.append(recorded)
                status, payload, *extra = service.handler(recorded)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                for name, value in (extra[0] if extra else {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                # A client that gave up waiting (a test of a timeout) is gone: the work was done all the same.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_PURGE = _serve

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if ssl_context:
            self.server.socket = ssl_context.wrap_socket(self.server.socket, server_side=True)
        scheme = "https" if ssl_context else "http"
        self.url = f"{scheme}://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
