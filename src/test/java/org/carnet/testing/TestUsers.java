package org.carnet.testing;

import java.util.concurrent.atomic.AtomicInteger;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.identity.NewUser;

/**
 * Users with real tokens for API tests: each call creates a fresh user (unique name) in a test organisation of the
 * given country and signs them in through the real authorization-code flow.
 */
public final class TestUsers {

	public static final String PASSWORD = "correct horse battery";

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private final Accounts accounts;

	private final Tokens tokens;

	public TestUsers(Accounts accounts, int port) {
		this.accounts = accounts;
		this.tokens = new Tokens(port);
	}

	/** A signed-in user: their name and access token. */
	public record SignedIn(String username, String token) {
	}

	public SignedIn staff(Role role, String country) {
		String organisation = "test-org-" + country.toLowerCase();
		accounts.createOrganisationIfAbsent(organisation, "Test organisation " + country, Jurisdiction.of(country));
		String username = unique(role.name().toLowerCase());
		accounts.createUserIfAbsent(NewUser.staff(username, PASSWORD, "Test " + role, organisation, role));
		return new SignedIn(username, tokens.login(username, PASSWORD));
	}

	public SignedIn clinician(String country) {
		return staff(Role.CLINICIAN, country);
	}

	public SignedIn migrant(PersonId person, Jurisdiction home) {
		String username = unique("migrant");
		accounts.createUserIfAbsent(NewUser.migrant(username, PASSWORD, "Test Person", person, home));
		return new SignedIn(username, tokens.login(username, PASSWORD));
	}

	public SignedIn admin() {
		String username = unique("admin");
		accounts.createUserIfAbsent(NewUser.admin(username, PASSWORD, "Test Administrator"));
		return new SignedIn(username, tokens.login(username, PASSWORD));
	}

	private static String unique(String prefix) {
		return prefix + "." + SEQUENCE.incrementAndGet() + "." + Long.toString(System.nanoTime() % 1_000_000, 36);
	}
}
