#!/usr/bin/env bash
# Paced latency of the local engine beside embedded Operaton and Flowable in one run (docs/engine.md, "Latency
# against peers"). Builds the standalone engine into services/engine/target-peers and this benchmark into
# benchmarks/peers/target, then runs PeerLatencyBenchmark. Extra arguments go to the benchmark JVM, e.g.
#   benchmarks/peers/run.sh -Dpeers.rounds=1 -Dpeers.engines=operaton,rest
#   benchmarks/peers/run.sh -Dpeers.engineJavaOpts=-Dengine.trace-latency=true
# PEERS_JAVA_HOME picks the JDK that runs the benchmark and the peers (default: the java on PATH; 17 is enough
# for Operaton 1.0 and Flowable 8.0).
set -euo pipefail
cd "$(dirname "$0")/../.."
folder="${PEERS_ENGINE_BUILD_FOLDER:-target-peers}"
./mvnw -q -B -pl services/engine -Dbuild.folder="$folder" compile dependency:build-classpath \
    -Dmdep.outputFile="$folder/classpath.txt" -Dmdep.includeScope=runtime
engine_cp="services/engine/$folder/classes:$(cat "services/engine/$folder/classpath.txt")"
./mvnw -q -B -f benchmarks/peers/pom.xml compile dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
java_bin="${PEERS_JAVA_HOME:+$PEERS_JAVA_HOME/bin/}java"
exec "$java_bin" -Xmx2g -Dpeers.engineClasspath="$engine_cp" "$@" \
    -cp "benchmarks/peers/target/classes:$(cat benchmarks/peers/target/classpath.txt)" \
    org.opensafeguarding.benchmarks.peers.PeerLatencyBenchmark
