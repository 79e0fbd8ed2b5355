"""The chaos run's cluster (chaos.py): 3 gateways on one relay, or on a primary and backup relay pair,
on fixed loopback ports so that a killed process comes back where its clients look for it."""

from __future__ import annotations

import time

from harness.ports import free_port_block
from harness.processes import Gateway, Process, Relay


class Cluster:
    """The relay (or a primary and a backup) and the gateways, on fixed loopback ports so that
    whatever is killed comes back where its clients look for it."""

    def __init__(self, gateways: int, failover: bool):
        self.failover = failover
        self.started: list[Process] = []
        if failover:
            base = free_port_block(8)  # each relay binds PORT..PORT+3
            self.relay_ports = [base, base + 4]
        else:
            self.relay_ports = [free_port_block(3)]
        self.relays = [self._relay(index) for index in range(len(self.relay_ports))]
        self.primary = 0
        first = free_port_block(gateways)
        self.gateway_ports = list(range(first, first + gateways))
        self.gateways = [self._gateway(port) for port in self.gateway_ports]
        for gateway in self.gateways:
            gateway.wait_healthy(20)

    def _relay(self, index: int) -> Relay:
        extra = []
        if self.failover:
            peer = self.relay_ports[1 - index]
            extra = ["--role", "primary" if index == 0 else "backup", "--peer", f"tcp://127.0.0.1:{peer}"]
        relay = Relay(port=self.relay_ports[index], extra=extra)
        self.started.append(relay)
        return relay

    def _gateway(self, port: int) -> Gateway:
        relays = ["--relay", f"tcp://127.0.0.1:{self.relay_ports[0]}"]
        if self.failover:
            relays += ["--backup-relay", f"tcp://127.0.0.1:{self.relay_ports[1]}"]
        deadline = time.monotonic() + 10
        while True:
            try:
                gateway = Gateway(extra=[*relays, "--port", str(port)])  # the last --port wins
                break
            except (RuntimeError, TimeoutError):
                # The port may linger a moment after a kill; anything else repeats until the deadline.
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        self.started.append(gateway)
        return gateway

    def url(self, index: int) -> str:
        return f"ws://127.0.0.1:{self.gateway_ports[index]}/ws"

    def kill_gateway(self, index: int) -> None:
        self.gateways[index].kill()  # SIGKILL

    def restart_gateway(self, index: int) -> float:
        """Starts the gateway again on its port; returns the seconds until it was healthy."""
        started = time.monotonic()
        self.gateways[index] = self._gateway(self.gateway_ports[index])
        self.gateways[index].wait_healthy(20)
        return time.monotonic() - started

    def relay_state(self, index: int) -> str | None:
        """`active` or `passive`, as the relay's /healthz says (None: no answer, or no `state` field)."""
        try:
            status, body = self.relays[index].health()
        except OSError:
            return None
        return body.get("state") if status == 200 else None

    def active_relay(self) -> int:
        states = [self.relay_state(index) for index in range(len(self.relays))]
        return states.index("active") if "active" in states else self.primary

    def kill_primary_relay(self) -> tuple[int, float]:
        """SIGKILLs the active relay; returns its index and the seconds until the backup was active and
        every gateway healthy on it."""
        index = self.active_relay()
        killed = time.monotonic()
        self.relays[index].kill()
        survivor = 1 - index
        while self.relay_state(survivor) not in ("active", None) or not self.relays[survivor].alive:
            if time.monotonic() > killed + 20:
                raise TimeoutError(f"relay {survivor} did not take over within 20 s; log:\n{self.relays[survivor].log()}")
            time.sleep(0.02)
        for gateway in self.gateways:
            gateway.wait_until(lambda status, _: status == 200, 20, "healthy on the backup relay")
        self.primary = survivor
        return index, time.monotonic() - killed

    def restart_relay(self, index: int) -> None:
        """Starts a killed relay again with its own flags: it finds its peer active and comes back passive."""
        self.relays[index] = self._relay(index)
        deadline = time.monotonic() + 20
        while self.relay_state(index) not in ("passive", None):
            if time.monotonic() > deadline:
                raise TimeoutError(f"restarted relay {index} is {self.relay_state(index)}, not passive; log:\n{self.relays[index].log()}")
            time.sleep(0.02)

    def stop(self) -> None:
        for process in self.started:
            process.kill()
