package org.carnet.consent;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;

import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Persistable;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.Repository;

/**
 * The share codes (by keyed hash): a Spring Data JDBC repository of {@code share_codes}, its rows mapped by Spring
 * Data ({@link Row}). Redemption and the guess counters stay hand-written statements, each one atomic so that races
 * cannot redeem a code twice or exceed a limit; the failed redemptions are a log appended to and counted.
 */
interface ShareCodeStore extends Repository<ShareCodeStore.Row, ShareCodeId> {

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

	default void insert(ShareCodeId id, byte[] hash, PersonId person, Jurisdiction home, CreateShareCode terms,
			Access access, Duration grantDuration, String createdBy, Instant createdAt, Instant expiresAt) {
		save(new Row(id, hash, person, home, terms.categories(), access, terms.purposes(), grantDuration.toSeconds(),
				createdBy, createdAt, expiresAt, null, null, null));
	}

	/**
	 * Marks the code redeemed by {@code subject} if it is unredeemed and unexpired at {@code at}: one statement, so
	 * two redemptions racing for one code cannot both succeed.
	 */
	default Optional<Claimed> claim(byte[] hash, String subject, Instant at) {
		return redeemIfClaimable(hash, subject, at).map(Row::claimed);
	}

	/** Why a code that could not be claimed failed: used, expired, or never issued (wrong). */
	default Failure whyNotClaimable(byte[] hash) {
		return isRedeemed(hash).map(redeemed -> redeemed ? Failure.USED : Failure.EXPIRED).orElse(Failure.WRONG);
	}

	default void recordFailure(String requester, Failure reason, Instant at) {
		insertFailure(requester, reason.name(), at);
	}

	/**
	 * Counts a redemption attempt against the overall and the requester's limit before its code is checked: one
	 * atomic upsert per counter (row-locked, overall first), so concurrent attempts never exceed a limit.
	 *
	 * @return the limit that refused it ({@code OVERALL} or {@code REQUESTER}), empty when the attempt was counted;
	 * the caller rolls back on a refusal, so that it counts nothing
	 */
	default Optional<String> reserveGuess(String requester, Instant now, Duration window, int perRequester,
			int overall) {
		if (reserve("overall", now, now.minus(window), overall).isEmpty()) {
			return Optional.of("OVERALL");
		}
		if (reserve("requester:" + requester, now, now.minus(window), perRequester).isEmpty()) {
			return Optional.of("REQUESTER");
		}
		return Optional.empty();
	}

	/** Gives back a counted attempt that turned out not to be a guess (the code existed). */
	default void releaseGuess(String requester) {
		release("requester:" + requester);
	}

	Row save(Row row);

	@Query("""
			update share_codes set redeemed_at = :at, redeemed_by = :subject
			where code_hash = :hash and redeemed_at is null and expires_at > :at
			returning *""")
	Optional<Row> redeemIfClaimable(byte[] hash, String subject, Instant at);

	@Modifying
	@Query("update share_codes set grant_id = :grant where id = :id")
	void attachGrant(ShareCodeId id, GrantId grant);

	@Query("select redeemed_at is not null from share_codes where code_hash = :hash")
	Optional<Boolean> isRedeemed(byte[] hash);

	@Modifying
	@Query("insert into share_code_failures (requester, reason, failed_at) values (:requester, :reason, :at)")
	void insertFailure(String requester, String reason, Instant at);

	/** The counted attempts after this one, empty when the limit refused it (then nothing is changed). */
	@Query("""
			insert into share_code_guesses as g (throttle_key, attempts, window_started_at) values (:key, 1, :now)
			on conflict (throttle_key) do update set
			  attempts = case when g.window_started_at <= :windowStart then 1 else g.attempts + 1 end,
			  window_started_at = case when g.window_started_at <= :windowStart then :now else g.window_started_at end
			where g.window_started_at <= :windowStart or g.attempts < :max
			returning attempts""")
	Optional<Integer> reserve(String key, Instant now, Instant windowStart, int max);

	@Modifying
	@Query("""
			update share_code_guesses set attempts = greatest(attempts - 1, 0)
			where throttle_key in ('overall', :requester)""")
	void release(String requester);

	@Query("select count(*) from share_code_failures where failed_at >= :since")
	long failuresSince(Instant since);

	/** A row of {@code share_codes}, always new when saved (redemption changes one by {@link #redeemIfClaimable}). */
	@Table("share_codes")
	record Row(@Id ShareCodeId id, byte[] codeHash, @Column("person_id") PersonId person,
			@Column("home_jurisdiction") Jurisdiction home, Set<Category> categories, Access access,
			Set<Purpose> purposes, long grantDurationSeconds, String createdBy, Instant createdAt, Instant expiresAt,
			Instant redeemedAt, String redeemedBy, @Column("grant_id") GrantId grant)
			implements Persistable<ShareCodeId> {

		Claimed claimed() {
			return new Claimed(id, person, home, categories, access, purposes,
					Duration.ofSeconds(grantDurationSeconds), createdBy);
		}

		@Override
		public ShareCodeId getId() {
			return id;
		}

		@Override
		public boolean isNew() {
			return true;
		}
	}
}
