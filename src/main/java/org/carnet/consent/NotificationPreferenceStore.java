package org.carnet.consent;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.carnet.core.PersonId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The choice of each person who made one ({@code notification_preferences}); no row: the default applies. */
@Repository
class NotificationPreferenceStore {

	private final JdbcClient jdbc;

	NotificationPreferenceStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<NotificationPreference> find(PersonId person) {
		return jdbc.sql("select preference from notification_preferences where person_id = :person")
			.param("person", person.value())
			.query((rs, n) -> NotificationPreference.valueOf(rs.getString(1)))
			.optional();
	}

	/** The choices of those of {@code persons} who made one, in one statement. */
	Map<PersonId, NotificationPreference> find(Collection<PersonId> persons) {
		Map<PersonId, NotificationPreference> found = new HashMap<>();
		if (persons.isEmpty()) {
			return found;
		}
		List<UUID> ids = persons.stream().map(PersonId::value).distinct().toList();
		jdbc.sql("select person_id, preference from notification_preferences where person_id in (:persons)")
			.param("persons", ids)
			.query((rs, n) -> found.put(new PersonId(Columns.uuid(rs, "person_id")),
					NotificationPreference.valueOf(rs.getString("preference"))))
			.list();
		return found;
	}

	void save(PersonId person, NotificationPreference preference, Instant at, String by) {
		jdbc.sql("""
				insert into notification_preferences (person_id, preference, changed_at, changed_by)
				values (:person, :preference, :at, :by)
				on conflict (person_id) do update set preference = excluded.preference,
				  changed_at = excluded.changed_at, changed_by = excluded.changed_by""")
			.param("person", person.value())
			.param("preference", preference.name())
			.param("at", Columns.time(at))
			.param("by", by)
			.update();
	}
}
