package org.carnet.consent;

import org.carnet.core.Jurisdiction;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.identity.NewUser;

/**
 * Real accounts behind the requesters of consent tests: a grant names only a user or organisation that exists (and
 * can use it), so tests that grant to a requester create that requester's account and organisation first.
 */
final class Staff {

	private Staff() {
	}

	/** Creates the requester's organisation (in its country) and account with its roles, unless they exist. */
	static Requester register(Accounts accounts, Requester requester) {
		String organisation = requester.organisation().orElseThrow();
		Jurisdiction country = requester.jurisdiction().orElseThrow();
		accounts.createOrganisationIfAbsent(organisation, "Organisation " + organisation, country);
		accounts.createUserIfAbsent(new NewUser(requester.subject(), "correct horse battery",
				"Test " + requester.subject(), requester.roles(), requester.organisation(), java.util.Optional.empty(),
				java.util.Optional.empty()));
		return requester;
	}

	/** An organisation with one clinician, so that a grant to it can be used. */
	static String organisation(Accounts accounts, String id, String country) {
		register(accounts, Requesters.clinician(Requesters.unique("dr.member"), id, country));
		return id;
	}

	static Requester clinician(Accounts accounts, String subject, String country) {
		return register(accounts, Requesters.clinician(subject, country));
	}

	static Requester mediator(Accounts accounts, String subject, String country) {
		return register(accounts, Requesters.mediator(subject, country));
	}

	static Requester auditor(Accounts accounts, String subject, String country) {
		return register(accounts, new Requester(subject, java.util.Set.of(Role.AUDITOR),
				java.util.Optional.of("dpa-" + country.toLowerCase()), java.util.Optional.of(Jurisdiction.of(country)),
				java.util.Optional.empty(), "carnet-portal"));
	}
}
