"""`python -m serve`'s rendering: the shared cookie secret, and deploy/nginx.conf with the
processes of one machine or several."""

from __future__ import annotations

import stat

import pytest

from serve.config import COOKIE_SECRET_ENV, cookie_secret, nginx_site


def test_the_cookie_secret_is_made_once_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv(COOKIE_SECRET_ENV, raising=False)

    first, again = cookie_secret(tmp_path), cookie_secret(tmp_path)

    assert first == again and len(first) >= 32
    assert stat.S_IMODE((tmp_path / "cookie-secret").stat().st_mode) == 0o600


def test_a_cookie_secret_in_the_environment_wins_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(COOKIE_SECRET_ENV, "given by the operator")

    assert cookie_secret(tmp_path) == "given by the operator"
    assert not (tmp_path / "cookie-secret").exists()


@pytest.mark.parametrize(
    "upstreams",
    [["127.0.0.1:8601", "127.0.0.1:8602"], ["10.0.0.5:8501", "10.0.0.6:8501", "app-3:8501"]],
)
def test_the_same_nginx_file_lists_the_processes_of_one_machine_or_several(upstreams):
    site = nginx_site("8501", upstreams)

    servers = [line.split()[1] for line in site.splitlines() if line.startswith("    server ")]
    assert servers == upstreams
    assert "listen 8501;" in site
    directives = [line.strip() for line in site.splitlines() if not line.strip().startswith("#")]
    assert "hash $programme_route;" in directives  # by the proxy's cookie ...
    assert not [d for d in directives if d.startswith(("ip_hash", "hash $remote_addr"))]
