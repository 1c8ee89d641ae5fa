// Node contender of bench/run ws-fanout and ws-idle: the `ws` package (pinned in package.json), one process, the
// bridge's frame shape and nothing more. `register` adds the socket to the address's set; `publish` is parsed once,
// its `rec` frame encoded once (to a Buffer) and sent to every registered socket; `ping` is ignored.
//   node server.js PORT [HOST]
'use strict';
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2]);
const host = process.argv[3] || '127.0.0.1';
const byAddress = new Map();

function err(reason) {
  return JSON.stringify({ type: 'err', body: reason });
}

const wss = new WebSocketServer({
  host, port, path: '/eventbus/websocket', backlog: 1024,
  perMessageDeflate: false, // the default for ws's server; said here because every contender runs without it
  clientTracking: false, // the sets below are the only registry, as in the other contenders
});

wss.on('connection', (ws) => {
  const registered = new Set();
  ws.on('message', (data, isBinary) => {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch (e) {
      ws.send(err('invalid_json'));
      return;
    }
    const address = frame.address;
    switch (frame.type) {
      case 'ping':
        break;
      case 'register': {
        let set = byAddress.get(address);
        if (!set) byAddress.set(address, (set = new Set()));
        set.add(ws);
        registered.add(address);
        break;
      }
      case 'unregister': {
        const set = byAddress.get(address);
        if (set) set.delete(ws);
        registered.delete(address);
        break;
      }
      case 'publish': {
        const set = byAddress.get(address);
        if (!set) break;
        const rec = Buffer.from(JSON.stringify({ type: 'rec', address, body: frame.body }));
        for (const client of set) client.send(rec, { binary: false });
        break;
      }
      default:
        ws.send(err('unknown_type'));
    }
  });
  ws.on('close', () => {
    for (const address of registered) {
      const set = byAddress.get(address);
      if (set) set.delete(ws);
    }
  });
  ws.on('error', () => {});
});

wss.on('listening', () => {
  const version = require('ws/package.json').version;
  console.log(`node ${process.version} ws ${version} listening on ws://${host}:${port}/eventbus/websocket`);
});
