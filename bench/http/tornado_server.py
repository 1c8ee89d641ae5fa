"""Tornado contender for bench/run http: the same JSON body as every other contender, plus a static folder.

    /usr/bin/python3 tornado_server.py PORT PROCESSES STATIC_DIR

PROCESSES > 1 forks that many processes sharing one listening socket (tornado.process.fork_processes), the way
TechEmpower's tornado entry runs. The access log is off, as on the Squall side.
"""
import asyncio
import json
import os
import sys

import tornado.httpserver
import tornado.netutil
import tornado.process
import tornado.web

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tornado_security_headers import SecurityHeaders  # noqa: E402


class StaticHandler(SecurityHeaders, tornado.web.StaticFileHandler):
    pass


class JsonHandler(SecurityHeaders, tornado.web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "application/json")
        # encoded per request; separators match the other contenders' body byte for byte
        self.finish(json.dumps({"message": "Hello, World!"}, separators=(",", ":")))


def make_app(static_dir):
    return tornado.web.Application(
        [
            (r"/json", JsonHandler),
            (r"/static/(.*)", StaticHandler, {"path": static_dir}),
        ],
        log_function=lambda handler: None,
    )


async def serve(sockets, static_dir, port):
    server = tornado.httpserver.HTTPServer(make_app(static_dir))
    server.add_sockets(sockets)
    print(f"tornado {tornado.version} listening on 127.0.0.1:{port}", flush=True)
    await asyncio.Event().wait()


def main():
    port, processes, static_dir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    sockets = tornado.netutil.bind_sockets(port, "127.0.0.1")
    if processes > 1:
        tornado.process.fork_processes(processes)
    asyncio.run(serve(sockets, static_dir, port))


if __name__ == "__main__":
    main()
