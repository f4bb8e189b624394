package org.carnet.identity;

import java.util.concurrent.atomic.AtomicInteger;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;

/** UserStore and organisations for identity tests; names are unique per call so tests sharing a database never collide. */
final class IdentityTestData {

	static final String PASSWORD = "correct horse battery";

	static final String HOSPITAL_ATHENS = "test-hospital-athens";

	static final String CLINIC_BERLIN = "test-clinic-berlin";

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private final Accounts accounts;

	IdentityTestData(Accounts accounts) {
		this.accounts = accounts;
		accounts.createOrganisationIfAbsent(HOSPITAL_ATHENS, "Athens Test Hospital", Jurisdiction.of("GR"));
		accounts.createOrganisationIfAbsent(CLINIC_BERLIN, "Berlin Test Clinic", Jurisdiction.of("DE"));
	}

	static String uniqueName(String prefix) {
		return prefix + "." + SEQUENCE.incrementAndGet() + "." + Long.toString(System.nanoTime() % 1_000_000, 36);
	}

	String clinician(String organisation) {
		String username = uniqueName("dr");
		accounts.createUserIfAbsent(NewUser.staff(username, PASSWORD, "Dr Test", organisation, Role.CLINICIAN));
		return username;
	}

	String admin() {
		String username = uniqueName("admin");
		accounts.createUserIfAbsent(NewUser.admin(username, PASSWORD, "Test Administrator"));
		return username;
	}

	String auditor() {
		String username = uniqueName("auditor");
		accounts.createUserIfAbsent(NewUser.staff(username, PASSWORD, "Test Auditor", HOSPITAL_ATHENS, Role.AUDITOR));
		return username;
	}

	String migrant(PersonId person, Jurisdiction home) {
		String username = uniqueName("migrant");
		accounts.createUserIfAbsent(NewUser.migrant(username, PASSWORD, "Test Person", person, home));
		return username;
	}
}
