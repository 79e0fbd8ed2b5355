"""The deployment's configuration, checked offline: Kubernetes manifests against the API schemas, and
the compose file (with each tunnel profile) as docker-compose reads it."""

import ipaddress
import re
import shutil
import subprocess

import kubernetes_validate
import pytest
import yaml

from harness import ROOT

K8S = sorted((ROOT / "deploy" / "k8s").glob("*.yaml"))


def resources():
    for path in K8S:
        for document in yaml.safe_load_all(path.read_text()):
            if document:
                yield path.name, document


@pytest.mark.parametrize(("name", "resource"), list(resources()), ids=lambda value: value if isinstance(value, str) else value["kind"])
def test_every_kubernetes_manifest_is_valid_for_kubernetes_1_30(name, resource):
    kubernetes_validate.validate(resource, "1.30.0", strict=True)


def test_the_kubernetes_deployment_has_every_part():
    kinds = {(document["kind"], document["metadata"]["name"]) for _, document in resources()}
    assert {("Deployment", "relay"), ("Deployment", "gateway"), ("Deployment", "web"), ("HorizontalPodAutoscaler", "gateway"), ("Ingress", "private-chat")} <= kinds
    ingress = next(document for _, document in resources() if document["kind"] == "Ingress")
    assert int(ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    paths = {path["path"]: path["backend"]["service"]["name"] for path in ingress["spec"]["rules"][0]["http"]["paths"]}
    assert paths["/ws"] == "gateway" and paths["/"] == "web"


def test_only_gateways_reach_the_relays_zeromq_ports_and_both_mount_the_link_key():
    documents = [document for _, document in resources()]
    policy = next(d for d in documents if d["kind"] == "NetworkPolicy" and d["metadata"]["name"] == "relay")
    assert policy["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/component"] == "relay"
    zeromq = [rule for rule in policy["spec"]["ingress"] if {p["port"] for p in rule["ports"]} & {5555, 5556}]
    assert len(zeromq) == 1 and {p["port"] for p in zeromq[0]["ports"]} == {5555, 5556}
    assert zeromq[0]["from"] == [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "private-chat", "app.kubernetes.io/component": "gateway"}}}]
    for name in ("relay", "gateway"):
        pod = next(d for d in documents if d["kind"] == "Deployment" and d["metadata"]["name"] == name)["spec"]["template"]["spec"]
        container = pod["containers"][0]
        state_dir = next(e["value"] for e in container["env"] if e["name"] == "CHAT_STATE_DIR")
        mount = next(m for m in container["volumeMounts"] if m["mountPath"] == state_dir)
        volume = next(v for v in pod["volumes"] if v["name"] == mount["name"])
        assert volume["secret"]["secretName"] == "relay-link-key" and volume["secret"]["defaultMode"] & 0o007 == 0, "nobody but the pod reads the key"


def compose_config(*arguments: str, env: dict[str, str] | None = None) -> dict:
    result = subprocess.run(
        ["docker-compose", *arguments, "config"], cwd=ROOT, capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin", **(env or {})}
    )
    return yaml.safe_load(result.stdout)


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose is not installed")
def test_compose_runs_relay_gateways_and_web_with_only_web_published():
    config = compose_config()
    services = config["services"]
    always = {name for name, service in services.items() if not service.get("profiles")}
    assert always == {"relay", "relay-backup", "gateway", "web"}, "tunnels only with their profile"
    assert services["ngrok"]["profiles"] == ["ngrok"] and services["cloudflared"]["profiles"] == ["cloudflared"]
    assert "ports" not in services["gateway"], "gateways have no fixed host port, so they scale"
    assert published_port(services["web"]) == ("127.0.0.1", "8000", "8000"), "published on this machine only by default"
    assert services["gateway"]["depends_on"]["relay"]["condition"] == "service_healthy"
    assert services["web"]["depends_on"]["gateway"]["condition"] == "service_healthy"
    relay, backup, gateway = (services[name]["command"] for name in ("relay", "relay-backup", "gateway"))
    assert relay[relay.index("--peer") + 1] == "tcp://relay-backup:5555" and backup[backup.index("--peer") + 1] == "tcp://relay:5555"
    assert relay[relay.index("--role") + 1] == "primary" and backup[backup.index("--role") + 1] == "backup"
    assert gateway[gateway.index("--backup-relay") + 1] == "tcp://relay-backup:5555", "gateways know both relays of the pair"
    for name in ("relay", "relay-backup", "gateway"):
        mounts = dict(volume.split(":")[:2] for volume in services[name]["volumes"])  # this docker-compose's short form
        assert mounts["chat-state"] == "/var/lib/chat/state", "every relay and gateway finds the one relay link key (the image's CHAT_STATE_DIR)"
    for name in ("relay", "relay-backup", "gateway", "web"):
        assert services[name]["healthcheck"]["test"][:2] == ["CMD", "curl"]
        assert services[name]["restart"] == "unless-stopped"


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose is not installed")
@pytest.mark.parametrize(("profile", "image"), [("ngrok", "ngrok/ngrok:3"), ("cloudflared", "cloudflare/cloudflared:latest")])
def test_each_tunnel_profile_adds_its_sidecar(profile, image):
    services = compose_config("--profile", profile, env={"NGROK_TOKEN": "seed-token"})["services"]
    assert services[profile]["image"] == image
    assert services[profile]["depends_on"]["web"]["condition"] == "service_healthy"
    tunnel_apis = services["gateway"]["environment"]["CHAT_TUNNEL_API"]
    assert ("http://ngrok:4040/api/tunnels" if profile == "ngrok" else "http://cloudflared:2000/quicktunnel") in tunnel_apis
    if profile == "ngrok":
        assert services["ngrok"]["environment"]["NGROK_TOKEN"] == "seed-token", "the seed's variable name works"
        assert "NGROK_AUTHTOKEN:-$$NGROK_TOKEN" in services["ngrok"]["entrypoint"][2].replace("{", "").replace("}", "")


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose is not installed")
def test_one_setting_opens_the_published_port_to_the_network():
    assert published_port(compose_config(env={"CHAT_PUBLISH_ADDRESS": "0.0.0.0"})["services"]["web"]) == ("0.0.0.0", "8000", "8000")


def published_port(service: dict) -> tuple[str, str, str]:
    """(host address, published port, container port) of a service's one port, in either of the forms
    docker-compose writes it (`127.0.0.1:8000:8000/tcp`, or a mapping)."""
    (port,) = service["ports"]
    if isinstance(port, str):
        address, published, target = port.split("/")[0].rsplit(":", 2)
        return address, published, target
    return port.get("host_ip", ""), str(port["published"]), str(port["target"])


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose is not installed")
def test_only_the_named_proxies_are_trusted_to_say_who_the_client_is():
    """The gateways believe X-Real-IP from nginx alone, and nginx X-Forwarded-For from the tunnel sidecars
    alone, each at the fixed address the compose network gives it."""
    services = compose_config("--profile", "ngrok", "--profile", "cloudflared", env={"NGROK_TOKEN": "seed-token"})["services"]
    address = {name: services[name]["networks"]["default"]["ipv4_address"] for name in ("web", "ngrok", "cloudflared")}
    gateway = services["gateway"]["environment"]
    assert gateway["CHAT_CLIENT_ADDRESS_HEADER"] == "X-Real-IP" and gateway["CHAT_TRUSTED_PROXIES"] == f"{address['web']}/32"
    assert services["web"]["environment"]["CHAT_TRUSTED_PROXIES"].split(",") == [address["ngrok"], address["cloudflared"]]
    (subnet,) = compose_config()["networks"]["default"]["ipam"]["config"]
    for fixed in address.values():
        assert ipaddress.ip_address(fixed) in ipaddress.ip_network(subnet["subnet"])
    nginx = (ROOT / "deploy" / "nginx" / "nginx.conf").read_text() + (ROOT / "deploy" / "nginx" / "chat-site.conf").read_text()
    assert not re.search(r"^\s*set_real_ip_from", nginx, re.MULTILINE), "only the environment (entrypoint.sh) names trusted proxies"


def test_env_example_documents_every_variable_the_compose_file_reads():
    compose = (ROOT / "docker-compose.yml").read_text()
    example = (ROOT / ".env.example").read_text()
    import re

    used = set(re.findall(r"\$\{([A-Z_]+)", compose)) - {"NGROK_TOKEN"}
    documented = set(re.findall(r"^([A-Z_]+)=", example, re.MULTILINE))
    assert used <= documented, f"undocumented: {used - documented}"
