// Asynchronous steps in the order they were added, including steps that steps add.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { InOrder } from '../src/protocol/inOrder.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

test('with nothing waiting a synchronous step runs at once; an asynchronous one holds back the next', async () => {
  const order = new InOrder();
  const ran = [];
  order.add(() => ran.push('sync'));
  assert.deepEqual(ran, ['sync']);
  order.add(async () => {
    await tick();
    ran.push('slow');
  });
  order.add(() => ran.push('after'));
  assert.deepEqual(ran, ['sync']);
  await order.settled();
  assert.deepEqual(ran, ['sync', 'slow', 'after']);
});

test('a step added by a step that is starting runs after that step, and settled() waits for it too', async () => {
  const order = new InOrder();
  const ran = [];
  order.add(async () => {
    order.add(async () => {
      await tick();
      ran.push('added');
    });
    await tick();
    ran.push('outer');
  });
  order.add(() => ran.push('next'));
  await order.settled();
  assert.deepEqual(ran, ['outer', 'added', 'next']);
});

test('a step that fails is reported, and the steps after it still run', async () => {
  const errors = [];
  const order = new InOrder((error) => errors.push(error.message));
  const ran = [];
  order.add(() => {
    throw new Error('sync failure');
  });
  order.add(async () => {
    throw new Error('async failure');
  });
  order.add(() => ran.push('still'));
  await order.settled();
  assert.deepEqual([errors, ran], [['sync failure', 'async failure'], ['still']]);
});
