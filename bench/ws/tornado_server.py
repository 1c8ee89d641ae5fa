"""Tornado contender of bench/run ws-fanout and ws-idle: a tornado.websocket.WebSocketHandler speaking the bridge's
frame shape and nothing more. `register` adds the handler to the address's set; `publish` is parsed once, its `rec`
frame encoded once and written to every registered socket (write_message); `ping` is ignored. One process.

    /usr/bin/python3 tornado_server.py PORT [HOST]
"""
import asyncio
import json
import sys

import tornado.httpserver
import tornado.netutil
import tornado.web
import tornado.websocket

BY_ADDRESS = {}


def err(reason):
    return json.dumps({"type": "err", "body": reason}, separators=(",", ":"))


class BridgeHandler(tornado.websocket.WebSocketHandler):
    def open(self):
        self.registered = set()

    def check_origin(self, origin):
        return True  # the load client sends no Origin; the other contenders do not check it either

    def on_message(self, message):
        try:
            frame = json.loads(message)
        except ValueError:
            self.write_message(err("invalid_json"))
            return
        kind, address = frame.get("type"), frame.get("address")
        if kind == "ping":
            return
        if kind == "register":
            BY_ADDRESS.setdefault(address, set()).add(self)
            self.registered.add(address)
        elif kind == "unregister":
            BY_ADDRESS.get(address, set()).discard(self)
            self.registered.discard(address)
        elif kind == "publish":
            rec = json.dumps({"type": "rec", "address": address, "body": frame.get("body")}, separators=(",", ":"))
            for client in list(BY_ADDRESS.get(address, ())):
                try:
                    client.write_message(rec)
                except tornado.websocket.WebSocketClosedError:
                    pass
        else:
            self.write_message(err("unknown_type"))

    def on_close(self):
        for address in getattr(self, "registered", ()):
            BY_ADDRESS.get(address, set()).discard(self)


async def serve(port, host):
    app = tornado.web.Application([(r"/eventbus/websocket", BridgeHandler)], log_function=lambda handler: None)
    server = tornado.httpserver.HTTPServer(app)
    server.add_sockets(tornado.netutil.bind_sockets(port, host, backlog=1024))
    print(f"tornado {tornado.version} listening on ws://{host}:{port}/eventbus/websocket", flush=True)
    await asyncio.Event().wait()


def main():
    port = int(sys.argv[1])
    host = sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1"
    asyncio.run(serve(port, host))


if __name__ == "__main__":
    main()
