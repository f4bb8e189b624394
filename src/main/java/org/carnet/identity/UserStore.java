package org.carnet.identity;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.carnet.core.BadInput;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Repository;

/** The users who sign in with a password, read by the login form and by the token customizer. */
@Repository
class UserStore implements UserDetailsService {

	private final JdbcClient jdbc;

	UserStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A stored user; {@code organisation}, {@code person} and {@code homeJurisdiction} may be null. */
	record StoredUser(String username, String passwordHash, String displayName, Set<Role> roles, String organisation,
			PersonId person, Jurisdiction homeJurisdiction, boolean enabled) {

		Account account() {
			return new Account(username, displayName, roles, Optional.ofNullable(organisation),
					Optional.ofNullable(person));
		}
	}

	/** User names are compared in lower case: what a person types at the login form. */
	static String normalise(String username) {
		return username == null ? null : username.strip().toLowerCase(Locale.ROOT);
	}

	Optional<StoredUser> find(String username) {
		return jdbc.sql("""
				select username, password_hash, display_name, roles, organisation_id, person_id, home_jurisdiction,
				       enabled
				from users where username = :username""")
			.param("username", normalise(username))
			.query((rows, n) -> read(rows))
			.optional();
	}

	/**
	 * Inserts the user; false when the user name is taken by another user (left unchanged). A name taken by a client
	 * or reserved (the {@code subjects} registry, written by a trigger in the same transaction) is bad input.
	 */
	boolean insert(StoredUser user) {
		try {
			return tryInsert(user);
		}
		catch (DuplicateKeyException ex) {
			if (String.valueOf(ex.getMessage()).contains("subjects_pk")) {
				throw new BadInput("username", "is already taken; choose another");
			}
			throw ex;
		}
	}

	private boolean tryInsert(StoredUser user) {
		return jdbc.sql("""
				insert into users (username, password_hash, display_name, roles, organisation_id, person_id,
				                   home_jurisdiction, enabled, created_at)
				values (:username, :hash, :displayName, cast(:roles as text[]), :organisation, :person,
				        :home, :enabled, :now)
				on conflict (username) do nothing""")
			.param("username", user.username())
			.param("hash", user.passwordHash())
			.param("displayName", user.displayName())
			.param("roles", user.roles().stream().map(Role::name).sorted().collect(Collectors.joining(",", "{", "}")))
			.param("organisation", user.organisation())
			.param("person", user.person() == null ? null : user.person().value())
			.param("home", user.homeJurisdiction() == null ? null : user.homeJurisdiction().code())
			.param("enabled", user.enabled())
			.param("now", Timestamp.from(Instant.now()))
			.update() == 1;
	}

	boolean existsForPerson(PersonId person) {
		return jdbc.sql("select count(*) from users where person_id = :person")
			.param("person", person.value())
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * Closes the accounts bound to an erased person's record: disabled (no sign-in, no token), the display name (the
	 * person's name) replaced by the user name. Answers the user names closed.
	 */
	java.util.List<String> closeAccountsOf(PersonId person) {
		return jdbc.sql("""
				update users set enabled = false, display_name = username
				where person_id = :person
				returning username""")
			.param("person", person.value())
			.query(String.class)
			.list();
	}

	/** True while the account of this user name is open and bound to this person's record. */
	boolean openFor(String username, PersonId person) {
		return jdbc.sql("select enabled from users where username = :username and person_id = :person")
			.param("username", normalise(username))
			.param("person", person.value())
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	boolean anyEnabledAdmin() {
		return jdbc.sql("select count(*) from users where enabled and 'ADMIN' = any(roles)")
			.query(Long.class)
			.single() > 0;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		StoredUser user = find(username).orElseThrow(() -> new UsernameNotFoundException("No such user"));
		return User.withUsername(user.username())
			.password(user.passwordHash())
			.disabled(!user.enabled())
			.roles(user.roles().stream().map(Role::name).toArray(String[]::new))
			.build();
	}

	private static StoredUser read(ResultSet rows) throws SQLException {
		Array roles = rows.getArray("roles");
		Set<Role> parsed = EnumSet.noneOf(Role.class);
		Arrays.stream((String[]) roles.getArray()).map(Role::valueOf).forEach(parsed::add);
		String home = rows.getString("home_jurisdiction");
		UUID person = rows.getObject("person_id", UUID.class);
		return new StoredUser(rows.getString("username"), rows.getString("password_hash"),
				rows.getString("display_name"), parsed, rows.getString("organisation_id"),
				person == null ? null : new PersonId(person), home == null ? null : Jurisdiction.of(home),
				rows.getBoolean("enabled"));
	}
}
