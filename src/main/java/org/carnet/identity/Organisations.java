package org.carnet.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

import org.carnet.core.BadInput;
import org.carnet.core.Jurisdiction;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The organisations staff and clinic systems act for. */
@Repository
class Organisations {

	private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}[a-z0-9]");

	private final JdbcClient jdbc;

	Organisations(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Creates the organisation; false when one with this id exists already (left unchanged). */
	boolean createIfAbsent(String id, String name, Jurisdiction jurisdiction) {
		validate(id, name, jurisdiction);
		return jdbc.sql("""
				insert into organisations (id, name, jurisdiction, created_at) values (:id, :name, :jurisdiction, :now)
				on conflict (id) do nothing""")
			.param("id", id)
			.param("name", name.strip())
			.param("jurisdiction", jurisdiction.code())
			.param("now", Timestamp.from(Instant.now()))
			.update() == 1;
	}

	Optional<Organisation> find(String id) {
		if (id == null) {
			return Optional.empty();
		}
		return jdbc.sql("select id, name, jurisdiction from organisations where id = :id")
			.param("id", id)
			.query((rows, n) -> new Organisation(rows.getString("id"), rows.getString("name"),
					Jurisdiction.of(rows.getString("jurisdiction"))))
			.optional();
	}

	private static void validate(String id, String name, Jurisdiction jurisdiction) {
		if (id == null || !ID.matcher(id).matches()) {
			throw new BadInput("id", "use 3 to 64 lower-case letters, digits and dashes (e.g. hospital-athens)");
		}
		if (name == null || name.isBlank() || name.length() > 200) {
			throw new BadInput("name", "is required (at most 200 characters)");
		}
		if (jurisdiction == null) {
			throw new BadInput("jurisdiction", "is required");
		}
	}
}
