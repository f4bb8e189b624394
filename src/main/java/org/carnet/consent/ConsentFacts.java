package org.carnet.consent;

import java.util.List;

/**
 * What a decision about one person and one requester needs, loaded at once: the grants naming the requester (in any
 * state, so a denial can say why) and the requester's open emergency accesses.
 */
record ConsentFacts(List<ConsentGrant> grants, List<EmergencyAccess> emergencyAccesses) {

	static final ConsentFacts NONE = new ConsentFacts(List.of(), List.of());

	ConsentFacts {
		grants = List.copyOf(grants);
		emergencyAccesses = List.copyOf(emergencyAccesses);
	}
}
