package org.carnet.bench;

import java.util.ArrayList;
import java.util.List;

import org.carnet.core.PersonId;
import org.carnet.core.Role;
import org.carnet.identity.Accounts;
import org.carnet.identity.NewUser;
import org.carnet.testing.TestUsers;
import org.carnet.testing.Tokens;

/**
 * The benchmark's users, with fixed names so that a reused database keeps matching grants, and their real access
 * tokens (authorization code flow with PKCE, as a clinic tool signs in).
 */
final class BenchUsers {

	static final String ORGANISATION = "bench-clinic-gr";

	/** Registers every bench person (and so records their entries). */
	static final String REGISTRAR = "bench.registrar";

	/** Granted every category for TREATMENT by every bench person: scenarios (a), (d), (g). */
	static final String FULL = "bench.full";

	/** Granted half of the categories: scenario (b). */
	static final String HALF = "bench.half";

	/** Granted nothing; opens emergency access: scenario (f). */
	static final String EMERGENCY = "bench.emergency";

	/** Receives and loses the grants of scenario (e). */
	static final String GRANTEE = "bench.grantee";

	private final Accounts accounts;

	private final Tokens tokens;

	BenchUsers(Accounts accounts, int port) {
		this.accounts = accounts;
		this.tokens = new Tokens(port);
	}

	void createStaff() {
		accounts.createOrganisationIfAbsent(ORGANISATION, "Benchmark clinic", Seeding.HOME);
		for (String name : List.of(REGISTRAR, FULL, HALF, EMERGENCY, GRANTEE)) {
			accounts.createUserIfAbsent(NewUser.staff(name, TestUsers.PASSWORD, name, ORGANISATION, Role.CLINICIAN));
		}
	}

	String token(String username) {
		return tokens.login(username, TestUsers.PASSWORD);
	}

	/** Tokens of migrants owning the first persons: {@code bench.self.<i>} owns {@code persons.get(i)}. */
	List<String> selfTokens(List<PersonId> persons, int count) {
		List<String> result = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String name = "bench.self." + i;
			accounts.createUserIfAbsent(NewUser.migrant(name, TestUsers.PASSWORD, name, persons.get(i), Seeding.HOME));
			result.add(token(name));
		}
		return result;
	}
}
