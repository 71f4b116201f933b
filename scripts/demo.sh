#!/bin/sh
# make demo: the main job on the shipped data.
set -eu
bin=${1:-build/corridor}
mkdir -p out
"$bin" assign data/example/braess_net.tntp --demand data/example/braess_trips.tntp --gap 1e-10 --out out/example
