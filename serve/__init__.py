"""`make serve`: the dashboard served by several Streamlit processes behind nginx, run by
supervisor. `python -m serve` renders the configuration (deploy/nginx.conf and
deploy/supervisord.conf.template) into a git-ignored run directory and runs supervisord in the
foreground, so Ctrl-C stops everything it started."""
