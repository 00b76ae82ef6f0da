#!/bin/sh
# Installs the Hoverla vehicle runtime from this unpacked package (as root on the companion computer):
#   ./install.sh --dry-run                 list every file it would write, change nothing
#   ./install.sh --board pilotpi           install under /, booting the pilotpi board
#   ./install.sh --root DIR --board FILE   install under DIR (an image being prepared)
# See ./install.sh --help and docs/deployment.md.
exec "$(dirname "$0")/bin/hoverla" install "$@"
