'use strict';
// The official event-bus client (@vertx/eventbus-bridge-client.js over sockjs-client) through a drain, on one SockJS
// transport: node drain-client.js TRANSPORT FIRST_URL SECOND_URL ADDRESS
//
// Registers on ADDRESS at FIRST_URL; when that bridge sends {"type":"reconnect"} (the client hands frames it has no
// handler for to onunhandled), connects to SECOND_URL and registers again. Prints one JSON line per event
// ({"event":"open|message|reconnect|unhandled|error|close","bridge":1|2,...}; a close is "clean" when the server's
// SockJS close frame arrived) for the Java test to read; the test publishes, drains and ends this process.

const http = require('http');
// Node's default agent keeps connections alive, but Vert.x's SockJS closes an xhr poll's connection after the
// response without saying so (issue 19): a reused socket fails the next poll. Browsers retry such a request; Node
// does not. A fresh connection per request keeps this test about the drain.
http.globalAgent = new http.Agent({ keepAlive: false });

const EventBus = require('@vertx/eventbus-bridge-client.js');

const [transport, firstUrl, secondUrl, address] = process.argv.slice(2);

function report(bridge, event, details) {
  process.stdout.write(JSON.stringify(Object.assign({ event, bridge }, details)) + '\n');
}

function connect(bridge, url) {
  const bus = new EventBus(url, { transports: [transport] });
  bus.onopen = () => {
    report(bridge, 'open');
    bus.registerHandler(address, (err, message) => {
      if (err) {
        report(bridge, 'error', { error: err });
      } else {
        report(bridge, 'message', { body: message.body });
      }
    });
  };
  bus.onerror = (err) => report(bridge, 'error', { error: err });
  bus.onunhandled = (frame) => {
    if (frame.type !== 'reconnect') {
      report(bridge, 'unhandled', { frame });
      return;
    }
    report(bridge, 'reconnect');
    if (bridge === 1) {
      connect(2, secondUrl);
    }
  };
  bus.onclose = (e) => report(bridge, 'close', { code: e.code, reason: e.reason, clean: e.wasClean });
}

connect(1, firstUrl);
