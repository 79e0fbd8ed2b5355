import pytest

from browser import WEB_ROOT, Browser
from harness.processes import Gateway, Relay


@pytest.fixture
def processes():
    """Collects processes a test starts (anything with a `kill()`: relays, gateways, nginx, `chat`
    clients) and kills whatever is left when it ends."""
    started = []
    yield started
    for process in started:
        process.kill()


def healthy_gateway(processes: list, extra: list[str] | None = None) -> Gateway:
    """A gateway with its embedded relay and `extra` options, killed with the test's processes, once healthy."""
    gateway = Gateway(extra=extra)
    processes.append(gateway)
    gateway.wait_healthy()
    return gateway


@pytest.fixture
def gateway(processes):
    """One healthy gateway with its embedded relay, at its defaults (a test file may define its own)."""
    return healthy_gateway(processes)


@pytest.fixture
def web_gateway(processes):
    """One healthy gateway with its embedded relay, serving the built web GUI."""
    return healthy_gateway(processes, ["--web-root", str(WEB_ROOT)])


@pytest.fixture
def start_cluster(processes):
    """Starts a relay and one gateway linked to it per list of options given (each with those options
    and `env`), and waits until every gateway is healthy; returns the relay and the gateways."""

    def start(*gateway_options: list[str], env: dict[str, str] | None = None) -> tuple[Relay, list[Gateway]]:
        relay = Relay()
        processes.append(relay)
        gateways = [Gateway(relay, extra=options, env=env) for options in gateway_options]
        processes.extend(gateways)
        for gateway in gateways:
            gateway.wait_healthy()
        return relay, gateways

    return start


@pytest.fixture
def cluster(start_cluster):
    """A relay and two gateways linked to it, all healthy."""
    return start_cluster(["--burst", "200"], ["--burst", "200"])


@pytest.fixture
def browsers():
    """Opens browsers (`browsers(width=…, height=…, arguments=[…])`), each a fresh profile: a person of its
    own, with its own identity key; quits them all when the test ends."""
    opened = []

    def open_browser(**size):
        browser = Browser(**size)
        opened.append(browser)
        return browser

    yield open_browser
    for browser in opened:
        browser.quit()


@pytest.fixture
def irc_gateway(processes):
    """One healthy gateway with its embedded relay that also listens for IRC clients (its `irc_port`)."""
    from harness.irc import start_gateway

    return start_gateway(processes)
