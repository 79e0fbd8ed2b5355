// The GUI connects, and offers the tab's key, only to its own origin or to a server on this machine.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { defaultServerURL, initialServerURL, isAllowedServer, isLoopbackServer } from '../src/protocol/serverURL.js';

const page = { protocol: 'https:', host: 'chat.example.org' };

test('?server= naming another host is ignored: the page connects to its own origin', () => {
  for (const evil of ['wss://evil.example/ws', 'ws://evil.example:8000/ws', 'wss://chat.example.org.evil.example/ws', 'wss://localhost.evil.example/ws', 'ws://127.0.0.1.evil.example/ws', 'https://evil.example/ws', 'javascript:alert(1)', 'not a url']) {
    assert.equal(initialServerURL(evil, page), 'wss://chat.example.org/ws', evil);
  }
  assert.equal(initialServerURL(null, page), 'wss://chat.example.org/ws');
});

test('?server= naming this machine is honoured, as make web-dev needs', () => {
  for (const local of ['ws://localhost:8000/ws', 'ws://127.0.0.1:8000/ws', 'ws://127.5.6.7:9/ws', 'ws://[::1]:8000/ws', 'wss://LOCALHOST/ws']) {
    assert.equal(initialServerURL(local, page), local, local);
  }
});

test('loopback is decided on the parsed host, so spellings of 127.0.0.1 count and look-alikes do not', () => {
  assert.ok(isLoopbackServer('ws://127.1:8000/ws'));
  assert.ok(isLoopbackServer('ws://0x7f.0.0.1/ws'));
  assert.ok(!isLoopbackServer('ws://128.0.0.1/ws'));
  assert.ok(!isLoopbackServer('ws://localhost@evil.example/ws'));
  assert.ok(!isLoopbackServer('ws://[::2]/ws'));
  assert.ok(!isLoopbackServer('http://localhost/ws'), 'only WebSocket URLs');
});

test('a server typed under Advanced is allowed only if it is the page’s own or on this machine', () => {
  assert.ok(isAllowedServer('wss://chat.example.org/ws', page));
  assert.ok(isAllowedServer('ws://localhost:8000/ws', page));
  assert.ok(!isAllowedServer('wss://chat.example.org:444/ws', page));
  assert.ok(!isAllowedServer('wss://other.example.org/ws', page));
});

test('the page’s own origin is its host with the matching WebSocket scheme', () => {
  assert.equal(defaultServerURL({ protocol: 'http:', host: '127.0.0.1:8000' }), 'ws://127.0.0.1:8000/ws');
  assert.equal(defaultServerURL(page), 'wss://chat.example.org/ws');
});
