package org.carnet.consent;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.carnet.core.Jurisdiction;

import org.springframework.jdbc.support.SqlArrayValue;

/** Conversions between the consent tables' columns and Java values. */
final class Columns {

	private Columns() {
	}

	static OffsetDateTime time(Instant instant) {
		return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
		return time == null ? null : time.toInstant();
	}

	static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
		return Optional.ofNullable(instant(rs, column));
	}

	static UUID uuid(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, UUID.class);
	}

	/** A text array of names ({@code Enum.name()}, {@code Jurisdiction.code()}). */
	static SqlArrayValue texts(Collection<?> values) {
		return new SqlArrayValue("text", values.stream().map(String::valueOf).toArray());
	}

	static <E extends Enum<E>> Set<E> enums(ResultSet rs, String column, Class<E> type) throws SQLException {
		Set<E> values = EnumSet.noneOf(type);
		for (String name : strings(rs, column)) {
			values.add(Enum.valueOf(type, name));
		}
		return values;
	}

	static Set<Jurisdiction> jurisdictions(ResultSet rs, String column) throws SQLException {
		Set<Jurisdiction> values = new LinkedHashSet<>();
		for (String code : strings(rs, column)) {
			values.add(Jurisdiction.of(code.trim()));
		}
		return values;
	}

	static Jurisdiction jurisdiction(ResultSet rs, String column) throws SQLException {
		String code = rs.getString(column);
		return code == null ? null : Jurisdiction.of(code.trim());
	}

	private static String[] strings(ResultSet rs, String column) throws SQLException {
		Array array = rs.getArray(column);
		if (array == null) {
			return new String[0];
		}
		try {
			return (String[]) array.getArray();
		}
		finally {
			array.free();
		}
	}
}
