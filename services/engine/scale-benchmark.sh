#!/usr/bin/env bash
# Scale benchmark of the standalone engine (see docs/engine.md, "Scale benchmark"): 1 k, 10 k and 100 k open LADO
# cases on top of 1 M ended instances; start-up, heap, creation / activation / search latencies, idle CPU.
# Compiles the engine into its own build folder and runs ScaleBenchmark (test sources, a main, not a test).
# Extra arguments go to the benchmark JVM, e.g. a quick run:
#   services/engine/scale-benchmark.sh -Dscale=0.01 -Dscale.rate=10 -Dscale.measure=15 -Dscale.idle=30
# WORKFLOW=true also measures the workflow service's idle CPU against the same engine: it compiles services/local
# and what it depends on (web without npm) into the same build folder name and passes that classpath on.
set -euo pipefail
cd "$(dirname "$0")/../.."
folder="${BENCH_BUILD_FOLDER:-target-bench}"
# one reactor, no install: the classpaths point at this checkout's compiled classes
if [[ "${WORKFLOW:-false}" == "true" ]]; then
    modules=(-pl services/local -am -Dnpm.skip=true)
else
    modules=(-pl services/engine)
fi
./mvnw -q -B -ntp "${modules[@]}" -Dbuild.folder="$folder" test-compile dependency:build-classpath \
    -Dmdep.outputFile="$folder/classpath.txt" -Dmdep.includeScope=test
dir="services/engine/$folder"
extra=()
if [[ "${WORKFLOW:-false}" == "true" ]]; then
    local_dir="services/local/$folder"
    extra+=("-Dscale.workflowClasspath=$local_dir/classes:$local_dir/test-classes:$(cat "$local_dir/classpath.txt")")
fi
exec java -Xmx2g "${extra[@]}" "$@" -cp "$dir/classes:$dir/test-classes:$(cat "$dir/classpath.txt")" \
    org.opensafeguarding.engine.benchmark.ScaleBenchmark
