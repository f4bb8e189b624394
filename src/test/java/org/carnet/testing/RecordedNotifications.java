package org.carnet.testing;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.carnet.consent.NotificationMessage;
import org.carnet.consent.NotificationSender;
import org.carnet.core.PersonId;

import org.springframework.stereotype.Component;

/**
 * A notification sender that keeps what it was given (the latest 2,000 messages), as an e-mail or SMS adapter would
 * receive them; it can be told to fail for a person, as a channel that is down. Present in every test context (it
 * lives in the scanned test package), next to the logging sender.
 */
@Component
public class RecordedNotifications implements NotificationSender {

	private final ConcurrentLinkedQueue<NotificationMessage> received = new ConcurrentLinkedQueue<>();

	private final Set<PersonId> failing = ConcurrentHashMap.newKeySet();

	@Override
	public void send(NotificationMessage message) {
		if (failing.contains(message.person())) {
			throw new IllegalStateException("the channel is down");
		}
		received.add(message);
		while (received.size() > 2000) {
			received.poll();
		}
	}

	/** The messages sent for {@code person}, in the order they were sent. */
	public List<NotificationMessage> to(PersonId person) {
		return received.stream().filter(message -> message.person().equals(person)).toList();
	}

	/** From now on, sending to {@code person} fails ({@code true}) or works again. */
	public void failFor(PersonId person, boolean fail) {
		if (fail) {
			failing.add(person);
		}
		else {
			failing.remove(person);
		}
	}
}
