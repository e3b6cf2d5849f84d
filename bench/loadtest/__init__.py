"""The load tests, one package with one entry point: `python -m bench.loadtest`.

- `protocol.py`: steady viewers speaking Streamlit's protocol while the database is rebuilt
  (the default run); `room.py`: an arrival burst against `make serve` with N processes;
  `browser_run.py`: real Chromium viewers (`--browser`).
- Shared pieces: `phases.py` (setup, load phase, results), `builds.py` (data versions,
  rebuilds), `server.py` (the served app, memory), `cpu.py`, `checks.py` (pure rules, tested in
  tests/operations/test_loadtest_helpers.py), `report.py`, `browser.py` (browser viewers).
"""
