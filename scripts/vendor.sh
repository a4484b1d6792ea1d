#!/usr/bin/env bash
# Refresh the vendored front-end files (FKUI CSS, htmx, axe-core) from the npm registry.
# Running Samhandling needs none of this: the results are committed under static/vendor.
set -euo pipefail
cd "$(dirname "$0")/.."
FKUI_VERSION=6.44.0
HTMX_VERSION=2.0.11
AXE_VERSION=4.11.4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent \
  "@fkui/design@$FKUI_VERSION" "@fkui/theme-default@$FKUI_VERSION" "htmx.org@$HTMX_VERSION" "axe-core@$AXE_VERSION")
nm="$work/node_modules"
mkdir -p static/vendor/fkui static/vendor/htmx tests/e2e/vendor
cp "$nm/@fkui/design/lib/fkui.min.css" "$nm/@fkui/design/lib/fonts.min.css" static/vendor/fkui/
cp "$nm/@fkui/theme-default/dist/theme-light.css" static/vendor/fkui/
cp "$nm/@fkui/design/LICENSE.md" static/vendor/fkui/LICENSE.md
cp "$nm/htmx.org/dist/htmx.min.js" static/vendor/htmx/
cp "$nm/htmx.org/LICENSE" static/vendor/htmx/LICENSE
cp "$nm/axe-core/axe.min.js" tests/e2e/vendor/
cp "$nm/axe-core/LICENSE" tests/e2e/vendor/axe-core.LICENSE
printf 'fkui %s\nhtmx %s\naxe-core %s\n' "$FKUI_VERSION" "$HTMX_VERSION" "$AXE_VERSION" > static/vendor/VERSIONS
echo "Vendored: $(cat static/vendor/VERSIONS | tr '\n' ' ')"
