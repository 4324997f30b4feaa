"""A small HTTP service in Python, for the console runner's service matrix.

    python3 -u drain_server.py --port N [--stop-now]

GET /slow?ms=N prints "handling <X-Request-Id>", works N ms and answers 200 with 1,000 bytes;
GET /hello answers 200; GET /ready answers 200 until SIGTERM and 503 after. On SIGTERM it
closes its listener (a new connection is refused), waits for the requests in its handlers,
prints "stopped" and exits with 143; a second SIGTERM changes nothing. With --stop-now it exits with 143 at once, cutting the
requests in its handlers.
"""

import argparse
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

draining = threading.Event()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/slow":
            # one write per line: print() writes the text and its newline apart, which threads interleave
            sys.stdout.write("handling %s\n" % self.headers.get("X-Request-Id"))
            sys.stdout.flush()
            time.sleep(int(parse_qs(url.query).get("ms", ["0"])[0]) / 1000)
            self.answer(200, b"x" * 1000)
        elif url.path == "/hello":
            self.answer(200, b"hello")
        elif url.path == "/ready":
            self.answer(503, b"draining") if draining.is_set() else self.answer(200, b"ready")
        else:
            self.answer(404, b"no such page")

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--stop-now", action="store_true")
    options = parser.parse_args()
    server = ThreadingHTTPServer(("", options.port), Handler)
    server.daemon_threads = False  # server_close() waits for the requests in the handlers

    def drain():
        server.shutdown()  # the accept loop ends
        server.server_close()  # the listener closes, then the handlers' threads are joined
        print("stopped", flush=True)
        os._exit(143)

    def on_sigterm(signum, frame):
        if options.stop_now:
            os._exit(143)
        if not draining.is_set():  # a second SIGTERM while draining changes nothing
            draining.set()
            threading.Thread(target=drain).start()

    signal.signal(signal.SIGTERM, on_sigterm)
    print("serving on port %d" % options.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
