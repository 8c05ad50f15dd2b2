#!/usr/bin/env python3
"""`python3 -m http.server`, with a listen backlog that fits parallel validation.

    serve.py PORT DIR

The stock server listens with a backlog of 5 (socketserver's default). Pebble makes three
concurrent GETs per http-01 validation, so a client that triggers several challenges at once
overflows the queue; the kernel then drops the SYNs and Pebble's connections wait for the 1 s
retransmission. That is the web server's limit, not the client's, so it would penalise exactly the
clients that work in parallel. Same handler, same threads, 127.0.0.1 only; only the backlog differs.
"""
import functools
import http.server
import sys


class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 1024
    daemon_threads = True


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main():
    port, root = int(sys.argv[1]), sys.argv[2]
    handler = functools.partial(Quiet, directory=root)
    with Server(("127.0.0.1", port), handler) as httpd:
        httpd.serve_forever()


if __name__ == "__main__":
    main()
