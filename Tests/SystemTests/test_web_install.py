"""The web GUI as an installable app (issue 19): its manifest and icons, and a service worker that controls
the page and caches the application shell alone: after a chat, its caches hold only the page, this build's
assets, the manifest and the icons, none of them holding a word said, and /ws, /healthz are never cached."""

import json
import struct
import urllib.request

import pytest

from browser import WEB_ROOT, available
from shell_page import wait_controlled
from test_web import page

pytestmark = pytest.mark.skipif(not available, reason="chromium and chromedriver are not installed")

SECRET = "zebra-quartz-4711 meets at dawn"


def fetch(url: str) -> tuple[dict, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return dict(response.headers), response.read()


def png_size(data: bytes) -> tuple[int, int]:
    """The width and height in a PNG's IHDR, after checking the signature."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", "not a PNG"
    return struct.unpack(">II", data[16:24])


def test_the_manifest_names_the_app_and_its_icons_are_pngs_of_their_stated_size(web_gateway):
    headers, body = fetch(page(web_gateway) + "manifest.webmanifest")
    assert headers["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(body)
    assert manifest["name"] == "Private Chat" and manifest["short_name"]
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/", "/", "standalone")
    assert manifest["theme_color"].startswith("#") and manifest["background_color"].startswith("#")
    sizes = set()
    for icon in manifest["icons"]:
        headers, data = fetch(page(web_gateway) + icon["src"].lstrip("/"))
        if icon["type"] == "image/svg+xml":
            assert headers["Content-Type"].startswith("image/svg+xml") and b"<svg" in data
            continue
        width, height = png_size(data)
        assert icon["sizes"] == f"{width}x{height}" and headers["Content-Type"] == "image/png"
        sizes.add((width, icon.get("purpose", "any")))
    assert {(192, "any"), (512, "any"), (512, "maskable")} <= sizes


CACHED = """
const done = arguments[arguments.length - 1];
(async () => {
  const held = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    held[name] = [];
    for (const request of await cache.keys()) {
      const body = await (await cache.match(request)).text();
      held[name].push({ url: request.url, body });
    }
  }
  return held;
})().then(done, (error) => done({ error: String(error) }));
"""


def test_the_service_worker_caches_the_shell_and_nothing_said(web_gateway, browsers):
    alice, bob = browsers(), browsers()
    alice.join(page(web_gateway), "alice")
    bob.join(page(web_gateway), "bob")
    assert wait_controlled(alice) == page(web_gateway) + "sw.js"
    alice.type(SECRET)
    bob.type(f"@alice {SECRET[::-1]}")
    alice.wait_for_message(SECRET[::-1])
    bob.wait_for_message(SECRET)
    # The page's own requests to what is not the shell: answered by the network, and left out of the caches.
    statuses = alice.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "Promise.all(['/healthz', '/metrics', '/?server=x', '/api/share'].map((path) => fetch(path).then((r) => r.status, () => 0))).then(done);"
    )
    assert statuses[0] == 200

    held = alice.driver.execute_async_script(CACHED)
    assert "error" not in held and len(held) == 1, f"one cache, this build's: {list(held)}"
    (name,) = held
    worker = (WEB_ROOT / "sw.js").read_text()
    shell = json.loads(worker.split("self.shell = ", 1)[1].split(";\n", 1)[0])
    assert name == shell["cache"]
    origin = page(web_gateway).rstrip("/")
    assert sorted(entry["url"] for entry in held[name]) == sorted(origin + path for path in shell["paths"])
    assert any(url.startswith(origin + "/assets/main-") and url.endswith(".js") for url in (entry["url"] for entry in held[name]))
    for entry in held[name]:
        assert SECRET not in entry["body"] and SECRET[::-1] not in entry["body"], f"{entry['url']} holds a message"
        assert "/ws" not in entry["url"] and "/healthz" not in entry["url"] and "?" not in entry["url"]


def test_a_new_build_gets_a_new_cache_name_and_the_worker_is_at_the_root(web_gateway):
    headers, worker = fetch(page(web_gateway) + "sw.js")
    assert headers["Content-Type"].startswith("text/javascript")
    shell = json.loads(worker.decode().split("self.shell = ", 1)[1].split(";\n", 1)[0])
    assert shell["cache"].startswith("privchat-shell-") and "/" in shell["paths"]
    for path in shell["paths"]:
        fetch(page(web_gateway) + path.lstrip("/"))  # every shell path is served
