package org.carnet.audit;

import java.util.Optional;
import java.util.Set;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Requester;
import org.carnet.core.Role;

/** Requesters and access events for the audit tests. */
final class AccessEvents {

	private AccessEvents() {
	}

	static Requester clinician(String subject, String organisation, String jurisdiction) {
		return new Requester(subject, Set.of(Role.CLINICIAN), Optional.of(organisation),
				Optional.of(Jurisdiction.of(jurisdiction)), Optional.empty(), "clinic-system");
	}

	static Requester nikolaou() {
		return clinician("dr.nikolaou", "org-athens-reception", "GR");
	}

	static Requester weber() {
		return clinician("dr.weber", "org-berlin-charite", "DE");
	}

	/** A successful read by {@code requester} of {@code person}'s record (home {@code home}) for treatment. */
	static AccessEvent read(Requester requester, PersonId person, String home) {
		return AccessEvent.of(requester, AccessAction.READ, AccessOutcome.SUCCESS)
			.about(person, Jurisdiction.of(home))
			.withPurpose(Purpose.TREATMENT);
	}
}
