package org.carnet.identity;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.carnet.audit.AccessAction;
import org.carnet.audit.AccessEvent;
import org.carnet.audit.AccessOutcome;
import org.carnet.audit.Ledger;
import org.carnet.core.BadInput;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.PhrNumber;
import org.carnet.core.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one-time codes printed on a person's paper record at registration, with which the person claims their account.
 * Only a slow hash of a code is stored; a code expires and works once. A wrong code answers the same whether or not
 * the PHR number exists, and counts towards the throttling limits.
 */
@Component
class ActivationCodes {

	/** Read off paper and typed: no 0/O, 1/I/L or U/V to confuse; 29 characters, so 10 carry about 48 bits. */
	static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ";

	static final int LENGTH = 10;

	private static final Logger log = LoggerFactory.getLogger(ActivationCodes.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final PasswordEncoder hashes;

	private final UserStore users;

	private final ClaimAttempts attempts;

	private final TransactionTemplate transaction;

	private final IdentitySettings settings;

	private final Ledger ledger;

	/** Compared against when no code exists for a number, so that the answer takes as long as for a real one. */
	private final String decoyHash;

	ActivationCodes(JdbcClient jdbc, PasswordEncoder hashes, UserStore users, ClaimAttempts attempts,
			PlatformTransactionManager transactions, IdentitySettings settings, Ledger ledger) {
		this.ledger = ledger;
		this.jdbc = jdbc;
		this.hashes = hashes;
		this.users = users;
		this.attempts = attempts;
		this.transaction = new TransactionTemplate(transactions);
		this.settings = settings;
		this.decoyHash = hashes.encode(newCode());
	}

	/** Issues a new code for the person (replacing an unused earlier one), in the caller's transaction. */
	String issue(PersonId person, PhrNumber phr, Jurisdiction homeJurisdiction) {
		String code = newCode();
		Instant now = Instant.now();
		jdbc.sql("""
				insert into activation_codes (phr_number, person_id, code_hash, home_jurisdiction, issued_at, expires_at)
				values (:phr, :person, :hash, :home, :now, :expires)
				on conflict (phr_number) do update set person_id = excluded.person_id, code_hash = excluded.code_hash,
				  home_jurisdiction = excluded.home_jurisdiction, issued_at = excluded.issued_at,
				  expires_at = excluded.expires_at, used_at = null""")
			.param("phr", phr.value())
			.param("person", person.value())
			.param("hash", hashes.encode(normalise(code)))
			.param("home", homeJurisdiction == null ? null : homeJurisdiction.code())
			.param("now", Timestamp.from(now))
			.param("expires", Timestamp.from(now.plus(settings.activationCodeTtl())))
			.update();
		return code.substring(0, LENGTH / 2) + "-" + code.substring(LENGTH / 2);
	}

	/**
	 * Creates the migrant's account bound to the person whose paper record carries this PHR number and code.
	 *
	 * @param address the client's network address, for throttling; null when unknown
	 */
	Account claim(PhrNumber phr, String activationCode, String username, String password, String address) {
		String name = Credentials.username(username);
		Credentials.checkChosenPassword(password, name);
		String code = normalise(activationCode);
		GuessThrottle.Keys attempt = attempts.reserve(phr, address);
		Account account;
		try {
			account = transaction.execute(status -> claimInTransaction(phr, code, name, password));
		}
		catch (WrongCode ex) {
			attempts.failed(attempt);
			log.info("Wrong activation attempt (counted towards the throttling limits)");
			throw ex;
		}
		attempts.succeeded(attempt);
		log.info("Account {} claimed for person {}", account.username(), account.person().orElseThrow());
		return account;
	}

	private Account claimInTransaction(PhrNumber phr, String code, String username, String password) {
		Optional<Issued> issued = jdbc.sql("""
				select person_id, code_hash, home_jurisdiction, expires_at, used_at from activation_codes
				where phr_number = :phr for update""")
			.param("phr", phr.value())
			.query((rows, n) -> new Issued(new PersonId(rows.getObject("person_id", UUID.class)),
					rows.getString("code_hash"), rows.getString("home_jurisdiction"),
					rows.getTimestamp("expires_at").toInstant(), rows.getTimestamp("used_at") != null))
			.optional();
		if (issued.isEmpty()) {
			hashes.matches(code, decoyHash);
			throw new WrongCode();
		}
		Issued found = issued.get();
		if (!hashes.matches(code, found.codeHash())) {
			throw new WrongCode();
		}
		// From here on the caller holds the right code: telling them why it cannot be used reveals nothing new.
		if (found.used()) {
			throw new BadInput("activationCode",
					"was already used; sign in with your user name, or ask the clinic that registered you for a new code");
		}
		if (!found.expiresAt().isAfter(Instant.now())) {
			throw new BadInput("activationCode",
					"has expired; ask the clinic that registered you for a new code");
		}
		if (users.existsForPerson(found.person())) {
			throw new BadInput("activationCode", "belongs to a record that already has an account; sign in instead");
		}
		Jurisdiction home = found.homeJurisdiction() == null ? null : Jurisdiction.of(found.homeJurisdiction());
		UserStore.StoredUser user = new UserStore.StoredUser(username, hashes.encode(password), username, Set.of(Role.MIGRANT),
				null, found.person(), home, true);
		if (!users.insert(user)) {
			throw new BadInput("username", "is already taken; choose another");
		}
		jdbc.sql("update activation_codes set used_at = :now where phr_number = :phr")
			.param("now", Timestamp.from(Instant.now()))
			.param("phr", phr.value())
			.update();
		// the claim and its event commit together: the person sees it in their access log
		ledger.appendInTransaction(AccessEvent.bySubject(username, null, AccessAction.ACCOUNT_CLAIMED,
				AccessOutcome.SUCCESS)
			.about(found.person(), home)
			.withTarget(AccessEvent.userTarget(username))
			.withOperation("claimAccount", null));
		return user.account();
	}

	/** Reads a code as a person types it: any case, with or without spaces and dashes. */
	static String normalise(String code) {
		String compact = code == null ? "" : code.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
		if (compact.length() != LENGTH || !compact.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
			throw new BadInput("activationCode", "is the " + LENGTH + "-character code on your paper record, "
					+ "e.g. " + "K7QM4-XZTP9");
		}
		return compact;
	}

	static String newCode() {
		StringBuilder code = new StringBuilder(LENGTH);
		for (int i = 0; i < LENGTH; i++) {
			code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return code.toString();
	}

	private record Issued(PersonId person, String codeHash, String homeJurisdiction, Instant expiresAt,
			boolean used) {
	}

	/** The same answer for an unknown number and a wrong code. */
	static final class WrongCode extends BadInput {

		WrongCode() {
			super("activationCode", "does not match this PHR number; check both on your paper record");
		}
	}
}
