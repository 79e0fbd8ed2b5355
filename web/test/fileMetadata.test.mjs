// A shared file's metadata, size and thumbnail (src/files/fileMetadata.js, fileSize.js, thumbnail.js):
// the same rules as Tests/ChatProtocolTests/FileTypesTests.swift, and the thumbnail's bounds.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { encodeBase64 } from '../src/crypto/base64.js';
import {
  FALLBACK_NAME,
  isInlineImage,
  isMIMEType,
  isThumbnail,
  MAX_THUMB_BYTES,
  metadataOf,
  metadataText,
  readMetadata,
  safeFileName,
  UNKNOWN_TYPE,
} from '../src/files/fileMetadata.js';
import { formatFileSize } from '../src/files/fileSize.js';
import { fitThumbnail, THUMBNAIL_STEPS, thumbnailSize } from '../src/files/thumbnail.js';

const utf8Length = (text) => new TextEncoder().encode(text).length;
/** Base64 of a JPEG-looking `count` bytes (FF D8 FF, then anything). */
const jpeg = (count) => encodeBase64(Uint8Array.from({ length: count }, (_, index) => [0xff, 0xd8, 0xff][index] ?? index % 251));

test('sizes read as people write them, as the CLI and the gateway write them', () => {
  assert.equal(formatFileSize(12), '12 B');
  assert.equal(formatFileSize(1023), '1023 B');
  assert.equal(formatFileSize(340 * 1024), '340 KiB');
  assert.equal(formatFileSize(1_258_291), '1.2 MiB');
  assert.equal(formatFileSize(10 * 1024 * 1024 - 1), '10.0 MiB');
  assert.equal(formatFileSize(48 * 1024 * 1024), '48 MiB');
  assert.equal(formatFileSize(0), '0 B');
});

test('names lose slashes, backslashes, control and format characters, and are never empty or dots', () => {
  assert.equal(safeFileName('../../etc/passwd'), '....etcpasswd');
  assert.equal(safeFileName('a\\b\u001b[31mc\u202ed'), 'ab[31mcd', 'an escape and a bidi override go');
  assert.equal(safeFileName('..'), FALLBACK_NAME);
  assert.equal(safeFileName('  '), FALLBACK_NAME);
  assert.equal(safeFileName(' holiday.jpg '), 'holiday.jpg');
  assert.equal(utf8Length(safeFileName('é'.repeat(200))), 254, 'cut at 255 bytes, never inside a character');
  const thumbs = safeFileName('👍🏽'.repeat(40));
  assert.ok(utf8Length(thumbs) <= 255);
  assert.equal(thumbs.length % '👍🏽'.length, 0, 'never inside a grapheme: a skin tone stays with its hand');
});

test('a MIME type is type/subtype of token characters; only raster pictures are shown inline', () => {
  for (const type of ['image/png', 'application/octet-stream', 'text/plain', 'application/vnd.ms-excel']) assert.ok(isMIMEType(type), type);
  for (const type of ['<script>', 'image', 'image/', 'a/b/c', 'text/plain; charset=utf-8', 7, undefined]) assert.equal(isMIMEType(type), false, String(type));
  for (const type of ['image/png', 'image/jpeg', 'image/gif', 'image/webp']) assert.ok(isInlineImage(type), type);
  for (const type of ['image/svg+xml', 'image/bmp', 'text/html']) assert.equal(isInlineImage(type), false, type);
});

test('metadata round-trips, as the fixtures write it', () => {
  const metadata = metadataOf({ name: 'cat.png', type: 'image/png', thumb: jpeg(100), width: 640, height: 480 });
  assert.deepEqual(readMetadata(metadataText(metadata)), metadata);
  assert.equal(metadataText(metadataOf({ name: 'cat.png', type: 'image/png' })), '{"name":"cat.png","type":"image/png"}');
});

test('what is sent is made safe: its name, a type it does not know as unknown, no thumbnail that is not a small JPEG', () => {
  assert.deepEqual(metadataOf({ name: 'a/b.txt', type: '' }), { name: 'ab.txt', type: UNKNOWN_TYPE });
  assert.deepEqual(metadataOf({ name: 'x.png', type: 'IMAGE/PNG', width: 0, height: 5 }), { name: 'x.png', type: 'image/png' });
  assert.equal(metadataOf({ name: 'x', type: 'image/png', thumb: jpeg(MAX_THUMB_BYTES + 1) }).thumb, undefined);
});

test('metadata that is not metadata is a file named file of unknown type; a bad name is made safe, a bad thumbnail dropped', () => {
  const fallback = { name: FALLBACK_NAME, type: UNKNOWN_TYPE };
  for (const text of ['not json', '[]', 'null', '"cat.png"', '{"type":"image/png"}', '{"name":7,"type":"image/png"}', '{"name":"a","type":"image/png","width":"wide"}', '']) {
    assert.deepEqual(readMetadata(text), fallback, text);
  }
  assert.equal(readMetadata('{"name":"x.svg","type":"image/svg+xml"}').type, 'image/svg+xml');
  assert.equal(isInlineImage(readMetadata('{"name":"x.svg","type":"image/svg+xml"}').type), false);
  assert.equal(readMetadata('{"name":"a","type":"<script>"}').type, UNKNOWN_TYPE);
  assert.equal(readMetadata('{"name":"../x\u202egpj.exe","type":"text/plain"}').name, '..xgpj.exe');
  assert.equal(readMetadata(JSON.stringify({ name: 'a', type: 'image/png', thumb: 'PHN2Zz48L3N2Zz4=' })).thumb, undefined, 'an SVG is no JPEG thumbnail');
  assert.equal(readMetadata(JSON.stringify({ name: 'a', type: 'image/png', thumb: '/9j/"><img' })).thumb, undefined, 'not base64');
});

test('a thumbnail is a JPEG of at most 4 KiB', () => {
  assert.ok(isThumbnail(jpeg(MAX_THUMB_BYTES)));
  assert.equal(isThumbnail(jpeg(MAX_THUMB_BYTES + 1)), false);
  assert.equal(isThumbnail(encodeBase64(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))), false, 'a PNG');
});

test('a thumbnail is at most 160 pixels a side, keeps the shape, and is never larger than the picture', () => {
  assert.deepEqual(thumbnailSize(640, 480), { width: 160, height: 120 });
  assert.deepEqual(thumbnailSize(480, 640), { width: 120, height: 160 });
  assert.deepEqual(thumbnailSize(100, 50), { width: 100, height: 50 });
  assert.deepEqual(thumbnailSize(5000, 10), { width: 160, height: 1 }, 'at least a pixel');
  assert.deepEqual(thumbnailSize(640, 480, 64), { width: 64, height: 48 });
});

test('a detailed picture is tried at lower qualities, then smaller sides, until it fits 4 KiB; one that never fits has none', async () => {
  const tried = [];
  // A JPEG's size grows with its pixels and its quality.
  const encoder = (bytesPerPixel) => async (size, quality) => {
    tried.push([size.width, quality]);
    return new Uint8Array(Math.round(size.width * size.height * quality * bytesPerPixel));
  };
  const fitted = await fitThumbnail(encoder(0.8), { width: 1600, height: 1200 });
  assert.ok(fitted.bytes.length <= MAX_THUMB_BYTES);
  assert.ok(fitted.width <= 160 && fitted.height <= 160);
  assert.deepEqual(tried.map(([width]) => width), [160, 160, 160, 120], 'three qualities at 160 pixels, then a smaller side');
  assert.deepEqual([fitted.width, fitted.height], [120, 90]);
  tried.length = 0;
  assert.equal(await fitThumbnail(encoder(100), { width: 1600, height: 1200 }), undefined);
  assert.equal(tried.length, THUMBNAIL_STEPS.length, 'every step was tried');
  assert.equal(await fitThumbnail(async () => undefined, { width: 10, height: 10 }), undefined, 'a picture that cannot be drawn has none');
});
