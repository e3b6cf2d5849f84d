"""deploy/kubernetes/ checked offline against Kubernetes' own schema (kubernetes-validate ships
the schemas, so no cluster and no network are needed), and read for what the README says
they do. Nothing here applies them to a cluster."""

from __future__ import annotations

from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from tests.support.paths import REPO_ROOT

MANIFESTS = sorted((REPO_ROOT / "deploy" / "kubernetes").glob("*.yaml"))
# A release many managed clusters still run; the schema is bundled with kubernetes-validate.
KUBERNETES_VERSION = "1.30.0"


def resources() -> dict[str, dict]:
    found = {}
    for path in MANIFESTS:
        for resource in yaml.safe_load_all(path.read_text()):
            found[resource["kind"]] = resource
    return found


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_each_manifest_is_valid_kubernetes_strictly(path: Path):
    for resource in yaml.safe_load_all(path.read_text()):
        kubernetes_validate.validate(resource, KUBERNETES_VERSION, strict=True)


def test_the_validator_refuses_a_manifest_kubernetes_would_refuse():
    deployment = resources()["Deployment"]
    deployment["spec"]["replicas"] = "two"
    deployment["spec"]["template"]["spec"]["containers"][0]["portz"] = []

    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)


def test_the_pieces_fit_affinity_by_cookie_secret_from_a_secret_build_read_only():
    found = resources()
    assert set(found) >= {"Deployment", "Service", "Ingress", "Secret", "PersistentVolumeClaim"}
    deployment, service, ingress = found["Deployment"], found["Service"], found["Ingress"]
    pod = deployment["spec"]["template"]
    [container] = pod["spec"]["containers"]

    assert service["spec"]["selector"].items() <= pod["metadata"]["labels"].items()
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]

    annotations = ingress["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert "upstream-hash-by" not in str(annotations)  # never by client address

    env = {variable["name"]: variable for variable in container["env"]}
    secret_ref = env["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]["secretKeyRef"]
    assert secret_ref["name"] == found["Secret"]["metadata"]["name"]
    assert secret_ref["key"] in found["Secret"]["stringData"]

    mounts = {mount["name"]: mount for mount in container["volumeMounts"]}
    volumes = {volume["name"]: volume for volume in pod["spec"]["volumes"]}
    assert mounts["build"]["readOnly"] is True
    assert env["PROGRAMME_DB"]["value"].startswith(mounts["build"]["mountPath"] + "/")
    claim = volumes["build"]["persistentVolumeClaim"]["claimName"]
    assert claim == found["PersistentVolumeClaim"]["metadata"]["name"]

    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/_stcore/health"
