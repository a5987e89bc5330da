#!/usr/bin/env bash
# One-shot (apache/kafka image, as the admin): the SCRAM users of the platform and the demo domains. The broker and
# the admin themselves are created when the storage is formatted (kafka-start.sh). Passwords come from
# SCRAM_<USER>_PASSWORD; they must not contain ',' or ']' (kafka-configs.sh's list syntax).
set -euo pipefail
: "${BOOTSTRAP_SERVERS:?}" "${SCRAM_ADMIN_PASSWORD:?}"
umask 077
config="$(mktemp)"
cat > "$config" <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${SCRAM_ADMIN_PASSWORD}";
PROPS
for user in ${SCRAM_USERS:?}; do
  var="SCRAM_${user^^}_PASSWORD"
  var="${var//-/_}"
  /opt/kafka/bin/kafka-configs.sh --bootstrap-server "$BOOTSTRAP_SERVERS" --command-config "$config" --alter \
    --add-config "SCRAM-SHA-512=[password=${!var:?no $var}]" --entity-type users --entity-name "$user"
done
rm -f "$config"
