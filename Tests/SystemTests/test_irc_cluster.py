"""IRC clients on two gateways of one relay (docs/PROTOCOL.md, "5. IRC clients": "IRC clients share rooms,
names, limits and pacing with everyone else"): names are unique across gateways, and messages and direct
messages cross from one gateway's IRC port to the other's, in the relay's one order."""

import asyncio

from harness.irc import IRCClient, connect, start_gateway
from harness.processes import Relay
from harness.websocket import ChatClient


def test_irc_clients_on_two_gateways_share_names_rooms_and_order(processes):
    relay = Relay()
    processes.append(relay)
    first, second = start_gateway(processes, relay=relay), start_gateway(processes, relay=relay)

    async def scenario():
        vera = await ChatClient.join(second, "vera")
        watcher = await ChatClient.join(first, "watcher")  # sees everything, in the relay's order
        ivy = connect(first.irc_port, "ivy", processes)
        ivy.join("#lobby")
        ike = connect(second.irc_port, "ike", processes)
        names = ike.join("#lobby")
        assert sorted(n for m in names if m.command == "353" for n in m.text.split()) == ["ike", "ivy", "vera", "watcher"]
        assert ivy.wait_for("JOIN").nick == "ike"

        held = IRCClient(first.irc_port)
        processes.append(held)
        assert held.register("IKE")[-1].command == "433", "held on the other gateway, whatever the case"
        assert held.register("vera")[-1].command == "433"

        for n in range(5):
            ivy.privmsg("#lobby", f"from the first gateway {n}")
            await vera.say(f"from the second gateway {n}")
        heard = [m.text for m in ike.take(10, "PRIVMSG")]
        seen_by_vera = [f["text"] for f in await vera.messages(5)]
        assert seen_by_vera == [f"from the first gateway {n}" for n in range(5)]
        in_order = [f["text"] for f in await watcher.messages(10)]
        assert heard == in_order, "the IRC client on the other gateway sees the relay's one order"
        assert sorted(heard) == sorted([f"from the first gateway {n}" for n in range(5)] + [f"from the second gateway {n}" for n in range(5)])
        heard_by_ivy = [m.text for m in ivy.take(5, "PRIVMSG")]
        ours = [text for text in heard if text.startswith("from the second")]
        assert heard_by_ivy == ours == [f"from the second gateway {n}" for n in range(5)]

        ike.privmsg("ivy", "across gateways, just you")
        dm = ivy.wait_for("PRIVMSG", where=lambda m: m.params[0] == "ivy")
        assert (dm.nick, dm.text) == ("ike", "across gateways, just you")

    asyncio.run(scenario())
