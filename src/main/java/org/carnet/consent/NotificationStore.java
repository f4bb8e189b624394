package org.carnet.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The table of notifications to persons. A new notification is pending delivery to the notification sender until
 * it is delivered or given up ({@code delivered_at}, {@code delivery_given_up_at}); while one replica delivers it,
 * {@code next_delivery_at} keeps the others off it.
 */
@Repository
class NotificationStore {

	private static final String COLUMNS = "id, person_id, kind, actor, actor_jurisdiction, reference_id, created_at, "
			+ "read_at, actor_organisation, purpose, cross_border, emergency, categories, access_count, last_access_at";

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

	/**
	 * Records accesses: a new notification, or more accesses counted in the notification of the same
	 * {@code coalesceKey} (same requester, country, purpose and hour), which is then unread again in the portal but
	 * not delivered again.
	 *
	 * @return true when a new notification was created
	 */
	boolean tellAccess(Notification notification, String coalesceKey) {
		Notification.Accesses accesses = notification.accesses().orElseThrow();
		return jdbc.sql("""
				insert into notifications (id, person_id, kind, actor, actor_jurisdiction, created_at,
				  actor_organisation, purpose, cross_border, emergency, categories, access_count, last_access_at,
				  coalesce_key)
				values (:id, :person, :kind, :actor, :jurisdiction, :createdAt, :organisation, :purpose, :crossBorder,
				  :emergency, :categories, :count, :lastAt, :key)
				on conflict (person_id, coalesce_key) where coalesce_key is not null do update set
				  access_count = notifications.access_count + excluded.access_count,
				  last_access_at = greatest(notifications.last_access_at, excluded.last_access_at),
				  read_at = null,
				  categories = array(select distinct c from unnest(notifications.categories || excluded.categories) c
				    order by c)
				returning (xmax = 0) as created""")
			.param("id", notification.id().value())
			.param("person", notification.person().value())
			.param("kind", notification.kind().name())
			.param("actor", notification.actor())
			.param("jurisdiction", notification.actorJurisdiction().map(Jurisdiction::code).orElse(null))
			.param("createdAt", Columns.time(notification.createdAt()))
			.param("organisation", accesses.organisation().orElse(null))
			.param("purpose", accesses.purpose().name())
			.param("crossBorder", accesses.crossBorder())
			.param("emergency", accesses.emergency())
			.param("categories", Columns.texts(accesses.categories().stream().sorted().toList()))
			.param("count", accesses.count())
			.param("lastAt", Columns.time(accesses.lastAt()))
			.param("key", coalesceKey)
			.query(Boolean.class)
			.single();
	}

	List<Notification> forPerson(PersonId person) {
		return jdbc.sql("select " + COLUMNS + " from notifications where person_id = :person "
				+ "order by coalesce(last_access_at, created_at) desc, id")
			.param("person", person.value())
			.query((rs, row) -> notification(rs))
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

	/**
	 * Takes up to {@code limit} notifications due for delivery (oldest first) that no other replica holds, counts an
	 * attempt on each and keeps them until {@code leaseUntil}: a replica that dies while delivering leaves them to be
	 * taken again then.
	 */
	List<Pending> takeDue(Instant now, Instant leaseUntil, int limit) {
		return jdbc.sql("""
				with due as (
				  select id from notifications
				  where delivered_at is null and delivery_given_up_at is null
				    and (next_delivery_at is null or next_delivery_at <= :now)
				  order by created_at limit :limit for update skip locked)
				update notifications n set delivery_attempts = n.delivery_attempts + 1, next_delivery_at = :lease
				from due where n.id = due.id
				returning n.delivery_attempts, """ + qualified("n"))
			.param("now", Columns.time(now))
			.param("lease", Columns.time(leaseUntil))
			.param("limit", limit)
			.query((rs, row) -> new Pending(notification(rs), rs.getInt("delivery_attempts")))
			.list()
			.stream()
			.sorted((a, b) -> a.notification().createdAt().compareTo(b.notification().createdAt()))
			.toList();
	}

	void delivered(NotificationId id, Instant at) {
		jdbc.sql("update notifications set delivered_at = :at, next_delivery_at = null where id = :id")
			.param("at", Columns.time(at))
			.param("id", id.value())
			.update();
	}

	/** A failed attempt: tried again at {@code retryAt}, or given up when {@code retryAt} is empty. */
	void failed(NotificationId id, Instant at, Optional<Instant> retryAt) {
		jdbc.sql("""
				update notifications set next_delivery_at = :retryAt,
				  delivery_given_up_at = case when :givenUp then :at::timestamptz end
				where id = :id""")
			.param("retryAt", retryAt.map(Columns::time).orElse(null))
			.param("givenUp", retryAt.isEmpty())
			.param("at", Columns.time(at))
			.param("id", id.value())
			.update();
	}

	/** A notification taken for delivery, with the number of this attempt (from 1). */
	record Pending(Notification notification, int attempt) {
	}

	private static String qualified(String alias) {
		StringBuilder columns = new StringBuilder();
		for (String column : COLUMNS.split(", ")) {
			columns.append(columns.isEmpty() ? "" : ", ").append(alias).append('.').append(column);
		}
		return columns.toString();
	}

	private static Notification notification(ResultSet rs) throws SQLException {
		String purpose = rs.getString("purpose");
		Optional<Notification.Accesses> accesses = Optional.empty();
		if (purpose != null) {
			accesses = Optional.of(new Notification.Accesses(Optional.ofNullable(rs.getString("actor_organisation")),
					Purpose.valueOf(purpose), rs.getBoolean("cross_border"), rs.getBoolean("emergency"),
					Columns.enums(rs, "categories", Category.class), rs.getInt("access_count"),
					Columns.instant(rs, "last_access_at")));
		}
		return new Notification(new NotificationId(Columns.uuid(rs, "id")),
				new PersonId(Columns.uuid(rs, "person_id")), NotificationKind.valueOf(rs.getString("kind")),
				rs.getString("actor"), Optional.ofNullable(Columns.jurisdiction(rs, "actor_jurisdiction")),
				Optional.ofNullable(Columns.uuid(rs, "reference_id")), Columns.instant(rs, "created_at"),
				Columns.optionalInstant(rs, "read_at"), accesses);
	}
}
