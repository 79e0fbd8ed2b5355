// A plain-protocol chat on Node's `ws`, as a peer for `make bench`: Debian's node-ws, run as
//
//     NODE_PATH=/usr/share/nodejs node bench/peers/ws_server.js 8000
//
// A client's first text frame is its name; every later text frame goes to every other client as
// "name: text"; the sender gets nothing back and nothing else is ever sent. The broadcast is ws's
// own README example ("send to every client except the sender"), encoding the line once.

'use strict';

const { WebSocketServer, WebSocket } = require('ws');

const port = Number(process.argv[2] || process.env.PORT || 8000);
const host = process.env.HOST || '127.0.0.1';

// Every named connection and its name.
const names = new Map();

const server = new WebSocketServer({ host, port, path: '/ws' });

server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    const name = names.get(socket);
    if (name === undefined) {
      names.set(socket, data.toString());
      return;
    }
    const line = Buffer.from(`${name}: ${data.toString()}`);
    for (const client of names.keys()) {
      if (client !== socket && client.readyState === WebSocket.OPEN) {
        client.send(line, { binary: false });
      }
    }
  });
  socket.on('close', () => names.delete(socket));
  socket.on('error', () => names.delete(socket)); // a reset connection: 'close' follows
});

server.on('listening', () => console.log(`ws peer listening on ws://${host}:${port}/ws`));
server.on('error', (error) => {
  console.error(error.message);
  process.exit(1);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
