#!/usr/bin/env bash
# `make run`: the whole product on one machine with the embedded defaults — the web app, a Celery
# worker and beat, on the filesystem broker and SQLite under var/. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
mkdir -p var
trap 'kill 0' EXIT INT TERM
$BIN/celery -A celery_app worker --loglevel=INFO --concurrency=2 &
$BIN/celery -A celery_app beat --loglevel=INFO &
echo "The planner is at http://127.0.0.1:5000"
$BIN/flask --app wsgi run --host 127.0.0.1 --port 5000
