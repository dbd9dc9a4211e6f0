#!/usr/bin/env bash
# Installs what bench/compare/compare.py compares yitu with (from PyPI, into bench/compare/.venv) and
# builds yitu's release binary. Run from anywhere; needs python3 with venv and network to the registries.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python3 -m venv "$here/.venv"
"$here/.venv/bin/pip" install --quiet --upgrade pip
"$here/.venv/bin/pip" install --quiet -r "$here/requirements.txt"
(cd "$here/../.." && cargo build --release --quiet)
echo "installed: $("$here/.venv/bin/python" -c 'import typst, vl_convert; print("typst", typst.__version__, "· vl-convert", vl_convert.__version__)')"
