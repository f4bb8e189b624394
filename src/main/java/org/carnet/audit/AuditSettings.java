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
 * before the operation is refused with UNAVAILABLE (default 2s: a ledger held by a lock or a database that died
 * refuses reads within seconds instead of holding them)
 * @param checkpointInterval {@code carnet.audit.checkpoint-interval}: how often every stream's head is signed
 * (default 10m; 0 switches the schedule off, checkpoints on demand still work)
 * @param retentionPolicy {@code carnet.audit.retention-policy}: where the retention policy is read from (a Spring
 * resource location); by default {@code audit/retention.yaml} of {@code carnet.policies-dir} when it holds one, else
 * the policy packaged in Carnet
 * @param maxWaiting {@code carnet.audit.max-waiting}: most callers waiting at once for their events to be durable
 * (default 100, half of the web server's 200 threads); beyond, an append is refused at once with UNAVAILABLE, so that
 * a stalled ledger cannot take every request thread
 */
@ConfigurationProperties("carnet.audit")
record AuditSettings(@DefaultValue("4") int streams, @DefaultValue("256") int maxBatch,
		@DefaultValue("2s") Duration appendTimeout, @DefaultValue("10m") Duration checkpointInterval,
		String retentionPolicy, @DefaultValue("100") int maxWaiting) {

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
		if (maxWaiting < 1) {
			throw new IllegalArgumentException("carnet.audit.max-waiting must be at least 1, was " + maxWaiting);
		}
		if (checkpointInterval.isNegative()) {
			throw new IllegalArgumentException("carnet.audit.checkpoint-interval must not be negative");
		}
	}
}
