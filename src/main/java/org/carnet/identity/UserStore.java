package org.carnet.identity;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.carnet.core.BadInput;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Role;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The users who sign in with a password, read by the login form and by the token customizer: a Spring Data JDBC
 * repository of the {@code users} table, its rows mapped by Spring Data ({@link StoredUser}). Creation stays one
 * {@code insert ... on conflict do nothing} (a name taken by a user is an answer, not an error), and closing an
 * erased person's accounts one update.
 */
interface UserStore extends Repository<UserStore.StoredUser, String>, UserDetailsService {

	/** A stored user; {@code organisation}, {@code person} and {@code homeJurisdiction} may be null. */
	@Table("users")
	record StoredUser(@Id String username, String passwordHash, String displayName, Set<Role> roles,
			@Column("organisation_id") String organisation, @Column("person_id") PersonId person,
			Jurisdiction homeJurisdiction, boolean enabled) {

		Account account() {
			return new Account(username, displayName, roles, Optional.ofNullable(organisation),
					Optional.ofNullable(person));
		}
	}

	/** User names are compared in lower case: what a person types at the login form. */
	static String normalise(String username) {
		return username == null ? null : username.strip().toLowerCase(Locale.ROOT);
	}

	default Optional<StoredUser> find(String username) {
		return username == null ? Optional.empty() : findById(normalise(username));
	}

	/**
	 * Inserts the user; false when the user name is taken by another user (left unchanged). A name taken by a client
	 * or reserved (the {@code subjects} registry, written by a trigger in the same transaction) is bad input.
	 */
	default boolean insert(StoredUser user) {
		try {
			return insertIfAbsent(user.username(), user.passwordHash(), user.displayName(),
					user.roles().stream().map(Role::name).sorted().collect(Collectors.joining(",", "{", "}")),
					user.organisation(), user.person() == null ? null : user.person().value(),
					user.homeJurisdiction() == null ? null : user.homeJurisdiction().code(), user.enabled(),
					Instant.now());
		}
		catch (DuplicateKeyException ex) {
			if (String.valueOf(ex.getMessage()).contains("subjects_pk")) {
				throw new BadInput("username", "is already taken; choose another");
			}
			throw ex;
		}
	}

	default boolean existsForPerson(PersonId person) {
		return existsByPerson(person);
	}

	/** True while the account of this user name is open and bound to this person's record. */
	default boolean openFor(String username, PersonId person) {
		return enabledFor(normalise(username), person).orElse(false);
	}

	@Override
	default UserDetails loadUserByUsername(String username) {
		StoredUser user = find(username).orElseThrow(() -> new UsernameNotFoundException("No such user"));
		return User.withUsername(user.username())
			.password(user.passwordHash())
			.disabled(!user.enabled())
			.roles(user.roles().stream().map(Role::name).toArray(String[]::new))
			.build();
	}

	/**
	 * One statement in the caller's transaction if there is one, else on its own: not the read-only transaction
	 * Spring Data opens around {@code findById} by default, whose commit is one more round trip per look-up (the
	 * sign-in, {@code me}, an account's checks).
	 */
	@Transactional(propagation = Propagation.SUPPORTS)
	Optional<StoredUser> findById(String username);

	boolean existsByPerson(PersonId person);

	@Modifying
	@Query("""
			insert into users (username, password_hash, display_name, roles, organisation_id, person_id,
			                   home_jurisdiction, enabled, created_at)
			values (:username, :hash, :displayName, cast(:roles as text[]), :organisation, :person,
			        :home, :enabled, :now)
			on conflict (username) do nothing""")
	boolean insertIfAbsent(String username, String hash, String displayName, String roles, String organisation,
			java.util.UUID person, String home, boolean enabled, Instant now);

	/**
	 * Closes the accounts bound to an erased person's record: disabled (no sign-in, no token), the display name (the
	 * person's name) replaced by the user name. Answers the user names closed.
	 */
	@Query("""
			update users set enabled = false, display_name = username
			where person_id = :person
			returning username""")
	List<String> closeAccountsOf(PersonId person);

	@Query("select enabled from users where username = :username and person_id = :person")
	Optional<Boolean> enabledFor(String username, PersonId person);

	@Query("select count(*) > 0 from users where enabled and 'ADMIN' = any(roles)")
	boolean anyEnabledAdmin();
}
