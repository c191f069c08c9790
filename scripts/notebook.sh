#!/usr/bin/env bash
# `npm run notebook [-- jupyter options]`: opens notebooks/ in Jupyter Notebook with the tslab kernel
# (both installed by `npm run setup`). Builds src/ first: the notebooks import ../dist.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v jupyter-notebook >/dev/null 2>&1; then
  echo "notebook: Jupyter Notebook is not installed; run 'npm run setup' (or: sudo apt-get install jupyter-notebook)" >&2
  exit 2
fi
if ! jupyter kernelspec list 2>/dev/null | grep -qE '^ +tslab +'; then
  jupyter kernelspec install --user --replace --name tslab jupyter/kernels/tslab >/dev/null
fi
npm run --silent build
# --ip 127.0.0.1: reachable from this machine only; open the printed URL (with its token) in a browser.
# Jupyter refuses to run as root without --allow-root (containers, CI machines).
root_flag=()
[ "$(id -u)" -eq 0 ] && root_flag=(--allow-root)
exec jupyter notebook --notebook-dir=notebooks --ip=127.0.0.1 "${root_flag[@]}" "$@"
