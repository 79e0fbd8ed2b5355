"""Direct messages end to end (docs/PROTOCOL.md, "Direct messages (e2d2:)"): between two `chat`s they
are ciphertext on the wire and plain text in both; to someone without keys, `chat` tells the sender
and sends only with `/msg!`; a clear one received is marked."""

import asyncio
import json

from harness.cli import ChatCLI
from harness.encrypted_room import Observer, wait_line
from harness.tampering import tampering_proxy

SECRET = "just between us, by the old mill"


def test_a_direct_message_between_clis_is_ciphertext_on_the_wire_and_plain_text_in_both(gateway, processes):
    to_bob: list[dict] = []

    def record(frame: str) -> str:
        to_bob.append(json.loads(frame))
        return frame

    async def scenario():
        watcher = await Observer.join(gateway, rooms=["lobby"])
        proxy = await tampering_proxy(gateway.url, record)
        amy = ChatCLI(gateway.url, "--name", "amy")
        bob = ChatCLI(f"ws://localhost:{proxy.sockets[0].getsockname()[1]}/ws", "--name", "bob")
        processes.extend([amy, bob])
        await watcher.joined("amy", "bob")
        # Once amy reads bob in the lobby, she has seen him arrive with his sealing key.
        bob.send("hello")
        assert await asyncio.to_thread(amy.line) == "[lobby] bob: hello"
        amy.send(f"/msg bob {SECRET}")
        assert await asyncio.to_thread(wait_line, bob, lambda line: line.startswith("[dm]")) == f"[dm] amy: {SECRET}"
        bob.send("/msg amy got it")
        assert await asyncio.to_thread(wait_line, amy, lambda line: line.startswith("[dm]")) == "[dm] bob: got it"
        (direct,) = [frame for frame in to_bob if frame["type"] == "dm"]
        assert direct["text"].startswith("e2d2:") and SECRET not in direct["text"] and "between" not in json.dumps(to_bob)
        assert all(frame["type"] != "dm" for frame in await watcher.during(0.3)), "a third client gets none of it"
        for cli in (amy, bob):
            cli.close_input()
            assert await asyncio.to_thread(cli.wait) == (0, "")
        proxy.close()

    asyncio.run(scenario())
    assert SECRET not in gateway.log() and "got it" not in gateway.log()


def test_a_direct_message_to_someone_without_keys_goes_only_with_msg_bang_and_a_clear_one_is_marked(gateway, processes):
    async def scenario():
        pat = await Observer.join(gateway, "pat", rooms=["lobby"])
        amy = ChatCLI(gateway.url, "--name", "amy")
        processes.append(amy)
        await pat.joined("amy")
        amy.send("/msg pat not for the server")
        amy.send("/msg! pat in the clear, as pat has no keys")
        (direct,) = await pat.take("dm")
        assert (direct["from"], direct["text"]) == ("amy", "in the clear, as pat has no keys")
        await pat.client.send({"type": "dm", "id": "p1", "to": "amy", "text": "hello back"})
        assert await asyncio.to_thread(wait_line, amy, lambda line: line.startswith("[dm]")) == "[dm] pat: [not encrypted] hello back"
        amy.close_input()
        code, stderr = await asyncio.to_thread(amy.wait)
        assert code == 1, "a line was not sent"
        assert "it would go unencrypted" in stderr and "/msg! pat TEXT" in stderr
        assert "not for the server" not in json.dumps(await pat.during(0.3))

    asyncio.run(scenario())
