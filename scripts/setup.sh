#!/usr/bin/env bash
# One-command set-up for a fresh Debian/Ubuntu machine with Node >= 20.19 (see README "Set-up").
# Steps: system packages (when we may install them) → npm ci → build → tslab kernel → CIFAR-10.
# Options: --no-torch  skip Debian's python3-torch/python3-numpy (~1 GB): the PyTorch cross-check and
#                      the bench's PyTorch column then skip, saying why (under CI=true they fail instead).
#          --with-slurm  also Debian's slurmctld slurmd slurm-client munge, for the test that runs a sweep
#                      on a throwaway single-node Slurm (as root). Default under CI=true only: on a desktop,
#                      Debian enables these daemons' services, which a laptop does not want.
set -euo pipefail
cd "$(dirname "$0")/.."

WITH_TORCH=1
WITH_SLURM=0
if [ -n "${CI:-}" ]; then WITH_SLURM=1; fi
for arg in "$@"; do
  case "$arg" in
    --no-torch) WITH_TORCH=0 ;;
    --with-slurm) WITH_SLURM=1 ;;
    *) echo "setup: unknown option '$arg' (known: --no-torch, --with-slurm)" >&2; exit 2 ;;
  esac
done

# libopenblas0-pthread: the native BLAS path under TF.js (src/backend/blas/); also what PyTorch uses.
# libdnnl2: oneDNN, the matmuls and convolutions of the wasm+blas path (src/backend/dnnl/); also PyTorch's.
# jupyter-notebook: the interactive front end (npm run notebook); the rest runs notebooks headless.
APT_PACKAGES=(jupyter-notebook jupyter-nbconvert jupyter-client python3-nbclient python3-nbformat chromium fonts-dejavu-core libopenblas0-pthread libdnnl2)
if [ "$WITH_TORCH" = 1 ]; then APT_PACKAGES+=(python3-numpy python3-torch); fi
# Slurm: `reproduce --executor slurm` needs only the client where jobs are submitted; the daemons are for the test.
if [ "$WITH_SLURM" = 1 ]; then APT_PACKAGES+=(slurmctld slurmd slurm-client munge); fi
step() { printf '\n== %s\n' "$*"; }

step "1/5 system packages: ${APT_PACKAGES[*]}"
missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then
  echo "all present"
elif ! command -v apt-get >/dev/null 2>&1; then
  echo "WARNING: no apt-get; install Jupyter (nbconvert, nbclient, jupyter-client) and chromium yourself: ${missing[*]}"
else
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  if [ -n "$SUDO" ] && ! sudo -n true 2>/dev/null; then
    echo "WARNING: not root and no password-less sudo; run: sudo apt-get install -y --no-install-recommends ${missing[*]}"
  else
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

# Remember whether the PyTorch reference was left out, and why: the cross-check test skips only then
# (and never under CI). scratch/ is git-ignored.
mkdir -p scratch
if [ "$WITH_TORCH" = 0 ]; then
  echo "setup --no-torch" > scratch/torch-skipped.txt
elif ! dpkg -s python3-torch python3-numpy >/dev/null 2>&1; then
  echo "setup could not install python3-torch/python3-numpy (no apt-get, or not root and no password-less sudo)" > scratch/torch-skipped.txt
else
  rm -f scratch/torch-skipped.txt
fi

step "2/5 npm dependencies (npm ci; @tensorflow/tfjs-node is optional and is skipped when libtensorflow cannot be downloaded)"
npm ci --no-audit --no-fund

step "3/5 build src/ -> dist/ (the notebooks and the CLI import dist/)"
npm run build

step "4/5 tslab kernel"
if command -v jupyter >/dev/null 2>&1; then
  jupyter kernelspec install --user --replace --name tslab jupyter/kernels/tslab >/dev/null
  echo "registered kernel 'tslab' (runs the project's own node_modules/.bin/tslab through npx)"
else
  echo "WARNING: jupyter not found; notebooks will not run until the system packages above are installed"
fi

step "5/5 CIFAR-10 (folder: ${CIFAR10_DIR:-data/cifar10})"
# Remember where the data is: data/cifar10 (git-ignored) becomes a link to $CIFAR10_DIR, so every
# later shell, test and notebook finds it without the variable.
if [ -n "${CIFAR10_DIR:-}" ] && [ ! -e data/cifar10 ] && [ ! -L data/cifar10 ]; then
  mkdir -p data
  ln -s "$(cd "$CIFAR10_DIR" && pwd)" data/cifar10
  echo "linked data/cifar10 -> $(readlink data/cifar10) (later shells need no CIFAR10_DIR)"
fi
if ! node bin/sharpness-lab.js data check --download; then
  echo "WARNING: CIFAR-10 is not usable yet (see the message above). Tests that need it are skipped;"
  echo "         put the official binary batches in data/cifar10/ or set CIFAR10_DIR."
fi
if [ "$WITH_SLURM" = 0 ] && ! dpkg -s slurmctld slurmd >/dev/null 2>&1; then
  echo "note: the Slurm sweep test will skip (no slurmctld/slurmd); 'npm run setup -- --with-slurm' installs them"
fi
echo; echo "set-up done: now run 'npm test', or 'npm run notebook' to open notebooks/ in Jupyter"
