package org.carnet.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.BadInput;
import org.carnet.core.Forbidden;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.QrCodes;
import org.carnet.core.Requester;
import org.carnet.core.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Share codes: the person creates a short single-use code (and its QR code) naming what it grants; the clinician
 * who redeems it within the policy's lifetime (15 minutes by default) receives that grant. Codes are stored only as
 * a keyed hash. Wrong guesses are throttled per requester and overall (each attempt counted atomically before its code is
 * checked), and every failed redemption is recorded.
 */
@Service
public class ShareCodes {

	private static final Logger log = LoggerFactory.getLogger(ShareCodes.class);

	private static final Duration GUESS_WINDOW = Duration.ofMinutes(1);

	static final String WRONG = "This share code is not valid; check the characters and try again";

	static final String USED = "This share code was already used; ask the person for a new one";

	static final String EXPIRED = "This share code has expired; ask the person for a new one";

	private final ShareCodeStore store;

	private final ShareCodeHasher hasher;

	private final Grants grants;

	private final Notifications notifications;

	private final ConsentPolicies policies;

	private final ShareCodeSettings settings;

	private final Clock clock;

	private final TransactionTemplate transaction;

	private final TransactionTemplate ownTransaction;

	ShareCodes(ShareCodeStore store, ShareCodeHasher hasher, Grants grants, Notifications notifications,
			ConsentPolicies policies, ShareCodeSettings settings, Clock clock,
			PlatformTransactionManager transactions) {
		this.store = store;
		this.hasher = hasher;
		this.grants = grants;
		this.notifications = notifications;
		this.policies = policies;
		this.settings = settings;
		this.clock = clock;
		this.transaction = new TransactionTemplate(transactions);
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** The person creates a share code; the result holds the code, shown once. */
	public IssuedShareCode create(Requester person, PersonId personId, Jurisdiction home, CreateShareCode terms) {
		return create(person, personId, home, terms, now());
	}

	IssuedShareCode create(Requester person, PersonId personId, Jurisdiction home, CreateShareCode terms,
			Instant now) {
		Grants.requirePerson(person, personId);
		if (terms.categories().isEmpty()) {
			throw new BadInput("categories", "name at least one category");
		}
		if (terms.purposes().isEmpty()) {
			throw new BadInput("purposes", "name at least one purpose");
		}
		Access access = terms.access() == null ? Access.READ : terms.access();
		ConsentPolicy policy = policies.of(home);
		Duration grantDuration = Grants.grantDuration(terms.grantDuration(), policy, "grantDuration");
		Instant expiresAt = now.plus(policy.shareCodeLifetime());
		ShareCodeId id = ShareCodeId.random();
		for (int attempt = 1;; attempt++) {
			String code = ShareCodeText.random();
			try {
				transaction.executeWithoutResult(status -> store.insert(id, hasher.hash(code), personId, home, terms,
						access, grantDuration, person.subject(), now, expiresAt));
				return new IssuedShareCode(id, ShareCodeText.display(code), QrCodes.svg(ShareCodeText.display(code)),
						expiresAt, terms.categories(), access, terms.purposes(), grantDuration);
			}
			catch (DuplicateKeyException collision) {
				// a code equal to one ever issued (about one in 10^13): draw again
				if (attempt == 3) {
					throw collision;
				}
			}
		}
	}

	/**
	 * A clinician redeems a code and receives its grant, acting from their jurisdiction. Refused, and counted, when
	 * the code is wrong, used or expired; refused unchecked after too many recent wrong guesses.
	 */
	public ConsentGrant redeem(Requester clinician, String code) {
		return redeem(clinician, code, now());
	}

	ConsentGrant redeem(Requester clinician, String code, Instant now) {
		if (!clinician.has(Role.CLINICIAN) || clinician.has(Role.AUDITOR) || clinician.has(Role.ADMIN)) {
			throw new Forbidden("Only clinicians redeem share codes");
		}
		Jurisdiction actingFrom = clinician.jurisdiction()
			.orElseThrow(() -> new BadInput("jurisdiction", "your access token names no country you act from"));
		String subject = clinician.subject();
		// counted before the code is checked: concurrent guesses cannot get past the limits
		Optional<String> refused = ownTransaction.execute(status -> {
			Optional<String> limit = store.reserveGuess(subject, now, GUESS_WINDOW, settings.wrongGuessesPerMinute(),
					settings.wrongGuessesPerMinuteOverall());
			if (limit.isPresent()) {
				status.setRollbackOnly();
			}
			return limit;
		});
		if (refused != null && refused.isPresent()) {
			fail(subject, ShareCodeStore.Failure.THROTTLED, now);
			if (refused.get().equals("OVERALL")) {
				log.warn("Share-code redemptions paused: too many wrong guesses overall in the last minute");
				throw new TooManyAttempts("Share codes are paused after too many wrong attempts; try again in a minute");
			}
			throw new TooManyAttempts("Too many wrong share codes in the last minute; wait a minute and try again");
		}
		Optional<String> compact = ShareCodeText.normalise(code);
		if (compact.isEmpty()) {
			fail(subject, ShareCodeStore.Failure.WRONG, now);
			throw new BadInput("code", WRONG);
		}
		byte[] hash = hasher.hash(compact.get());
		Optional<ConsentGrant> grant = transaction.execute(status -> store.claim(hash, subject, now)
			.map(claimed -> grantFor(claimed, clinician, actingFrom, now)));
		if (grant != null && grant.isPresent()) {
			release(subject);
			return grant.get();
		}
		ShareCodeStore.Failure failure = store.whyNotClaimable(hash);
		if (failure != ShareCodeStore.Failure.WRONG) {
			// a code that exists (used or expired) is no guess: only wrong codes count towards the limits
			release(subject);
		}
		fail(subject, failure, now);
		throw new BadInput("code", failure == ShareCodeStore.Failure.USED ? USED
				: failure == ShareCodeStore.Failure.EXPIRED ? EXPIRED : WRONG);
	}

	/** Failed redemptions since {@code since}, of every kind; for operators. */
	public long failedRedemptionsSince(Instant since) {
		return store.failuresSince(since);
	}

	private ConsentGrant grantFor(ShareCodeStore.Claimed claimed, Requester clinician, Jurisdiction actingFrom,
			Instant now) {
		ConsentPolicy policy = policies.of(claimed.home());
		// the policy may have shortened the maximum since the code was made
		Duration duration = claimed.grantDuration().compareTo(policy.maximumGrantDuration()) > 0
				? policy.maximumGrantDuration() : claimed.grantDuration();
		GrantConsent consent = new GrantConsent(Grantee.user(clinician.subject()), claimed.categories(),
				claimed.access(), claimed.purposes(), Set.of(actingFrom), Optional.of(now),
				Optional.of(now.plus(duration)));
		ConsentGrant grant = grants.create(claimed.person(), claimed.home(), consent, claimed.createdBy(),
				GrantOrigin.SHARE_CODE, claimed.id().value(), now);
		store.attachGrant(claimed.id(), grant.id());
		notifications.tell(claimed.person(), NotificationKind.SHARE_CODE_REDEEMED, clinician, grant.id().value(), now);
		return grant;
	}

	private void release(String subject) {
		ownTransaction.executeWithoutResult(status -> store.releaseGuess(subject));
	}

	/** Counts a failure in its own transaction, so it stays counted even when the caller's transaction rolls back. */
	private void fail(String subject, ShareCodeStore.Failure failure, Instant now) {
		ownTransaction.executeWithoutResult(status -> store.recordFailure(subject, failure, now));
	}

	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}
}
