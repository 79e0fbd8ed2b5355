"""Pictures and files between real browsers and real `chat` processes, across a relay and two gateways
(docs/PROTOCOL.md, "Files"): a picture pasted in one browser is shown in another and saved by a terminal,
a file from the terminal is downloaded by a browser, byte for byte (SHA-256 of what each one has), and in
an encrypted room the relay holds only ciphertext, which the reference implementation opens."""

import asyncio
import json
import os
import struct
import time
import zlib

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from selenium.webdriver.common.by import By

from browser import WEB_ROOT, available
from harness.cli import ChatCLI
from harness.e2e import reference, unb64url
from harness.encrypted_room import next_frame
from harness.files import http_get, sha256
from harness.websocket import ChatClient

pytestmark = pytest.mark.skipif(not available, reason="chromium and chromedriver are not installed")

PASSPHRASE = "correct horse battery staple"


def png(width: int, height: int) -> bytes:
    """A real PNG (a colour gradient), written by hand: no imaging library needed."""
    raw = b"".join(b"\0" + b"".join(bytes((x * 255 // width, y * 255 // height, 128)) for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def page_of(gateway) -> str:
    return f"http://127.0.0.1:{gateway.port}/"


def attach(browser, path) -> None:
    browser.driver.find_element(By.CSS_SELECTOR, "[data-testid=attach-input]").send_keys(str(path))


def shown_picture(browser, file_id: str, timeout: float = 20) -> dict:
    """The picture the page shows for `file_id`: where its bytes come from, its size in pixels, and the
    colour of two of them (the page's policy lets no script fetch a blob: URL, so it is read off a canvas)."""
    image = browser.wait(lambda d: d.find_element(By.CSS_SELECTOR, f"img[data-testid=file-image][data-file-id='{file_id}']"), timeout)
    browser.wait(lambda d: image.get_attribute("src").startswith("blob:") and d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image), timeout)
    return browser.driver.execute_script(
        """const image = arguments[0], canvas = document.createElement('canvas');
        [canvas.width, canvas.height] = [image.naturalWidth, image.naturalHeight];
        const context = canvas.getContext('2d');
        context.drawImage(image, 0, 0);
        const pixel = (x, y) => Array.from(context.getImageData(x, y, 1, 1).data.slice(0, 3));
        return {src: image.src, width: image.naturalWidth, height: image.naturalHeight, corner: pixel(0, 0), far: pixel(image.naturalWidth - 1, image.naturalHeight - 1)};""",
        image,
    )


def downloaded(directory, name: str, timeout: float = 20) -> bytes:
    """What the browser saved in `directory` as `name`, once the download is complete."""
    deadline = time.monotonic() + timeout
    path = directory / name
    while time.monotonic() < deadline:
        if path.exists() and not any(p.suffix == ".crdownload" for p in directory.iterdir()):
            return path.read_bytes()
        time.sleep(0.1)
    raise TimeoutError(f"no {name} in {list(directory.iterdir())}")


def allow_downloads(browser, directory) -> None:
    browser.driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(directory)})


def saved(cli: ChatCLI, seq: int, path) -> dict:
    cli.send(f"/save #{seq} {path}")
    return next_frame(cli, "saved", timeout=30)


@pytest.fixture
def web_cluster(start_cluster):
    options = ["--web-root", str(WEB_ROOT), "--burst", "200"]
    return start_cluster(options, options)


def test_a_picture_from_a_browser_shows_in_another_and_a_terminal_saves_it_byte_for_byte(web_cluster, browsers, processes, tmp_path):
    _, (first, second) = web_cluster
    picture = tmp_path / "screenshot.png"
    picture.write_bytes(png(320, 200))
    amy, cy = browsers(), browsers()
    amy.join(page_of(first), "amy")
    cy.join(page_of(second), "cy")
    bob = ChatCLI(second.url, "--name", "bob", "--json")
    processes.append(bob.popen)
    next_frame(bob, "welcome", timeout=20)

    attach(amy, picture)
    shared = next_frame(bob, "file", timeout=30)
    metadata = json.loads(shared["text"])
    assert (metadata["name"], metadata["type"], metadata["width"], metadata["height"]) == ("screenshot.png", "image/png", 320, 200)
    assert len(metadata["thumb"]) * 3 // 4 <= 4096, "the thumbnail is at most 4 KiB"
    assert shared["file"]["size"] == picture.stat().st_size
    # The picture itself, not its thumbnail: 320 × 200, with the gradient's first and last pixels.
    shown = shown_picture(cy, shared["file"]["id"])
    assert (shown["width"], shown["height"], shown["corner"], shown["far"]) == (320, 200, [0, 0, 128], [254, 253, 128])
    cy.screenshot("files-web-picture.png")

    answer = saved(bob, shared["seq"], tmp_path / "got.png")
    assert sha256((tmp_path / "got.png").read_bytes()) == sha256(picture.read_bytes()) and answer["size"] == picture.stat().st_size


def test_a_file_from_a_terminal_is_downloaded_by_a_browser_and_one_from_the_browser_saved_by_the_terminal(web_cluster, browsers, processes, tmp_path):
    _, (first, second) = web_cluster
    report = tmp_path / "report.bin"
    report.write_bytes(os.urandom(300_000))
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    amy = browsers()
    amy.join(page_of(first), "amy")
    allow_downloads(amy, downloads)
    bob = ChatCLI(second.url, "--name", "bob", "--json")
    processes.append(bob.popen)
    next_frame(bob, "welcome", timeout=20)

    bob.send(f"/send {report}")
    card = amy.wait(lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=file-card]"), 30)
    assert "report.bin" in card.text and "293 KiB" in card.text
    card.find_element(By.CSS_SELECTOR, "[data-testid=file-download]").click()
    assert sha256(downloaded(downloads, "report.bin")) == sha256(report.read_bytes())

    notes = tmp_path / "notes.txt"
    notes.write_text("the plan, in full\n" * 500)
    attach(amy, notes)
    shared = next_frame(bob, "file", timeout=30)
    assert json.loads(shared["text"])["name"] == "notes.txt"
    saved(bob, shared["seq"], tmp_path / "notes-copy.txt")
    assert (tmp_path / "notes-copy.txt").read_bytes() == notes.read_bytes()


def test_an_encrypted_rooms_files_are_ciphertext_on_the_server_and_whole_in_both_clients(web_cluster, browsers, processes, tmp_path):
    _, (first, second) = web_cluster
    secret = tmp_path / "secret plans.txt"
    secret.write_bytes(b"meet at the old mill at dawn\n" * 50)
    passphrase = tmp_path / "passphrase"
    passphrase.write_text(PASSPHRASE)
    passphrase.chmod(0o600)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    bob = ChatCLI(second.url, "--name", "bob", "--room", "secret", "--passphrase-file", str(passphrase), "--json")
    processes.append(bob.popen)
    next_frame(bob, "welcome", timeout=20)
    amy = browsers()
    amy.join(page_of(first), "amy", room="secret", passphrase=PASSPHRASE)
    allow_downloads(amy, downloads)

    bob.send(f"/send {secret}")
    card = amy.wait(lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=file-card]"), 40)
    assert "secret plans.txt" in card.text
    card.find_element(By.CSS_SELECTOR, "[data-testid=file-download]").click()
    assert downloaded(downloads, "secret plans.txt") == secret.read_bytes()

    async def held() -> dict:
        spy = await ChatClient.join(first, "spy", rooms=["secret"])
        await spy.close()
        (event,) = [entry for entry in spy.welcome["rooms"][0]["history"] if entry["type"] == "file"]
        return event

    event = asyncio.run(held())
    # The server knows a size and who shared it; the name, the type and the bytes are sealed.
    assert event["text"].startswith("e2e2:") and "secret" not in event["text"]
    status, _, stored = http_get(first.port, f"/files/{event['file']['id']}")
    assert status == 200 and len(stored) == event["file"]["size"] == secret.stat().st_size + 53
    assert b"old mill" not in stored
    identifier, salt = stored[:8], stored[9:9 + stored[8]]
    key = reference.passphrase_key(PASSPHRASE, salt, reference.ITERATIONS)
    nonce, sealed = stored[9 + len(salt):21 + len(salt)], stored[21 + len(salt):]
    aad = reference.room_aad("secret", unb64url(event["key"]), "file_body", event["file"]["id"], identifier, salt)
    assert AESGCM(key).decrypt(nonce, sealed, aad) == secret.read_bytes()
