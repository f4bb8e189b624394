package org.carnet.core;

import java.util.Objects;
import java.util.UUID;

/**
 * The capacity in which a signed-in user acts for another person: as the guardian an authority appointed for a minor,
 * or as a proxy the person chose. While acting for the person, the user does what the person could do on their own
 * record, within these rights, and nothing else; every event names both.
 *
 * @param representation the id of the guardianship or proxy authorisation
 * @param kind guardian or proxy
 * @param person the person acted for
 * @param readRecord whether the representative may read the person's record (and access log)
 * @param manageConsent whether the representative may grant, revoke and answer consent for the person
 */
public record ActingFor(UUID representation, Kind kind, PersonId person, boolean readRecord, boolean manageConsent) {

	/** How the representative came to act for the person. */
	public enum Kind {
		/** Appointed by an authority for a minor; ends by itself on the person's 18th birthday. */
		GUARDIAN,
		/** Chosen by the person, for a period they set; revocable at once. */
		PROXY
	}

	public ActingFor {
		Objects.requireNonNull(representation, "representation");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(person, "person");
	}

	/** As the audit trail records it: {@code guardian:<id>} or {@code proxy:<id>}. */
	public String label() {
		return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + representation;
	}
}
