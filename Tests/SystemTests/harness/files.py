"""File transfers (docs/PROTOCOL.md, "Files") as a raw `privchat.v1` client does them: an upload in chunks,
the `file` event, and downloads over the socket and over HTTP. Written from the spec, not from our clients."""

from __future__ import annotations

import base64
import hashlib
import json
import urllib.error
import urllib.request

from harness.websocket import ChatClient

CHUNK = 32768


def metadata(name: str, type: str = "application/octet-stream", **extra) -> str:
    return json.dumps({"name": name, "type": type, **extra})


async def expect_frame(client: ChatClient, *types: str, timeout: float = 10) -> dict:
    """The next frame of `types` (or an `error`), skipping presence events, acks, `stored` progress and
    expiry notices unless asked for."""
    skipped = {"presence", "ack", "stored", "typing", "read", "file_expired"} - set(types)
    while True:
        frame = await client.next(timeout)
        if frame["type"] in types or frame["type"] == "error":
            return frame
        assert frame["type"] in skipped, f"expected {types}, got {frame}"


async def collect(client: ChatClient, wanted: dict[str, int], timeout: float = 10) -> dict[str, list[dict]]:
    """Frames of the types in `wanted`, as many of each, in whatever order they come (presence and acks skipped)."""
    got: dict[str, list[dict]] = {type: [] for type in wanted}
    while any(len(got[type]) < count for type, count in wanted.items()):
        frame = await client.next(timeout)
        if frame["type"] in got:
            got[frame["type"]].append(frame)
        else:
            assert frame["type"] in ("presence", "ack"), f"expected {wanted}, got {frame}"
    return got


async def open_upload(client: ChatClient, size: int, room: str = "lobby", file: str | None = None) -> dict:
    """Sends `upload` and returns the answer (`upload`, or an `error`)."""
    id = client.next_id()
    await client.send({"type": "upload", "id": id, "room": room, "size": size} | ({"file": file} if file else {}))
    return await expect_frame(client, "upload")


async def send_chunks(client: ChatClient, file: str, data: bytes, offset: int = 0, chunk: int = CHUNK, window: int = 4,
                      stop_after: int | None = None) -> int:
    """Sends `data[offset:]` in chunks, at most `window` unanswered, as the spec asks; returns the bytes
    stored when done (or when `stop_after` bytes are stored)."""
    received, sent = offset, offset
    end = len(data) if stop_after is None else min(len(data), stop_after)
    unanswered = 0
    while received < end:
        while unanswered < window and sent < end:
            piece = data[sent:min(sent + chunk, end)]
            await client.send({"type": "chunk", "file": file, "offset": sent, "data": base64.b64encode(piece).decode()})
            sent += len(piece)
            unanswered += 1
        stored = await expect_frame(client, "stored")
        assert stored["type"] == "stored", stored
        assert stored["file"] == file and stored["size"] == len(data)
        received = stored["received"]
        unanswered -= 1
    return received


async def upload(client: ChatClient, data: bytes, room: str = "lobby") -> str:
    """Uploads `data` whole; returns its file id."""
    ready = await open_upload(client, len(data), room)
    assert ready["type"] == "upload", ready
    assert ready["offset"] == 0 and ready["chunk"] == CHUNK and len(ready["file"]) == 32
    assert await send_chunks(client, ready["file"], data) == len(data)
    return ready["file"]


async def share(client: ChatClient, file: str, text: str, room: str = "lobby", id: str | None = None) -> str:
    id = id or client.next_id()
    await client.send({"type": "file", "id": id, "room": room, "file": file, "text": text})
    return id


async def upload_and_share(client: ChatClient, data: bytes, name: str = "notes.bin", room: str = "lobby") -> tuple[str, dict]:
    """Uploads, shares, and waits for the ack; returns the file id and the ack."""
    file = await upload(client, data, room)
    id = await share(client, file, metadata(name), room)
    ack = await expect_frame(client, "ack")
    assert ack["type"] == "ack" and ack["id"] == id, ack
    return file, ack


async def download_socket(client: ChatClient, file: str) -> bytes:
    """The body, piece by piece over the socket."""
    body = b""
    while True:
        id = client.next_id()
        await client.send({"type": "download", "id": id, "file": file, "offset": len(body)})
        piece = await expect_frame(client, "file_data")
        assert piece["type"] == "file_data", piece
        assert piece["id"] == id and piece["offset"] == len(body)
        data = base64.b64decode(piece["data"])
        body += data
        if len(body) >= piece["size"] or not data:
            assert len(body) == piece["size"]
            return body


def http_get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """A GET on the gateway's HTTP port: status, headers (lower-case names) and body, errors included."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
