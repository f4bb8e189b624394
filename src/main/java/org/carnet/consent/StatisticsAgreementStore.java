package org.carnet.consent;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.carnet.core.Category;
import org.carnet.core.PersonId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The current statistics agreement per person ({@code statistics_agreements}); no row: the person does not contribute. */
@Repository
class StatisticsAgreementStore {

	private final JdbcClient jdbc;

	StatisticsAgreementStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<StatisticsAgreement> find(PersonId person) {
		return jdbc.sql("select categories, changed_at from statistics_agreements where person_id = :person")
			.param("person", person.value())
			.query((rs, n) -> new StatisticsAgreement(person, Columns.enums(rs, "categories", Category.class),
					Optional.of(Columns.instant(rs, "changed_at"))))
			.optional();
	}

	/**
	 * Up to {@code limit} agreements of persons whose id sorts after {@code after}, in id order, share-locked until the
	 * end of the transaction: a change or withdrawal of one of them waits for it.
	 */
	List<StatisticsAgreement> lockedAfter(UUID after, int limit) {
		return jdbc.sql("""
				select person_id, categories, changed_at from statistics_agreements where person_id > :after
				order by person_id limit :limit for share""")
			.param("after", after)
			.param("limit", limit)
			.query((rs, n) -> new StatisticsAgreement(new PersonId(rs.getObject("person_id", UUID.class)),
					Columns.enums(rs, "categories", Category.class), Optional.of(Columns.instant(rs, "changed_at"))))
			.list();
	}

	/** Locks the person's row (when there is one), so that two changes of one person follow each other. */
	void lock(PersonId person) {
		jdbc.sql("select 1 from statistics_agreements where person_id = :person for update")
			.param("person", person.value())
			.query()
			.listOfRows();
	}

	void save(StatisticsAgreement agreement, String by) {
		jdbc.sql("""
				insert into statistics_agreements (person_id, categories, changed_at, changed_by)
				values (:person, :categories, :at, :by)
				on conflict (person_id) do update set categories = excluded.categories,
				  changed_at = excluded.changed_at, changed_by = excluded.changed_by""")
			.param("person", agreement.person().value())
			.param("categories", Columns.texts(agreement.categories()))
			.param("at", Columns.time(agreement.since().orElseThrow()))
			.param("by", by)
			.update();
	}

	boolean delete(PersonId person) {
		return jdbc.sql("delete from statistics_agreements where person_id = :person")
			.param("person", person.value())
			.update() > 0;
	}
}
