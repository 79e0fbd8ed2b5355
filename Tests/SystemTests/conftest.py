import pytest

from harness import Gateway, Relay


@pytest.fixture
def processes():
    """Collects processes a test starts and kills whatever is left when it ends."""
    started = []
    yield started
    for process in started:
        process.kill()


@pytest.fixture
def cluster(processes):
    """A relay and two gateways linked to it, all healthy."""
    relay = Relay()
    processes.append(relay)
    gateways = [Gateway(relay, extra=["--burst", "200"]) for _ in range(2)]
    processes.extend(gateways)
    for gateway in gateways:
        gateway.wait_healthy()
    return relay, gateways
