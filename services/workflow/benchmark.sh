#!/usr/bin/env bash
# Intake and referral-to-first-task figures for the workflow service (see docs/events.md, "Figures").
# Both benchmarks are JUnit classes that run only with -Dbenchmark=true, so the normal build never times anything;
# they start their own embedded PostgreSQL, in-process Kafka broker and local engine, and print their figures.
#   services/workflow/benchmark.sh                         # both
#   services/workflow/benchmark.sh -Dbenchmark.rate=30      # options are passed to Maven
set -euo pipefail
cd "$(dirname "$0")/../.."
folder="${BENCH_BUILD_FOLDER:-target-bench}"
./mvnw -q -B -ntp -Dbuild.folder="$folder" -pl services/workflow -am install -DskipTests
./mvnw -B -ntp -Dbuild.folder="$folder" -pl services/workflow test \
    -Dtest='IntakeBenchmarkTest,EngineEndToEndTest#firstTaskBenchmark' -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbenchmark=true -Dbenchmark.consumers=3 "$@" | grep -E -A8 "benchmark|referrals/s|Tests run:|FAIL" || true
