package org.carnet.consent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The table of notifications to persons. */
@Repository
class NotificationStore {

	private final JdbcClient jdbc;

	NotificationStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Notification notification) {
		jdbc.sql("""
				insert into notifications (id, person_id, kind, actor, actor_jurisdiction, reference_id, created_at)
				values (:id, :person, :kind, :actor, :jurisdiction, :reference, :createdAt)""")
			.param("id", notification.id().value())
			.param("person", notification.person().value())
			.param("kind", notification.kind().name())
			.param("actor", notification.actor())
			.param("jurisdiction", notification.actorJurisdiction().map(Jurisdiction::code).orElse(null))
			.param("reference", notification.reference().orElse(null))
			.param("createdAt", Columns.time(notification.createdAt()))
			.update();
	}

	List<Notification> forPerson(PersonId person) {
		return jdbc.sql("select * from notifications where person_id = :person order by created_at desc, id")
			.param("person", person.value())
			.query((rs, row) -> new Notification(new NotificationId(Columns.uuid(rs, "id")),
					new PersonId(Columns.uuid(rs, "person_id")), NotificationKind.valueOf(rs.getString("kind")),
					rs.getString("actor"), Optional.ofNullable(Columns.jurisdiction(rs, "actor_jurisdiction")),
					Optional.ofNullable(Columns.uuid(rs, "reference_id")), Columns.instant(rs, "created_at"),
					Columns.optionalInstant(rs, "read_at")))
			.list();
	}

	boolean markRead(PersonId person, NotificationId id, Instant at) {
		return jdbc.sql("""
				update notifications set read_at = coalesce(read_at, :at)
				where id = :id and person_id = :person""")
			.param("at", Columns.time(at))
			.param("id", id.value())
			.param("person", person.value())
			.update() == 1;
	}
}
