"""`python -m serve [--replicas N] [--port 8501]`: nginx on the port, N Streamlit processes on
127.0.0.1 behind it, all under supervisord in the foreground (Ctrl-C stops them all)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from serve.config import DEFAULT_RUN_DIR, Layout, process_environment, write_run_dir


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m serve", description=__doc__)
    parser.add_argument(
        "--replicas",
        type=_positive,
        default=int(os.environ.get("REPLICAS") or os.cpu_count() or 1),
        help="Streamlit processes (default: $REPLICAS, else the number of cores)",
    )
    parser.add_argument(
        "--port", type=_positive, default=int(os.environ.get("PORT") or 8501), help="nginx's port"
    )
    parser.add_argument(
        "--first-process-port",
        type=_positive,
        default=8601,
        help="the processes listen on this port and the next ones, on 127.0.0.1 (default 8601)",
    )
    parser.add_argument(
        "--listen-address", default="", help="nginx's address (default: every interface)"
    )
    parser.add_argument("--run-dir", type=Path, default=DEFAULT_RUN_DIR, help="default .serve/")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    ports = tuple(range(args.first_process_port, args.first_process_port + args.replicas))
    if args.port in ports:
        sys.exit(f"--port {args.port} is one of the processes' ports {ports[0]}-{ports[-1]}")
    layout = Layout(args.run_dir, args.port, ports, args.listen_address)
    config = write_run_dir(layout)
    os.environ.update(process_environment(layout.run_dir))
    print(
        f"Serving http://localhost:{args.port} with {args.replicas} Streamlit processes "
        f"(ports {ports[0]}-{ports[-1]}); logs in {layout.run_dir / 'logs'}. Ctrl-C stops.",
        flush=True,
    )
    # supervisord in this process's place: Ctrl-C and SIGTERM reach it, and it stops the rest.
    os.execv(sys.executable, [sys.executable, "-m", "supervisor.supervisord", "-c", str(config)])


if __name__ == "__main__":
    main()
