"""The run directory of `make serve`: nginx's and supervisor's configuration rendered from the
files in deploy/, the logs, and the cookie secret every process shares.

No Streamlit here: the launcher and the tests import it.
"""

from __future__ import annotations

import getpass
import os
import re
import secrets
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template

REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "deploy" / "nginx.conf"
SUPERVISOR_TEMPLATE = REPO / "deploy" / "supervisord.conf.template"
DEFAULT_RUN_DIR = REPO / ".serve"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
COOKIE_SECRET_ENV = "STREAMLIT_SERVER_COOKIE_SECRET"
TRUSTED_PROXIES_ENV = "DASHBOARD_TRUSTED_PROXIES"
ACCESS_LOG = "logs/nginx-access.log"
# One line per request, with the process that answered it: which browser landed where.
ACCESS_LOG_FORMAT = (
    '$remote_addr [$time_iso8601] "$request" $status upstream=$upstream_addr route=$programme_route'
)

_LISTEN = "listen 80;"
_PROCESSES = re.compile(
    r"(    # processes: one line each.*\n)(?:    server .*\n)+(    # processes: end\n)"
)


@dataclass(frozen=True)
class Layout:
    """Where everything listens and lives."""

    run_dir: Path
    port: int  # nginx, the one address viewers use
    process_ports: tuple[int, ...]  # Streamlit's, on 127.0.0.1
    listen_address: str = ""  # nginx's; "" is every interface (a room reaches it over Wi-Fi)

    @property
    def upstreams(self) -> list[str]:
        return [f"127.0.0.1:{port}" for port in self.process_ports]


def nginx_site(listen: str, upstreams: Sequence[str]) -> str:
    """deploy/nginx.conf with its `listen` and its processes' `server` lines replaced; the
    same file serves processes on other machines (`host:port` entries)."""
    site = SITE.read_text()
    if site.count(_LISTEN) != 1 or len(_PROCESSES.findall(site)) != 1:
        raise ValueError(f"{SITE} no longer has one {_LISTEN!r} and one block of processes")
    site = site.replace(_LISTEN, f"listen {listen};")
    servers = "".join(
        f"    server {upstream} max_fails=1 fail_timeout=5s;\n" for upstream in upstreams
    )
    return _PROCESSES.sub(lambda m: m.group(1) + servers + m.group(2), site)


def nginx_main(run_dir: Path) -> str:
    """The top-level nginx.conf around the site: in the foreground, everything under run_dir."""
    temporary = "\n".join(
        f"    {kind}_temp_path {run_dir / 'tmp' / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, nginx would hand its workers to "nobody", who may not enter the run directory.
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    return (
        f"{user}daemon off;\nworker_processes auto;\npid {run_dir / 'nginx.pid'};\n"
        f"error_log {run_dir / 'logs' / 'nginx-error.log'} warn;\n"
        # Two connections a viewer (browser side, process side): room for a few hundred.
        "events { worker_connections 2048; }\n"
        f"http {{\n    log_format upstreams '{ACCESS_LOG_FORMAT}';\n"
        f"    access_log {run_dir / ACCESS_LOG} upstreams;\n{temporary}\n"
        f"    include {run_dir / 'site.conf'};\n}}\n"
    )


def cookie_secret(run_dir: Path) -> str:
    """The secret every process signs cookies with: the environment's, else the one in
    run_dir/cookie-secret, made on first use readable by its owner only."""
    if given := os.environ.get(COOKIE_SECRET_ENV):
        return given
    path = run_dir / "cookie-secret"
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_urlsafe(32))
    return path.read_text().strip()


def write_run_dir(layout: Layout, replicas_python: str = sys.executable) -> Path:
    """Render nginx's and supervisor's configuration into the run directory; the path of
    supervisord.conf."""
    run_dir = layout.run_dir.resolve()
    for sub in (
        "logs",
        *(f"tmp/{k}" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")),
    ):
        (run_dir / sub).mkdir(parents=True, exist_ok=True)
    run_dir.chmod(0o700)
    listen = f"{layout.listen_address}:{layout.port}" if layout.listen_address else str(layout.port)
    (run_dir / "site.conf").write_text(nginx_site(listen, layout.upstreams))
    (run_dir / "nginx.conf").write_text(nginx_main(run_dir))
    supervisor = run_dir / "supervisord.conf"
    supervisor.write_text(
        Template(SUPERVISOR_TEMPLATE.read_text()).substitute(
            run_dir=run_dir,
            replicas=len(layout.process_ports),
            first_process_port=layout.process_ports[0],
            python=replicas_python,
            repo=REPO,
            nginx=NGINX,
        )
    )
    return supervisor


def process_environment(run_dir: Path) -> dict[str, str]:
    """What supervisord, and so every process, adds to this environment."""
    return {
        COOKIE_SECRET_ENV: cookie_secret(run_dir),
        # nginx on this machine adds the viewer's address to X-Forwarded-For.
        TRUSTED_PROXIES_ENV: os.environ.get(TRUSTED_PROXIES_ENV) or "127.0.0.1",
    }
