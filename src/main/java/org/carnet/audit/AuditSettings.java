package org.carnet.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the access ledger.
 *
 * @param streams {@code carnet.audit.streams}: number of hash chains events are spread over by person (default 4).
 * Raising it later is safe (each event records its stream); lowering it leaves the extra streams closed but verified.
 * @param maxBatch {@code carnet.audit.max-batch}: most events one group commit writes (default 256)
 * @param appendTimeout {@code carnet.audit.append-timeout}: how long a caller waits for its event to be durable
 * before the operation is refused (default 5s)
 * @param checkpointInterval {@code carnet.audit.checkpoint-interval}: how often every stream's head is signed
 * (default 10m; 0 switches the schedule off, checkpoints on demand still work)
 * @param retentionPolicy {@code carnet.audit.retention-policy}: where the retention policy is read from (a Spring
 * resource location); by default {@code policies/audit/retention.yaml} in the working directory, else on the
 * class path
 */
@ConfigurationProperties("carnet.audit")
record AuditSettings(@DefaultValue("4") int streams, @DefaultValue("256") int maxBatch,
		@DefaultValue("5s") Duration appendTimeout, @DefaultValue("10m") Duration checkpointInterval,
		String retentionPolicy) {

	AuditSettings {
		if (streams < 1 || streams > 256) {
			throw new IllegalArgumentException("carnet.audit.streams must be between 1 and 256, was " + streams);
		}
		if (maxBatch < 1) {
			throw new IllegalArgumentException("carnet.audit.max-batch must be at least 1, was " + maxBatch);
		}
		if (appendTimeout.isNegative() || appendTimeout.isZero()) {
			throw new IllegalArgumentException("carnet.audit.append-timeout must be positive");
		}
		if (checkpointInterval.isNegative()) {
			throw new IllegalArgumentException("carnet.audit.checkpoint-interval must not be negative");
		}
	}
}
