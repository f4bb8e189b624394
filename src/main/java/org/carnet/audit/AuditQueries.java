package org.carnet.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.carnet.core.BadInput;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the ledger: auditors search it, a person reads their own access log, and cross-border flows are summed up.
 * Pages run newest first by (time, sequence); every filter is served by an index that also yields that order, so a
 * page costs the same in a month of a large ledger as in a small one (see ops/postgres/README.md).
 * <p>
 * Who may call what is the caller's decision (auditors search, persons read their own log); these queries never
 * return health values, because the ledger holds none.
 */
@Component
public class AuditQueries {

	static final int MAX_PAGE = 100;

	private static final String CURSOR_PREFIX = "ae1:";

	/** Break-glass, or anything done for the EMERGENCY purpose ({@link AccessEvent#emergency()}). */
	private static final String EMERGENCY = "(purpose = 'EMERGENCY' or action = 'BREAK_GLASS')";

	private static final String ORDINARY = "(purpose is distinct from 'EMERGENCY' and action <> 'BREAK_GLASS')";

	private final NamedParameterJdbcTemplate jdbc;

	AuditQueries(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One page of the events matching {@code filter}, newest first.
	 *
	 * @param first page size, 1 to 100
	 * @param after the {@code endCursor} of the previous page, or null for the first page
	 */
	public AccessEventPage search(AuditFilter filter, int first, String after) {
		if (first < 1 || first > MAX_PAGE) {
			throw new BadInput("first", "must be between 1 and " + MAX_PAGE);
		}
		AuditFilter criteria = filter == null ? AuditFilter.everything() : filter;
		List<String> where = new ArrayList<>();
		MapSqlParameterSource params = new MapSqlParameterSource();
		if (criteria.person() != null) {
			where.add("person_id = :person");
			params.addValue("person", criteria.person().value());
		}
		if (criteria.requesterSubject() != null) {
			where.add("requester_subject = :subject");
			params.addValue("subject", criteria.requesterSubject());
		}
		if (criteria.organisation() != null) {
			where.add("requester_organisation = :organisation");
			params.addValue("organisation", criteria.organisation());
		}
		if (criteria.requesterJurisdiction() != null) {
			where.add("requester_jurisdiction = :requesterJurisdiction");
			params.addValue("requesterJurisdiction", criteria.requesterJurisdiction().code());
		}
		if (criteria.homeJurisdiction() != null) {
			where.add("home_jurisdiction = :homeJurisdiction");
			params.addValue("homeJurisdiction", criteria.homeJurisdiction().code());
		}
		if (criteria.crossBorder() != null) {
			// a literal, not a parameter: the planner can then use the partial cross-border index
			where.add(criteria.crossBorder() ? "cross_border" : "not cross_border");
		}
		if (criteria.emergency() != null) {
			where.add(criteria.emergency() ? EMERGENCY : ORDINARY);
		}
		if (!criteria.actions().isEmpty()) {
			where.add("action in (:actions)");
			params.addValue("actions", criteria.actions().stream().map(Enum::name).toList());
		}
		if (!criteria.purposes().isEmpty()) {
			where.add("purpose in (:purposes)");
			params.addValue("purposes", criteria.purposes().stream().map(Enum::name).toList());
		}
		if (!criteria.outcomes().isEmpty()) {
			where.add("outcome in (:outcomes)");
			params.addValue("outcomes", criteria.outcomes().stream().map(Enum::name).toList());
		}
		if (criteria.from() != null) {
			where.add("occurred_at >= :from");
			params.addValue("from", utc(criteria.from()));
		}
		if (criteria.to() != null) {
			where.add("occurred_at < :to");
			params.addValue("to", utc(criteria.to()));
		}
		if (after != null) {
			Position position = Position.parse(after);
			where.add("(occurred_at, sequence) < (:afterTime, :afterSequence)");
			params.addValue("afterTime", utc(position.time()));
			params.addValue("afterSequence", position.sequence());
		}
		params.addValue("limit", first + 1);
		String sql = "select " + AccessEventRows.COLUMNS + " from access_events"
				+ (where.isEmpty() ? "" : " where " + String.join(" and ", where))
				+ " order by occurred_at desc, sequence desc limit :limit";
		List<AccessEvent> events = jdbc.query(sql, params, AccessEventRows.MAPPER);
		boolean more = events.size() > first;
		List<AccessEventPage.Edge> edges = new ArrayList<>();
		for (AccessEvent event : more ? events.subList(0, first) : events) {
			edges.add(new AccessEventPage.Edge(Position.of(event).cursor(), event));
		}
		return new AccessEventPage(edges, new AccessEventPage.PageInfo(more, after != null,
				edges.isEmpty() ? null : edges.get(0).cursor(),
				edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()));
	}

	/** A person's own access log: every event about their record, newest first. */
	public AccessEventPage forPerson(PersonId person, int first, String after) {
		return search(AuditFilter.person(person), first, after);
	}

	/**
	 * The events of one ledger stream after position {@code afterStreamSequence}, in stream order, at most
	 * {@code limit}: for a follower that keeps its place per stream. Appends to a stream commit one after the other in
	 * stream order (its head stays locked until each commits), so what this returns never skips an event that a later
	 * call could still see.
	 */
	public List<AccessEvent> streamAfter(int stream, long afterStreamSequence, int limit) {
		if (limit < 1 || limit > 10_000) {
			throw new IllegalArgumentException("limit must be between 1 and 10000, was " + limit);
		}
		return jdbc.query("select " + AccessEventRows.COLUMNS + " from access_events where stream = :stream "
				+ "and stream_sequence > :after order by stream_sequence limit :limit",
				new MapSqlParameterSource().addValue("stream", stream)
					.addValue("after", afterStreamSequence)
					.addValue("limit", limit),
				AccessEventRows.MAPPER);
	}

	/** The streams that hold at least one event, in order. */
	public List<Integer> streams() {
		return jdbc.queryForList("select stream from access_stream_heads where stream_sequence > 0 order by stream",
				new MapSqlParameterSource(), Integer.class);
	}

	/**
	 * Cross-border flows between {@code from} (inclusive) and {@code to} (exclusive), by requester country and
	 * home country, emergency accesses counted apart.
	 */
	public CrossBorderSummary crossBorderSummary(Instant from, Instant to) {
		if (from == null || to == null || !from.isBefore(to)) {
			throw new BadInput("to", "the period must have a start before its end");
		}
		MapSqlParameterSource params = new MapSqlParameterSource().addValue("from", utc(from)).addValue("to", utc(to));
		List<CrossBorderSummary.Flow> flows = jdbc.query("""
				select requester_jurisdiction, home_jurisdiction,
				  count(*) filter (where outcome in ('SUCCESS', 'PARTIAL') and %s) as accesses,
				  count(*) filter (where outcome in ('SUCCESS', 'PARTIAL') and %s) as emergency_accesses,
				  count(*) filter (where outcome = 'DENIED') as denied
				from access_events
				where cross_border and occurred_at >= :from and occurred_at < :to
				  and action in ('READ', 'WRITE', 'BREAK_GLASS', 'DENIED')
				group by requester_jurisdiction, home_jurisdiction
				order by requester_jurisdiction, home_jurisdiction""".formatted(ORDINARY, EMERGENCY), params,
				(rs, row) -> new CrossBorderSummary.Flow(Jurisdiction.of(rs.getString(1)),
						Jurisdiction.of(rs.getString(2)), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
		return new CrossBorderSummary(from, to, flows);
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	/** Where a page ends: an event's time and sequence, as an opaque cursor. */
	record Position(Instant time, long sequence) {

		static Position of(AccessEvent event) {
			return new Position(event.time(), event.sequence());
		}

		String cursor() {
			long micros = ChronoUnit.MICROS.between(Instant.EPOCH, time);
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString((CURSOR_PREFIX + micros + ":" + sequence).getBytes(StandardCharsets.US_ASCII));
		}

		static Position parse(String cursor) {
			try {
				String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
				if (!text.startsWith(CURSOR_PREFIX)) {
					throw new IllegalArgumentException("prefix");
				}
				String[] parts = text.substring(CURSOR_PREFIX.length()).split(":");
				if (parts.length != 2) {
					throw new IllegalArgumentException("parts");
				}
				Instant time = Instant.EPOCH.plus(Long.parseLong(parts[0]), ChronoUnit.MICROS);
				return new Position(time, Long.parseLong(parts[1]));
			}
			catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException ex) {
				throw new BadInput("after", "is not a cursor from a previous page");
			}
		}
	}
}
