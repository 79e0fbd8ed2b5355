"""The seed's chat server, as a peer for `make bench`: FastAPI on uvicorn, a dict of connections,
and a `send_text` loop over everyone else.

The plain protocol: a client's first text frame is its name; every later text frame goes to every
other client as "name: text"; the sender gets nothing back and nothing else is ever sent.

Run it the way the seed ran (`uvicorn`, one process, default install: h11, websockets, asyncio):

    python bench/peers/seed_server.py 8000            # or PORT=8000, or:
    uvicorn seed_server:app --app-dir bench/peers --port 8000
"""

import os
import sys

import uvicorn
from fastapi import FastAPI, WebSocket, WebSocketDisconnect

app = FastAPI()

# Every named connection and its name.
clients: dict[WebSocket, str] = {}


@app.websocket("/ws")
async def websocket_endpoint(websocket: WebSocket):
    await websocket.accept()
    try:
        username = await websocket.receive_text()
        clients[websocket] = username
        while True:
            data = await websocket.receive_text()
            # A copy: a client may leave while we await a send to another.
            for client in list(clients):
                if client is not websocket:
                    try:
                        await client.send_text(f"{username}: {data}")
                    except Exception:
                        clients.pop(client, None)  # gone: its own handler sees the disconnect too
    except WebSocketDisconnect:
        pass
    finally:
        clients.pop(websocket, None)


if __name__ == "__main__":
    port = int(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PORT", "8000"))
    host = os.environ.get("HOST", "127.0.0.1")
    # Warnings only, as every server in the benchmark: uvicorn logs each connection at info.
    uvicorn.run(app, host=host, port=port, log_level=os.environ.get("LOG_LEVEL", "warning"))
