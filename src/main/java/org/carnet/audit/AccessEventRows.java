package org.carnet.audit;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;
import org.carnet.core.Role;

import org.springframework.jdbc.core.RowMapper;

/** How an access event is written to and read from {@code access_events}. */
final class AccessEventRows {

	static final String COLUMNS = "sequence, stream, stream_sequence, previous_hash, hash, occurred_at, action, "
			+ "outcome, requester_subject, requester_roles, requester_organisation, requester_jurisdiction, client_id, "
			+ "person_id, home_jurisdiction, cross_border, purpose, categories_served, categories_withheld, grant_ids, "
			+ "break_glass_justification, operation_name, request_id, target, summarised_count, acting_for, reason";

	static final String INSERT = "insert into access_events (" + COLUMNS + ") values "
			+ "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	/**
	 * Reads a row as it is stored. A value that is not one Carnet writes (an unknown action, a malformed country
	 * code) fails here: verification reports that row as edited.
	 */
	static final RowMapper<AccessEvent> MAPPER = (rs, row) -> new AccessEvent(rs.getLong("sequence"),
			rs.getInt("stream"), rs.getLong("stream_sequence"), rs.getString("previous_hash"), rs.getString("hash"),
			rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), AccessAction.valueOf(rs.getString("action")),
			AccessOutcome.valueOf(rs.getString("outcome")), rs.getString("requester_subject"),
			Set.copyOf(texts(rs, "requester_roles", Role::valueOf)), rs.getString("requester_organisation"),
			jurisdiction(rs, "requester_jurisdiction"), rs.getString("client_id"), person(rs),
			jurisdiction(rs, "home_jurisdiction"), rs.getBoolean("cross_border"), purpose(rs),
			Set.copyOf(texts(rs, "categories_served", Category::valueOf)),
			Set.copyOf(texts(rs, "categories_withheld", Category::valueOf)), Set.copyOf(uuids(rs, "grant_ids")),
			rs.getString("break_glass_justification"), rs.getString("operation_name"), rs.getString("request_id"),
			rs.getString("target"), rs.getObject("summarised_count", Integer.class), rs.getString("acting_for"),
			rs.getString("reason"));

	private AccessEventRows() {
	}

	/** Binds the columns of {@link #INSERT} to parameters {@code at + 1} to {@code at + 27}. */
	static void bind(PreparedStatement ps, AccessEvent event, int at) throws SQLException {
		ps.setLong(at + 1, event.sequence());
		ps.setInt(at + 2, event.stream());
		ps.setLong(at + 3, event.streamSequence());
		ps.setString(at + 4, event.previousHash());
		ps.setString(at + 5, event.hash());
		ps.setObject(at + 6, OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC));
		ps.setString(at + 7, event.action().name());
		ps.setString(at + 8, event.outcome().name());
		ps.setString(at + 9, event.requesterSubject());
		ps.setArray(at + 10, textArray(ps, event.requesterRoles()));
		ps.setString(at + 11, event.requesterOrganisation());
		ps.setString(at + 12, code(event.requesterJurisdiction()));
		ps.setString(at + 13, event.clientId());
		ps.setObject(at + 14, event.personId() == null ? null : event.personId().value(), Types.OTHER);
		ps.setString(at + 15, code(event.homeJurisdiction()));
		ps.setBoolean(at + 16, event.crossBorder());
		ps.setString(at + 17, event.purpose() == null ? null : event.purpose().name());
		ps.setArray(at + 18, textArray(ps, event.categoriesServed()));
		ps.setArray(at + 19, textArray(ps, event.categoriesWithheld()));
		ps.setArray(at + 20, ps.getConnection().createArrayOf("uuid", event.grantIds().toArray(new UUID[0])));
		ps.setString(at + 21, event.breakGlassJustification());
		ps.setString(at + 22, event.operationName());
		ps.setString(at + 23, event.requestId());
		ps.setString(at + 24, event.target());
		ps.setObject(at + 25, event.count(), Types.INTEGER);
		ps.setString(at + 26, event.actingFor());
		ps.setString(at + 27, event.reason());
	}

	private static Array textArray(PreparedStatement ps, Collection<?> values) throws SQLException {
		return ps.getConnection().createArrayOf("text", values.stream().map(Object::toString).toArray(String[]::new));
	}

	private static String code(Jurisdiction jurisdiction) {
		return jurisdiction == null ? null : jurisdiction.code();
	}

	private static Jurisdiction jurisdiction(ResultSet rs, String column) throws SQLException {
		String code = rs.getString(column);
		return code == null ? null : Jurisdiction.of(code);
	}

	private static PersonId person(ResultSet rs) throws SQLException {
		UUID id = rs.getObject("person_id", UUID.class);
		return id == null ? null : new PersonId(id);
	}

	private static Purpose purpose(ResultSet rs) throws SQLException {
		String purpose = rs.getString("purpose");
		return purpose == null ? null : Purpose.valueOf(purpose);
	}

	private static <T> List<T> texts(ResultSet rs, String column, Function<String, T> parse) throws SQLException {
		Array array = rs.getArray(column);
		List<T> values = new ArrayList<>();
		for (Object value : (Object[]) array.getArray()) {
			values.add(parse.apply((String) value));
		}
		return values;
	}

	private static List<UUID> uuids(ResultSet rs, String column) throws SQLException {
		Array array = rs.getArray(column);
		List<UUID> values = new ArrayList<>();
		for (Object value : (Object[]) array.getArray()) {
			values.add((UUID) value);
		}
		return values;
	}
}
