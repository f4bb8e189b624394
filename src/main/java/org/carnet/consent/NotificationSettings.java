package org.carnet.consent;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of access notifications and of their delivery.
 *
 * @param followInterval {@code carnet.notifications.follow-interval}: how often each replica follows the access
 * ledger into notifications and delivers pending ones (default 5s; 0 switches the schedule off)
 * @param followBatch {@code carnet.notifications.follow-batch}: most ledger events of one stream handled in one
 * transaction (default 500); a run takes batch after batch of a stream that is behind, for at most the interval
 * @param maxAge {@code carnet.notifications.max-age}: accesses older than this when they are followed are passed
 * over, not told (default 1d): after a long stop, or when notifications are first installed on a full ledger
 * @param deliveryBatch {@code carnet.notifications.delivery-batch}: most notifications delivered in one run
 * (default 50)
 * @param sendTimeout {@code carnet.notifications.send-timeout}: how long one sender may take for one message before
 * the attempt counts as failed (default 10s)
 * @param maxAttempts {@code carnet.notifications.max-attempts}: attempts before delivery is given up (default 5;
 * the notification stays in the portal)
 * @param retryAfter {@code carnet.notifications.retry-after}: wait after the first failed attempt, doubled after each
 * further one (default 1m)
 * @param logSender {@code carnet.notifications.log-sender}: whether the logging sender (ids only) is on (default true)
 */
@ConfigurationProperties("carnet.notifications")
record NotificationSettings(@DefaultValue("5s") Duration followInterval, @DefaultValue("500") int followBatch,
		@DefaultValue("1d") Duration maxAge, @DefaultValue("50") int deliveryBatch,
		@DefaultValue("10s") Duration sendTimeout, @DefaultValue("5") int maxAttempts,
		@DefaultValue("1m") Duration retryAfter, @DefaultValue("true") boolean logSender) {

	NotificationSettings {
		if (followInterval.isNegative()) {
			throw new IllegalArgumentException("carnet.notifications.follow-interval must not be negative");
		}
		if (followBatch < 1 || followBatch > 10_000) {
			throw new IllegalArgumentException("carnet.notifications.follow-batch must be between 1 and 10000");
		}
		if (maxAge.isNegative() || maxAge.isZero()) {
			throw new IllegalArgumentException("carnet.notifications.max-age must be positive");
		}
		if (deliveryBatch < 1 || deliveryBatch > 1_000) {
			throw new IllegalArgumentException("carnet.notifications.delivery-batch must be between 1 and 1000");
		}
		if (sendTimeout.isNegative() || sendTimeout.isZero()) {
			throw new IllegalArgumentException("carnet.notifications.send-timeout must be positive");
		}
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("carnet.notifications.max-attempts must be at least 1");
		}
		if (retryAfter.isNegative() || retryAfter.isZero()) {
			throw new IllegalArgumentException("carnet.notifications.retry-after must be positive");
		}
	}
}
