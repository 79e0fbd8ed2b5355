"""End-to-end encryption as the relay's operator sees it (docs/PROTOCOL.md, "End-to-end encryption").

A holder of the cluster's key poses as a gateway of its own (harness.relay_link.InsiderGateway) with
one user on it, whose keys the test holds (harness.e2e, on the reference implementation). What the
relay hands that gateway is all an operator of the relay could read; the real `chat` sends to it."""

from harness.cli import ChatCLI
from harness.e2e import open_direct, person
from harness.processes import STATE_DIR
from harness.relay_link import ClusterKeys, InsiderGateway

SECRET = "the key is under the third flowerpot"
SIGNED_PREFIX = 32 + 64  # the sender's identity key and signature before the text (docs/PROTOCOL.md, "The envelope")


def test_a_direct_message_crosses_the_relay_sealed_and_opens_only_with_the_recipients_keys(start_cluster):
    relay, (gateway,) = start_cluster([])
    bob = person("bob")
    insider = InsiderGateway(relay.port, ClusterKeys(STATE_DIR), "bob", bob.key, bob.box, rooms=["lobby"])
    assert any(envelope["kind"] == "welcome" for envelope in insider.collect(within=1)), "the relay did not welcome the insider's user"
    alice = ChatCLI(gateway.url, "--name", "alice")
    try:
        # A script's /msg waits for the welcome, which lists bob in the lobby with his sealing key.
        alice.send(f"/msg bob {SECRET}")
        arrived = [envelope for envelope in insider.collect(within=3) if envelope["kind"] == "direct"]
        assert len(arrived) == 1, f"the relay handed over {len(arrived)} direct messages"
        direct = arrived[0]
        text = direct["payload"][SIGNED_PREFIX:].decode()
        assert text.startswith("e2d2:"), f"the direct message crossed the relay unsealed: {text[:60]!r}"
        assert not any(SECRET.encode() in envelope["payload"] for envelope in insider.envelopes)
        sender_key = direct["payload"][:32]
        assert open_direct(text, bob, sender_key, direct["id"]) == SECRET, "bob's keys open what alice's chat sealed"
    finally:
        alice.kill()
        insider.close()
