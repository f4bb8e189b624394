package org.carnet.fhir;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.carnet.core.PersonId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The fingerprints of what imports have added to each record ({@code fhir_imported_resources}): the memory that makes
 * importing the same resource twice add nothing, across restarts. Rows go with the person (foreign key, on delete
 * cascade), so an erasure leaves none.
 */
@Repository
class ImportFingerprintStore {

	private final JdbcClient jdbc;

	ImportFingerprintStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims {@code fingerprint} for the person in the caller's transaction: true when it is new (the caller then adds
	 * the entry), false when an import already added it. A concurrent import of the same resource waits for this
	 * transaction, then finds it taken.
	 */
	boolean claim(PersonId person, String fingerprint, Instant now) {
		return jdbc.sql("""
				insert into fhir_imported_resources (person_id, fingerprint, imported_at)
				values (:person, :fingerprint, :now) on conflict do nothing""")
			.param("person", person.value())
			.param("fingerprint", fingerprint)
			.param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
			.update() == 1;
	}
}
