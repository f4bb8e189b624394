package org.carnet.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

import org.carnet.core.BadInput;
import org.carnet.core.Jurisdiction;

import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The organisations staff and clinic systems act for: a Spring Data JDBC repository of the {@code organisations}
 * table, its rows mapped by Spring Data ({@link Row}); creation stays one {@code insert ... on conflict do nothing},
 * so that seeding twice, or two replicas at once, leave one organisation.
 */
interface OrganisationStore extends Repository<OrganisationStore.Row, String> {

	/** Creates the organisation; false when one with this id exists already (left unchanged). */
	default boolean createIfAbsent(String id, String name, Jurisdiction jurisdiction) {
		Row.validate(id, name, jurisdiction);
		return insertIfAbsent(id, name.strip(), jurisdiction.code(), Instant.now());
	}

	default Optional<Organisation> find(String id) {
		return id == null ? Optional.empty() : findById(id).map(Row::organisation);
	}

	/** In the caller's transaction if there is one, else on its own (no read-only transaction: no commit round trip). */
	@Transactional(propagation = Propagation.SUPPORTS)
	Optional<Row> findById(String id);

	@Modifying
	@Query("insert into organisations (id, name, jurisdiction, created_at) values (:id, :name, :jurisdiction, :now) "
			+ "on conflict (id) do nothing")
	boolean insertIfAbsent(String id, String name, String jurisdiction, Instant now);

	/** A row of {@code organisations} (its creation time is not read). */
	@Table("organisations")
	record Row(@Id String id, String name, String jurisdiction) {

		private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}[a-z0-9]");

		Organisation organisation() {
			return new Organisation(id, name, Jurisdiction.of(jurisdiction));
		}

		static void validate(String id, String name, Jurisdiction jurisdiction) {
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
}
