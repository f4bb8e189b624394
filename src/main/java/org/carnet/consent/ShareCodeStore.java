package org.carnet.consent;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tables of share codes (by keyed hash), of failed redemptions and of the guess counters. */
@Repository
class ShareCodeStore {

	/** Why a redemption failed, as counted. */
	enum Failure {
		/** No such code (or not a code at all): a guess. Only these count towards throttling. */
		WRONG,
		/** The code was redeemed before. */
		USED,
		/** The code expired unredeemed. */
		EXPIRED,
		/** Refused unchecked because of too many recent wrong guesses. */
		THROTTLED
	}

	/** What a share code grants, once claimed. */
	record Claimed(ShareCodeId id, PersonId person, Jurisdiction home, Set<Category> categories, Access access,
			Set<Purpose> purposes, Duration grantDuration, String createdBy) {
	}

	private final JdbcClient jdbc;

	ShareCodeStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(ShareCodeId id, byte[] hash, PersonId person, Jurisdiction home, CreateShareCode terms, Access access,
			Duration grantDuration, String createdBy, Instant createdAt, Instant expiresAt) {
		jdbc.sql("""
				insert into share_codes (id, code_hash, person_id, home_jurisdiction, categories, access, purposes,
				  grant_duration_seconds, created_by, created_at, expires_at)
				values (:id, :hash, :person, :home, :categories, :access, :purposes, :duration, :createdBy, :createdAt,
				  :expiresAt)""")
			.param("id", id.value())
			.param("hash", hash)
			.param("person", person.value())
			.param("home", home.code())
			.param("categories", Columns.texts(terms.categories()))
			.param("access", access.name())
			.param("purposes", Columns.texts(terms.purposes()))
			.param("duration", grantDuration.toSeconds())
			.param("createdBy", createdBy)
			.param("createdAt", Columns.time(createdAt))
			.param("expiresAt", Columns.time(expiresAt))
			.update();
	}

	/**
	 * Marks the code redeemed by {@code subject} if it is unredeemed and unexpired at {@code at}: one statement, so
	 * two redemptions racing for one code cannot both succeed.
	 */
	Optional<Claimed> claim(byte[] hash, String subject, Instant at) {
		return jdbc.sql("""
				update share_codes set redeemed_at = :at, redeemed_by = :subject
				where code_hash = :hash and redeemed_at is null and expires_at > :at
				returning id, person_id, home_jurisdiction, categories, access, purposes, grant_duration_seconds,
				  created_by""")
			.param("at", Columns.time(at))
			.param("subject", subject)
			.param("hash", hash)
			.query((rs, row) -> new Claimed(new ShareCodeId(Columns.uuid(rs, "id")),
					new PersonId(Columns.uuid(rs, "person_id")), Columns.jurisdiction(rs, "home_jurisdiction"),
					Columns.enums(rs, "categories", Category.class), Access.valueOf(rs.getString("access")),
					Columns.enums(rs, "purposes", Purpose.class),
					Duration.ofSeconds(rs.getLong("grant_duration_seconds")), rs.getString("created_by")))
			.optional();
	}

	void attachGrant(ShareCodeId id, GrantId grant) {
		jdbc.sql("update share_codes set grant_id = :grant where id = :id")
			.param("grant", grant.value())
			.param("id", id.value())
			.update();
	}

	/** Why a code that could not be claimed failed: used, expired, or never issued (wrong). */
	Failure whyNotClaimable(byte[] hash) {
		return jdbc.sql("select redeemed_at is not null from share_codes where code_hash = :hash")
			.param("hash", hash)
			.query(Boolean.class)
			.optional()
			.map(redeemed -> redeemed ? Failure.USED : Failure.EXPIRED)
			.orElse(Failure.WRONG);
	}

	void recordFailure(String requester, Failure reason, Instant at) {
		jdbc.sql("insert into share_code_failures (requester, reason, failed_at) values (:requester, :reason, :at)")
			.param("requester", requester)
			.param("reason", reason.name())
			.param("at", Columns.time(at))
			.update();
	}

	/**
	 * Counts a redemption attempt against the overall and the requester's limit before its code is checked: one
	 * atomic upsert per counter (row-locked, overall first), so concurrent attempts never exceed a limit.
	 *
	 * @return the limit that refused it ({@code OVERALL} or {@code REQUESTER}), empty when the attempt was counted;
	 * the caller rolls back on a refusal, so that it counts nothing
	 */
	Optional<String> reserveGuess(String requester, Instant now, Duration window, int perRequester, int overall) {
		if (!reserve("overall", now, window, overall)) {
			return Optional.of("OVERALL");
		}
		if (!reserve("requester:" + requester, now, window, perRequester)) {
			return Optional.of("REQUESTER");
		}
		return Optional.empty();
	}

	private boolean reserve(String key, Instant now, Duration window, int max) {
		return jdbc.sql("""
				insert into share_code_guesses as g (throttle_key, attempts, window_started_at) values (:key, 1, :now)
				on conflict (throttle_key) do update set
				  attempts = case when g.window_started_at <= :windowStart then 1 else g.attempts + 1 end,
				  window_started_at = case when g.window_started_at <= :windowStart then :now else g.window_started_at end
				where g.window_started_at <= :windowStart or g.attempts < :max
				returning attempts""")
			.param("key", key)
			.param("now", Columns.time(now))
			.param("windowStart", Columns.time(now.minus(window)))
			.param("max", max)
			.query(Integer.class)
			.optional()
			.isPresent();
	}

	/** Gives back a counted attempt that turned out not to be a guess (the code existed). */
	void releaseGuess(String requester) {
		jdbc.sql("""
				update share_code_guesses set attempts = greatest(attempts - 1, 0)
				where throttle_key in ('overall', :requester)""")
			.param("requester", "requester:" + requester)
			.update();
	}

	long failuresSince(Instant since) {
		return jdbc.sql("select count(*) from share_code_failures where failed_at >= :since")
			.param("since", Columns.time(since))
			.query(Long.class)
			.single();
	}
}
