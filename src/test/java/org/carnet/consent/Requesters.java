package org.carnet.consent;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;
import org.carnet.core.Role;

/** Requesters as the access token would describe them, for consent tests. */
final class Requesters {

	private Requesters() {
	}

	static Requester person(PersonId person) {
		return new Requester("person-" + person, Set.of(Role.MIGRANT), Optional.empty(), Optional.empty(),
				Optional.of(person), "carnet-portal");
	}

	static Requester clinician(String subject, String jurisdiction) {
		return new Requester(subject, Set.of(Role.CLINICIAN), Optional.of("org-" + jurisdiction.toLowerCase()),
				Optional.of(Jurisdiction.of(jurisdiction)), Optional.empty(), "carnet-cli");
	}

	static Requester clinician(String subject, String organisation, String jurisdiction) {
		return new Requester(subject, Set.of(Role.CLINICIAN), Optional.of(organisation),
				Optional.of(Jurisdiction.of(jurisdiction)), Optional.empty(), "carnet-cli");
	}

	static Requester mediator(String subject, String jurisdiction) {
		return new Requester(subject, Set.of(Role.MEDIATOR), Optional.of("mediators-" + jurisdiction.toLowerCase()),
				Optional.of(Jurisdiction.of(jurisdiction)), Optional.empty(), "carnet-portal");
	}

	static Requester auditor(String subject, String jurisdiction) {
		return new Requester(subject, Set.of(Role.AUDITOR), Optional.of("dpa-" + jurisdiction.toLowerCase()),
				Optional.of(Jurisdiction.of(jurisdiction)), Optional.empty(), "carnet-portal");
	}

	static Requester admin(String subject) {
		return new Requester(subject, Set.of(Role.ADMIN), Optional.empty(), Optional.empty(), Optional.empty(),
				"carnet-portal");
	}

	/** A subject no other test uses, so tests sharing one database do not see each other's grants or guesses. */
	static String unique(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8);
	}
}
