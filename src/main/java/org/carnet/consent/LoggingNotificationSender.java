package org.carnet.consent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The sender of the demo and of deployments without a channel yet: writes one line per notification with ids and
 * the kind only (never a name, a country or a purpose), so an operator sees that notifications flow. Switched off by
 * {@code carnet.notifications.log-sender=false}.
 */
@Component
@ConditionalOnProperty(name = "carnet.notifications.log-sender", havingValue = "true", matchIfMissing = true)
class LoggingNotificationSender implements NotificationSender {

	private static final Logger log = LoggerFactory.getLogger(LoggingNotificationSender.class);

	@Override
	public void send(NotificationMessage message) {
		log.info("Notification {} ({}) for person {}", message.id(), message.kind(), message.person());
	}
}
