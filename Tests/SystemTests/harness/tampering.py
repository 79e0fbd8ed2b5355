"""A WebSocket proxy on loopback that changes what the gateway sends: a dishonest server, or anyone on
the path, as signatures must catch them."""

from __future__ import annotations

import asyncio
import threading
from typing import Callable

import websockets
from websockets.asyncio.server import Server, serve


async def tampering_proxy(upstream: str, tamper: Callable[[str], str]) -> Server:
    """Listens on a free loopback port (`server.sockets[0].getsockname()[1]`) and passes `privchat.v1`
    frames both ways between each client and `upstream`, each frame from the gateway through `tamper`."""

    async def pass_on(source, destination, change) -> None:
        async for frame in source:
            await destination.send(change(frame))

    async def handle(client) -> None:
        async with websockets.connect(upstream, subprotocols=["privchat.v1"], max_size=None, ping_interval=None) as gateway:
            pumps = [
                asyncio.create_task(pass_on(client, gateway, lambda frame: frame)),
                asyncio.create_task(pass_on(gateway, client, tamper)),
            ]
            await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
            for pump in pumps:
                pump.cancel()

    return await serve(handle, "127.0.0.1", 0, subprotocols=["privchat.v1"], max_size=None, ping_interval=None)


class TamperingProxyThread:
    """`tampering_proxy` in a thread of its own, for tests whose own thread blocks (a browser's waits):
    `with TamperingProxyThread(url, tamper) as proxy:` connect to `proxy.url`."""

    def __init__(self, upstream: str, tamper: Callable[[str], str]):
        self.upstream, self.tamper = upstream, tamper
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> "TamperingProxyThread":
        self.thread.start()
        self.server = asyncio.run_coroutine_threadsafe(tampering_proxy(self.upstream, self.tamper), self.loop).result(5)
        self.port = self.server.sockets[0].getsockname()[1]
        self.url = f"ws://localhost:{self.port}/ws"
        return self

    def __exit__(self, *_) -> None:
        async def stop() -> None:
            self.server.close()
            await self.server.wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
