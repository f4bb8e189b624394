package org.carnet.consent;

/**
 * Hands each new notification to a channel outside Carnet (e-mail, SMS...). Every bean of this type receives every
 * new notification, after it is stored: a failure (an exception, or no answer within
 * {@code carnet.notifications.send-timeout}) never removes it from the person's portal; delivery is tried again later,
 * a bounded number of times ({@code carnet.notifications.max-attempts}).
 */
public interface NotificationSender {

	/**
	 * Sends one message; returns once the channel accepted it.
	 *
	 * @throws RuntimeException when it could not be sent: it is tried again later
	 */
	void send(NotificationMessage message);
}
