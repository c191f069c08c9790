#!/bin/sh
# Registers the committed tslab kernelspec for the current user (~/.local/share/jupyter),
# so Jupyter UIs opened anywhere list "TypeScript (tslab)". Not needed for headless runs:
# jupyter/run_notebooks.py puts this folder on JUPYTER_PATH itself.
# The spec runs `npx --no-install tslab`, so notebooks must live inside this project.
set -eu
cd "$(dirname "$0")"
exec jupyter kernelspec install --user --replace --name tslab kernels/tslab
