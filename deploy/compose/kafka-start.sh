#!/usr/bin/env bash
# Entry point of the compose file's kafka service (apache/kafka image). The image formats its KRaft storage itself
# (KafkaDockerWrapper: `format --cluster-id`), but without SCRAM credentials, and a SASL/SCRAM broker needs its own
# user (broker) and the admin's before its first start (notes: security-facts.md). So this formats the log
# directory first, with --add-scram, from the same KAFKA_* variables the image turns into server.properties, and
# then runs the image's own start-up, which accepts an already formatted directory.
# A reused log directory keeps the credentials it was formatted with: change a password with kafka-configs.sh.
set -euo pipefail
: "${CLUSTER_ID:?}" "${KAFKA_LOG_DIRS:?}" "${SCRAM_BROKER_PASSWORD:?}" "${SCRAM_ADMIN_PASSWORD:?}"
umask 077

# The image's rule: KAFKA_ABC_DEF -> abc.def, ___ -> '-', __ -> '_' (its *_OPTS, log4j and JMX variables excepted).
properties() {
  local key name
  for key in $(compgen -e); do
    case "$key" in
      KAFKA_VERSION|KAFKA_HOME|KAFKA_*_OPTS|KAFKA_OPTS|KAFKA_LOG4J_*|KAFKA_TOOLS_LOG4J_*|KAFKA_JMX_*) continue ;;
      KAFKA_*) ;;
      *) continue ;;
    esac
    name="${key#KAFKA_}"
    name="${name,,}"
    name="${name//_/.}"
    name="${name//.../-}"
    name="${name//../_}"
    printf '%s=%s\n' "$name" "${!key}"
  done
}

if [ ! -f "${KAFKA_LOG_DIRS}/meta.properties" ]; then
  format_config="$(mktemp)"
  properties > "$format_config"
  /opt/kafka/bin/kafka-storage.sh format --cluster-id "$CLUSTER_ID" --config "$format_config" \
    --add-scram "SCRAM-SHA-512=[name=broker,password=${SCRAM_BROKER_PASSWORD}]" \
    --add-scram "SCRAM-SHA-512=[name=admin,password=${SCRAM_ADMIN_PASSWORD}]"
  rm -f "$format_config"
fi

# The admin's client settings, for the health check (and `docker compose exec kafka cat /tmp/admin.properties`).
cat > /tmp/admin.properties <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${SCRAM_ADMIN_PASSWORD}";
PROPS

unset SCRAM_BROKER_PASSWORD SCRAM_ADMIN_PASSWORD
exec /etc/kafka/docker/run "$@"
