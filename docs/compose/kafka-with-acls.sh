#!/bin/bash
# Starts the broker, then (once) creates the SCRAM users, the topics and the ACLs of docs/security.md, through a
# listener that only this container can reach (127.0.0.1:9094, no authentication, a super user): services and
# integrations connect to the SASL/SCRAM listener and get exactly the rights granted here, nothing else.
set -euo pipefail
/etc/kafka/docker/run &
broker=$!
bin=/opt/kafka/bin
admin=(--bootstrap-server 127.0.0.1:9094)
until "$bin/kafka-topics.sh" "${admin[@]}" --list >/dev/null 2>&1; do sleep 1; done

scram() { "$bin/kafka-configs.sh" "${admin[@]}" --alter --entity-type users --entity-name "$1" \
  --add-config "SCRAM-SHA-512=[password=$2]" >/dev/null; }
scram workflow "${KAFKA_WORKFLOW_PASSWORD:?}"
scram reporting "${KAFKA_REPORTING_PASSWORD:?}"
scram integration "${KAFKA_INTEGRATION_PASSWORD:?}"

for topic in safeguarding.referrals.v1 safeguarding.referrals.v1.dlt safeguarding.case-events.v1; do
  "$bin/kafka-topics.sh" "${admin[@]}" --create --if-not-exists --topic "$topic" --partitions 3 \
    --replication-factor 1 >/dev/null
done

acl() { "$bin/kafka-acls.sh" "${admin[@]}" --add --allow-principal "User:$1" "${@:2}" >/dev/null; }
# integrations may only write referrals
acl integration --operation Write --operation Describe --topic safeguarding.referrals.v1
# the workflow service reads referrals, writes the dead-letter topic and the case events
acl workflow --operation Read --operation Describe --topic safeguarding.referrals.v1
acl workflow --operation Read --group workflow
acl workflow --operation Write --operation Describe --topic safeguarding.referrals.v1.dlt
acl workflow --operation Write --operation Describe --topic safeguarding.case-events.v1
acl workflow --operation Describe --cluster
# only reporting may read the case events
acl reporting --operation Read --operation Describe --topic safeguarding.case-events.v1
acl reporting --operation Read --group reporting
acl reporting --operation Describe --cluster
echo "kafka: SCRAM users, topics and ACLs in place"
wait "$broker"
