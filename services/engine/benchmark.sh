#!/usr/bin/env bash
# Throughput and job activation latency of the local engine (see docs/engine.md, "Performance").
# Compiles the module into its own build folder, then runs EngineBenchmark: the engine in a child JVM,
# PostgreSQL (synchronous_commit=on) as a third process, the load driver and job worker in this JVM.
# Extra arguments are passed to the benchmark JVM, e.g.
#   services/engine/benchmark.sh -Dbench.measure=60 -Dbench.grpc=true
#   services/engine/benchmark.sh -Dbench.engineJavaOpts="-XX:StartFlightRecording=filename=/tmp/engine.jfr"
#   services/engine/benchmark.sh -Dbench.pgStatements=true   # PostgreSQL's time per statement in each window
# BENCH_CLASS picks another benchmark of the package, e.g. what the token checks add to a request:
#   BENCH_CLASS=org.opensafeguarding.engine.benchmark.SecurityOverheadBenchmark services/engine/benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
folder="${BENCH_BUILD_FOLDER:-target-bench}"
./mvnw -q -B -pl services/engine -Dbuild.folder="$folder" test-compile dependency:build-classpath \
    -Dmdep.outputFile="$folder/classpath.txt" -Dmdep.includeScope=test
dir="services/engine/$folder"
exec java -Xmx1g "$@" -cp "$dir/classes:$dir/test-classes:$(cat "$dir/classpath.txt")" \
    "${BENCH_CLASS:-org.opensafeguarding.engine.benchmark.EngineBenchmark}"
