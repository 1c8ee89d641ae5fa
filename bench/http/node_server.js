// Node contender for bench/run http: node's own http module, one process, the same JSON body as the others.
//   node node_server.js PORT
'use strict';
const http = require('http');

const port = Number(process.argv[2]);
// the headers a Squall response carries by default: every contender sends the same bytes (see Hello.java)
const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
};

http.createServer((req, res) => {
  if (req.url === '/json') {
    const body = JSON.stringify({ message: 'Hello, World!' }); // encoded per request, like the others
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  } else {
    res.writeHead(404);
    res.end();
  }
}).listen(port, '127.0.0.1', () => console.log(`node ${process.version} listening on 127.0.0.1:${port}`));
