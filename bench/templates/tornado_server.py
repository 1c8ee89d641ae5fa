"""Tornado contender for bench/run templates (end to end): GET /page renders tornado/page.html with the context of
page_data.py, as a Tornado app would (RequestHandler.render, template cache on, no debug), with the security headers
a Squall page carries by default.

    /usr/bin/python3 tornado_server.py PORT PROCESSES TEMPLATE_DIR

PROCESSES > 1 forks that many processes sharing one listening socket (tornado.process.fork_processes). The access
log is off, as on the Squall side.
"""
import asyncio
import os
import sys

import tornado.httpserver
import tornado.netutil
import tornado.process
import tornado.web

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import page_data  # noqa: E402
from tornado_security_headers import SecurityHeaders  # noqa: E402

CONTEXT = page_data.context()


class PageHandler(SecurityHeaders, tornado.web.RequestHandler):
    def get(self):
        self.render("page.html", **CONTEXT)


def make_app(template_dir):
    return tornado.web.Application([(r"/page", PageHandler)], template_path=template_dir,
                                   log_function=lambda handler: None)


async def serve(sockets, template_dir, port):
    server = tornado.httpserver.HTTPServer(make_app(template_dir))
    server.add_sockets(sockets)
    print(f"tornado {tornado.version} listening on 127.0.0.1:{port}", flush=True)
    await asyncio.Event().wait()


def main():
    port, processes, template_dir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    sockets = tornado.netutil.bind_sockets(port, "127.0.0.1")
    if processes > 1:
        tornado.process.fork_processes(processes)
    asyncio.run(serve(sockets, template_dir, port))


if __name__ == "__main__":
    main()
