"""Files (docs/PROTOCOL.md, "Files") at the protocol level, across a relay and two gateways, with raw
WebSocket clients and plain HTTP: uploads in chunks, the `file` event, downloads over the socket and
over HTTP byte for byte, what plain (seed) clients see, and what the relay refuses."""

import asyncio
import os
import re

from harness.files import (
    CHUNK, collect, download_socket, expect_frame, http_get, metadata, open_upload, send_chunks, sha256, share, upload_and_share,
)
from harness.websocket import ChatClient, Client


def test_a_file_shared_through_one_gateway_is_downloaded_through_the_other_byte_for_byte(cluster):
    _, (first, second) = cluster
    body = os.urandom(5 * CHUNK + 1234)

    async def scenario():
        alice = await ChatClient.join(first, "alice")
        bob = await ChatClient.join(second, "bob")
        file, ack = await upload_and_share(alice, body, "report.pdf")
        shared = await expect_frame(bob, "file")
        assert shared["file"] == {"id": file, "size": len(body)}
        assert (shared["from"], shared["seq"], shared["text"]) == ("alice", ack["seq"], metadata("report.pdf"))
        assert sha256(await download_socket(bob, file)) == sha256(body)
        status, headers, fetched = await asyncio.to_thread(http_get, second.port, f"/files/{file}/report.pdf")
        assert status == 200 and sha256(fetched) == sha256(body)
        assert headers["content-type"] == "application/octet-stream" and headers["content-length"] == str(len(body))
        assert headers["cache-control"] == "no-store" and headers["x-content-type-options"] == "nosniff"
        assert "sandbox" in headers["content-security-policy"]
        assert headers["content-disposition"].startswith("attachment") and "report.pdf" in headers["content-disposition"]
        # Only the metadata is in history: a newcomer's snapshot names the file and holds no body.
        carol = await ChatClient.join(first, "carol")
        (history_file,) = [event for event in carol.welcome["rooms"][0]["history"] if event["type"] == "file"]
        assert history_file["file"] == {"id": file, "size": len(body)}

    asyncio.run(scenario())


def test_a_plain_client_gets_a_line_with_a_link_that_downloads_the_file(cluster):
    _, (first, second) = cluster
    body = b"hello, plain world\n" * 100

    async def scenario():
        alice = await ChatClient.join(first, "alice")
        seed = await Client.join(second, "seed")
        await asyncio.to_thread(second.wait_connections, 1)
        file, _ = await upload_and_share(alice, body, "hello world.txt")
        line = await seed.next()
        match = re.fullmatch(r"alice shared hello world\.txt \(2 KiB\): (http://[^ ]+)", line)
        assert match, line
        url = match.group(1)
        assert url == f"http://127.0.0.1:{second.port}/files/{file}/hello%20world.txt"
        status, _, fetched = await asyncio.to_thread(http_get, second.port, url.split(str(second.port), 1)[1])
        assert status == 200 and fetched == body

    asyncio.run(scenario())


def test_what_the_relay_refuses_changes_nothing_and_says_why(cluster):
    _, (first, second) = cluster
    body = os.urandom(3 * CHUNK)

    async def scenario():
        alice = await ChatClient.join(first, "alice")
        bob = await ChatClient.join(second, "bob")
        ready = await open_upload(alice, len(body))
        file = ready["file"]
        await alice.send({"type": "chunk", "file": file, "offset": 5, "data": "AAAA"})
        assert (await expect_frame(alice, "stored"))["code"] == "bad_request"
        await alice.send({"type": "chunk", "file": file, "offset": 0, "data": "A" * (CHUNK * 4 // 3 + 8)})
        assert (await expect_frame(alice, "stored"))["code"] == "bad_request"
        await alice.send({"type": "chunk", "file": file, "offset": 0, "data": "not base64!"})
        assert (await expect_frame(alice, "stored"))["code"] == "bad_request"
        assert await send_chunks(alice, file, body, stop_after=CHUNK) == CHUNK
        # Sharing an incomplete upload, someone else's, or chunks into someone else's.
        await share(alice, file, metadata("half.bin"))
        assert (await expect_frame(alice, "ack"))["code"] == "bad_request"
        await bob.send({"type": "chunk", "file": file, "offset": CHUNK, "data": "AAAA"})
        assert (await expect_frame(bob, "stored"))["code"] == "not_yours"
        await alice.send({"type": "chunk", "file": "0" * 32, "offset": 0, "data": "AAAA"})
        assert (await expect_frame(alice, "stored"))["code"] == "file_expired"
        assert await send_chunks(alice, file, body, offset=CHUNK) == len(body)
        # bob never uploaded it: his gateway does not even ask the relay (which would say not_yours).
        await share(bob, file, metadata("mine.bin"))
        refused = await expect_frame(bob, "ack")
        assert refused["code"] == "bad_request" and "upload it first" in refused["message"]
        await share(alice, file, metadata("whole.bin"), room="elsewhere")
        assert (await expect_frame(alice, "ack"))["code"] == "not_in_room"
        id = await share(alice, file, metadata("whole.bin"))
        assert (await expect_frame(alice, "ack"))["id"] == id
        await share(alice, file, metadata("again.bin"))
        assert (await expect_frame(alice, "ack"))["code"] == "bad_request"
        assert (await expect_frame(bob, "file"))["text"] == metadata("whole.bin")
        await bob.send({"type": "download", "id": "d", "file": "f" * 32})
        assert (await expect_frame(bob, "file_data"))["code"] == "file_expired"
        assert (await asyncio.to_thread(http_get, second.port, "/files/" + "f" * 32))[0] == 404
        assert (await asyncio.to_thread(http_get, second.port, "/files/not-an-id"))[0] == 400
        # Nothing else reached bob: no second file, no half one.
        await bob.say("done?")
        assert (await alice.next_of("message"))["text"] == "done?"

    asyncio.run(scenario())


def test_limits_refuse_before_any_chunk_and_a_full_store_expires_the_oldest(processes):
    limits = ["--max-file-bytes", "100000", "--max-file-bytes-per-person", "200000", "--max-file-store-bytes", "250000"]
    from harness.processes import Gateway, Relay

    relay = Relay(extra=limits)
    processes.append(relay)
    gateway = Gateway(relay)
    processes.append(gateway)
    gateway.wait_healthy()

    async def scenario():
        alice = await ChatClient.join(gateway, "alice")
        bob = await ChatClient.join(gateway, "bob")
        assert alice.welcome["limits"]["max_file_bytes"] == 100000
        assert alice.welcome["limits"]["file_chunk_bytes"] == CHUNK
        too_big = await open_upload(alice, 100001)
        assert too_big["type"] == "error" and too_big["code"] == "too_large" and "100000" in too_big["message"]
        files = [(await upload_and_share(alice, bytes([number]) * 90000, f"a{number}.bin"))[0] for number in range(3)]
        # alice's third body is over her 200,000 bytes: her oldest went, and the room was told.
        seen = await collect(bob, {"file": 3, "file_expired": 1})
        assert [frame["file"]["id"] for frame in seen["file"]] == files
        assert seen["file_expired"] == [{"type": "file_expired", "room": "lobby", "file": files[0]}]
        await bob.send({"type": "download", "id": "gone", "file": files[0]})
        assert (await expect_frame(bob, "file_data"))["code"] == "file_expired"
        # bob's 90,000 bytes overfill the store (250,000): the oldest of anyone's goes, alice's second.
        file, _ = await upload_and_share(bob, b"b" * 90000, "b.bin")
        # (alice's own notice of her first one went by while she uploaded.)
        seen = await collect(alice, {"file": 1, "file_expired": 1})
        assert seen["file"][0]["file"]["id"] == file
        assert [frame["file"] for frame in seen["file_expired"]] == [files[1]]
        assert (await download_socket(alice, files[2])) == bytes([2]) * 90000
        carol = await ChatClient.join(gateway, "carol")
        marks = {event["file"]["id"]: event["file"].get("expired", False) for event in carol.welcome["rooms"][0]["history"] if event["type"] == "file"}
        assert marks == {files[0]: True, files[1]: True, files[2]: False, file: False}

    asyncio.run(scenario())


def test_a_join_after_many_files_stays_as_small_as_after_as_many_messages(gateway):
    async def scenario():
        alice = await ChatClient.join(gateway, "alice")
        for number in range(30):
            await upload_and_share(alice, os.urandom(64 * 1024), f"photo-{number}.jpg")
        bob = await ChatClient.join(gateway, "bob")
        history = bob.welcome["rooms"][0]["history"]
        assert len([event for event in history if event["type"] == "file"]) == 30
        size = len(str(bob.welcome))
        print(f"a welcome after 30 files of 64 KiB (1.9 MiB of bodies): {size} bytes")
        assert size < 30 * 600, size

    asyncio.run(scenario())


def test_a_delete_drops_the_body_at_once(cluster):
    _, (first, second) = cluster

    async def scenario():
        alice = await ChatClient.join(first, "alice")
        bob = await ChatClient.join(second, "bob")
        file, ack = await upload_and_share(alice, b"regrettable" * 100, "oops.txt")
        shared = await expect_frame(bob, "file")
        await alice.about("delete", shared)
        assert (await expect_frame(bob, "delete"))["target"]["seq"] == ack["seq"]
        assert (await expect_frame(bob, "file_expired"))["file"] == file
        assert (await asyncio.to_thread(http_get, second.port, f"/files/{file}"))[0] == 404

    asyncio.run(scenario())


def test_an_upload_goes_on_through_another_gateway_when_its_gateway_dies(cluster):
    _, (first, second) = cluster
    body = os.urandom(8 * CHUNK + 77)

    async def scenario():
        alice = await ChatClient.join(first, "alice")
        bob = await ChatClient.join(second, "bob")
        ready = await open_upload(alice, len(body))
        held = await send_chunks(alice, ready["file"], body, stop_after=3 * CHUNK)
        first.kill()
        # alice comes back through the other gateway with her session, and asks where the upload stands.
        again = await ChatClient.join(second, "alice", session=alice.welcome["session"])
        resumed = await open_upload(again, len(body), file=ready["file"])
        assert resumed["type"] == "upload" and resumed["file"] == ready["file"] and resumed["offset"] >= held
        assert await send_chunks(again, ready["file"], body, offset=resumed["offset"]) == len(body)
        await share(again, ready["file"], metadata("survivor.bin"))
        shared = await expect_frame(bob, "file")
        assert sha256(await download_socket(bob, shared["file"]["id"])) == sha256(body)

    asyncio.run(scenario())


def test_an_upload_fails_cleanly_when_the_relay_restarts(cluster, processes):
    relay, (first, _) = cluster
    from harness.processes import Relay

    async def scenario():
        alice = await ChatClient.join(first, "alice")
        ready = await open_upload(alice, 4 * CHUNK)
        await send_chunks(alice, ready["file"], os.urandom(4 * CHUNK), stop_after=CHUNK)
        relay.kill()
        restarted = Relay(port=relay.port)
        processes.append(restarted)
        epoch = restarted.health()[1]["epoch"]
        await asyncio.to_thread(first.wait_until, lambda status, body: status == 200 and body["relay_epoch"] == epoch, 10, "resynced")
        while (await alice.next(10))["type"] != "welcome":
            pass
        failed = await open_upload(alice, 4 * CHUNK, file=ready["file"])
        assert failed["type"] == "error" and failed["code"] == "file_expired", failed

    asyncio.run(scenario())


def test_a_download_needs_the_gateways_key_whatever_its_headers_say_and_counts_wrong_guesses(processes):
    """The attacks on `GET /files/ID` of a gateway with an access key: no key, forged "local" headers, two
    keys, wrong guesses until the failure limit, and a DNS-rebinding Host on an open gateway."""
    import base64
    import http.client

    from harness.processes import Gateway
    from harness.raw_http import request
    from test_access import FORGED_LOCAL, KEY, keyed_gateway

    gateway = keyed_gateway(processes)
    body = os.urandom(2 * CHUNK)

    async def shared() -> str:
        alice = await ChatClient.join_url(f"{gateway.url}?key={KEY}", "alice")
        file, _ = await upload_and_share(alice, body, "secret.bin")
        return file

    file = asyncio.run(shared())
    path = f"/files/{file}/secret.bin"
    connection = http.client.HTTPConnection("127.0.0.1", gateway.port, timeout=10)
    connection.request("GET", path)
    refused = connection.getresponse()
    challenges = refused.getheader("WWW-Authenticate")  # every such header, joined
    assert refused.status == 401 and 'Basic realm="chat"' in challenges and 'Bearer realm="chat"' in challenges
    connection.close()
    assert request(gateway.port, path, FORGED_LOCAL, upgrade=False, host="localhost")[0] == 401
    two = [("Authorization", f"Bearer {KEY}")]
    assert request(gateway.port, path + f"?key={KEY}", two, upgrade=False)[0] == 400
    for presented in ([("Authorization", f"Bearer {KEY}")], [("Authorization", "Basic " + base64.b64encode(f"anyone:{KEY}".encode()).decode())]):
        status, _, fetched = request(gateway.port, path, presented, upgrade=False)
        assert status == 200 and fetched == body
    assert http_get(gateway.port, path + f"?key={KEY}")[2] == body
    # Ten wrong guesses from one address, and that address is refused even the right key for a while.
    for guess in range(10):
        assert request(gateway.port, path, [("Authorization", f"Bearer wrong-key-number-{guess:04}")], upgrade=False, source="127.0.0.3")[0] == 401
    assert request(gateway.port, path, [("Authorization", f"Bearer {KEY}")], upgrade=False, source="127.0.0.3")[0] == 429
    assert request(gateway.port, path, [("Authorization", f"Bearer {KEY}")], upgrade=False)[0] == 200, "other addresses are not"

    open_gateway = Gateway()
    processes.append(open_gateway)
    open_gateway.wait_healthy()
    assert request(open_gateway.port, f"/files/{file}", upgrade=False, host="evil.example")[0] == 421
