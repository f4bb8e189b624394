package org.carnet.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.carnet.core.Category;
import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.core.Purpose;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
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
	 * Records accesses, in one statement for the whole batch: for each group a new notification, or more accesses
	 * counted in the notification of the same coalesce key (same requester, country, purpose and hour), which is then
	 * unread again in the portal but not delivered again. The keys of one call must differ (a row cannot be changed
	 * twice by one statement); they do, being the keys of a map.
	 */
	void tellAccesses(Map<String, Notification> byKey) {
		if (byKey.isEmpty()) {
			return;
		}
		int size = byKey.size();
		UUID[] ids = new UUID[size];
		UUID[] persons = new UUID[size];
		String[] kinds = new String[size];
		String[] actors = new String[size];
		String[] jurisdictions = new String[size];
		String[] createdAt = new String[size];
		String[] organisations = new String[size];
		String[] purposes = new String[size];
		Boolean[] crossBorder = new Boolean[size];
		Boolean[] emergency = new Boolean[size];
		String[] categories = new String[size];
		Integer[] counts = new Integer[size];
		String[] lastAt = new String[size];
		String[] keys = new String[size];
		int i = 0;
		for (Map.Entry<String, Notification> entry : byKey.entrySet()) {
			Notification notification = entry.getValue();
			Notification.Accesses accesses = notification.accesses().orElseThrow();
			ids[i] = notification.id().value();
			persons[i] = notification.person().value();
			kinds[i] = notification.kind().name();
			actors[i] = notification.actor();
			jurisdictions[i] = notification.actorJurisdiction().map(Jurisdiction::code).orElse(null);
			createdAt[i] = notification.createdAt().toString();
			organisations[i] = accesses.organisation().orElse(null);
			purposes[i] = accesses.purpose().name();
			crossBorder[i] = accesses.crossBorder();
			emergency[i] = accesses.emergency();
			// enum names, never a comma: split again by the statement
			categories[i] = accesses.categories().stream().map(Category::name).sorted().collect(Collectors.joining(","));
			counts[i] = accesses.count();
			lastAt[i] = accesses.lastAt().toString();
			keys[i] = entry.getKey();
			i++;
		}
		jdbc.sql("""
				insert into notifications (id, person_id, kind, actor, actor_jurisdiction, created_at,
				  actor_organisation, purpose, cross_border, emergency, categories, access_count, last_access_at,
				  coalesce_key)
				select id, person_id, kind, actor, jurisdiction, created_at, organisation, purpose, cross_border,
				  emergency, string_to_array(categories, ','), access_count, last_access_at, coalesce_key
				from unnest(:ids::uuid[], :persons::uuid[], :kinds::text[], :actors::text[], :jurisdictions::text[],
				  :createdAt::timestamptz[], :organisations::text[], :purposes::text[], :crossBorder::boolean[],
				  :emergency::boolean[], :categories::text[], :counts::integer[], :lastAt::timestamptz[],
				  :keys::text[])
				  as told(id, person_id, kind, actor, jurisdiction, created_at, organisation, purpose, cross_border,
				    emergency, categories, access_count, last_access_at, coalesce_key)
				on conflict (person_id, coalesce_key) where coalesce_key is not null do update set
				  access_count = notifications.access_count + excluded.access_count,
				  last_access_at = greatest(notifications.last_access_at, excluded.last_access_at),
				  read_at = null,
				  categories = array(select distinct c from unnest(notifications.categories || excluded.categories) c
				    order by c)""")
			.param("ids", new SqlArrayValue("uuid", (Object[]) ids))
			.param("persons", new SqlArrayValue("uuid", (Object[]) persons))
			.param("kinds", new SqlArrayValue("text", (Object[]) kinds))
			.param("actors", new SqlArrayValue("text", (Object[]) actors))
			.param("jurisdictions", new SqlArrayValue("text", (Object[]) jurisdictions))
			.param("createdAt", new SqlArrayValue("text", (Object[]) createdAt))
			.param("organisations", new SqlArrayValue("text", (Object[]) organisations))
			.param("purposes", new SqlArrayValue("text", (Object[]) purposes))
			.param("crossBorder", new SqlArrayValue("boolean", (Object[]) crossBorder))
			.param("emergency", new SqlArrayValue("boolean", (Object[]) emergency))
			.param("categories", new SqlArrayValue("text", (Object[]) categories))
			.param("counts", new SqlArrayValue("integer", (Object[]) counts))
			.param("lastAt", new SqlArrayValue("text", (Object[]) lastAt))
			.param("keys", new SqlArrayValue("text", (Object[]) keys))
			.update();
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
